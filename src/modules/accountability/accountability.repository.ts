import type { DbOrTrx } from '../../platform/db/database';
import * as org from '../org';
import type { AccidentsTable, DeductionEntriesTable } from './accountability.tables';

// Kysely queries of the accountability module; the service decides who may see what (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions).

export type AccidentRow = Omit<AccidentsTable, 'version'> & { version: number };
export type AccidentListRow = AccidentRow & { unit_name: string; unit_path: string; responsible_name: string; total_points: number };
export type EntryRow = DeductionEntriesTable & {
  user_name: string;
  unit_name: string;
  accident_title: string;
  accident_level: string;
  accident_kind: string;
  work_order_id: string | null;
  work_order_number: string | null;
  occurred_on: string;
};

/** Who may be seen: units under one of `paths`, or entries of `selfId` (the affected person). null = everyone. */
export interface Visibility {
  paths: string[] | null;
  selfId: string;
}

const likeAny = (paths: string[]) => paths.map((p) => `${p}%`);

export async function insertAccident(db: DbOrTrx, row: Omit<AccidentRow, 'version'>): Promise<void> {
  await db.insertInto('accidents').values(row).execute();
}

export async function insertEntries(db: DbOrTrx, rows: DeductionEntriesTable[]): Promise<void> {
  if (rows.length) await db.insertInto('deduction_entries').values(rows).execute();
}

/** Holders of `roles` on exactly these units, with the unit they hold it on (active users only). */
export async function roleHolders(db: DbOrTrx, unitIds: string[], roles: readonly string[]): Promise<{ user_id: string; unit_id: string; role: string; username: string }[]> {
  return org.roleHolders(db, unitIds, roles, { byUsername: true });
}

function accidentQuery(db: DbOrTrx) {
  return db
    .selectFrom('accidents')
    .innerJoin('units', 'units.id', 'accidents.unit_id')
    .innerJoin('users', 'users.id', 'accidents.responsible_user_id')
    .selectAll('accidents')
    .select((eb) => [
      'units.name as unit_name',
      'units.path as unit_path',
      'users.display_name as responsible_name',
      eb.fn.coalesce(eb.selectFrom('deduction_entries').select((e) => e.fn.sum<number>('points').as('s')).whereRef('deduction_entries.accident_id', '=', 'accidents.id'), eb.lit(0)).as('total_points'),
    ]);
}

export async function listAccidents(db: DbOrTrx, vis: Visibility): Promise<AccidentListRow[]> {
  let q = accidentQuery(db);
  if (vis.paths) {
    const paths = vis.paths;
    q = q.where((eb) =>
      eb.or([
        ...likeAny(paths).map((p) => eb('units.path', 'like', p)),
        eb.exists(eb.selectFrom('deduction_entries').select('deduction_entries.id').whereRef('deduction_entries.accident_id', '=', 'accidents.id').where('deduction_entries.user_id', '=', vis.selfId)),
      ]),
    );
  }
  const rows = await q.orderBy('accidents.occurred_on', 'desc').orderBy('accidents.created_at', 'desc').limit(500).execute();
  return rows.map((r) => ({ ...r, total_points: Number(r.total_points) }));
}

export async function findAccident(db: DbOrTrx, id: string): Promise<AccidentListRow | undefined> {
  const r = await accidentQuery(db).where('accidents.id', '=', id).executeTakeFirst();
  return r && { ...r, total_points: Number(r.total_points) };
}

export interface EntryFilter {
  accidentId?: string;
  month?: string;
  fromMonth?: string;
  toMonth?: string;
  userId?: string;
  unitPath?: string;
}

export async function listEntries(db: DbOrTrx, vis: Visibility, f: EntryFilter): Promise<(EntryRow & { unit_path: string })[]> {
  let q = db
    .selectFrom('deduction_entries')
    .innerJoin('accidents', 'accidents.id', 'deduction_entries.accident_id')
    .innerJoin('users', 'users.id', 'deduction_entries.user_id')
    .innerJoin('units', 'units.id', 'deduction_entries.unit_id')
    .selectAll('deduction_entries')
    .select(['users.display_name as user_name', 'units.name as unit_name', 'units.path as unit_path', 'accidents.title as accident_title', 'accidents.level as accident_level', 'accidents.kind as accident_kind', 'accidents.work_order_id', 'accidents.work_order_number', 'accidents.occurred_on']);
  if (vis.paths) {
    const paths = vis.paths;
    q = q.where((eb) => eb.or([...likeAny(paths).map((p) => eb('units.path', 'like', p)), eb('deduction_entries.user_id', '=', vis.selfId)]));
  }
  if (f.accidentId) q = q.where('deduction_entries.accident_id', '=', f.accidentId);
  if (f.month) q = q.where('deduction_entries.month', '=', f.month);
  if (f.fromMonth) q = q.where('deduction_entries.month', '>=', f.fromMonth);
  if (f.toMonth) q = q.where('deduction_entries.month', '<=', f.toMonth);
  if (f.userId) q = q.where('deduction_entries.user_id', '=', f.userId);
  if (f.unitPath) q = q.where('units.path', 'like', `${f.unitPath}%`);
  return q.orderBy('deduction_entries.month', 'desc').orderBy('users.username').orderBy('deduction_entries.created_at').execute();
}
