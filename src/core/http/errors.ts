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

/**
 * The status an error of the framework or of a body parser deserves. The multipart parser (busboy)
 * reports a malformed body as a plain Error without a status, yet the fault is the sender's: 400.
 */
export function statusOfError(err: { statusCode?: number; message?: string }): number {
  if (err.statusCode) return err.statusCode;
  if (/multipart data|^Multipart: Boundary not found$|^Boundary required$/.test(err.message ?? '')) return 400;
  return 500;
}
