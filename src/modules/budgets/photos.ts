/** Project photos: the core photo pipeline (src/core/media/photos.ts), with this module's limits. */
import { pluralWord } from '../../core/i18n/index.js';
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { uploadsOf, type UploadLimits } from '../../core/http/uploads.js';
import { MAX_PHOTO_BYTES, photoFromSvg, readPhotos as readCorePhotos, type ProcessedPhoto } from '../../core/media/photos.js';
import type { StoredPhoto } from './service/projects.js';

export { MAX_PHOTO_BYTES };
export const MAX_PHOTOS = 5;
export const THUMB_SIDE = 400;

/** A small picture made from nothing, for demo data. */
export async function demoPhoto(seed: number): Promise<ProcessedPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},40%,60%)"/><rect y="400" width="800" height="200" fill="hsl(${(hue + 90) % 360},30%,35%)"/><circle cx="${150 + ((seed * 71) % 500)}" cy="200" r="90" fill="hsl(${(hue + 180) % 360},45%,70%)"/></svg>`;
  return photoFromSvg(svg, { thumbSide: THUMB_SIDE });
}

/** Decodes, resizes and strips the uploaded photos; returns them or the message for the photos field. */
export async function readPhotos(ctx: CoreContext, req: FastifyRequest, already: number): Promise<{ photos: StoredPhoto[]; error: string | null }> {
  const uk = req.lang === 'uk';
  return readCorePhotos(ctx, req, uploadsOf(req, 'photos'), {
    max: MAX_PHOTOS,
    already,
    thumbSide: THUMB_SIDE,
    tooMany: (n) =>
      uk
        ? `Не більше ${MAX_PHOTOS} фото на проєкт (додано ${n})`
        : `At most ${MAX_PHOTOS} ${pluralWord(MAX_PHOTOS, { uk: ['фото', 'фото', 'фото'], en: ['photo', 'photos'] }, 'en')} per project (${n})`,
  });
}

/** A project form's photos: one more than allowed may arrive, so the form can say how many is too many. */
export const PHOTO_UPLOADS: UploadLimits = { fileBytes: MAX_PHOTO_BYTES, files: MAX_PHOTOS + 1 };
