import type { DbOrTrx } from '../../platform/db/database';
import { updateVersioned } from '../../platform/db/versioned';
import type { StaffLevelDecisionsTable, StaffMembersTable } from './staff.tables';

// Kysely queries only (docs/architecture.md#conventions-every-module-follows).

export type StaffRow = StaffMembersTable & { unit_name: string; unit_path: string };

function withUnit(db: DbOrTrx) {
  return db.selectFrom('staff_members').innerJoin('units', 'units.id', 'staff_members.unit_id').selectAll('staff_members').select(['units.name as unit_name', 'units.path as unit_path']);
}

export async function findStaff(db: DbOrTrx, id: string): Promise<StaffRow | undefined> {
  return withUnit(db).where('staff_members.id', '=', id).executeTakeFirst();
}

/** Staff whose unit lies in one of `paths` (subtree prefixes), optionally within one unit's subtree too. */
export async function listStaff(db: DbOrTrx, paths: string[], unitPath?: string): Promise<StaffRow[]> {
  if (!paths.length) return [];
  let q = withUnit(db).where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))));
  if (unitPath) q = q.where('units.path', 'like', `${unitPath}%`);
  return q.orderBy('units.path').orderBy('staff_members.name').orderBy('staff_members.id').execute();
}

export async function insertStaff(db: DbOrTrx, row: StaffMembersTable): Promise<void> {
  await db.insertInto('staff_members').values(row).execute();
}

/** Updates when the version still matches; a stale version throws 409 `stale_version`, a missing row returns false. */
export async function updateStaff(db: DbOrTrx, id: string, version: number, patch: Partial<StaffMembersTable>): Promise<boolean> {
  return updateVersioned(db, 'staff_members', { id }, version, patch);
}

export async function deleteStaff(db: DbOrTrx, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('staff_members').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function insertDecision(db: DbOrTrx, row: StaffLevelDecisionsTable): Promise<void> {
  await db.insertInto('staff_level_decisions').values(row).execute();
}

export async function listDecisions(db: DbOrTrx, staffId: string): Promise<(StaffLevelDecisionsTable & { decided_by_name: string | null })[]> {
  return db
    .selectFrom('staff_level_decisions')
    .leftJoin('users', 'users.id', 'staff_level_decisions.decided_by')
    .selectAll('staff_level_decisions')
    .select('users.display_name as decided_by_name')
    .where('staff_id', '=', staffId)
    .orderBy('decided_at', 'desc')
    .orderBy('staff_level_decisions.id', 'desc')
    .execute();
}

export async function countDecisions(db: DbOrTrx, staffId: string): Promise<number> {
  const r = await db.selectFrom('staff_level_decisions').select((eb) => eb.fn.countAll<number>().as('n')).where('staff_id', '=', staffId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Valid (status ≠ invalid) work orders of `kind` naming `name` as the staff member, owned by or dispatched to a
 * unit in the subtree `unitPath`, received before `before` (docs/staff-levels.md "Matching").
 */
export async function countNamedWorkOrders(db: DbOrTrx, kind: 'praise' | 'complaint', name: string, unitPath: string, before: string): Promise<number> {
  const r = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .where('status', '!=', 'invalid')
    .where('staff_name', '=', name)
    .where('received_at', '<', before)
    .where((eb) => eb.or([eb('unit_path', 'like', `${unitPath}%`), eb('department_path', 'like', `${unitPath}%`)]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
