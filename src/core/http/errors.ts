/** Errors a route throws on purpose; the error handler turns them into a page or a JSON body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Сторінку не знайдено') => new HttpError(404, 'not_found', what);
export const forbidden = (why = 'Недостатньо прав для цієї дії') => new HttpError(403, 'forbidden', why);
export const badRequest = (why: string) => new HttpError(400, 'bad_request', why);
