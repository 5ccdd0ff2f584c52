/**
 * The budgets module's public face. The contest engine of participatory budgets serves the community budget
 * (this module) and the school budget alike: every service takes a contest (or its id) and an opaque voter key;
 * none assumes who votes or how. The tables are created by this module's migrations, which a tool built on the
 * engine runs before its own. Other modules import the budgets module only through this file.
 */
export { budgetsModule } from './manifest.js';
export * from './rules.js';
export * from './service/contests.js';
export * from './repository/contests.js';
export * from './service/projects.js';
export * from './repository/projects.js';
export * from './service/ballots.js';
export * from './repository/ballots.js';
export * from './service/results.js';
export * from './repository/results.js';
export * from './service/channels.js';
export * from './repository/channels.js';
export * from './service/imports.js';
export * from './repository/imports.js';
export * from './open-data.js';
export type { BudgetTables, WinnerRule } from './tables.js';
export { budgetMigrations } from './migrations.js';
export { endOfKyivDate, readCostItems, withFrozenValues } from './forms.js';
export { demoPhoto, PHOTO_UPLOADS, readPhotos } from './photos.js';
export {
  CategoryResults,
  CorrectionForm,
  CostFields,
  CostTable,
  CostVotesFigures,
  ExtendVotingForm,
  contestFormFields,
  Money,
  PhaseDatesFieldset,
  PhotoGallery,
  PhotosField,
  ResultRecords,
  ResultsPublished,
  StepTimeline,
  VotingExtensions,
  WinnerRuleFields,
  lastDay,
} from './views/parts.js';
