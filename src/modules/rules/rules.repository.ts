import type { DbOrTrx } from '../../platform/db/database';
import type { RulePackVersionsTable } from './rules.tables';

// Kysely queries only (docs/architecture.md#conventions-every-module-follows).

export type RulePackVersionRow = RulePackVersionsTable;
export type RulePackVersionMeta = Omit<RulePackVersionRow, 'yaml'>;

export async function listVersions(db: DbOrTrx, packId?: string): Promise<RulePackVersionMeta[]> {
  let q = db.selectFrom('rule_pack_versions').select(['pack_id', 'version', 'note', 'created_at', 'created_by', 'created_by_name']);
  if (packId !== undefined) q = q.where('pack_id', '=', packId);
  return q.orderBy('pack_id').orderBy('version').execute();
}

export async function findVersion(db: DbOrTrx, packId: string, version: number): Promise<RulePackVersionRow | undefined> {
  return db.selectFrom('rule_pack_versions').selectAll().where('pack_id', '=', packId).where('version', '=', version).executeTakeFirst();
}

export async function latestVersion(db: DbOrTrx, packId: string): Promise<number | null> {
  const row = await db
    .selectFrom('rule_pack_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('pack_id', '=', packId)
    .executeTakeFirst();
  return row?.v === null || row?.v === undefined ? null : Number(row.v);
}

/** Inserts unless the (pack, version) exists already; several instances may record a shipped pack at once. */
export async function insertVersionIfAbsent(db: DbOrTrx, row: RulePackVersionRow): Promise<boolean> {
  const r = await db
    .insertInto('rule_pack_versions')
    .values(row)
    .onConflict((oc) => oc.columns(['pack_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
