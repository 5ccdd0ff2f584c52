/**
 * Every module's part of the authorization matrix. A module owns its file; add a file here when a module
 * adds routes (the matrix test names any route without an entry).
 */
import type { AnyModule } from '../support/matrix.js';
import core from './core.js';
import admin from './admin.js';
import notices from './notices.js';
import petitions from './petitions.js';
import consultations from './consultations.js';
import budgets from './budgets.js';
import openCity from './open-city.js';
import schoolBudget from './school-budget.js';
import chatbot from './chatbot.js';
import appeals from './appeals.js';
import cnap from './cnap.js';
import site from './site.js';
import queue from './queue.js';
import terminal from './terminal.js';

export const MATRIX: readonly AnyModule[] = [
  core,
  admin,
  notices,
  petitions,
  consultations,
  budgets,
  openCity,
  schoolBudget,
  chatbot,
  appeals,
  cnap,
  queue,
  terminal,
  site,
];
