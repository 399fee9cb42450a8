import type { AppContext } from '../context';
import type { DbOrTrx } from '../db/database';
import { newId } from '../ids';

/**
 * Side effects leave through the outbox (docs/architecture.md#conventions-every-module-follows): a service enqueues a message in the same transaction
 * as its change; the outbox worker delivers it later with retries and back-off.
 */
export async function enqueue(db: DbOrTrx, topic: string, payload: unknown, at: Date): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: newId(at.getTime()),
      topic,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      available_at: at.toISOString(),
      locked_until: null,
      last_error: null,
      created_at: at.toISOString(),
      sent_at: null,
    })
    .execute();
}

export type OutboxHandler = (ctx: AppContext, payload: unknown) => Promise<void>;

/** After this many failed attempts a message is given up (`failed`). */
export const OUTBOX_MAX_ATTEMPTS = 8;
const LOCK_MS = 60_000;

/** Back-off: 30 s, 1 min, 2 min, … capped at 1 h. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3600_000);

/**
 * Claims up to `limit` due messages and delivers them. On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`, so
 * several instances never deliver the same message; SQLite serialises writers, which gives the same guarantee.
 */
export async function deliverOutbox(ctx: AppContext, handlers: Record<string, OutboxHandler>, limit = 20): Promise<number> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('available_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
      .orderBy('available_at')
      .orderBy('id') // ids are time-ordered and monotonic per process: ties leave in the order they were enqueued
      .limit(limit);
    if (ctx.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    if (rows.length) {
      await trx
        .updateTable('outbox')
        .set({ locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
    }
    return rows;
  });
  for (const row of claimed) {
    const handler = handlers[row.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${row.topic}`);
      await handler(ctx, JSON.parse(row.payload));
      await ctx.db.updateTable('outbox').set({ status: 'sent', sent_at: ctx.clock.now().toISOString(), locked_until: null }).where('id', '=', row.id).execute();
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      ctx.log.warn({ outboxId: row.id, topic: row.topic, attempts, err: message }, 'outbox delivery failed');
      await ctx.db
        .updateTable('outbox')
        .set({
          attempts,
          status: attempts >= OUTBOX_MAX_ATTEMPTS ? 'failed' : 'pending',
          available_at: new Date(ctx.clock.now().getTime() + backoffMs(attempts)).toISOString(),
          locked_until: null,
          last_error: message.slice(0, 1000),
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return claimed.length;
}
