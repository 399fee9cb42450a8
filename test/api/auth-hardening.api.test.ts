import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { createAdmin } from '../../src/modules/auth/create-admin';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// Every password verification (the slow scrypt) is counted, so a test can say how many guesses were evaluated.
const verifications = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/modules/auth/password', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/modules/auth/password')>();
  return {
    ...mod,
    verifyPassword: async (password: string, stored: string) => {
      verifications.n++;
      return mod.verifyPassword(password, stored);
    },
  };
});

const DEMO = 'demo1234';
const STRONG = 'amber-kite-harbour-7';
const WINDOW_MS = 300_000;

// Findings of an attack on the running system (docs/security.md): sign-in limits under concurrency, forwarded
// addresses, administrators reaching across trees, cross-site requests and headers, weak passwords.
describe.each(TEST_DIALECTS)('authentication and administration hardening on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  const login = (app: TestApp['app'], username: string, password: string, remoteAddress = '198.51.100.1', headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string | null, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url, ...(payload !== undefined && { payload: payload as object }), headers: { ...(cookie && { cookie }), ...headers } });
  const unitId = async (name: string) => (await t.ctx.db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const newUser = async (username: string, unit: string, roles: { role: string; unitId: string }[], password = STRONG) => {
    const res = await send('POST', '/api/users', admin, { username, displayName: username, unitId: unit, password, roles });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    // Per-address limit high here, so the per-username limit is what the concurrency cases meet.
    t = await createTestApp(dialect, { config: { login: { maxAttempts: 5, maxAttemptsPerAddress: 1000, windowMs: WINDOW_MS } } });
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  describe('V2 sign-in limits under concurrency', () => {
    it('evaluates at most LOGIN_MAX_ATTEMPTS guesses of 100 sent at once, and then refuses the right password', async () => {
      verifications.n = 0;
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login(t.app, 'director', `wrong-guess-${i}`)));
      const statuses = results.map((r) => r.statusCode);
      expect(verifications.n).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(95);
      const right = await login(t.app, 'director', DEMO);
      expect(right.statusCode, right.body).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.json().errors).toEqual([expect.objectContaining({ field: 'username', message: expect.stringMatching(/密码错误次数过多.*\/ too many wrong passwords/) })]);
      expect(verifications.n).toBeLessThanOrEqual(5);
    });

    it('holds the same limit across two instances sharing one database', async () => {
      const other = await t.sibling();
      verifications.n = 0;
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => login(i % 2 ? other.app : t.app, 'manager', `wrong-guess-${i}`, `198.51.100.${i % 7}`)),
      );
      expect(verifications.n).toBeLessThanOrEqual(5);
      expect(results.filter((r) => r.statusCode === 401)).toHaveLength(5);
      expect((await login(other.app, 'manager', DEMO)).statusCode).toBe(429);
      expect((await login(t.app, 'manager', DEMO)).statusCode).toBe(429);
      expect(verifications.n).toBeLessThanOrEqual(5);
    });

    it('gives the slot back on success: signing in and out repeatedly never locks a user out', async () => {
      for (let i = 0; i < 8; i++) expect((await login(t.app, 'qe', DEMO)).statusCode).toBe(200);
    });

    it('limits the current-password check of a password change with the same per-username budget', async () => {
      const cookie = await t.login('callback');
      verifications.n = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send('POST', '/api/auth/password', cookie, { currentPassword: `guess-${i}`, newPassword: STRONG })),
      );
      expect(verifications.n).toBeLessThanOrEqual(5);
      expect(results.filter((r) => r.statusCode === 422)).toHaveLength(5);
      const right = await send('POST', '/api/auth/password', cookie, { currentPassword: DEMO, newPassword: STRONG });
      expect(right.statusCode, right.body).toBe(429);
      expect(right.json().errors[0].field).toBe('currentPassword');
      expect((await login(t.app, 'callback', DEMO)).statusCode).toBe(429);
      t.clock.advance(WINDOW_MS);
      expect((await send('POST', '/api/auth/password', cookie, { currentPassword: DEMO, newPassword: STRONG })).statusCode).toBe(204);
    });

    it('does not lock out an office behind one address for a few people’s typos, but stops spraying from it', async () => {
      const office = await createTestApp(dialect);
      try {
        // Five colleagues behind one NAT address each mistype five times (25 failures), then a sixth signs in.
        const colleagues = ['agent', 'clerk', 'qe', 'dept', 'manager'];
        for (const u of colleagues) for (let i = 0; i < 5; i++) expect((await login(office.app, u, `typo-${i}`, '203.0.113.50')).statusCode).toBe(401);
        expect((await login(office.app, 'director', DEMO, '203.0.113.50')).statusCode).toBe(200);
        // A spray over many usernames meets the per-address limit (default 50) with 429 and Retry-After.
        const limit = office.ctx.config.login.maxAttemptsPerAddress;
        expect(limit).toBeGreaterThanOrEqual(10 * office.ctx.config.login.maxAttempts);
        const spray = await Promise.all(Array.from({ length: limit - 25 + 5 }, (_, i) => login(office.app, `nobody-${i}`, 'whatever-guess', '203.0.113.50')));
        const refused = spray.filter((r) => r.statusCode === 429);
        expect(refused).toHaveLength(5);
        expect(Number(refused[0].headers['retry-after'])).toBeGreaterThan(0);
        expect(refused[0].json().messageZh).toMatch(/该地址登录尝试次数过多/);
        // Another address is unaffected.
        expect((await login(office.app, 'supervisor', DEMO, '203.0.113.51')).statusCode).toBe(200);
      } finally {
        await office.close();
      }
    }, 120_000); // dozens of scrypt verifications: slow on a loaded 2-core CI machine
  });

  describe('V14 forwarded addresses', () => {
    it('trusts no proxy by default, so X-Forwarded-For does not choose the address the limits key on', async () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      const app = await createTestApp(dialect, { demo: false, config: { login: { maxAttempts: 5, maxAttemptsPerAddress: 6, windowMs: WINDOW_MS } } });
      try {
        const statuses: number[] = [];
        // A client on a private network (once trusted as a proxy by default) invents a new address each time.
        for (let i = 0; i < 7; i++) statuses.push((await login(app.app, `user-${i}`, 'some-guess-here', '10.0.0.5', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      } finally {
        await app.close();
      }
    }, 120_000); // dozens of scrypt verifications: slow on a loaded 2-core CI machine
  });

  describe('V5/V2 password strength', () => {
    it('refuses short, common and name-based passwords when an administrator creates a user, naming the field and why', async () => {
      const unit = await unitId('品管部');
      const cases: [string, RegExp][] = [
        ['12345678', /至少 10 位 \/ at least 10 characters/],
        ['1234567890', /太容易被猜到.*\/ too easy to guess/],
        ['password123', /常用密码.*commonly used password/],
        ['zhangwei2024', /个人信息.*personal/],
      ];
      for (const [password, reason] of cases) {
        const res = await send('POST', '/api/users', admin, { username: 'zhangwei', displayName: '张伟', unitId: unit, password, roles: [] });
        expect(res.statusCode, `${password}: ${res.body}`).toBe(422);
        const err = res.json().errors.find((e: { field: string }) => e.field === 'password');
        expect(err?.message, password).toMatch(reason);
      }
      expect((await send('POST', '/api/users', admin, { username: 'zhangwei', displayName: '张伟', unitId: unit, password: STRONG, roles: [] })).statusCode).toBe(201);
    });

    it('refuses a weak new password on a change and on an administrator’s reset', async () => {
      const cookie = await t.login('supervisor');
      const change = await send('POST', '/api/auth/password', cookie, { currentPassword: DEMO, newPassword: 'qwertyuiop' });
      expect(change.statusCode).toBe(422);
      expect(change.json().errors[0]).toMatchObject({ field: 'newPassword', message: expect.stringMatching(/太容易被猜到/) });
      const target = await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'agent').executeTakeFirstOrThrow();
      const reset = await send('POST', `/api/users/${target.id}/password`, admin, { password: 'agent12345' });
      expect(reset.statusCode).toBe(422);
      expect(reset.json().errors[0].field).toBe('password');
      expect((await send('POST', `/api/users/${target.id}/password`, admin, { password: STRONG })).statusCode).toBe(204);
    });

    it('refuses a weak password in create-admin', async () => {
      await expect(createAdmin(t.ctx.db, { username: 'root2', password: '12345678', displayName: '管理员' }, t.clock.now().toISOString())).rejects.toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ field: 'password' })],
      });
    });
  });

  describe('V4 administrators of one tree', () => {
    let natadmin: string;
    beforeAll(async () => {
      const national = await unitId('国家煤矿安全监察局');
      await newUser('natadmin', national, [{ role: 'admin', unitId: national }]);
      natadmin = await t.login('natadmin', STRONG);
      // Something in the company's tree with personal data in the audit image.
      await newUser('phoneuser', await unitId('营销部'), [], STRONG);
      await t.ctx.db.updateTable('users').set({ phone: '13911112222' }).where('username', '=', 'phoneuser').execute();
    });

    it('shows the national authority’s administrator only its own tree’s audit entries', async () => {
      const res = await send('GET', '/api/audit?limit=500', natadmin);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { unitId: string | null; action: string }[];
      const national = await t.ctx.db.selectFrom('units').select('path').where('name', '=', '国家煤矿安全监察局').executeTakeFirstOrThrow();
      const inTree = new Set((await t.ctx.db.selectFrom('units').select('id').where('path', 'like', `${national.path}%`).execute()).map((u) => u.id));
      expect(items.length).toBeGreaterThan(0);
      for (const e of items) expect(e.unitId !== null && inTree.has(e.unitId), `${e.action} on ${e.unitId}`).toBe(true);
      expect(JSON.stringify(items)).not.toContain('phoneuser');
      // The system administrator reads everything, including entries tied to no unit (a failed sign-in).
      expect((await login(t.app, 'no-such-user', 'some-guess-here')).statusCode).toBe(401);
      const all = (await send('GET', '/api/audit?limit=500', admin)).json().items as { unitId: string | null; action: string }[];
      expect(all.some((e) => e.action === 'auth.login_failed' && e.unitId === null)).toBe(true);
    });

    it('refuses the national authority’s administrator installation-wide settings and new top-level units', async () => {
      const policy = (await send('GET', '/api/workorders/policy', admin)).json() as { version: number; yaml: string };
      const put = await send('PUT', '/api/workorders/policy', natadmin, { baseVersion: policy.version, yaml: policy.yaml, note: '越权发布' });
      expect(put.statusCode, put.body).toBe(403);
      expect(put.json().messageZh).toMatch(/全局系统管理员/);
      const override = await send('PUT', '/api/calendar/overrides/2026-05-06', natadmin, { working: false, note: '擅自放假' });
      expect(override.statusCode, override.body).toBe(403);
      const root = await send('POST', '/api/units', natadmin, { name: '自建集团', kind: 'company', parentId: null });
      expect(root.statusCode, root.body).toBe(403);
      // Inside its own tree it still administers.
      const child = await send('POST', '/api/units', natadmin, { name: '国家局直属处', kind: 'department', parentId: await unitId('国家煤矿安全监察局') });
      expect(child.statusCode, child.body).toBe(201);
    });

    it('lets only a system administrator grant or manage the system role', async () => {
      const national = await unitId('国家煤矿安全监察局');
      const grant = await send('POST', '/api/users', natadmin, { username: 'wannabe', displayName: 'x', unitId: national, password: STRONG, roles: [{ role: 'sysadmin', unitId: national }] });
      expect(grant.statusCode, grant.body).toBe(422);
      expect(grant.json().errors).toEqual([expect.objectContaining({ field: 'roles.0.role' })]);
      // A sysadmin homed inside the national tree is still out of the national administrator's reach.
      const op = await newUser('operator', national, [{ role: 'admin', unitId: national }, { role: 'sysadmin', unitId: national }]);
      const reset = await send('POST', `/api/users/${op.id}/password`, natadmin, { password: 'taken-over-by-natadmin' });
      expect(reset.statusCode, reset.body).toBe(403);
    });

    it('lets the system administrator see and administer a top-level unit they create', async () => {
      const created = await send('POST', '/api/units', admin, { name: '丙集团', kind: 'company', parentId: null });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect(((await send('GET', '/api/units', admin)).json() as { id: string }[]).map((u) => u.id)).toContain(id);
      expect((await send('POST', '/api/units', admin, { name: '丙集团 客服部', kind: 'department', parentId: id })).statusCode).toBe(201);
      await newUser('bing-admin', id, [{ role: 'admin', unitId: id }]);
      expect(((await send('GET', '/api/users', admin)).json() as { username: string }[]).map((u) => u.username)).toContain('bing-admin');
    });

    it('create-admin administers the named unit even when top-level units exist', async () => {
      const at = t.clock.now().toISOString();
      const fresh = await createAdmin(t.ctx.db, { username: 'root-new', password: STRONG, displayName: '新集团管理员', unit: '新集团' }, at);
      expect(fresh.createdUnit).toBe(true);
      const unit = await t.ctx.db.selectFrom('units').selectAll().where('id', '=', fresh.unitId).executeTakeFirstOrThrow();
      expect(unit).toMatchObject({ name: '新集团', parent_id: null });
      const roles = await t.ctx.db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', fresh.userId).orderBy('role').execute();
      expect(roles).toEqual([{ role: 'admin', unit_id: fresh.unitId }, { role: 'sysadmin', unit_id: fresh.unitId }]);

      const existing = await createAdmin(t.ctx.db, { username: 'root-quality', password: STRONG, displayName: '品管部管理员', unit: '品管部' }, at);
      expect(existing).toMatchObject({ createdUnit: false, unitId: await unitId('品管部') });
      // Several top-level units and no --unit: it asks instead of guessing.
      await expect(createAdmin(t.ctx.db, { username: 'root-x', password: STRONG, displayName: 'x' }, at)).rejects.toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'unit' })] });
      expect((await login(t.app, 'root-new', STRONG)).statusCode).toBe(200);
    });
  });

  describe('V14 cross-site requests and security headers', () => {
    const evil = { origin: 'http://evil.example' };

    it('refuses state-changing requests from another origin: upload, import, read-all', async () => {
      const boundary = '----x';
      const multipart = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--${boundary}--\r\n`);
      const cases: LightMyRequestResponse[] = [
        await t.app.inject({ method: 'POST', url: '/api/workorders/import', payload: multipart, headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}`, ...evil } }),
        await send('POST', '/api/notifications/read-all', admin, {}, evil),
        await send('POST', '/api/units', admin, { name: 'x', kind: 'department' }, evil),
        await send('POST', '/api/auth/login', null, { username: 'admin', password: DEMO }, evil),
        await send('POST', '/api/notifications/read-all', admin, {}, { referer: 'http://evil.example/page' }),
        await send('POST', '/api/notifications/read-all', admin, {}, { origin: 'null' }),
      ];
      for (const res of cases) {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json()).toMatchObject({ code: 'bad_origin', errors: [{ field: expect.stringMatching(/^headers\.(origin|referer)$/), message: expect.stringMatching(/不是本站.*\/ origin .* is neither/) }] });
      }
    });

    it('accepts its own origin, configured origins, reads from anywhere, and requests without Origin or Referer', async () => {
      const own = { host: 'gauge.example:8080', origin: 'http://gauge.example:8080' };
      expect((await send('POST', '/api/notifications/read-all', admin, {}, own)).statusCode).toBe(204);
      expect((await send('POST', '/api/notifications/read-all', admin, {}, { host: 'gauge.example', referer: 'https://gauge.example/workorders' })).statusCode).toBe(204);
      expect((await send('POST', '/api/notifications/read-all', admin, {})).statusCode).toBe(204);
      expect((await send('GET', '/api/me', admin, undefined, evil)).statusCode).toBe(200);
      const app = await createTestApp(dialect, { config: { allowedOrigins: ['https://portal.example'] } });
      try {
        const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO }, headers: { origin: 'https://portal.example' } });
        expect(res.statusCode, res.body).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('sends a CSP that forbids framing and inline scripts, nosniff, a referrer policy and HSTS, on the API and on the docs', async () => {
      const res = await send('GET', '/api/health', null);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const docs = await send('GET', '/api/docs', null);
      expect(docs.statusCode).toBe(200);
      expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    });

    it('refuses a malformed ALLOWED_ORIGINS at start, naming the variable', () => {
      expect(() => loadConfig({ ALLOWED_ORIGINS: 'portal.example/path' })).toThrow(/ALLOWED_ORIGINS/);
      expect(loadConfig({ ALLOWED_ORIGINS: 'https://A.example, http://b.example:8080' }).allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    });
  });
});
