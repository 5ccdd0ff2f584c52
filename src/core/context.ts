/** Everything a module or route needs from the core, made once per app. */
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import type { MailTransport } from './mail/mailer.js';
import type { SmsSender } from './sms/sender.js';
import type { ModuleManifest } from './modules/manifest.js';
import type { CalendarOptions } from './calendar/index.js';

export interface CoreContext {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  mail: MailTransport;
  sms: SmsSender;
  modules: readonly ModuleManifest[];
  calendar: CalendarOptions;
  log: Logger;
}
