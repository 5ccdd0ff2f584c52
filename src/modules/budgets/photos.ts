/** Project photos: the core photo pipeline (src/core/media/photos.ts), with this module's limits. */
import { MAX_PHOTO_BYTES, photoFromSvg, type ProcessedPhoto } from '../../core/media/photos.js';

export { MAX_PHOTO_BYTES };
export const MAX_PHOTOS = 5;
export const THUMB_SIDE = 400;

/** A small picture made from nothing, for demo data. */
export async function demoPhoto(seed: number): Promise<ProcessedPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},40%,60%)"/><rect y="400" width="800" height="200" fill="hsl(${(hue + 90) % 360},30%,35%)"/><circle cx="${150 + ((seed * 71) % 500)}" cy="200" r="90" fill="hsl(${(hue + 180) % 360},45%,70%)"/></svg>`;
  return photoFromSvg(svg, { thumbSide: THUMB_SIDE });
}
