/**
 * The contest engine of participatory budgets, for the community budget (this module) and the school
 * budget alike. Every service takes a contest (or its id) and an opaque voter key; none assumes who votes
 * or how. The tables are created by the budgets module's migrations.
 */
export * from './rules.js';
export * from './service/contests.js';
export * from './service/projects.js';
export * from './service/ballots.js';
export * from './service/results.js';
export * from './service/channels.js';
export * from './service/imports.js';
export * from './open-data.js';
export type { BallotMode, Channel, CostItem, ImplStatus, ImportRow, ImportSummary, ProjectStatus, ResultSummary, WinnerRule } from './tables.js';
