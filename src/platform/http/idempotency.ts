import { createHash } from 'node:crypto';
import type { AppContext } from '../context';
import type { Trx } from '../db/database';
import { AppError } from './errors';

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
}

async function findIdempotent(ctx: Pick<AppContext, 'db'>, scope: string, key: string, hash: string) {
  const row = await ctx.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash) {
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request', '该幂等键已用于不同的请求');
  }
  return { status: row.status_code, body: JSON.parse(row.response) as unknown };
}

/**
 * Runs `create` in a transaction at most once per (scope, key): a retry with the same key returns the first
 * response, never a duplicate (non-negotiable 5). The key row commits with the creation, so a crash leaves
 * neither; when two retries race, the database's primary key lets one win and the other replays its result.
 * The same key with a different body is refused with 422. `beforeTransaction` runs only when `create` is about
 * to run (not for a replay), outside its transaction: the intake takes its number there on PostgreSQL.
 */
export async function idempotent<T>(
  ctx: AppContext,
  scope: string,
  key: string | undefined,
  body: unknown,
  create: (trx: Trx) => Promise<{ status: number; body: T }>,
  opts: { beforeTransaction?: () => Promise<void> } = {},
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (!key) {
    await opts.beforeTransaction?.();
    return { ...(await ctx.db.transaction().execute(create)), replayed: false };
  }
  if (key.length > 200) throw new AppError(422, 'idempotency_key_invalid', 'Idempotency-Key is longer than 200 characters', '幂等键过长');
  const hash = requestHash(body);
  const seen = await findIdempotent(ctx, scope, key, hash);
  if (seen) return { status: seen.status, body: seen.body as T, replayed: true };
  await opts.beforeTransaction?.();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const result = await create(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: hash, status_code: result.status, response: JSON.stringify(result.body), created_at: ctx.clock.now().toISOString() })
        .execute();
      return { ...result, replayed: false };
    });
  } catch (err) {
    const again = await findIdempotent(ctx, scope, key, hash);
    if (again) return { status: again.status, body: again.body as T, replayed: true };
    throw err;
  }
}
