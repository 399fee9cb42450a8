import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk } from './grading-helpers';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Bad input answers 4xx naming the field, never a 500 (docs/security.md, "V5 Validation, sanitisation"). Each
// case below was a 500 on at least one of the two databases. The clock is pinned at 2026-03-02 10:00 Beijing.
describe.each(TEST_DIALECTS)('input validation on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let units: Record<string, string>;

  const send = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: string | null, payload?: unknown): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url, ...(payload !== undefined && { payload: payload as object }), headers: who ? { cookie: await cookieOf(who) } : {} });
  const cookies = new Map<string, string>();
  const cookieOf = async (who: string) => {
    if (!cookies.has(who)) cookies.set(who, await t.login(who));
    return cookies.get(who)!;
  };
  /** Expects a 422 whose errors name `field` (and, for a hint, returns the body). */
  const expect422 = (res: LightMyRequestResponse, field: string) => {
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json() as { errors?: { field: string; message: string }[] };
    expect(body.errors?.map((e) => e.field), res.body).toContain(field);
    return body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    units = Object.fromEntries((await t.ctx.db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.name, u.id]));
  });
  afterAll(async () => t?.close());

  describe('business dates', () => {
    it('refuses a work order received before the calendar’s range (was a RangeError 500) or in the future', async () => {
      for (const receivedAt of ['1999-12-31T08:00:00Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z']) {
        expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, receivedAt }, 'clerk'), 'receivedAt');
      }
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, receivedAt: '2026-03-02T03:00:00Z' }, 'clerk'), 'receivedAt');
      // A few minutes of clock skew is not "the future".
      expectOk(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, receivedAt: '2026-03-02T02:03:00Z' }, 'clerk'), 201);
    });

    it('bounds the other dates of an intake: occurred and shipped not in the future nor before 2000, a promised reply not in the past', async () => {
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, occurredAt: '2026-04-01T00:00:00Z' }, 'clerk'), 'occurredAt');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, occurredAt: '1999-01-01T00:00:00Z' }, 'clerk'), 'occurredAt');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, shipDate: '2027-01-01' }, 'clerk'), 'shipDate');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, shipDate: '1999-12-31' }, 'clerk'), 'shipDate');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, shipDate: '2026-02-30' }, 'clerk'), 'shipDate');
      const suggestion = { kind: 'suggestion', channel: 'phone', customerName: '客户', contactPhone: '13800001111', problem: '建议增加包装' };
      expect422(await a.post('/api/workorders', { ...suggestion, promisedReplyDate: '2026-02-01' }, 'clerk'), 'promisedReplyDate');
      expect422(await send('POST', '/api/public/complaints', null, { name: '张三', phone: '13800001111', problem: '螺栓断裂', shipDate: '2099-12-31' }), 'shipDate');
    });

    it('bounds accident, staff, grading and self-inspection dates', async () => {
      const people = expectOk(await send('GET', '/api/accountability/people', 'admin')) as { id: string; unitId: string }[];
      const accident = { unitId: people[0].unitId, title: '测试事故', facts: {}, responsibleUserId: people[0].id };
      expect422(await send('POST', '/api/accountability/accidents', 'admin', { ...accident, occurredOn: '1999-12-31' }), 'occurredOn');
      expect422(await send('POST', '/api/accountability/accidents', 'admin', { ...accident, occurredOn: '2026-06-01' }), 'occurredOn');
      expect422(await send('POST', '/api/accountability/accidents', 'admin', { ...accident, occurredOn: '2026-02-30' }), 'occurredOn');
      const staffUnit = units['呼叫中心'] ?? Object.values(units)[0];
      expect422(await send('POST', '/api/staff', 'admin', { unitId: staffUnit, name: '新员工', hiredOn: '2027-01-01' }), 'hiredOn');
      expect422(await send('POST', '/api/staff', 'admin', { unitId: staffUnit, name: '新员工', hiredOn: '1899-01-01' }), 'hiredOn');
      const mine = units['晋北一号井工煤矿'];
      expect422(await send('POST', `/api/grading/mines/${mine}/events`, 'province', { type: 'fatal_accident', date: '2026-12-01', class: 'general' }), 'date');
      expect422(await send('POST', `/api/grading/mines/${mine}/events`, 'province', { type: 'fatal_accident', date: '1990-01-01', class: 'general' }), 'date');
      expect422(await send('POST', '/api/grading/self-inspections', 'enterprise', { mineId: mine, scope: 'mine', period: '2026-Q1', inspectedOn: '2026-09-01', summary: '自查' }), 'inspectedOn');
    });
  });

  describe('numbers beyond the integer columns (PostgreSQL refused them with a 500)', () => {
    it('refuses 2³¹ and 2⁵³ in integer fields of bodies and query strings, naming the field', async () => {
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, shipQuantity: 2 ** 31 }, 'clerk'), 'shipQuantity');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, lotSize: 2 ** 53, defectCount: 1 }, 'clerk'), 'lotSize');
      const wo = await a.create(QUALITY_COMPLAINT, 'clerk');
      expect422(await a.act(wo.id, 'accept', 'clerk', { version: 2 ** 31 }), 'version');
      const unit = expectOk(await send('POST', '/api/units', 'admin', { name: '整数测试单位', kind: 'department', parentId: units['华锐精密机械有限公司'] }), 201) as { id: string };
      expect422(await send('PATCH', `/api/units/${unit.id}`, 'admin', { version: 2 ** 53, name: 'x' }), 'version');
      expect422(await send('DELETE', `/api/staff/x?version=${2 ** 31}`, 'admin'), 'version');
      expect422(await send('DELETE', `/api/calendar/overrides/2026-05-06?version=${2 ** 31}`, 'admin'), 'version');
    });

    it('refuses over-long strings with a 422 naming the field', async () => {
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, customerName: 'x'.repeat(201) }, 'clerk'), 'customerName');
      expect422(await send('POST', '/api/units', 'admin', { name: '单位', kind: 'department', parentId: 'x'.repeat(101) }), 'parentId');
      expect422(await send('GET', `/api/calendar/settings?unitId=${'x'.repeat(101)}`, 'admin'), 'unitId');
    });
  });

  describe('NUL characters (PostgreSQL refuses U+0000 in text: a 500 on any route, with or without an account)', () => {
    it('answers 422 naming the path parameter on a public route, before anything reads the database', async () => {
      const body = expect422(await send('POST', '/api/public/complaints/a%00b/lookup', null, { contact: '1' }), 'trackingNumber');
      expect(JSON.stringify(body)).toMatch(/NUL/);
      expect422(await send('POST', '/api/public/complaints/ABC/lookup', null, { contact: '1\u00002' }), 'contact');
      expect422(await send('POST', '/api/public/complaints', null, { name: '张\u0000三', problem: '螺栓断裂' }), 'name');
      expect422(await send('POST', `/api/public/grading/notices/a%00b/objections`, null, { name: '张三', contact: '1', text: '请核实情况。' }), 'id');
    });

    it('answers 422 at login, for the username and for the password', async () => {
      expect422(await send('POST', '/api/auth/login', null, { username: 'ad\u0000min', password: 'demo1234' }), 'username');
      expect422(await send('POST', '/api/auth/login', null, { username: 'admin', password: 'demo\u00001234' }), 'password');
    });

    it('answers 422 for signed-in routes: path, query string, nested body fields and keys', async () => {
      expect422(await send('GET', '/api/workorders/%00', 'admin'), 'id');
      expect422(await send('GET', '/api/workorders?q=a%00b', 'admin'), 'q');
      expect422(await send('GET', '/api/calendar/settings?unitId=%00', 'admin'), 'unitId');
      expect422(await a.post('/api/workorders', { ...QUALITY_COMPLAINT, facts: { 'k\u0000': true } }, 'clerk'), 'facts');
      expect422(await send('POST', '/api/users', 'admin', { username: 'nul-user', displayName: 'x', unitId: units['呼叫中心'], password: 'long-password-1', roles: [{ role: 'agent', unitId: 'a\u0000' }] }), 'roles.0.unitId');
    });
  });

  describe('organisation', () => {
    it('answers 409 naming what still uses a unit, instead of a foreign-key 500', async () => {
      const company = units['华锐精密机械有限公司'];
      const dept = expectOk(await send('POST', '/api/units', 'admin', { name: '待删部门', kind: 'department', parentId: company }), 201) as { id: string };
      // Arrangement: a work order dispatched to the department (as the flow would), and no users in it.
      const wo = await a.create(QUALITY_COMPLAINT, 'clerk');
      await t.ctx.db.updateTable('work_orders').set({ department_id: dept.id }).where('id', '=', wo.id).execute();
      const res = await send('DELETE', `/api/units/${dept.id}`, 'admin');
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json() as { code: string; message: string; messageZh: string; details: Record<string, number> };
      expect(body.code).toBe('unit_in_use');
      expect(body.details).toMatchObject({ workOrders: 1 });
      expect(body.message).toMatch(/1 work order/);
      expect(body.messageZh).toMatch(/1 张工单/);
      // The company itself: users, sub-units, work orders, all counted.
      const whole = await send('DELETE', `/api/units/${company}`, 'admin');
      expect(whole.statusCode, whole.body).toBe(409);
      expect(whole.json().message).toMatch(/\d+ users?.*\d+ work orders?/);
    });

    it('answers 422 on parentId for an empty parent, and on roles for a role granted twice', async () => {
      expect422(await send('POST', '/api/units', 'admin', { name: '空上级', kind: 'department', parentId: '' }), 'parentId');
      const unitId = units['呼叫中心'];
      const roles = [{ role: 'agent', unitId }, { role: 'agent', unitId }];
      expect422(await send('POST', '/api/users', 'admin', { username: 'twice', displayName: '重复角色', unitId, password: 'long-password-1', roles }), 'roles');
      const agent = (expectOk(await send('GET', '/api/users', 'admin')) as { id: string; username: string; version: number }[]).find((u) => u.username === 'agent')!;
      expect422(await send('PATCH', `/api/users/${agent.id}`, 'admin', { version: agent.version, roles }), 'roles');
    });
  });

  it('answers 422 to a rule pack whose YAML uses an alias without an anchor (found by the fuzz test; was a 500)', async () => {
    for (const yaml of ['*J0xv(jQW', 'a: *missing']) {
      const res = await send('POST', '/api/rules/complaint-severity/versions', 'admin', { yaml });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toMatch(/malformed YAML/);
    }
  });

  it('answers a body nested 20,000 levels deep with a 4xx, not a stack overflow', async () => {
    // Free-form JSON fields (a unit's attrs, an accident's facts) were stored with JSON.stringify, which overflowed.
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const company = units['华锐精密机械有限公司'];
    const cases: [string, string | null, string][] = [
      ['/api/units', 'admin', `{"name":"深层单位","kind":"department","parentId":"${company}","attrs":{"deep":${deep}}}`],
      ['/api/accountability/accidents', 'admin', `{"unitId":"${company}","occurredOn":"2026-02-01","title":"t","responsibleUserId":"x","facts":{"deep":${deep}}}`],
      ['/api/auth/login', null, '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
      ['/api/public/complaints', null, `{"name":"张三","problem":"x","extra":${deep}}`],
    ];
    for (const [url, who, payload] of cases) {
      const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...(who && { cookie: await cookieOf(who) }) } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(422);
    }
  });
});
