import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { staleVersion } from '../http/errors';
import type { DbOrTrx } from './database';
import type { Database } from './schema';

// Optimistic concurrency in one place (docs/architecture.md "Shared helpers"): every mutable row carries
// `version`; an edit names the version it read and must never overwrite a newer one.

/** Tables with a `version` column. */
export type VersionedTable = { [T in keyof Database & string]: 'version' extends keyof Database[T] ? T : never }[keyof Database & string];

/** The columns (usually one: `{ id }`) that pick the row. */
export type VersionedKey<T extends VersionedTable> = { [C in keyof Selectable<Database[T]>]?: Selectable<Database[T]>[C] };

// Kysely cannot check a table chosen by a type parameter; the signature above carries the types instead.
type Loose = Kysely<Record<string, Record<string, unknown>>>;

/**
 * `update <table> set …patch, version = version + 1 where <key> and version = <expected>`.
 *
 * Returns true when the row was updated and false when no row has that key (the caller decides: 404, or 409
 * because it was deleted meanwhile). When the row exists with another version it throws the 409 `stale_version`
 * with `details.currentVersion` read from the database in the same transaction — the version the client must
 * reload, not the one it sent or one read earlier in the request.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: DbOrTrx,
  table: T,
  key: VersionedKey<T>,
  expectedVersion: number,
  patch: Omit<Updateable<Database[T]>, 'version'>,
): Promise<boolean> {
  const entries = Object.entries(key).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw new Error(`updateVersioned(${table}): empty key`);
  const loose = db as unknown as Loose;
  let update = loose
    .updateTable(table as string)
    .set({ ...(patch as Record<string, unknown>), version: sql`version + 1` })
    .where('version', '=', expectedVersion);
  for (const [column, value] of entries) update = update.where(column, '=', value);
  const r = await update.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return true;
  let select = loose.selectFrom(table as string).select('version');
  for (const [column, value] of entries) select = select.where(column, '=', value);
  const current = await select.executeTakeFirst();
  if (!current) return false;
  throw staleVersion(Number(current.version));
}
