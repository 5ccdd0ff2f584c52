/** Row types of the petitions module's tables, and `tables(db)`: the database seen with them. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PetitionSettingsTable {
  community_id: number;
  signature_threshold: number;
  collection_days: number;
  moderation_working_days: Generated<number>;
  consideration_working_days: Generated<number>;
  allow_email: Generated<boolean>;
  email_counts: Generated<boolean>;
  residents_only: Generated<boolean>;
  min_age: number | null;
  continue_after_threshold: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface PetitionCategoriesTable {
  id: Generated<number>;
  community_id: number;
  name_uk: string;
  name_en: string;
  position: Generated<number>;
}

export type PetitionStatus = 'moderation' | 'rejected' | 'collecting' | 'consideration' | 'answered' | 'failed';
export type AnswerDecision = 'supported' | 'not_supported' | 'partially';

export interface PetitionsTable {
  id: Generated<number>;
  /** Within the community: № 1, 2, … (a trigger assigns it; core/db/community-numbers.ts). */
  number: Generated<number>;
  community_id: number;
  author_user_id: number | null;
  author_name: string;
  author_email: string;
  title: string;
  body: string;
  search_text: string;
  category_id: number;
  status: PetitionStatus;
  signature_threshold: number;
  collection_days: number;
  continue_after_threshold: boolean;
  consideration_working_days: number;
  /** Who may sign, copied from the settings at submission and never changed (a trigger refuses it). */
  allow_email: Generated<boolean>;
  /** Whether e-mail-level signatures count toward the threshold (frozen like the rest). */
  email_counts: Generated<boolean>;
  residents_only: Generated<boolean>;
  min_age: number | null;
  submitted_at: Ts;
  moderation_due_at: Ts;
  published_at: TsNull;
  collection_ends_at: TsNull;
  rejected_at: TsNull;
  rejection_reason: string | null;
  rejection_note: string | null;
  duplicate_of: number | null;
  consideration_started_at: TsNull;
  consideration_due_at: TsNull;
  failed_at: TsNull;
  appeal_forwarded_on: string | null;
  answered_at: TsNull;
  answer_text: string | null;
  answer_decision: AnswerDecision | null;
  answer_official_name: string | null;
  answer_official_position: string | null;
  answer_pdf: Buffer | null;
  answer_pdf_name: string | null;
}

export interface PetitionSignaturesTable {
  id: Generated<number>;
  community_id: number;
  petition_id: number;
  person_key: string;
  phone_key: string | null;
  user_id: number | null;
  signer_name: string;
  signed_at: Ts;
  ip_prefix: Generated<string>;
  email_domain: string | null;
  account_created_at: TsNull;
  invalidated_at: TsNull;
  invalidated_by: number | null;
  invalidation_reason: string | null;
  /** The signer's sign-in level when signing (a linked e-mail account signs under the identity's key, at 'email'). */
  level: Generated<'idgovua' | 'email'>;
  /** The signature's entry in the transparency log: where it waited, and its leaf hash (base64); null before the log. */
  log_pending_id: number | null;
  log_leaf: string | null;
}

/**
 * A petition's counts, spread over up to 16 rows (slots) so that signers do not queue for one row: the
 * sums over a petition's slots are its counts (see `countSql` in the repository).
 */
export interface PetitionSignatureSlotsTable {
  petition_id: number;
  slot: number;
  /** The valid signatures that count toward the threshold. */
  counted: Generated<number>;
  /** The valid signatures given at the e-mail level, counted or not. */
  email: Generated<number>;
}

// A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type.
export type PetitionTables = {
  petition_settings: PetitionSettingsTable;
  petition_categories: PetitionCategoriesTable;
  petitions: PetitionsTable;
  petition_signatures: PetitionSignaturesTable;
  petition_signature_slots: PetitionSignatureSlotsTable;
};

export const tables = (db: Db) => db.withTables<PetitionTables>();
