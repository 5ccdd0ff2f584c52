/**
 * Project photos: decoded, turned upright, resized and re-encoded as JPEG. Re-encoding without
 * `keepMetadata` drops EXIF, XMP and IPTC, so no GPS position, camera serial or time is published.
 */
import sharp from 'sharp';
import type { StoredPhoto } from './engine/index.js';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_SIDE = 1600;
const THUMB_SIDE = 400;
const MAX_INPUT_PIXELS = 50_000_000;

export class PhotoError extends Error {
  constructor(readonly reason: 'not-image' | 'too-large' | 'empty') {
    super(reason);
  }
}

export async function processPhoto(input: Buffer): Promise<StoredPhoto> {
  if (input.length === 0) throw new PhotoError('empty');
  if (input.length > MAX_PHOTO_BYTES) throw new PhotoError('too-large');
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw new PhotoError('not-image');
  }
  if (!format || !['jpeg', 'png', 'webp'].includes(format)) throw new PhotoError('not-image');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
    return { width: info.width, height: info.height, data, thumb };
  } catch {
    throw new PhotoError('not-image');
  }
}

export function photoErrorText(e: PhotoError, lang: 'uk' | 'en', name: string): string {
  const uk = lang === 'uk';
  switch (e.reason) {
    case 'too-large':
      return uk ? `Фото «${name}» завелике: не більше 10 МБ` : `Photo «${name}» is too large: at most 10 MB`;
    case 'empty':
      return uk ? `Файл «${name}» порожній` : `File «${name}» is empty`;
    case 'not-image':
      return uk ? `Файл «${name}» не є зображенням JPEG, PNG чи WebP` : `File «${name}» is not a JPEG, PNG or WebP image`;
  }
}

/** A small picture made from nothing, for demo data. */
export async function demoPhoto(seed: number): Promise<StoredPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},40%,60%)"/><rect y="400" width="800" height="200" fill="hsl(${(hue + 90) % 360},30%,35%)"/><circle cx="${150 + ((seed * 71) % 500)}" cy="200" r="90" fill="hsl(${(hue + 180) % 360},45%,70%)"/></svg>`;
  return processPhoto(await sharp(Buffer.from(svg)).jpeg().toBuffer());
}
