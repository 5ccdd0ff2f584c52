/**
 * Photos of problems: decoded, turned upright, resized and re-encoded as JPEG. Re-encoding without
 * `keepMetadata` drops EXIF, XMP and IPTC, so no GPS position, camera serial or time leaves the phone.
 */
import sharp, { type Metadata } from 'sharp';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_SIDE = 1600;
const THUMB_SIDE = 320;
// Decoding bombs: refuse images with more pixels than a 50-megapixel camera makes.
const MAX_INPUT_PIXELS = 50_000_000;

export interface ProcessedPhoto {
  mime: 'image/jpeg';
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
}

export class PhotoError extends Error {
  constructor(readonly reason: 'not-image' | 'too-large' | 'empty') {
    super(reason);
  }
}

export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length === 0) throw new PhotoError('empty');
  if (input.length > MAX_PHOTO_BYTES) throw new PhotoError('too-large');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new PhotoError('not-image');
  }
  if (!meta.format || !['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff', 'gif'].includes(meta.format)) throw new PhotoError('not-image');
  try {
    // rotate() with no angle applies the EXIF orientation before the metadata is dropped.
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
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
    case 'empty':
      return uk ? `Файл «${name}» порожній` : `File «${name}» is empty`;
    case 'not-image':
      return uk ? `Файл «${name}» не є зображенням (JPEG, PNG, WebP, HEIC)` : `File «${name}» is not an image (JPEG, PNG, WebP, HEIC)`;
  }
}

/** A small picture made from nothing, for demo data: a coloured tile with a darker band. */
export async function demoPhoto(seed: number): Promise<ProcessedPhoto> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},35%,55%)"/><rect y="380" width="800" height="220" fill="hsl(${hue},20%,30%)"/><circle cx="${200 + ((seed * 53) % 400)}" cy="460" r="70" fill="hsl(${hue},15%,18%)"/></svg>`;
  return processPhoto(await sharp(Buffer.from(svg)).jpeg().toBuffer());
}
