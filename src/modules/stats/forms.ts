/** The statistics filters as a request gives them (validated by `parseFilters` in rules.ts). */
import type { FastifyRequest } from 'fastify';
import { queryString } from '../../core/http/route-helpers.js';

/** Read one by one: a repeated parameter arrives as an array, which the filters cannot use. */
export function filterQuery(req: FastifyRequest): { oblast: string; from: string; to: string } {
  return { oblast: queryString(req, 'oblast'), from: queryString(req, 'from'), to: queryString(req, 'to') };
}
