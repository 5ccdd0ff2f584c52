import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';

export function registerSiteManageRoutes(_app: FastifyInstance, _ctx: CoreContext): void {}
