/**
 * The log's public, read-only HTTP surface, below the prefix `/log` (C2SP tlog-tiles):
 *   GET /log/checkpoint                    the latest signed checkpoint (text/plain, cached a few seconds)
 *   GET /log/tile/<L>/<N>[.p/<W>]          Merkle-tree tiles (application/octet-stream)
 *   GET /log/tile/entries/<N>[.p/<W>]      entry bundles
 *   GET /log/key                           the verifier key of the checkpoint signatures (text/plain)
 *   GET /log/proof/inclusion?index=&size=  an inclusion proof, JSON, base64 hashes (for the browser checker)
 *   GET /log/proof/consistency?from=&to=   a consistency proof, JSON
 * and GET /api/v1/receipts/<n>, a receipt with its proofs (receipts.ts).
 * Full tiles never change and are cached for a year; partial ones briefly.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { CoreContext } from '../context.js';
import { badRequest, notFound } from '../http/errors.js';
import { plural, type Lang } from '../i18n/index.js';
import { ErrorBody } from '../api/routes.js';
import { logSigner } from './keys.js';
import { findReceipt, currentCheckpoint, proveConsistency, proveInclusion, readEntries, readHashes, rootAt } from './store.js';
import { ReceiptJson, receiptJson } from './receipts.js';
import { encodeEntryBundle, parseTilePath, TILE_HEIGHT, TILE_WIDTH, tileExists } from './tiles.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=5';

const b64 = (b: Buffer) => b.toString('base64');

/** A documented plain-text response (the log's own formats, read by log tools rather than browsers). */
const PlainText = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });

const say = (lang: Lang, uk: string, en: string) => badRequest(lang === 'en' ? en : uk);

/** A query parameter that must be a non-negative decimal integer. */
function count(lang: Lang, v: unknown, name: string): number {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw say(lang, `«${name}» має бути цілим невідʼємним числом.`, `«${name}» must be a non-negative whole number.`);
  }
  return Number(v);
}

/** The log has fewer entries than asked about. */
function beyond(lang: Lang, has: number, asked: number) {
  const n = (l: Lang) => plural(has, { uk: ['запис', 'записи', 'записів'], en: ['entry', 'entries'] }, l);
  return say(lang, `У журналі ${n('uk')}, менше ніж ${asked}.`, `The log has ${n('en')}, fewer than ${asked}.`);
}

export function registerLogRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const signer = logSigner(ctx.config);

  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'The latest signed checkpoint (C2SP tlog-checkpoint)',
        operationId: 'getLogCheckpoint',
        response: { 200: PlainText('A C2SP signed note: origin, tree size, root hash, signatures') },
      },
    },
    async (_req, reply) => {
      const cp = await currentCheckpoint(ctx.db, signer);
      return reply.header('cache-control', SHORT).type('text/plain; charset=utf-8').send(cp.note);
    },
  );

  app.get(
    '/log/key',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'The verifier key of checkpoint signatures (C2SP signed-note)',
        operationId: 'getLogKey',
        response: { 200: PlainText('The note verifier key, one line') },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(`${signer.verifierKey}\n`),
  );

  app.get(
    '/log/tile/*',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'A tile or an entry bundle (C2SP tlog-tiles)',
        description: 'The path after `/log/tile/`: `<L>/<N>[.p/<W>]` for a hash tile, `entries/<N>[.p/<W>]` for an entry bundle.',
        operationId: 'getLogTile',
        response: {
          200: {
            description: 'The tile’s hashes, or the entry bundle, as C2SP tlog-tiles encodes them',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
          404: PlainText('Not a tlog-tiles path, or no such tile in the current tree'),
        },
      },
    },
    async (req, reply) => {
      const rest = (req.params as { '*': string })['*'];
      const tile = parseTilePath(`tile/${rest}`);
      // Plain-text 404s: the clients here are log tools, not browsers.
      const missing = (why: string) => reply.status(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`404 Not Found: ${why}\n`);
      if (!tile) return missing('not a C2SP tlog-tiles path');
      const { size } = await currentCheckpoint(ctx.db, signer);
      if (!tileExists(tile, size)) return missing(`no such tile in the tree of size ${size}`);
      const start = tile.index * TILE_WIDTH;
      const body =
        tile.kind === 'entries'
          ? encodeEntryBundle(await readEntries(ctx.db, start, tile.width))
          : Buffer.concat(await readHashes(ctx.db, TILE_HEIGHT * tile.level, start, tile.width));
      return reply
        .header('cache-control', tile.width === TILE_WIDTH ? IMMUTABLE : SHORT)
        .type('application/octet-stream')
        .send(body);
    },
  );

  const Hashes = Type.Array(Type.String({ description: 'base64' }));
  app.get(
    '/log/proof/inclusion',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'An inclusion proof of entry `index` in the tree of `size` entries (RFC 9162 §2.1.3)',
        operationId: 'getInclusionProof',
        querystring: Type.Object({ index: Type.String(), size: Type.String() }),
        response: {
          200: Type.Object({ index: Type.Integer(), size: Type.Integer(), leafHash: Type.String(), root: Type.String(), proof: Hashes }),
          400: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { index?: string; size?: string };
      const index = count(req.lang, q.index, 'index');
      const size = count(req.lang, q.size, 'size');
      const current = await currentCheckpoint(ctx.db, signer);
      if (size > current.size) throw beyond(req.lang, current.size, size);
      if (index >= size) throw say(req.lang, `Запису ${index} немає серед перших ${size}.`, `Entry ${index} is not among the first ${size}.`);
      const [leaf] = await readHashes(ctx.db, 0, index, 1);
      const proof = await proveInclusion(ctx.db, index, size);
      reply.header('cache-control', IMMUTABLE);
      return { index, size, leafHash: b64(leaf!), root: b64(await rootAt(ctx.db, size)), proof: proof.map(b64) };
    },
  );

  app.get(
    '/log/proof/consistency',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'A consistency proof from the tree of `from` entries to that of `to` (RFC 9162 §2.1.4)',
        operationId: 'getConsistencyProof',
        querystring: Type.Object({ from: Type.String(), to: Type.String() }),
        response: {
          200: Type.Object({ from: Type.Integer(), to: Type.Integer(), fromRoot: Type.String(), toRoot: Type.String(), proof: Hashes }),
          400: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { from?: string; to?: string };
      const from = count(req.lang, q.from, 'from');
      const to = count(req.lang, q.to, 'to');
      const current = await currentCheckpoint(ctx.db, signer);
      if (to > current.size) throw beyond(req.lang, current.size, to);
      if (from > to) throw say(req.lang, '«from» не може бути більшим за «to».', '«from» must not be larger than «to».');
      const proof = await proveConsistency(ctx.db, from, to);
      reply.header('cache-control', IMMUTABLE);
      return { from, to, fromRoot: b64(await rootAt(ctx.db, from)), toRoot: b64(await rootAt(ctx.db, to)), proof: proof.map(b64) };
    },
  );

  app.get(
    '/api/v1/receipts/:n',
    {
      schema: {
        tags: ['transparency log'],
        summary: 'A receipt: its entry, index and leaf hash, first and current checkpoints, and the proofs between them (or, while pending, the promised time)',
        operationId: 'getReceipt',
        params: Type.Object({ n: Type.String() }),
        response: { 200: ReceiptJson, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const n = /^[1-9][0-9]{0,15}$/.test((req.params as { n: string }).n) ? Number((req.params as { n: string }).n) : null;
      const receipt = n === null ? null : await findReceipt(ctx.db, n);
      if (!receipt) throw notFound(req.lang === 'en' ? 'The log has no such receipt.' : 'Такої квитанції в журналі немає.');
      reply.header('cache-control', 'no-store');
      return receiptJson(ctx.db, signer, receipt);
    },
  );
}
