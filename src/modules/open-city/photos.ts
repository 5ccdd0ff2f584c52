/** Photos of problems: the core photo pipeline (src/core/media/photos.ts), with this module's limits. */
import { pluralWord, type PluralText } from '../../core/i18n/index.js';
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { uploadsOf, type UploadLimits } from '../../core/http/uploads.js';
import {
  MAX_PHOTO_BYTES,
  PhotoError,
  photoFromSvg,
  processPhoto as processCore,
  readPhotos as readCorePhotos,
  type ProcessedPhoto,
} from '../../core/media/photos.js';

const PHOTOS: PluralText = { uk: ['фото', 'фото', 'фото'], en: ['photo', 'photos'] };

export { MAX_PHOTO_BYTES, PhotoError, type ProcessedPhoto };
export const MAX_PHOTOS = 5;
export const THUMB_SIDE = 320;

/** A report's photos: one more than allowed may arrive, so the form can say how many is too many. */
export const PHOTO_UPLOADS: UploadLimits = { fileBytes: MAX_PHOTO_BYTES, files: MAX_PHOTOS + 1 };

/** Decodes, resizes and strips the uploaded photos (core pipeline); returns them or the message for the photos field. */
export async function readPhotos(ctx: CoreContext, req: FastifyRequest): Promise<{ photos: ProcessedPhoto[]; error: string | null }> {
  const uk = req.lang === 'uk';
  return readCorePhotos(ctx, req, uploadsOf(req, 'photos'), {
    max: MAX_PHOTOS,
    thumbSide: THUMB_SIDE,
    tooMany: (n) => (uk ? `Не більше ${MAX_PHOTOS} фото (додано ${n})` : `At most ${MAX_PHOTOS} ${pluralWord(MAX_PHOTOS, PHOTOS, 'en')} (${n} added)`),
  });
}

/** Field names an Open311 client sends photos in: the `media` file, and FixMyStreet's `photo1`, `photo2`, … */
const OPEN311_PHOTO_FIELDS = ['media', ...Array.from({ length: MAX_PHOTOS }, (_, i) => `photo${i + 1}`)];

/** The photos of an Open311 POST (multipart): the same pipeline, limits and count as the web form's. */
export async function readOpen311Photos(ctx: CoreContext, req: FastifyRequest): Promise<{ photos: ProcessedPhoto[]; error: string | null }> {
  return readCorePhotos(
    ctx,
    req,
    OPEN311_PHOTO_FIELDS.flatMap((f) => uploadsOf(req, f)),
    {
      max: MAX_PHOTOS,
      thumbSide: THUMB_SIDE,
      tooMany: (n) => `At most ${MAX_PHOTOS} ${pluralWord(MAX_PHOTOS, PHOTOS, 'en')} (${n} sent)`,
    },
  );
}

export function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  return processCore(input, { thumbSide: THUMB_SIDE });
}

/** A small picture made from nothing, for demo data: a coloured tile with a darker band. */
export async function demoPhoto(seed: number): Promise<ProcessedPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},35%,55%)"/><rect y="380" width="800" height="220" fill="hsl(${hue},20%,30%)"/><circle cx="${200 + ((seed * 53) % 400)}" cy="460" r="70" fill="hsl(${hue},15%,18%)"/></svg>`;
  return photoFromSvg(svg, { thumbSide: THUMB_SIDE });
}
