/** The tables of consultations (Kysely types) and `tables(db)`, the database seen with them. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Answer, QuestionType } from './rules/poll.js';
import type { Kind, ResultsVisibility } from './rules/model.js';
import type { Level } from './rules/levels.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface TopicsTable {
  id: Generated<number>;
  community_id: number;
  author_user_id: number | null;
  author_name: string;
  title: string;
  body: string;
  status: ColumnType<'pending' | 'accepted' | 'declined', 'pending' | undefined, 'accepted' | 'declined'>;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: TsNull;
  created_at: CreatedAt;
}

export interface ItemsTable {
  id: Generated<number>;
  community_id: number;
  kind: Kind;
  title: string;
  description: Generated<string>;
  search_text: Generated<string>;
  category: string;
  starts_at: Ts;
  ends_at: Ts;
  results_visibility: ColumnType<ResultsVisibility, ResultsVisibility | undefined, ResultsVisibility>;
  allow_email: Generated<boolean>;
  /** Whether e-mail-level answers and stances count toward the results (frozen like the other rules). */
  email_counts: Generated<boolean>;
  residents_only: Generated<boolean>;
  min_age: number | null;
  published_at: TsNull;
  closed_at: TsNull;
  closed_reason: string | null;
  outcome_summary: string | null;
  outcome_published_at: TsNull;
  act_text: string | null;
  act_split_method: string | null;
  revised_text: string | null;
  revision_notes: string | null;
  revision_published_at: TsNull;
  topic_id: number | null;
  /** The earlier version of a draft act that this discussion continues (its text froze). */
  previous_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AttachmentsTable {
  id: Generated<number>;
  community_id: number;
  item_id: number;
  filename: string;
  mime: string;
  size: number;
  data: Buffer;
  created_at: CreatedAt;
}

export interface SectionsTable {
  id: Generated<number>;
  community_id: number;
  item_id: number;
  position: number;
  heading: string;
  parent_heading: string | null;
  body: string;
}

export interface QuestionsTable {
  id: Generated<number>;
  community_id: number;
  item_id: number;
  position: number;
  type: QuestionType;
  text: string;
  min_choices: number | null;
  max_choices: number | null;
  rank_top: number | null;
  scale_min: number | null;
  scale_max: number | null;
  points_total: number | null;
  allow_other: boolean;
}

export interface OptionsTable {
  id: Generated<number>;
  community_id: number;
  question_id: number;
  position: number;
  label: string;
}

export interface ResponsesTable {
  id: Generated<number>;
  community_id: number;
  item_id: number;
  identity: string;
  user_id: number | null;
  answers: ColumnType<Record<string, Answer>, string, never>;
  /** The sign-in level of the person when answering (a linked e-mail account answers under the identity's key, at 'email'). */
  level: ColumnType<Level, Level | undefined, never>;
  created_at: CreatedAt;
  /** The response's entry in the transparency log: where it waited, and its leaf hash (base64); null before the log. */
  log_pending_id: number | null;
  log_leaf: string | null;
}

export type Decision = 'accepted' | 'partly' | 'rejected';

export interface CommentsTable {
  id: Generated<number>;
  community_id: number;
  item_id: number;
  section_id: number | null;
  parent_id: number | null;
  author_user_id: number | null;
  /** The author's person key (core/identity/person-key.ts): statistics count people by it. Null only for comments of accounts deleted before it was kept. */
  identity: string | null;
  /** The author's sign-in level when writing. */
  level: ColumnType<Level, Level | undefined, never>;
  author_name: string;
  body: string;
  decision: Decision | null;
  decision_reason: string | null;
  created_at: CreatedAt;
}

export interface SupportsTable {
  community_id: number;
  comment_id: number;
  identity: string;
  user_id: number | null;
  created_at: CreatedAt;
}

export type Stance = 'support' | 'oppose';

export interface StancesTable {
  community_id: number;
  item_id: number;
  scope: number;
  identity: string;
  user_id: number | null;
  stance: Stance;
  /** The sign-in level of the latest change. */
  level: ColumnType<Level, Level | undefined, Level>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The entry of the latest change in the transparency log (as on a response); null before the log. */
  log_pending_id: number | null;
  log_leaf: string | null;
}

/** An act that stopped counting (a later answer of a person whose e-mail account was linked to their identity). */
export interface AnnulledActsTable {
  id: Generated<number>;
  community_id: number;
  kind: 'response' | 'stance' | 'support';
  item_id: number | null;
  comment_id: number | null;
  scope: number | null;
  identity: string;
  user_id: number | null;
  content: string | null;
  acted_at: Ts;
  annulled_at: Ts;
  reason: string;
}

export type ConsultationTables = {
  consultation_topics: TopicsTable;
  consultation_items: ItemsTable;
  consultation_attachments: AttachmentsTable;
  consultation_sections: SectionsTable;
  consultation_questions: QuestionsTable;
  consultation_options: OptionsTable;
  consultation_responses: ResponsesTable;
  consultation_comments: CommentsTable;
  consultation_supports: SupportsTable;
  consultation_stances: StancesTable;
  consultation_annulled_acts: AnnulledActsTable;
};

export const tables = (db: Db) => db.withTables<ConsultationTables>();
