import type { DbOrTrx } from '../../platform/db/database';
import type { UnitsTable, UsersTable } from '../../platform/db/schema';

export type UnitRow = Omit<UnitsTable, 'version'> & { version: number };
export type UserRow = Omit<UsersTable, 'version' | 'active'> & { version: number; active: number };

const likeAny = (paths: string[]) => paths.map((p) => `${p}%`);

export async function findUnit(db: DbOrTrx, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUnits(db: DbOrTrx, paths: string[] | null): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll();
  if (paths) {
    if (paths.length === 0) return [];
    q = q.where((eb) => eb.or(likeAny(paths).map((p) => eb('path', 'like', p))));
  }
  return q.orderBy('path').execute();
}

export async function insertUnit(db: DbOrTrx, row: Omit<UnitRow, 'version'>): Promise<void> {
  await db.insertInto('units').values(row).execute();
}

export async function updateUnit(
  db: DbOrTrx,
  id: string,
  version: number,
  patch: Partial<Pick<UnitRow, 'name' | 'kind' | 'code' | 'attrs' | 'updated_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('units')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteUnit(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}

export async function countUnitDependants(db: DbOrTrx, id: string): Promise<{ children: number; users: number }> {
  const c = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
  const u = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', id).executeTakeFirstOrThrow();
  return { children: Number(c.n), users: Number(u.n) };
}

export async function findUserByUsername(db: DbOrTrx, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUser(db: DbOrTrx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: DbOrTrx, paths: string[] | null): Promise<(UserRow & { unit_name: string; unit_path: string })[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .selectAll('users')
    .select(['units.name as unit_name', 'units.path as unit_path']);
  if (paths) {
    if (paths.length === 0) return [];
    q = q.where((eb) => eb.or(likeAny(paths).map((p) => eb('units.path', 'like', p))));
  }
  return q.orderBy('users.username').execute();
}

export async function insertUser(db: DbOrTrx, row: Omit<UserRow, 'version'>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(
  db: DbOrTrx,
  id: string,
  version: number,
  patch: Partial<Pick<UserRow, 'display_name' | 'unit_id' | 'email' | 'phone' | 'active' | 'password_hash' | 'updated_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface RoleRow {
  user_id: string;
  role: string;
  unit_id: string;
  unit_path: string;
  unit_name: string;
}

export async function listRolesOf(db: DbOrTrx, userIds: string[]): Promise<RoleRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('user_roles')
    .innerJoin('units', 'units.id', 'user_roles.unit_id')
    .select(['user_roles.user_id', 'user_roles.role', 'user_roles.unit_id', 'units.path as unit_path', 'units.name as unit_name'])
    .where('user_roles.user_id', 'in', userIds)
    .execute();
}

export async function replaceRoles(db: DbOrTrx, userId: string, roles: { role: string; unitId: string }[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) {
    await db
      .insertInto('user_roles')
      .values(roles.map((r) => ({ user_id: userId, role: r.role, unit_id: r.unitId })))
      .execute();
  }
}

/** Users holding `role` on the unit or one of its ancestors (e.g. the department head of a department). */
export async function findRoleHolders(db: DbOrTrx, role: string, unitIds: string[]): Promise<{ user_id: string; unit_id: string }[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.user_id', 'user_roles.unit_id'])
    .where('user_roles.role', '=', role)
    .where('user_roles.unit_id', 'in', unitIds)
    .where('users.active', '=', 1)
    .execute();
}
