import type { DbOrTrx } from '../../platform/db/database';

export async function insertSession(
  db: DbOrTrx,
  row: { id: string; user_id: string; created_at: string; expires_at: string; ip: string | null; user_agent: string | null },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: DbOrTrx, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}

/** Ends every session of a user except one (after a password change). */
export async function deleteOtherSessions(db: DbOrTrx, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepId).execute();
}

/**
 * Everything a request's principal is made of, in one statement (it runs before every signed-in request, and on
 * PostgreSQL each statement is a round trip: docs/performance.md "Intake: where the time goes"): the unexpired
 * session's active user with their unit, one row per role they hold (the role columns null when they hold none).
 * The users, units and roles are org's tables; this is the one read of them that auth makes on its own.
 */
export async function sessionPrincipalRows(db: DbOrTrx, sessionId: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .leftJoin('units as role_units', 'role_units.id', 'user_roles.unit_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.unit_id', 'users.language', 'units.path as unit_path', 'user_roles.role', 'user_roles.unit_id as role_unit_id', 'role_units.path as role_unit_path'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.active', '=', 1)
    .execute();
}
