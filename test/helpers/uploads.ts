/** Uploads as a browser sends them: multipart posts with files, and a photo as a phone takes it. */
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from './test-app.js';

export interface FilePart {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** Posts a multipart form (with this browser's CSRF token), the way a browser submits a form with files. */
export async function postMultipart(
  t: TestApp,
  b: TestBrowser,
  url: string,
  fields: Record<string, string>,
  files: FilePart[] = [],
): Promise<LightMyRequestResponse> {
  const fd = new FormData();
  if (!('_csrf' in fields)) fd.append('_csrf', await b.csrfToken());
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
  const encoded = new Response(fd);
  const payload = Buffer.from(await encoded.arrayBuffer());
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie: b.jar.header(), 'content-type': encoded.headers.get('content-type')! }, payload });
  b.jar.store(res.headers['set-cookie']);
  return res;
}

/** A JPEG as a phone makes it: large, with the camera's name and a GPS position in EXIF. */
export async function phonePhoto({ width = 2400, height = 1800, background = '#5a7a30' } = {}): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '49/1 50/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 1/1 50/1' },
    })
    .jpeg()
    .toBuffer();
}
