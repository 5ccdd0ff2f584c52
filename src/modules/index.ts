/** Every module the platform runs, in the order their navigation appears. Add a tool by adding a line. */
import type { ModuleManifest } from '../core/modules/manifest.js';
import { adminModule } from './admin/manifest.js';
import { noticesModule } from './notices/manifest.js';
import { petitionsModule } from './petitions/manifest.js';
import { consultationsModule } from './consultations/index.js';
import { budgetsModule } from './budgets/manifest.js';
import { schoolBudgetModule } from './school-budget/manifest.js';
import { openCityModule } from './open-city/manifest.js';
import { statsModule } from './stats/manifest.js';

// Admin first: its demo adds a community, and the other modules' demos then find it in place.
export const modules: readonly ModuleManifest[] = [adminModule, petitionsModule, consultationsModule, budgetsModule, schoolBudgetModule, openCityModule, noticesModule, statsModule];
