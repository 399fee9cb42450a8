import type { DbOrTrx } from '../../platform/db/database';
import { updateVersioned } from '../../platform/db/versioned';
import type { CalendarOverridesTable, CalendarYearsTable } from './calendar.tables';

// Kysely queries only (docs/architecture.md#conventions-every-module-follows): the service decides what they mean.

export type CalendarYearRow = Omit<CalendarYearsTable, 'version'> & { version: number };
export type CalendarOverrideRow = Omit<CalendarOverridesTable, 'version'> & { version: number };

export const REVISION_KEY = 'calendar.revision';
export const SETTINGS_KEY = 'calendar.settings';
export const unitSettingsKey = (unitId: string) => `calendar.settings.unit:${unitId}`;

export async function listYears(db: DbOrTrx): Promise<CalendarYearRow[]> {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

export async function findYear(db: DbOrTrx, year: number): Promise<CalendarYearRow | undefined> {
  return db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function insertYear(db: DbOrTrx, row: Omit<CalendarYearRow, 'version'>): Promise<void> {
  await db.insertInto('calendar_years').values(row).execute();
}

/** Replaces a year's data when the row still has `version`; a newer version throws 409 `stale_version` (updateVersioned). */
export async function updateYear(
  db: DbOrTrx,
  year: number,
  version: number,
  patch: Pick<CalendarYearRow, 'data' | 'source_title' | 'source_doc_no' | 'updated_at' | 'updated_by'>,
): Promise<boolean> {
  return updateVersioned(db, 'calendar_years', { year }, version, patch);
}

export async function listOverrides(db: DbOrTrx, range?: { from: string; to: string }): Promise<CalendarOverrideRow[]> {
  let q = db.selectFrom('calendar_overrides').selectAll();
  if (range) q = q.where('date', '>=', range.from).where('date', '<=', range.to);
  return q.orderBy('date').execute();
}

export async function findOverride(db: DbOrTrx, date: string): Promise<CalendarOverrideRow | undefined> {
  return db.selectFrom('calendar_overrides').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function insertOverride(db: DbOrTrx, row: Omit<CalendarOverrideRow, 'version'>): Promise<void> {
  await db.insertInto('calendar_overrides').values(row).execute();
}

export async function updateOverride(
  db: DbOrTrx,
  date: string,
  version: number,
  patch: Pick<CalendarOverrideRow, 'working' | 'note' | 'updated_at' | 'updated_by'>,
): Promise<boolean> {
  return updateVersioned(db, 'calendar_overrides', { date }, version, patch);
}

export async function deleteOverride(db: DbOrTrx, date: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('calendar_overrides').where('date', '=', date).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
  version: number;
}

export async function findSetting(db: DbOrTrx, key: string): Promise<SettingRow | undefined> {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findSettings(db: DbOrTrx, keys: string[]): Promise<SettingRow[]> {
  if (keys.length === 0) return [];
  return db.selectFrom('settings').selectAll().where('key', 'in', keys).execute();
}

export async function findSettingsByPrefix(db: DbOrTrx, prefix: string): Promise<SettingRow[]> {
  return db.selectFrom('settings').selectAll().where('key', 'like', `${prefix}%`).orderBy('key').execute();
}

export async function insertSetting(db: DbOrTrx, row: Omit<SettingRow, 'version'>): Promise<void> {
  await db.insertInto('settings').values(row).execute();
}

export async function updateSetting(
  db: DbOrTrx,
  key: string,
  version: number,
  patch: Pick<SettingRow, 'value' | 'updated_at' | 'updated_by'>,
): Promise<boolean> {
  return updateVersioned(db, 'settings', { key }, version, patch);
}

export async function deleteSetting(db: DbOrTrx, key: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('settings').where('key', '=', key).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Writes a fresh revision token, so every instance sharing the database notices the change on its next read.
 * The upsert keeps concurrent changers from failing on the first insert.
 */
export async function bumpRevision(db: DbOrTrx, token: string, at: string, by: string | null): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: REVISION_KEY, value: JSON.stringify(token), updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(token), updated_at: at, updated_by: by }))
    .execute();
}

export async function readRevision(db: DbOrTrx): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', REVISION_KEY).executeTakeFirst();
  return row?.value ?? null;
}
