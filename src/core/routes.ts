/** The core's routes, in one place so a newcomer sees what the core serves. */
import { registerMapAssets } from './maps/map-assets.js';
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from './context.js';
import { registerCommunityRoutes } from './communities/routes.js';
import { registerStaticPages } from './pages/static-pages.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerIdentityLinkRoutes } from './auth/link-routes.js';
import { registerCabinetRoutes } from './cabinet/routes.js';
import { registerFollowRoutes } from './follows/routes.js';
import { registerEmailConfirmationRoutes } from './cabinet/email-confirmation.js';
import { registerModerationRoutes } from './moderation/routes.js';
import { registerResidencyRoutes } from './residency/routes.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerApiRoutes } from './api/routes.js';
import { registerOpsRoutes } from './ops/routes.js';
import { registerDevMailRoutes } from './mail/dev-routes.js';
import { registerDevSmsRoutes } from './sms/dev-routes.js';
import { registerDevClockRoutes } from './ops/dev-clock.js';
import { registerLogRoutes } from './tlog/routes.js';
import { registerTransparencyPages } from './tlog/pages.js';
import { registerCommunityCalendar, registerFeedNegotiation } from './feeds/routes.js';
import { registerSeoRoutes } from './seo/sitemap.js';

export async function registerCoreRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  registerOpsRoutes(app, ctx);
  registerStaticPages(app, ctx);
  registerAuthRoutes(app, ctx);
  registerIdentityLinkRoutes(app, ctx);
  registerCabinetRoutes(app, ctx);
  await registerFollowRoutes(app, ctx);
  registerEmailConfirmationRoutes(app, ctx);
  registerModerationRoutes(app, ctx);
  registerResidencyRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  await registerApiRoutes(app, ctx);
  registerLogRoutes(app, ctx);
  registerTransparencyPages(app, ctx);
  registerDevMailRoutes(app, ctx);
  registerDevSmsRoutes(app, ctx);
  registerDevClockRoutes(app, ctx);
  registerCommunityRoutes(app, ctx);
  registerCommunityCalendar(app, ctx);
  registerSeoRoutes(app, ctx);
  registerFeedNegotiation(app);
  registerMapAssets(app);
}
