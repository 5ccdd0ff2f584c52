/**
 * Multipart forms of this module (project photos, implementation photos, paper-ballot files). Files are
 * read into memory up to the limit; a bigger file is cut off and flagged, never half-used, so the form can
 * say «too large» next to the field. Text fields are flattened into the shape urlencoded forms have, so
 * the CSRF check and field() work unchanged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';

export interface Upload {
  field: string;
  filename: string;
  data: Buffer | null;
  tooLarge: boolean;
}

interface FilePart {
  type: 'file';
  fieldname: string;
  filename: string;
  file: AsyncIterable<Buffer> & { truncated?: boolean };
  upload?: Upload;
}

const uploads = new WeakMap<FastifyRequest, Upload[]>();

function isFilePart(v: unknown): v is FilePart {
  return !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'file';
}

export async function registerUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 12, fields: 120, fieldSize: 20_000, parts: 140 },
    async onFile(part) {
      const p = part as unknown as FilePart;
      const chunks: Buffer[] = [];
      for await (const chunk of p.file) chunks.push(chunk);
      const tooLarge = !!p.file.truncated;
      p.upload = { field: p.fieldname, filename: (p.filename || '').slice(0, 120), data: tooLarge ? null : Buffer.concat(chunks), tooLarge };
    },
  });
  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return;
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const flat: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    const files: Upload[] = [];
    for (const [name, v] of Object.entries(raw)) {
      for (const part of Array.isArray(v) ? v : [v]) {
        if (isFilePart(part)) {
          if (part.upload && (part.upload.filename || (part.upload.data?.length ?? 0) > 0 || part.upload.tooLarge)) files.push(part.upload);
        } else if (part && typeof part === 'object' && typeof (part as { value?: unknown }).value === 'string') {
          const prev = flat[name];
          const val = (part as { value: string }).value;
          flat[name] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
        }
      }
    }
    req.body = flat;
    uploads.set(req, files);
  });
}

export function uploadsOf(req: FastifyRequest, field: string): Upload[] {
  return (uploads.get(req) ?? []).filter((u) => u.field === field);
}
