/** Row types of the core's tables, as Kysely sees them. Modules declare their own and merge them in. */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
/** A JSON column with a default in the table. */
type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;

export interface CommunityContacts {
  address?: string;
  email?: string;
  phone?: string;
  website?: string;
}

export interface CommunitiesTable {
  id: Generated<number>;
  slug: string;
  name_uk: string;
  name_en: string;
  oblast_uk: string;
  oblast_en: string;
  raion_uk: Generated<string>;
  raion_en: Generated<string>;
  territorial_codes: ColumnType<string[], string[] | undefined, string[]>;
  population: Generated<number>;
  coat_of_arms_url: string | null;
  contacts: JsonDefault<CommunityContacts>;
  enabled_tools: ColumnType<string[], string[] | undefined, string[]>;
  sign_in_policy: ColumnType<'idgovua' | 'idgovua_or_email', 'idgovua' | 'idgovua_or_email' | undefined>;
  status: ColumnType<'connected' | 'suspended', 'connected' | 'suspended' | undefined>;
  settings: JsonDefault<Record<string, unknown>>;
  created_at: CreatedAt;
}

/**
 * matched: the address named one settlement; chosen: the person chose among the candidates it allowed;
 * ambiguous: they have yet to choose; unmatched: it named none; confirmed: a moderator confirmed it.
 */
export type ResidencyStatus = 'matched' | 'chosen' | 'ambiguous' | 'unmatched' | 'confirmed';
export interface ResidencyCandidate {
  code: string;
  label: string;
}

export interface ResidencyRequestsTable {
  id: Generated<number>;
  community_id: number;
  user_id: number;
  address_text: string;
  status: ColumnType<'new' | 'confirmed' | 'refused', 'new' | 'confirmed' | 'refused' | undefined>;
  refusal_reason: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  identity_key: string | null;
  verification_level: 'idgovua' | 'email';
  auth_type: string | null;
  last_name: Generated<string>;
  first_name: Generated<string>;
  patronymic: Generated<string>;
  email: string | null;
  phone: string | null;
  // Dates are parsed as 'YYYY-MM-DD' strings on both drivers (see database.ts).
  birth_date: string | null;
  territorial_code: string | null;
  /** The registered address as id.gov.ua last returned it, and how it matched the codifier (core-005). */
  registered_address: string | null;
  residency_status: ResidencyStatus | null;
  residency_reason: string | null;
  residency_candidates: JsonDefault<ResidencyCandidate[]>;
  lang: ColumnType<'uk' | 'en', 'uk' | 'en' | undefined>;
  notify_email: Generated<boolean>;
  notification_prefs: JsonDefault<Record<string, boolean>>;
  created_at: CreatedAt;
  last_sign_in_at: Timestamp | null;
  deleted_at: Timestamp | null;
  /** `phone:` + HMAC(SECRET_KEY, the verified phone): the weak-level person's key (core/identity/person-key.ts). */
  phone_key: ColumnType<string | null, string | null | undefined>;
  phone_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface OauthStatesTable {
  state_hash: string;
  browser_hash: string;
  return_to: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  /** The e-mail-level account that asked to be linked to the identity this sign-in proves. */
  link_user_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A weak key (e-mail or phone level) proven, through id.gov.ua, to belong to an identity. */
export interface IdentityLinksTable {
  weak_key: string;
  identity_key: string;
  weak_user_id: number | null;
  user_id: number | null;
  linked_at: Timestamp;
}

export interface EmailCodesTable {
  id: Generated<number>;
  email: string;
  phone: string;
  code_hash: string;
  browser_hash: string;
  return_to: string;
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PhoneCodesTable {
  id: Generated<number>;
  email_code_id: number;
  phone: string;
  code_hash: string;
  browser_hash: string;
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  to_phone: string;
  body: string;
  created_at: CreatedAt;
}

export type RoleName = 'national_moderator' | 'moderator' | 'school_moderator' | 'executor' | 'community_admin' | 'editor';

export interface RoleAssignmentsTable {
  id: Generated<number>;
  user_id: number;
  role: RoleName;
  community_id: number | null;
  tool: string | null;
  scope: string | null;
  granted_by: number | null;
  created_at: CreatedAt;
}

export interface RoleGrantsPendingTable {
  id: Generated<number>;
  identity_key: string | null;
  email: string | null;
  role: RoleName;
  community_id: number | null;
  tool: string | null;
  scope: string | null;
  created_at: CreatedAt;
  claimed_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  community_id: number | null;
  actor_user_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface ComplaintsTable {
  id: Generated<number>;
  community_id: number;
  subject_type: string;
  subject_id: string;
  reporter_user_id: number | null;
  reason: string;
  status: ColumnType<'open' | 'upheld' | 'dismissed', 'open' | undefined, 'open' | 'upheld' | 'dismissed'>;
  resolved_by: number | null;
  resolved_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface HiddenContentTable {
  subject_type: string;
  subject_id: string;
  community_id: number;
  reason: string;
  hidden_by: number | null;
  hidden_at: CreatedAt;
}

export interface UserBlocksTable {
  community_id: number;
  user_id: number;
  reason: string;
  blocked_by: number | null;
  created_at: CreatedAt;
}

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** The one-click unsubscribe address of a letter about what the person follows (core-011, RFC 8058). */
  list_unsubscribe: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  payload: JsonDefault<Record<string, unknown>>;
  dedupe_key: string | null;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Timestamp | null;
  done_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface EmailConfirmationsTable {
  id: Generated<number>;
  user_id: number;
  email: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** One unit of the КАТОТТГ codifier (core-004). */
export interface KatottgUnitsTable {
  code: string;
  level: number;
  parent_code: string | null;
  oblast_code: string;
  raion_code: string | null;
  hromada_code: string | null;
  category: string;
  name: string;
  name_norm: string;
  former_names: ColumnType<string[], string[] | undefined, string[]>;
  former_names_norm: ColumnType<string[], string[] | undefined, string[]>;
}

/**
 * The transparency log (core-009, core/tlog). bytea comes back as a Buffer from node-postgres and as a
 * Uint8Array from PGlite; bigint as a number on both (database.ts).
 */
export interface TlogPendingTable {
  id: Generated<number>;
  entry: Uint8Array;
  created_at: CreatedAt;
}

export interface TlogEntriesTable {
  idx: number;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  pending_id: number;
}

export interface TlogHashesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface TlogCheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: CreatedAt;
}

/** Valid acts per log subject and sign-in level, as the sequenced log gives them (core-010, tlog/counts.ts). */
export interface TlogCountsTable {
  subject: string;
  /** The act's `level` detail, '' for an act without one. */
  level: string;
  valid: number;
}

/** Leaf hashes of counted acts a cancellation has taken away (core-010). */
export interface TlogCancelledTable {
  leaf_hash: Uint8Array;
}

export interface CoreTables {
  communities: CommunitiesTable;
  users: UsersTable;
  sessions: SessionsTable;
  oauth_states: OauthStatesTable;
  identity_links: IdentityLinksTable;
  email_codes: EmailCodesTable;
  email_confirmations: EmailConfirmationsTable;
  phone_codes: PhoneCodesTable;
  sms_outbox: SmsOutboxTable;
  role_assignments: RoleAssignmentsTable;
  role_grants_pending: RoleGrantsPendingTable;
  audit_log: AuditLogTable;
  complaints: ComplaintsTable;
  hidden_content: HiddenContentTable;
  user_blocks: UserBlocksTable;
  mail_outbox: MailOutboxTable;
  jobs: JobsTable;
  rate_limits: RateLimitsTable;
  katottg_units: KatottgUnitsTable;
  residency_requests: ResidencyRequestsTable;
  tlog_pending: TlogPendingTable;
  tlog_entries: TlogEntriesTable;
  tlog_hashes: TlogHashesTable;
  tlog_checkpoints: TlogCheckpointsTable;
  tlog_counts: TlogCountsTable;
  tlog_cancelled: TlogCancelledTable;
  follows: FollowsTable;
  follow_events: FollowEventsTable;
  follow_scans: FollowScansTable;
  follow_digests: FollowDigestsTable;
}

/** What a person follows by e-mail (core-011, core/follows): '' for tool or item means the whole community or tool. */
export type FollowFrequency = 'instant' | 'daily' | 'weekly';

export interface FollowsTable {
  id: Generated<number>;
  user_id: number;
  community_id: number;
  tool: ColumnType<string, string | undefined, string>;
  item: ColumnType<string, string | undefined, string>;
  /** The item's title and page when an item is followed, for the cabinet. */
  title: ColumnType<string, string | undefined, string>;
  path: ColumnType<string, string | undefined, string>;
  frequency: FollowFrequency;
  created_at: CreatedAt;
}

/** A public event of a module, recorded once per community when first seen. */
export interface FollowEventsTable {
  id: Generated<number>;
  community_id: number;
  key: string;
  tool: string;
  item: ColumnType<string, string | undefined, string>;
  /** News of the item only, not of its tool (e.g. a contest's phase told to each project's followers). */
  item_only: ColumnType<boolean, boolean | undefined, boolean>;
  title: string;
  path: string;
  at: Timestamp;
  detected_at: Timestamp;
}

export interface FollowScansTable {
  community_id: number;
  scanned_at: Timestamp;
}

export interface FollowDigestsTable {
  user_id: number;
  frequency: 'daily' | 'weekly';
  sent_until: Timestamp;
}
