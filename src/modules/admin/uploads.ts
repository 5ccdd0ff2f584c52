/**
 * Multipart forms of this module (PDFs of a request, a coat of arms). The parts are gathered into the
 * body as strings and Buffers. A file over the limit does not fail the request with a bare 413: it is
 * dropped and remembered, so the form comes back with its values and a message next to the field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { PDF_MAX_BYTES } from './rules.js';

const oversized = new WeakMap<FastifyRequest, Set<string>>();

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: PDF_MAX_BYTES, files: 3, fields: 40, fieldSize: 20_000, parts: 50 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const data = await part.toBuffer();
      if (part.file.truncated) {
        const set = oversized.get(this) ?? new Set<string>();
        set.add(part.fieldname);
        oversized.set(this, set);
        // Without a buffer the part is left out of the body: a cut-off file is no file.
        Object.assign(part, { _buf: null });
        return;
      }
      part.value = data;
    },
  });
}

/** Whether this request's file field went over the size limit (and was dropped). */
export function wasTooLarge(req: FastifyRequest, field: string): boolean {
  return oversized.get(req)?.has(field) ?? false;
}
