/** Row types of Open City's own tables, as Kysely sees them, and `tables(db)` to query them. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Status } from './rules.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** Where a report came from: the web form, Open311, the demo data, or the community chat-bot (its messenger, or the /dev/bot simulator). */
export type ReportSource = 'web' | 'open311' | 'demo' | 'telegram' | 'viber' | 'chat-simulator';

export interface OcSettingsTable {
  community_id: number;
  territory: Json<unknown>;
  center_lat: number | null;
  center_lng: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface OcDepartmentsTable {
  id: Generated<number>;
  community_id: number;
  key: string;
  name_uk: string;
  name_en: string;
}
export interface OcCategoriesTable {
  id: Generated<number>;
  community_id: number;
  parent_id: number | null;
  code: string;
  name_uk: string;
  name_en: string;
  description_uk: Generated<string>;
  department_id: number;
  term_days: number;
  attributes: Json<unknown>;
  keywords: Generated<string>;
  sort: Generated<number>;
}
export interface OcApiKeysTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}
export interface OcReportsTable {
  id: Generated<number>;
  /** Within the community: № 1, 2, … (a trigger assigns it; core/db/community-numbers.ts). */
  number: Generated<number>;
  community_id: number;
  category_id: number;
  department_id: number;
  status: Status;
  status_note: Generated<string>;
  duplicate_of: number | null;
  forwarded_to: Generated<string>;
  title: string;
  description: Generated<string>;
  address: Generated<string>;
  lat: number | null;
  lng: number | null;
  attributes: Json<unknown>;
  media_url: string | null;
  reporter_user_id: number | null;
  reporter_name: Generated<string>;
  show_name: Generated<boolean>;
  contact_email: string | null;
  contact_phone: string | null;
  /** Where the report came from: the web form, a partner's Open311 request, the demo, or a chat with the bot (migration 005). */
  source: ReportSource;
  api_key_id: number | null;
  token: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  deadline_at: Timestamp;
  resolved_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  asked_at: Timestamp | null;
}
export interface OcSupportsTable {
  report_id: number;
  community_id: number;
  user_id: number;
  /** The person's key (core/identity/person-key.ts): one support per person, whichever account. */
  person_key: string;
  created_at: CreatedAt;
}
export type UpdateKind = 'created' | 'status' | 'note' | 'reassign' | 'confirm' | 'reopen' | 'question' | 'support';
export type ActorRole = 'reporter' | 'moderator' | 'executor' | 'system' | 'partner';
export interface OcUpdatesTable {
  id: Generated<number>;
  report_id: number;
  community_id: number;
  actor_user_id: number | null;
  actor_role: ActorRole;
  kind: UpdateKind;
  from_status: string | null;
  to_status: string | null;
  body: Generated<string>;
  internal: Generated<boolean>;
  from_department_id: number | null;
  to_department_id: number | null;
  created_at: CreatedAt;
}
export interface OcPhotosTable {
  id: Generated<number>;
  report_id: number;
  community_id: number;
  update_id: number | null;
  mime: string;
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
  created_at: CreatedAt;
}
export interface OcSubscriptionsTable {
  id: Generated<number>;
  community_id: number;
  user_id: number | null;
  email: string;
  report_id: number | null;
  center_lat: number | null;
  center_lng: number | null;
  radius_m: number | null;
  token: string;
  created_at: CreatedAt;
}

export type OpenCityTables = {
  oc_settings: OcSettingsTable;
  oc_departments: OcDepartmentsTable;
  oc_categories: OcCategoriesTable;
  oc_api_keys: OcApiKeysTable;
  oc_reports: OcReportsTable;
  oc_supports: OcSupportsTable;
  oc_updates: OcUpdatesTable;
  oc_photos: OcPhotosTable;
  oc_subscriptions: OcSubscriptionsTable;
};

export const tables = (db: Db) => db.withTables<OpenCityTables>();
