import { sql } from 'kysely';
import type { Db } from '../db/database';

/**
 * A fixed-window counter kept in the database, so every instance sharing one PostgreSQL enforces the same
 * limit (non-negotiable 2). Returns the seconds to wait when the limit is exceeded, else 0.
 */
export async function hitRateLimit(db: Db, key: string, max: number, windowMs: number, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`CASE WHEN rate_limits.window_start = ${windowStart} THEN rate_limits.count + 1 ELSE 1 END`,
        window_start: windowStart,
      }),
    )
    .returning(['count'])
    .executeTakeFirstOrThrow();
  if (row.count <= max) return 0;
  return Math.ceil((new Date(windowStart).getTime() + windowMs - now.getTime()) / 1000);
}

/**
 * Takes one attempt from `key`'s budget BEFORE the work it guards (a password check), in one atomic statement
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING on both engines), so parallel requests — on one instance or on
 * several sharing PostgreSQL — can never evaluate more than `max` attempts per window: the row lock orders them
 * and each sees the count the previous one left. Counting after the slow hash let 100 requests sent at once all
 * pass a check that read the count first (docs/security.md, V2). `release()` gives the slot back (a successful
 * attempt need not count), in the same window only.
 */
export async function claimAttempt(db: Db, key: string, max: number, windowMs: number, now: Date): Promise<{ wait: number; release(): Promise<void> }> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const wait = await hitRateLimit(db, key, max, windowMs, now);
  return {
    wait,
    async release() {
      await db
        .updateTable('rate_limits')
        .set({ count: sql<number>`count - 1` })
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .where('count', '>', 0)
        .execute();
    },
  };
}
