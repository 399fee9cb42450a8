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

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** Seconds until `key` may try again without counting this call, or 0 when it is under the limit. */
export async function rateLimitWait(db: Db, key: string, max: number, windowMs: number, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const row = await db.selectFrom('rate_limits').select(['count', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row || row.window_start !== windowStart || row.count < max) return 0;
  return Math.ceil((new Date(windowStart).getTime() + windowMs - now.getTime()) / 1000);
}
