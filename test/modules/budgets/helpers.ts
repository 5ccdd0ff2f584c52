/** Helpers of the budget tests: multipart posts as a browser sends them, a phone photo with GPS in EXIF. */
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from '../../helpers/test-app.js';

export interface FilePart {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

export async function postMultipart(t: TestApp, b: TestBrowser, url: string, fields: Record<string, string>, files: FilePart[] = []): Promise<LightMyRequestResponse> {
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

export async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#5a7a30' } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '49/1 50/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 1/1 50/1' },
    })
    .jpeg()
    .toBuffer();
}
