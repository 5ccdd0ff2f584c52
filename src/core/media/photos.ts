/**
 * The one photo pipeline (participatory budgets, school budgets, Open City). In this order, so that the
 * costly step comes last and only for what passed the cheap ones:
 *
 *  1. counted against the sender's limits (per person and per network) before anything is decoded;
 *  2. the header alone is read (format, width, height: no pixels are decoded) and a picture of more than
 *     MAX_INPUT_PIXELS is refused at once, with a message that says so;
 *  3. decoded with sharp's own `limitInputPixels` as a second guard, turned upright, resized and
 *     re-encoded as JPEG. Re-encoding without `keepMetadata` drops EXIF, XMP and IPTC, so no GPS position,
 *     camera serial or time is published.
 */
import type { Metadata } from 'sharp';

/** The image library, loaded on first use (issue #19: start time and memory). */
const loadSharp = async () => (await import('sharp')).default;
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import type { Upload } from '../http/uploads.js';
import { hitRateLimit, ipPrefix } from '../security/rate-limit.js';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: more than any phone's photo; decoding such a picture takes well under a second. */
export const MAX_INPUT_PIXELS = 40_000_000;
const MAX_SIDE = 1600;
const FORMATS = ['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff', 'gif'];

/** Photos (not requests) each sender may have decoded in an hour; mutable for tests. */
export const PHOTO_LIMITS = {
  perPerson: { max: 60, windowSeconds: 3600 },
  perNetwork: { max: 200, windowSeconds: 3600 },
};

export interface ProcessedPhoto {
  mime: 'image/jpeg';
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
}

export class PhotoError extends Error {
  constructor(readonly reason: 'not-image' | 'too-large' | 'empty' | 'too-many-pixels') {
    super(reason);
  }
}

/** One photo: header checked first, then decoded under the pixel limit, resized, stripped. */
export async function processPhoto(input: Buffer, o: { thumbSide?: number } = {}): Promise<ProcessedPhoto> {
  if (input.length === 0) throw new PhotoError('empty');
  if (input.length > MAX_PHOTO_BYTES) throw new PhotoError('too-large');
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // metadata() reads the header only; limitInputPixels here also refuses a header that lies.
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) throw new PhotoError('too-many-pixels');
    throw new PhotoError('not-image');
  }
  if (!meta.format || !FORMATS.includes(meta.format)) throw new PhotoError('not-image');
  if (!meta.width || !meta.height) throw new PhotoError('not-image');
  if (meta.width * meta.height * (meta.pages ?? 1) > MAX_INPUT_PIXELS) throw new PhotoError('too-many-pixels');
  try {
    // rotate() with no angle applies the EXIF orientation before the metadata is dropped.
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const side = o.thumbSide ?? 400;
    const thumb = await sharp(data).resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
    return { mime: 'image/jpeg', width: info.width, height: info.height, data, thumb };
  } catch {
    throw new PhotoError('not-image');
  }
}

export function photoErrorText(e: PhotoError, lang: 'uk' | 'en', name: string): string {
  const uk = lang === 'uk';
  switch (e.reason) {
    case 'too-large':
      return uk ? `Фото «${name}» завелике: не більше 10 МБ` : `Photo «${name}» is too large: at most 10 MB`;
    case 'too-many-pixels':
      return uk
        ? `Фото «${name}» має забагато пікселів: не більше ${MAX_INPUT_PIXELS / 1_000_000} мегапікселів. Зменште його й надішліть ще раз.`
        : `Photo «${name}» has too many pixels: at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels. Make it smaller and send it again.`;
    case 'empty':
      return uk ? `Файл «${name}» порожній` : `File «${name}» is empty`;
    case 'not-image':
      return uk
        ? `Файл «${name}» не є зображенням JPEG, PNG чи WebP (або HEIC з телефона)`
        : `File «${name}» is not a JPEG, PNG or WebP image (or a phone's HEIC)`;
  }
}

/** Counts `count` photos against the sender's hourly limits; 429 once either is used up. */
export async function limitPhotos(ctx: CoreContext, req: FastifyRequest, count: number): Promise<void> {
  const now = ctx.clock.now();
  const keys = [
    ...(req.viewer ? [{ key: `photos:user:${req.viewer.id}`, ...PHOTO_LIMITS.perPerson }] : []),
    { key: `photos:net:${ipPrefix(req.ip)}`, ...PHOTO_LIMITS.perNetwork },
  ];
  for (let i = 0; i < count; i++) {
    for (const l of keys) {
      const r = await hitRateLimit(ctx.db, l, now);
      if (!r.allowed) {
        const minutes = Math.max(1, Math.ceil(r.retryAfterSeconds / 60));
        throw new HttpError(
          429,
          'rate_limited',
          req.lang === 'uk' ? `Забагато фото за годину. Спробуйте знову через ${minutes} хв.` : `Too many photos this hour. Try again in ${minutes} min.`,
        );
      }
    }
  }
}

/**
 * The photos of one form: counted, limited, then processed one by one; the first problem becomes the
 * message for the photos field (and no photo is kept).
 */
export async function readPhotos(
  ctx: CoreContext,
  req: FastifyRequest,
  files: Upload[],
  o: { max: number; already?: number; thumbSide?: number; tooMany: (n: number) => string },
): Promise<{ photos: ProcessedPhoto[]; error: string | null }> {
  const total = files.length + (o.already ?? 0);
  if (total > o.max) return { photos: [], error: o.tooMany(total) };
  if (files.length > 0) await limitPhotos(ctx, req, files.length);
  const photos: ProcessedPhoto[] = [];
  for (const f of files) {
    try {
      if (f.tooLarge || !f.data) throw new PhotoError('too-large');
      photos.push(await processPhoto(f.data, { thumbSide: o.thumbSide }));
    } catch (e) {
      if (e instanceof PhotoError) return { photos: [], error: photoErrorText(e, req.lang, f.filename || '—') };
      throw e;
    }
  }
  return { photos, error: null };
}

/** A small picture made from an SVG, for demo data. */
export async function photoFromSvg(svg: string, o: { thumbSide?: number } = {}): Promise<ProcessedPhoto> {
  const sharp = await loadSharp();
  return processPhoto(await sharp(Buffer.from(svg)).jpeg().toBuffer(), o);
}
