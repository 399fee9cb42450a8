import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

describe.each(TEST_DIALECTS)('foundation on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload: unknown, cookie?: string) =>
    t.app.inject({ method, url, payload: payload as object, headers: cookie ? { cookie } : {} });

  it('reports health with the database dialect', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: dialect });
  });

  it.runIf(dialect === 'postgres')('opens PostgreSQL connections without parallel query (docs/operations.md)', async () => {
    const res = await sql<{ max_parallel_workers_per_gather: string }>`SHOW max_parallel_workers_per_gather`.execute(t.ctx.db);
    expect(res.rows[0].max_parallel_workers_per_gather).toBe('0');
  });

  it('returns the admin with roles from /api/me after login', async () => {
    const res = await get('/api/me', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().username).toBe('admin');
    expect(res.json().roles.map((r: { role: string }) => r.role)).toContain('admin');
  });

  it('sets an HttpOnly SameSite session cookie on login', async () => {
    const res = await send('POST', '/api/auth/login', { username: 'qe', password: 'demo1234' });
    const c = res.cookies.find((x) => x.name === 'gauge_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
  });

  it('answers 401 without a session, before validating the body', async () => {
    expect((await get('/api/me')).statusCode).toBe(401);
    expect((await send('POST', '/api/units', {})).statusCode).toBe(401);
  });

  it('answers 401 for a wrong password and 429 after repeated failures', async () => {
    const bad = await send('POST', '/api/auth/login', { username: 'director', password: 'nope-nope' });
    expect(bad.statusCode).toBe(401);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await send('POST', '/api/auth/login', { username: 'director', password: 'wrong' })).statusCode;
    expect(last).toBe(429);
    // Even the right password waits until the window has passed …
    expect((await send('POST', '/api/auth/login', { username: 'director', password: 'demo1234' })).statusCode).toBe(429);
    t.clock.advance(6 * 60_000);
    // … and then works again.
    expect((await send('POST', '/api/auth/login', { username: 'director', password: 'demo1234' })).statusCode).toBe(200);
  });

  it('answers 403 to a non-admin on admin routes', async () => {
    const agent = await t.login('agent');
    expect((await get('/api/users', agent)).statusCode).toBe(403);
    expect((await send('POST', '/api/units', { name: 'x', kind: 'department' }, agent)).statusCode).toBe(403);
    expect((await get('/api/audit', agent)).statusCode).toBe(403);
  });

  it('lists only the units in the caller’s subtree', async () => {
    const all = (await get('/api/units', admin)).json() as { id: string; name: string; parentId: string | null; kind: string }[];
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(all[0]).sort()).toEqual(expect.arrayContaining(['id', 'name', 'kind', 'parentId']));
    const dept = await t.login('dept');
    const seen = (await get('/api/units', dept)).json() as { name: string }[];
    expect(seen.map((u) => u.name)).toEqual(['生产部']);
  });

  it('creates a unit and a user with a role, and the new user sees only that subtree', async () => {
    const units = (await get('/api/units', admin)).json() as { id: string; name: string }[];
    const company = units.find((u) => u.name === '华锐精密机械有限公司')!;
    const created = await send('POST', '/api/units', { name: '售后服务部', kind: 'department', parentId: company.id }, admin);
    expect(created.statusCode).toBe(201);
    const unitId = created.json().id;
    const user = await send('POST', '/api/users', { username: 'svc1', displayName: '售后 小王', unitId, password: 'ledger-pass-4821', roles: [{ role: 'dept_head', unitId }] }, admin);
    expect(user.statusCode).toBe(201);
    const cookie = await t.login('svc1', 'ledger-pass-4821');
    const seen = (await get('/api/units', cookie)).json() as { id: string }[];
    expect(seen.map((u) => u.id)).toEqual([unitId]);
  });

  it('names every invalid field in a 422', async () => {
    const res = await send('POST', '/api/users', { username: '!', displayName: '', unitId: 'x', password: 'short' }, admin);
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'displayName', 'password']));
  });

  it('words default validation messages in Chinese and English, keeping the schema’s own messages', async () => {
    const res = await send('POST', '/api/units', { name: 'x', kind: 'planet' }, admin);
    expect(res.statusCode).toBe(422);
    const kind = res.json().errors.find((e: { field: string }) => e.field === 'kind');
    expect(kind.message).toMatch(/^无效选项.* \/ Invalid option/);
    const user = await send('POST', '/api/users', { username: 'ok-name', displayName: 'x', unitId: 'x', password: 'short' }, admin);
    const pw = user.json().errors.find((e: { field: string }) => e.field === 'password');
    expect(pw.message).toBe('密码至少 10 位 / at least 10 characters');
  });

  it('refuses a stale unit edit with 409 and keeps the newer value', async () => {
    const units = (await get('/api/units', admin)).json() as { id: string; name: string; version: number }[];
    const u = units.find((x) => x.name === '品管部')!;
    expect((await send('PATCH', `/api/units/${u.id}`, { version: u.version, name: '品保部' }, admin)).statusCode).toBe(200);
    const stale = await send('PATCH', `/api/units/${u.id}`, { version: u.version, name: '质量部' }, admin);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    const after = ((await get('/api/units', admin)).json() as { id: string; name: string }[]).find((x) => x.id === u.id)!;
    expect(after.name).toBe('品保部');
  });

  it('records changes in the audit log, filterable by subject, and refuses to alter it', async () => {
    const res = await get('/api/audit?subjectType=unit', admin);
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['unit.create', 'unit.update']));
    await expect(t.ctx.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  it('changes the password and ends other sessions', async () => {
    const s1 = await t.login('callback');
    const s2 = await t.login('callback');
    const res = await send('POST', '/api/auth/password', { currentPassword: 'demo1234', newPassword: 'new-pass-99' }, s1);
    expect(res.statusCode).toBe(204);
    expect((await get('/api/me', s1)).statusCode).toBe(200);
    expect((await get('/api/me', s2)).statusCode).toBe(401);
    expect((await send('POST', '/api/auth/login', { username: 'callback', password: 'demo1234' })).statusCode).toBe(401);
  });

  it('logs out by deleting the session', async () => {
    const s = await t.login('manager');
    expect((await send('POST', '/api/auth/logout', {}, s)).statusCode).toBe(204);
    expect((await get('/api/me', s)).statusCode).toBe(401);
  });

  it('serves the browsable API docs without a session', async () => {
    const res = await get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('lists every route in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json();
    // Every route the app registered (except the hidden document route itself) is described.
    const registered = t.app.apiRoutes.filter((r) => !r.hidden);
    expect(registered.length).toBeGreaterThan(40);
    for (const r of registered) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path}`).toBeDefined();
    }
  });
});
