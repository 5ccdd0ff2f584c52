/**
 * Public reads are cacheable by a CDN or nginx: a short max-age and an ETag of the body, answered with
 * 304 when the client already has it.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function sendCacheable(req: FastifyRequest, reply: FastifyReply, body: string, contentType: string, maxAgeSeconds = 30): FastifyReply {
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('cache-control', `public, max-age=${maxAgeSeconds}`).header('etag', etag);
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.type(contentType).send(body);
}

/** The 304 of `sendCacheable`, as a route's response schema documents it (no body). */
export const NotModified = { type: 'null', description: 'Not modified: the If-None-Match header named the current ETag' } as const;
