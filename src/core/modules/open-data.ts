/** Writing the columns of an open dataset as a table: one row a column instead of one nested literal each. */
import type { OpenDataset } from './manifest.js';

type Field = OpenDataset['fields'][number];

/** A column: its name, its type, and what it means in Ukrainian and in English. */
type Column = [name: string, type: Field['type'], uk: string, en: string];

export const column = ([name, type, uk, en]: Column): Field => ({ name, type, meaning: { uk, en } });

/** The dataset's `fields` from rows of `Column` (and fields already written out, e.g. ones shared by several datasets). */
export const columns = (rows: (Column | Field)[]): Field[] => rows.map((r) => (Array.isArray(r) ? column(r) : r));
