import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import { updateVersioned } from '../../platform/db/versioned';
import type { UnitsTable, UsersTable } from './org.tables';

export type UnitRow = Omit<UnitsTable, 'version'> & { version: number };
export type UserRow = Omit<UsersTable, 'version' | 'active' | 'language'> & { version: number; active: number; language?: string };

const likeAny = (paths: string[]) => paths.map((p) => `${p}%`);

export async function findUnit(db: DbOrTrx, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The unit with this code (units.code), e.g. the receiving unit named by configuration (MAIL_IN_UNIT). */
export async function findUnitByCode(db: DbOrTrx, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).orderBy('path').limit(1).executeTakeFirst();
}

export async function listUnits(db: DbOrTrx, paths: string[] | null): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll();
  if (paths) {
    if (paths.length === 0) return [];
    q = q.where((eb) => eb.or(likeAny(paths).map((p) => eb('path', 'like', p))));
  }
  return q.orderBy('path').execute();
}

export async function unitsByIds(db: DbOrTrx, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').selectAll().where('id', 'in', ids).execute();
}

/** The first unit of a kind in path order (e.g. the company the public portal files with). */
export async function firstUnitOfKind(db: DbOrTrx, kind: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('kind', '=', kind).orderBy('path').limit(1).executeTakeFirst();
}

/** The oldest top-level unit, if any. */
export async function firstRootUnit(db: DbOrTrx): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
}

/** The ids of the units with exactly this name (create-admin's `--unit`; names are not unique). */
export async function unitIdsNamed(db: DbOrTrx, name: string): Promise<string[]> {
  return (await db.selectFrom('units').select('id').where('name', '=', name).orderBy('path').execute()).map((u) => u.id);
}

/** The ids of the top-level units, oldest first. */
export async function rootUnitIds(db: DbOrTrx): Promise<string[]> {
  return (await db.selectFrom('units').select('id').where('parent_id', 'is', null).orderBy('created_at').execute()).map((u) => u.id);
}

/** Units of one kind inside any of the subtrees (null = everywhere), by name. */
export async function listUnitsOfKind(db: DbOrTrx, kind: string, paths: string[] | null): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll().where('kind', '=', kind);
  if (paths) {
    if (paths.length === 0) return [];
    q = q.where((eb) => eb.or(likeAny(paths).map((p) => eb('path', 'like', p))));
  }
  return q.orderBy('name').execute();
}

/**
 * A subquery of the ids of the units inside any of the subtrees, for another module's `where(unitIdColumn, 'in', …)`:
 * one statement, no second round trip and no join on org's tables written outside org.
 */
export function unitIdsWithin(db: DbOrTrx, paths: string[]) {
  return db
    .selectFrom('units')
    .select('units.id')
    .where((eb) => eb.or(likeAny(paths).map((p) => eb('units.path', 'like', p))));
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
  return updateVersioned(db, 'units', { id }, version, patch);
}

export async function deleteUnit(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}

/**
 * Every column that refers to units.id (the foreign keys in platform/db/migrations), grouped by what a person
 * would call the rows. Deleting a unit any of them still points to would fail on the foreign key, so the
 * service names them instead. A new table that references units belongs here.
 */
export const UNIT_REFERENCES = {
  children: [['units', 'parent_id']],
  users: [['users', 'unit_id']],
  roleGrants: [['user_roles', 'unit_id']],
  workOrders: [['work_orders', 'unit_id', 'department_id']],
  gradingRecords: [
    ['grading_grades', 'mine_id'],
    ['grading_history', 'mine_id'],
    ['grading_applications', 'mine_id'],
    ['grading_proposals', 'mine_id'],
    ['grading_announcements', 'mine_id'],
    ['grading_province_config', 'province_id'],
    ['grading_sheets', 'mine_id'],
    ['grading_attachments', 'mine_id'],
    ['grading_extensions', 'mine_id'],
    ['grading_self_inspections', 'mine_id'],
  ],
  accidents: [['accidents', 'unit_id']],
  deductionEntries: [['deduction_entries', 'unit_id']],
  staffMembers: [['staff_members', 'unit_id']],
  webhooks: [['webhooks', 'unit_id']],
} as const satisfies Record<string, readonly (readonly [string, ...string[]])[]>;

export type UnitDependants = Record<keyof typeof UNIT_REFERENCES, number>;

export async function countUnitDependants(db: DbOrTrx, id: string): Promise<UnitDependants> {
  const out = {} as UnitDependants;
  for (const [what, refs] of Object.entries(UNIT_REFERENCES) as [keyof UnitDependants, (typeof UNIT_REFERENCES)[keyof UnitDependants]][]) {
    let n = 0;
    for (const [table, ...columns] of refs) {
      const match = sql.join(columns.map((c) => sql`${sql.ref(c)} = ${id}`), sql` or `);
      const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${match}`.execute(db);
      n += Number(row.rows[0]?.n ?? 0);
    }
    out[what] = n;
  }
  return out;
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

/** True when no user exists yet. */
export async function hasNoUsers(db: DbOrTrx): Promise<boolean> {
  return !(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** An active user with their unit's path (the session's person). */
export async function findActiveUserWithUnit(db: DbOrTrx, id: string) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.unit_id', 'users.language', 'units.path as unit_path'])
    .where('users.id', '=', id)
    .where('users.active', '=', 1)
    .executeTakeFirst();
}

/** The e-mail addresses of these users (null when none is on file) and the language they read (zh | en). */
export async function userEmails(db: DbOrTrx, ids: string[]): Promise<{ id: string; email: string | null; language: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'email', 'language']).where('id', 'in', ids).execute();
}

/** Names and phone numbers of users, for the SMS a repair sends the people concerned (docs/callcenter.md "Emergency repairs"). */
export async function userPhones(db: DbOrTrx, ids: string[]): Promise<{ id: string; display_name: string; phone: string | null }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'display_name', 'phone']).where('id', 'in', ids).execute();
}

/** The user's own language preference (profile): notifications and mail are written in it. */
export async function setUserLanguage(db: DbOrTrx, id: string, language: 'zh' | 'en', at: string): Promise<void> {
  await db.updateTable('users').set({ language, updated_at: at }).where('id', '=', id).execute();
}

/** Display names of every user, by id (the demo seeder's timelines). */
export async function userDisplayNames(db: DbOrTrx): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
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
  return updateVersioned(db, 'users', { id }, version, patch);
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

/**
 * The units inside `withinPath` (itself included) on which an active user holds one of `roles`, nearest the top
 * first, then by path — e.g. the call centres of a company, where its team leads hold their role.
 */
export async function unitsWithRoleHeld(db: DbOrTrx, withinPath: string, roles: readonly string[]): Promise<{ id: string; path: string }[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .innerJoin('units', 'units.id', 'user_roles.unit_id')
    .select(['units.id', 'units.path'])
    .distinct()
    .where('units.path', 'like', `${withinPath}%`)
    .where('user_roles.role', 'in', [...roles])
    .where('users.active', '=', 1)
    .execute();
  // Ordered here: the paths are UUIDs and slashes, so code-unit order equals either database's.
  return rows.sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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

/**
 * Active users holding one of `roles` exactly on one of `unitIds`, with the role, the unit and the username;
 * `byUsername` orders them by username (otherwise the database's order).
 */
export async function roleHolders(
  db: DbOrTrx,
  unitIds: string[],
  roles: readonly string[],
  opts: { byUsername?: boolean } = {},
): Promise<{ user_id: string; unit_id: string; role: string; username: string }[]> {
  if (unitIds.length === 0 || roles.length === 0) return [];
  const q = db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.user_id', 'user_roles.unit_id', 'user_roles.role', 'users.username'])
    .where('user_roles.unit_id', 'in', unitIds)
    .where('user_roles.role', 'in', [...roles])
    .where('users.active', '=', 1);
  return (opts.byUsername ? q.orderBy('users.username') : q).execute();
}
