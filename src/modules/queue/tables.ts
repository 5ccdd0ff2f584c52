/** The e-queue's tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export interface QueueWindowsTable {
  id: Generated<number>;
  community_id: number;
  office_id: number;
  name: string;
  online: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface QueueWindowServicesTable {
  window_id: number;
  service_id: number;
}

export interface QueueServicesTable {
  service_id: number;
  community_id: number;
  visit_minutes: number;
  weekly_limit: ColumnType<number, number | undefined, number>;
}

export interface QueueDaysOffTable {
  office_id: number;
  /** 'YYYY-MM-DD' (a Kyiv date); read back as text. */
  day: ColumnType<string, string, string>;
}

export interface QueueBookingsTable {
  id: Generated<number>;
  community_id: number;
  code: string;
  office_id: number;
  window_id: number;
  service_id: number;
  user_id: number;
  person_key: string;
  starts_at: Date;
  ends_at: Date;
  status: ColumnType<'booked' | 'cancelled', 'booked' | 'cancelled' | undefined, 'booked' | 'cancelled'>;
  created_at: Date;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reminded_day_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reminded_hour_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type QueueTables = {
  queue_windows: QueueWindowsTable;
  queue_window_services: QueueWindowServicesTable;
  queue_services: QueueServicesTable;
  queue_days_off: QueueDaysOffTable;
  queue_bookings: QueueBookingsTable;
};

export const tables = (db: Db) => db.withTables<QueueTables>();
