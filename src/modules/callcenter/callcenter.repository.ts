import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import type { CallcenterTargetsTable, DutyLogTable } from './callcenter.tables';

// The call centre's queries (docs/callcenter.md). Unit paths are UUIDv7 ids and slashes: no LIKE wildcard to escape.

export type DutyLogRow = Selectable<DutyLogTable>;

export async function listDutyLog(db: DbOrTrx, q: { scope: string[]; from: string; to: string }): Promise<(DutyLogRow & { unit_name: string })[]> {
  if (q.scope.length === 0) return [];
  return db
    .selectFrom('callcenter_duty_log as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .selectAll('d')
    .select('u.name as unit_name')
    .where((eb) => eb.or(q.scope.map((p) => eb('d.unit_path', 'like', `${p}%`))))
    .where('d.date', '>=', q.from)
    .where('d.date', '<=', q.to)
    .orderBy('d.date', 'desc')
    .orderBy('d.created_at', 'desc')
    .limit(500)
    .execute();
}

export async function findDutyLog(db: DbOrTrx, id: string): Promise<(DutyLogRow & { unit_name: string }) | undefined> {
  return db.selectFrom('callcenter_duty_log as d').innerJoin('units as u', 'u.id', 'd.unit_id').selectAll('d').select('u.name as unit_name').where('d.id', '=', id).executeTakeFirst();
}

export async function findDutyLogSlot(db: DbOrTrx, unitId: string, date: string, shift: string) {
  return db.selectFrom('callcenter_duty_log').select(['id', 'created_by_name']).where('unit_id', '=', unitId).where('date', '=', date).where('shift', '=', shift).executeTakeFirst();
}

export async function insertDutyLog(db: DbOrTrx, row: Insertable<DutyLogTable>): Promise<void> {
  await db.insertInto('callcenter_duty_log').values(row).execute();
}

export async function scheduleBetween(db: DbOrTrx, unitId: string, from: string, to: string) {
  return db
    .selectFrom('callcenter_schedules')
    .select(['date', 'shift', 'user_id'])
    .where('unit_id', '=', unitId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('shift')
    .execute();
}

export async function replaceScheduleSlot(db: DbOrTrx, unitId: string, date: string, shift: string, userIds: string[], at: string, by: string): Promise<void> {
  await db.deleteFrom('callcenter_schedules').where('unit_id', '=', unitId).where('date', '=', date).where('shift', '=', shift).execute();
  if (userIds.length) {
    await db
      .insertInto('callcenter_schedules')
      .values([...new Set(userIds)].map((user_id) => ({ unit_id: unitId, date, shift, user_id, created_at: at, created_by: by })))
      .execute();
  }
}

export async function targetsOf(db: DbOrTrx, unitId: string, month: string): Promise<Selectable<CallcenterTargetsTable>[]> {
  return db.selectFrom('callcenter_targets').selectAll().where('unit_id', '=', unitId).where('month', '=', month).execute();
}

export async function upsertTarget(db: DbOrTrx, row: Insertable<CallcenterTargetsTable>): Promise<void> {
  await db
    .insertInto('callcenter_targets')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['unit_id', 'user_id', 'month']).doUpdateSet({
        handled: row.handled,
        on_time_rate: row.on_time_rate,
        satisfaction: row.satisfaction,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}
