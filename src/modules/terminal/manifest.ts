/**
 * The self-service terminals (issue 24, points 3 and 4): the ЦНАП registers each touch terminal in its
 * halls (a device key shown once, revocable) and sees whether it is online, its printer's paper and its
 * activity; the kiosk app the terminal runs, paired by its key, shows the ЦНАП's services and hours and
 * leads to e-democracy. Tickets and booking check-in are wired to the e-queue when it lands.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { terminalMigrations } from './migrations.js';
import { registerTerminalManageRoutes } from './routes/manage.js';
import { registerKioskRoutes } from './routes/kiosk.js';

export const terminalModule: ModuleManifest = {
  id: 'terminal',
  name: { uk: 'Термінали самообслуговування', en: 'Self-service terminals' },
  migrations: terminalMigrations,
  routes(app, ctx) {
    registerTerminalManageRoutes(app, ctx);
    registerKioskRoutes(app, ctx);
  },
  manageLinks: [{ label: { uk: 'Термінали самообслуговування', en: 'Self-service terminals' }, path: '/manage/terminals' }],
  permissions: {
    'terminal.manage': {
      uk: 'Реєструвати й відкликати термінали самообслуговування (модератор інструменту «cnap» або адміністратор громади)',
      en: 'Register and revoke self-service terminals (moderator of the tool «cnap» or community administrator)',
    },
    'terminal.pair': {
      uk: 'Привʼязати браузер термінала до громади ключем пристрою (хто має ключ, чинний і не відкликаний)',
      en: 'Pair a terminal’s browser with the community by its device key (whoever holds a valid, unrevoked key)',
    },
    'terminal.heartbeat': {
      uk: 'Повідомити, що термінал на звʼязку, і стан паперу в принтері (сам термінал, за ключем пристрою)',
      en: 'Report that the terminal is online and its printer’s paper (the terminal itself, by its device key)',
    },
  },
};
