import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import { AppError, invalid, staleVersion, tooManyRequests } from '../../platform/http/errors';
import { clearRateLimit, hitRateLimit, rateLimitWait } from '../../platform/http/rate-limit';
import { recordAudit } from '../audit/audit.service';
import * as orgRepo from '../org/org.repository';
import type { RoleCode } from '../org/roles';
import * as repo from './auth.repository';
import { DUMMY_HASH, hashPassword, validatePasswordStrength, verifyPassword } from './password';
import type { Principal } from './principal';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

export async function login(
  ctx: AppContext,
  input: { username: string; password: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  // Failed attempts count in two buckets: per username (guessing one account) and per address (spraying many).
  // Once a bucket is full, even the right password waits until the window ends.
  const limits = [
    { key: `login:user:${input.username.toLowerCase()}`, max: ctx.config.login.maxAttempts },
    { key: `login:ip:${input.ip}`, max: ctx.config.login.maxAttempts * 4 },
  ];
  for (const l of limits) {
    const wait = await rateLimitWait(ctx.db, l.key, l.max, ctx.config.login.windowMs, now);
    if (wait > 0) throw tooManyRequests(wait);
  }
  const user = await orgRepo.findUserByUsername(ctx.db, input.username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.active !== 1) {
    for (const l of limits) await hitRateLimit(ctx.db, l.key, l.max, ctx.config.login.windowMs, now);
    await recordAudit(ctx.db, { at: now, actor: null, action: 'auth.login_failed', subjectType: 'user', subjectId: user?.id ?? null, note: input.username, unitId: user?.unit_id });
    throw new AppError(401, 'invalid_credentials', 'Wrong username or password', '用户名或密码错误');
  }
  await clearRateLimit(ctx.db, limits[0].key);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteExpiredSessions(trx, now.toISOString());
    await repo.insertSession(trx, {
      id: hashToken(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, { at: now, actor: { id: user.id, displayName: user.display_name }, action: 'auth.login', subjectType: 'user', subjectId: user.id, unitId: user.unit_id });
  });
  const principal = await loadPrincipal(ctx, token);
  return { token, expiresAt, principal: principal! };
}

export async function logout(ctx: AppContext, token: string, p: Principal | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, hashToken(token));
    if (p) await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'auth.logout', subjectType: 'user', subjectId: p.id, unitId: p.unitId });
  });
}

export async function loadPrincipal(ctx: Pick<AppContext, 'db' | 'clock'>, token: string): Promise<Principal | null> {
  const row = await repo.findSessionUser(ctx.db, hashToken(token), ctx.clock.now().toISOString());
  if (!row) return null;
  const roles = await orgRepo.listRolesOf(ctx.db, [row.id]);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    roles: roles.map((r) => ({ role: r.role as RoleCode, unitId: r.unit_id, unitPath: r.unit_path })),
  };
}

export async function changePassword(ctx: AppContext, p: Principal, current: string, next: string, token: string): Promise<void> {
  const user = await orgRepo.findUser(ctx.db, p.id);
  if (!user || !(await verifyPassword(current, user.password_hash))) {
    throw invalid([{ field: 'currentPassword', message: '当前密码不正确 / current password is wrong' }]);
  }
  const weak = validatePasswordStrength(next);
  if (weak) throw invalid([{ field: 'newPassword', message: weak }]);
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await orgRepo.updateUser(trx, p.id, user.version, { password_hash: hash, updated_at: ctx.clock.now().toISOString() }))) throw staleVersion(user.version);
    // Every other session of this user ends: a changed password must lock out whoever had the old one.
    await trx.deleteFrom('sessions').where('user_id', '=', p.id).where('id', '!=', hashToken(token)).execute();
    await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'auth.password_change', subjectType: 'user', subjectId: p.id, unitId: p.unitId });
  });
}
