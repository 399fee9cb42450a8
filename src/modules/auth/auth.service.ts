import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import { AppError, fieldError, invalid, staleVersion, tooManyRequests, unauthorized } from '../../platform/http/errors';
import { claimAttempt } from '../../platform/http/rate-limit';
import { recordAudit } from '../audit';
import * as org from '../org';
import type { RoleCode } from '../org';
import * as repo from './auth.repository';
import { DUMMY_HASH, hashPassword, validatePasswordStrength, verifyPassword } from './password';
import type { Principal } from './principal';

/** The session cookie's name. */
export const SESSION_COOKIE = 'gauge_session';

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
  // Two budgets, each claimed before the password is hashed (claimAttempt explains why): per client address
  // (spraying many usernames) and per username (guessing one account, shared with the password change). Once a
  // budget is spent, even the right password waits until the window ends. The address is claimed first, so a
  // refused address does not also use up the username's budget.
  const address = await claimAddressAttempt(ctx, input.ip, now);
  const account = await claimAccountAttempt(ctx, input.username, now);
  const user = await org.findUserByUsername(ctx.db, input.username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.active !== 1) {
    await recordAudit(ctx.db, { at: now, actor: null, action: 'auth.login_failed', subjectType: 'user', subjectId: user?.id ?? null, note: input.username, unitId: user?.unit_id });
    throw new AppError(401, 'invalid_credentials', 'Wrong username or password', '用户名或密码错误');
  }
  // Only failures count: a successful sign-in gives both slots back, so colleagues behind one address and a
  // user who finally types it right are not charged for it.
  await account.release();
  await address.release();
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

async function claimAccountAttempt(ctx: AppContext, username: string, now: Date, field = 'username') {
  const { maxAttempts, windowMs } = ctx.config.login;
  const slot = await claimAttempt(ctx.db, `login:user:${username.toLowerCase()}`, maxAttempts, windowMs, now);
  if (slot.wait > 0) {
    throw tooManyRequests(slot.wait, `Too many wrong passwords for this user; try again in ${slot.wait} s`, `该用户密码错误次数过多，请 ${slot.wait} 秒后再试`, [
      { field, message: `密码错误次数过多，请 ${slot.wait} 秒后再试 / too many wrong passwords, try again in ${slot.wait} s` },
    ]);
  }
  return slot;
}

async function claimAddressAttempt(ctx: AppContext, ip: string, now: Date) {
  const { maxAttemptsPerAddress, windowMs } = ctx.config.login;
  const slot = await claimAttempt(ctx.db, `login:ip:${ip}`, maxAttemptsPerAddress, windowMs, now);
  if (slot.wait > 0) {
    throw tooManyRequests(slot.wait, `Too many sign-in attempts from this address; try again in ${slot.wait} s`, `该地址登录尝试次数过多，请 ${slot.wait} 秒后再试`);
  }
  return slot;
}

export async function logout(ctx: AppContext, token: string, p: Principal | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, hashToken(token));
    if (p) await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'auth.logout', subjectType: 'user', subjectId: p.id, unitId: p.unitId });
  });
}

export async function loadPrincipal(ctx: Pick<AppContext, 'db' | 'clock'>, token: string): Promise<Principal | null> {
  const rows = await repo.sessionPrincipalRows(ctx.db, hashToken(token), ctx.clock.now().toISOString());
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    // A role whose unit is gone has no path: the inner join of the roles query left it out before, and so here.
    roles: rows.filter((r) => r.role !== null && r.role_unit_path !== null).map((r) => ({ role: r.role as RoleCode, unitId: r.role_unit_id!, unitPath: r.role_unit_path! })),
    language: row.language === 'en' ? 'en' : 'zh',
  };
}

export async function changePassword(ctx: AppContext, p: Principal, current: string, next: string, token: string): Promise<void> {
  const user = await org.findUser(ctx.db, p.id);
  if (!user) throw unauthorized();
  const weak = await validatePasswordStrength(next, [user.username, user.display_name, user.email, user.phone]);
  if (weak) throw invalid([{ field: 'newPassword', message: weak }]);
  // The current-password check is a password guess too (a stolen session could try many): it spends the same
  // per-username budget as signing in.
  const account = await claimAccountAttempt(ctx, user.username, ctx.clock.now(), 'currentPassword');
  if (!(await verifyPassword(current, user.password_hash))) {
    throw invalid([fieldError('currentPassword', '当前密码不正确', 'current password is wrong')]);
  }
  await account.release();
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await org.updateUser(trx, p.id, user.version, { password_hash: hash, updated_at: ctx.clock.now().toISOString() }))) throw staleVersion(user.version);
    // Every other session of this user ends: a changed password must lock out whoever had the old one.
    await repo.deleteOtherSessions(trx, p.id, hashToken(token));
    await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'auth.password_change', subjectType: 'user', subjectId: p.id, unitId: p.unitId });
  });
}

/** The user's own language preference (docs/notifications.md): their notifications and mail are written in it. */
export async function setLanguage(ctx: AppContext, p: Principal, language: 'zh' | 'en'): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await org.setUserLanguage(trx, p.id, language, now.toISOString());
    await recordAudit(trx, { at: now, actor: p, action: 'user.language', subjectType: 'user', subjectId: p.id, unitId: p.unitId, before: { language: p.language ?? 'zh' }, after: { language } });
  });
}
