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

/** The user of an unexpired session (the person behind it is org's: see `findActiveUserWithUnit`). */
export async function findSession(db: DbOrTrx, sessionId: string, nowIso: string): Promise<{ user_id: string; expires_at: string } | undefined> {
  return db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id', '=', sessionId).where('expires_at', '>', nowIso).executeTakeFirst();
}

/** Ends every session of a user except one (after a password change). */
export async function deleteOtherSessions(db: DbOrTrx, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepId).execute();
}
