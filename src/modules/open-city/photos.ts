/** Photos of problems: the core photo pipeline (src/core/media/photos.ts), with this module's limits. */
import { MAX_PHOTO_BYTES, PhotoError, photoFromSvg, processPhoto as processCore, type ProcessedPhoto } from '../../core/media/photos.js';

export { MAX_PHOTO_BYTES, PhotoError, type ProcessedPhoto };
export const MAX_PHOTOS = 5;
export const THUMB_SIDE = 320;

export function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  return processCore(input, { thumbSide: THUMB_SIDE });
}

/** A small picture made from nothing, for demo data: a coloured tile with a darker band. */
export async function demoPhoto(seed: number): Promise<ProcessedPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},35%,55%)"/><rect y="380" width="800" height="220" fill="hsl(${hue},20%,30%)"/><circle cx="${200 + ((seed * 53) % 400)}" cy="460" r="70" fill="hsl(${hue},15%,18%)"/></svg>`;
  return photoFromSvg(svg, { thumbSide: THUMB_SIDE });
}
