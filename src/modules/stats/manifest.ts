/** The statistics module: figures of every tool, monthly series, top communities, open data. */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { registerStatsRoutes } from './routes/public.js';
import { registerStatsApiRoutes } from './routes/api.js';

export const statsModule: ModuleManifest = {
  id: 'stats',
  tool: 'stats',
  name: { uk: 'Статистика', en: 'Statistics' },
  routes(app, ctx) {
    registerStatsRoutes(app, ctx);
    registerStatsApiRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Статистика', en: 'Statistics' }, path: '/stats' }],
};
