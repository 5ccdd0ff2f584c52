/** Row types of the contest engine's tables, as Kysely sees them; only the engine reads and writes them. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type WinnerRule = 'greedy' | 'greedy-no-skip' | 'greedy-threshold' | 'mes';
export type BallotMode = 'approval' | 'one-per-category';
export type ProjectStatus = 'draft' | 'support' | 'review' | 'needs_changes' | 'admitted' | 'rejected';
export type ImplStatus = 'waiting' | 'in_progress' | 'done' | 'not_done';
export type Channel = 'web' | 'terminal' | 'chatbot' | 'paper' | 'code';

export interface ContestsTable {
  id: Generated<number>;
  community_id: number;
  owner: ColumnType<string, string | undefined, string>;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  total_budget: number;
  submission_from: Ts;
  submission_to: Ts;
  support_to: TsNull;
  supporters_needed: ColumnType<number, number | undefined, number>;
  review_to: Ts;
  voting_from: Ts;
  voting_to: Ts;
  results_from: Ts;
  implementation_from: Ts;
  allow_email: ColumnType<boolean, boolean | undefined, boolean>;
  /** Whether ballots cast at the e-mail level count toward the results (they are kept and shown either way). */
  email_counts: ColumnType<boolean, boolean | undefined, boolean>;
  residents_only: ColumnType<boolean, boolean | undefined, boolean>;
  min_age: number | null;
  ballot_mode: ColumnType<BallotMode, BallotMode | undefined, BallotMode>;
  max_per_category: number | null;
  max_total: number | null;
  winner_rule: ColumnType<WinnerRule, WinnerRule | undefined, WinnerRule>;
  min_votes: ColumnType<number, number | undefined, number>;
  public_counts: ColumnType<boolean, boolean | undefined, boolean>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  results_published_at: TsNull;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CategoriesTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  code: string;
  name: string;
  budget: number;
  min_cost: number;
  max_cost: number;
  position: number;
}

export interface CostItem {
  item: string;
  /** Thousandths of a unit (2.5 m² → 2500): quantities are exact too. */
  qtyMilli: number;
  /** Kopiykas. */
  unitPrice: number;
  /** Kopiykas, computed. */
  total: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  category_id: number;
  code: string | null;
  title: string;
  problem: string;
  solution: string;
  location: string;
  lat: number | null;
  lng: number | null;
  beneficiaries: string;
  cost_items: Json<CostItem[]>;
  contingency_bp: number;
  cost: number;
  cost_note: string | null;
  status: ProjectStatus;
  review_note: string | null;
  author_user_id: number | null;
  author_name: string;
  author_email: string | null;
  author_phone: string | null;
  on_paper: boolean;
  submitted_at: TsNull;
  impl_status: ColumnType<ImplStatus, ImplStatus | undefined, ImplStatus>;
  impl_reason: string | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface HistoryTable {
  id: Generated<number>;
  community_id: number;
  project_id: number;
  status: string;
  note: string | null;
  actor_user_id: number | null;
  at: Ts;
}

export interface ImplUpdatesTable {
  id: Generated<number>;
  community_id: number;
  project_id: number;
  status: ImplStatus;
  body: string;
  spent: number;
  author_user_id: number | null;
  at: Ts;
}

export interface PhotosTable {
  id: Generated<number>;
  community_id: number;
  project_id: number;
  update_id: number | null;
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SupportsTable {
  community_id: number;
  project_id: number;
  voter_key: string;
  user_id: number | null;
  created_at: Ts;
}

export interface CommentsTable {
  id: Generated<number>;
  community_id: number;
  project_id: number;
  author_user_id: number | null;
  author_name: string;
  body: string;
  created_at: Ts;
}

export interface ChannelsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  kind: 'terminal' | 'chatbot';
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  created_at: Ts;
  revoked_at: TsNull;
}

export interface ImportRow {
  line: number;
  paperNumber: string;
  pollingPoint: string;
  date: string;
  /** The keyed hash only: the РНОКПП itself is never stored. */
  voterKey: string | null;
  age: number | null;
  projectIds: number[];
  codes: string[];
  outcome: 'ok' | 'error' | 'duplicate';
  problems: string[];
}

export interface ImportSummary {
  rows: number;
  ok: number;
  errors: number;
  duplicates: number;
  counted?: number;
  lateDuplicates?: number;
}

export interface ImportsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  status: ColumnType<'pending' | 'confirmed' | 'annulled', 'pending' | 'confirmed' | 'annulled' | undefined, 'pending' | 'confirmed' | 'annulled'>;
  filename: string;
  file_sha256: string;
  rows: Json<ImportRow[]>;
  summary: Json<ImportSummary>;
  created_by: number | null;
  created_at: Ts;
  confirmed_at: TsNull;
  annulled_at: TsNull;
  annul_reason: string | null;
}

export interface BallotsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  voter_key: string;
  channel: Channel;
  channel_id: number | null;
  import_id: number | null;
  paper_number: string | null;
  receipt: string;
  age: number | null;
  cast_at: Ts;
  /** The voter's sign-in level on the web ('email' for the weaker one); other channels are 'idgovua'. */
  level: Generated<'idgovua' | 'email'>;
  /** The ballot's entry in the transparency log: where it waited, and its leaf hash (base64); null before the log. */
  log_pending_id: number | null;
  log_leaf: string | null;
}

export interface ChoicesTable {
  ballot_id: number;
  community_id: number;
  contest_id: number;
  category_id: number;
  project_id: number;
}

export interface RejectsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  voter_key: string;
  reason: 'duplicate' | 'annulled' | 'duplicate-linked';
  channel: Channel;
  channel_id: number | null;
  import_id: number | null;
  paper_number: string | null;
  project_ids: number[];
  first_channel: Channel | null;
  first_cast_at: TsNull;
  age: number | null;
  cast_at: Ts;
  recorded_at: Ts;
}

export interface IdempotencyTable {
  channel_id: number;
  idem_key: string;
  request_sha256: string;
  status_code: number;
  response: Json<unknown>;
  created_at: Ts;
}

export interface VotingExtensionsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  old_end: Ts;
  new_end: Ts;
  reason: string;
  actor_user_id: number | null;
  at: Ts;
}

/** Per category: the winners as the count found them (money in kopiykas). */
export interface ResultSummary {
  /** The ballots counted. */
  ballots: number;
  /** E-mail-level ballots cast but left out by the contest's rule (absent when they count, and in older records). */
  emailNotCounted?: number;
  categories: { code: string; name: string; budget: number; winners: { code: string | null; title: string; votes: number; cost: number }[] }[];
}

export interface ResultRecordsTable {
  id: Generated<number>;
  community_id: number;
  contest_id: number;
  kind: 'published' | 'correction';
  reason: string | null;
  summary: Json<ResultSummary>;
  actor_user_id: number | null;
  at: Ts;
}

export type BudgetTables = {
  budget_contests: ContestsTable;
  budget_categories: CategoriesTable;
  budget_projects: ProjectsTable;
  budget_project_history: HistoryTable;
  budget_impl_updates: ImplUpdatesTable;
  budget_photos: PhotosTable;
  budget_supports: SupportsTable;
  budget_comments: CommentsTable;
  budget_channels: ChannelsTable;
  budget_imports: ImportsTable;
  budget_ballots: BallotsTable;
  budget_ballot_choices: ChoicesTable;
  budget_ballot_rejects: RejectsTable;
  budget_idempotency: IdempotencyTable;
  budget_voting_extensions: VotingExtensionsTable;
  budget_result_records: ResultRecordsTable;
};

export const tables = (db: Db) => db.withTables<BudgetTables>();
