/** Every module the platform runs, in the order their navigation appears. Add a tool by adding a line. */
import type { ModuleManifest } from '../core/modules/manifest.js';
import { adminModule } from './admin/index.js';
import { noticesModule } from './notices/index.js';
import { petitionsModule } from './petitions/index.js';
import { consultationsModule } from './consultations/index.js';
import { budgetsModule } from './budgets/index.js';
import { schoolBudgetModule } from './school-budget/index.js';
import { openCityModule } from './open-city/index.js';
import { statsModule } from './stats/index.js';
import { chatbotModule } from './chatbot/index.js';
import { appealsModule } from './appeals/index.js';
import { cnapModule } from './cnap/index.js';
import { terminalModule } from './terminal/index.js';
import { siteModule } from './site/index.js';
import { queueModule } from './queue/index.js';

// Admin first: its demo adds a community, and the other modules' demos then find it in place.
export const modules: readonly ModuleManifest[] = [
  adminModule,
  petitionsModule,
  consultationsModule,
  budgetsModule,
  schoolBudgetModule,
  openCityModule,
  noticesModule,
  chatbotModule,
  appealsModule,
  cnapModule,
  queueModule,
  terminalModule,
  siteModule,
  statsModule,
];
