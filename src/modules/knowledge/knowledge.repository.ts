import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import { likeContains, likePrefix } from '../../platform/db/like';
import { updateVersioned } from '../../platform/db/versioned';
import type { KnowledgeEntriesTable, KnowledgeUsesTable } from './knowledge.tables';

// Queries of the 话术库's tables only (docs/knowledge.md); decisions live in the service.

export type EntryRow = Selectable<KnowledgeEntriesTable>;

/** Which units' entries: those on one of `on` (a unit and the units above it) or inside one of `within`. null = all. */
export interface EntryScope {
  on: string[];
  within: string[];
}

export interface EntryFilter {
  scope: EntryScope | null;
  /** Each term must appear in search_text (lower-cased by the caller). */
  terms: string[];
  kind?: string;
  category?: string;
  use?: string;
  includeRetired: boolean;
  limit: number;
}

export async function insertEntry(db: DbOrTrx, row: Insertable<KnowledgeEntriesTable>): Promise<void> {
  await db.insertInto('knowledge_entries').values(row).execute();
}

export async function findEntry(db: DbOrTrx, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('knowledge_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The edit when the row still has `version`; 409 stale_version otherwise (updateVersioned); false when gone. */
export async function updateEntry(db: DbOrTrx, id: string, version: number, patch: Omit<Updateable<KnowledgeEntriesTable>, 'version'>): Promise<boolean> {
  return updateVersioned(db, 'knowledge_entries', { id }, version, patch);
}

export async function deleteEntry(db: DbOrTrx, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('knowledge_entries').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Entries matching the filter, at most `limit` (the caller asks one more to know whether it cut). The table holds
 * hundreds of rows: every term is an escaped LIKE over search_text (docs/knowledge.md "Search"). JSON arrays are
 * matched as text: `"inquiry"` with its quotes cannot match another kind's name.
 */
export async function listEntries(db: DbOrTrx, f: EntryFilter): Promise<EntryRow[]> {
  if (f.scope && f.scope.on.length === 0 && f.scope.within.length === 0) return [];
  let q = db.selectFrom('knowledge_entries').selectAll();
  const scope = f.scope;
  if (scope) {
    q = q.where((eb) => eb.or([...(scope.on.length ? [eb('unit_path', 'in', scope.on)] : []), ...scope.within.map((p) => likePrefix('unit_path', p))]));
  }
  if (!f.includeRetired) q = q.where('active', '=', 1);
  for (const term of f.terms) q = q.where(likeContains('search_text', term));
  if (f.kind) {
    const kind = f.kind;
    q = q.where((eb) => eb.or([eb('kinds', '=', '[]'), likeContains('kinds', `"${kind}"`)]));
  }
  if (f.category) q = q.where((eb) => eb.or([eb('category', 'is', null), eb('category', '=', f.category!)]));
  if (f.use) q = q.where(likeContains('uses', `"${f.use}"`));
  return q.orderBy('use_count', 'desc').orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).execute();
}

/** Uses per entry and place, for the given entries. */
export async function usageOf(db: DbOrTrx, entryIds: string[]): Promise<{ entry_id: string; used_in: string; n: number }[]> {
  if (entryIds.length === 0) return [];
  const rows = await db
    .selectFrom('knowledge_uses')
    .select(['entry_id', 'used_in', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('entry_id', 'in', entryIds)
    .groupBy(['entry_id', 'used_in'])
    .execute();
  return rows.map((r) => ({ entry_id: r.entry_id, used_in: r.used_in, n: Number(r.n) }));
}

/** One more use: the counter moves without touching `version`, so an administrator's edit never conflicts with agents using the entry. */
export async function recordUse(db: DbOrTrx, row: Insertable<KnowledgeUsesTable>): Promise<void> {
  await db
    .updateTable('knowledge_entries')
    .set({ use_count: sql`use_count + 1`, last_used_at: row.at })
    .where('id', '=', row.entry_id)
    .execute();
  await db.insertInto('knowledge_uses').values(row).execute();
}

export async function countUses(db: DbOrTrx, entryId: string): Promise<number> {
  const r = await db.selectFrom('knowledge_uses').select((eb) => eb.fn.countAll<string | number>().as('n')).where('entry_id', '=', entryId).executeTakeFirstOrThrow();
  return Number(r.n);
}
