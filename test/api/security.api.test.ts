import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedPackText } from '../../src/core/rules';
import { newId } from '../../src/platform/ids';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, scores2020, setupGrading, type Grading } from './grading-helpers';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// An adversarial review of the server against the non-negotiables ("nothing lost, nobody let in"): every case
// is an attempt by someone to read or change what is not theirs, or to slip past a check. docs/regulations.md#organisation-and-roles: a person
// sees and acts only inside the subtree their role covers.
describe.each(TEST_DIALECTS)('security review on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let g: Grading;
  const units: Record<string, string> = {};
  const PASSWORD = 'secret-pass-42';

  const as = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: string | null, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url, ...(payload !== undefined && { payload: payload as object }), headers: { ...(who && { cookie: await cookieOf(who) }), ...headers } });
  const cookies = new Map<string, string>();
  const cookieOf = async (who: string) => {
    if (!cookies.has(who)) cookies.set(who, await t.login(who, ['subadmin', 'deskb', 'victim', 'provb', 'mixed'].includes(who) ? PASSWORD : undefined));
    return cookies.get(who)!;
  };
  const createUser = async (username: string, unitId: string, roles: { role: string; unitId: string }[]) =>
    expectOk(await as('POST', '/api/users', 'admin', { username, displayName: username, unitId, password: PASSWORD, roles }), 201) as { id: string; version: number };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    g = await setupGrading(t);
    for (const u of await t.ctx.db.selectFrom('units').select(['id', 'name']).execute()) units[u.name] = u.id;
    // A second company with its own desk, and a second province with its own enterprise and mine.
    // The demo administrator holds the installation-wide role: it creates the new top-level company and
    // administers it at once (docs/admin.md).
    units.companyB = expectOk(await as('POST', '/api/units', 'admin', { name: '乙公司', kind: 'company', parentId: null }), 201).id;
    await createUser('deskb', units.companyB, [
      { role: 'agent', unitId: units.companyB },
      { role: 'intake_clerk', unitId: units.companyB },
      { role: 'supervisor', unitId: units.companyB },
    ]);
    units.provinceB = expectOk(await as('POST', '/api/units', 'admin', { name: '乙省主管部门', kind: 'provincial_authority', parentId: g.units.national }), 201).id;
    units.enterpriseB = expectOk(await as('POST', '/api/units', 'admin', { name: '乙省煤业', kind: 'enterprise', parentId: units.provinceB }), 201).id;
    units.mineB = expectOk(await as('POST', '/api/grading/mines', 'admin', { name: '乙省一号井', mineType: 'underground', enterpriseId: units.enterpriseB }), 201).id;
    await createUser('provb', units.provinceB, [{ role: 'province_reviewer', unitId: units.provinceB }]);
    // A subtree administrator (the province), and someone homed inside that subtree who administers the nation.
    await createUser('subadmin', g.units.province, [{ role: 'admin', unitId: g.units.province }]);
  });
  afterAll(async () => t?.close());

  describe('the session check at the door', () => {
    it('answers 401 for a percent-encoded /api path, because the router decodes it to a guarded route', async () => {
      for (const url of ['/%61pi/workorders/watchlist', '/%61pi/workorders/policy', '/api/%77orkorders/watchlist']) {
        const res = await as('GET', url, null);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(401);
      }
    });

    it('answers 401 before validating the body on guarded routes, so nothing about the input leaks to strangers', async () => {
      const cases: [string, string][] = [
        ['POST', '/api/workorders'],
        ['POST', '/api/workorders/x/actions'],
        ['PUT', '/api/workorders/policy'],
        ['POST', '/api/grading/applications'],
        ['POST', '/api/grading/applications/x/actions'],
        ['PUT', '/api/grading/templates/x/weights'],
        ['PUT', '/api/calendar/settings'],
        ['POST', '/api/rules/x/versions'],
        ['POST', '/api/users'],
        ['POST', '/api/auth/password'],
      ];
      for (const [method, url] of cases) {
        const res = await as(method as 'POST', url, null, { nonsense: true });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
    });

    it('answers 403 (not 422) when a non-administrator calls an administrator route with a bad body', async () => {
      const cases: [string, string, string][] = [
        ['PUT', '/api/workorders/policy', 'director'],
        ['POST', '/api/rules/complaint-severity/versions', 'qe'],
        ['POST', '/api/calendar/years', 'supervisor'],
        ['PUT', '/api/calendar/overrides/2026-05-06', 'manager'],
        ['PUT', '/api/grading/templates/coal-mine-2020/weights', 'national'],
        ['POST', '/api/grading/templates', 'province'],
        ['PUT', `/api/grading/provinces/${g.units.province}/config`, 'province'],
        ['GET', '/api/audit', 'director'],
        ['GET', '/api/users', 'supervisor'],
        ['POST', `/api/users/${'x'}/password`, 'manager'],
      ];
      for (const [method, url, who] of cases) {
        const res = await as(method as 'POST', url, who, method === 'GET' ? undefined : { nonsense: true });
        expect(res.statusCode, `${method} ${url} as ${who}: ${res.body}`).toBe(403);
      }
    });

    it('does not let a public client escape the portal rate limit by inventing X-Forwarded-For addresses', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < t.ctx.config.publicPortal.maxRequests + 1; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/public/complaints/TS20260302AAAAAAAAAA/lookup',
          payload: { contact: '13800000000' },
          remoteAddress: '203.0.113.7',
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe('work orders across subtrees', () => {
    let forQuality: { id: string; version: number };
    beforeAll(async () => {
      forQuality = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '安全-品管' });
      await a.step(forQuality.id, 'dispatch', 'clerk', { departmentId: units['品管部'] });
    });

    it('hides a work order assigned to 品管部 from the head of 生产部: 404 to read, 404 to act, absent from the register', async () => {
      expect((await a.get(`/api/workorders/${forQuality.id}`, 'dept')).statusCode).toBe(404);
      const v = await a.view(forQuality.id);
      const res = await a.post(`/api/workorders/${forQuality.id}/actions`, { action: 'sign', version: v.version }, 'dept');
      expect(res.statusCode).toBe(404);
      const list = expectOk(await a.get('/api/workorders?limit=200', 'dept')) as { items: { id: string }[] };
      expect(list.items.map((i) => i.id)).not.toContain(forQuality.id);
    });

    it('hides company A’s work orders, reports and register export from company B’s desk', async () => {
      expect((await as('GET', `/api/workorders/${forQuality.id}`, 'deskb')).statusCode).toBe(404);
      const list = expectOk(await as('GET', '/api/workorders', 'deskb')) as { items: unknown[] };
      expect(list.items).toEqual([]);
      const report = expectOk(await as('GET', '/api/reports/workorders?from=2026-01-01&to=2026-12-31', 'deskb')) as { total?: number };
      expect(JSON.stringify(report)).not.toContain(forQuality.id);
    });

    it('refuses a registration for a unit where the caller holds no registering role, even with another role there', async () => {
      await createUser('mixed', units.companyB, [
        { role: 'agent', unitId: units.companyB },
        { role: 'dept_head', unitId: units['生产部'] },
      ]);
      const res = await as('POST', '/api/workorders', 'mixed', { ...QUALITY_COMPLAINT, unitId: units['生产部'] });
      expect(res.statusCode, res.body).toBe(403);
      expect(expectOk(await as('POST', '/api/workorders', 'mixed', { ...QUALITY_COMPLAINT, problemCategory: '乙-自有' }), 201).id).toBeTruthy();
    });

    it('keeps company A’s watch list (key customers) away from company B’s desk', async () => {
      const own = expectOk(await a.get('/api/workorders/watchlist', 'supervisor')) as { customerName: string }[];
      expect(own.length).toBeGreaterThan(0);
      expect(expectOk(await as('GET', '/api/workorders/watchlist', 'deskb'))).toEqual([]);
    });

    it('lists in an invalid-recurrence alert only the work orders of the caller’s own subtree', async () => {
      const same = { kind: 'complaint', channel: 'phone', category: 'service', customerName: '丙贸易', customerCode: 'C-BING-9', contactName: '钱', problem: '咨询价格' };
      const mineOnes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const wo = expectOk(await as('POST', '/api/workorders', 'deskb', same), 201) as { id: string; version: number };
        expectOk(await as('POST', `/api/workorders/${wo.id}/actions`, 'deskb', { action: 'reject_invalid', version: wo.version, reason: '非投诉' }));
        mineOnes.push(wo.id);
      }
      const other = await a.create(same, 'clerk');
      await a.step(other.id, 'reject_invalid', 'clerk', { reason: '非投诉' });
      const alerts = expectOk(await as('GET', '/api/workorders/invalid-recurrences', 'deskb')) as { workOrderIds: string[] }[];
      expect(alerts).toHaveLength(1);
      expect(alerts[0].workOrderIds.sort()).toEqual(mineOnes.sort());
    });

    it('caps the register page size at 200 and answers a forged cursor without a stack trace', async () => {
      expect((await a.get('/api/workorders?limit=100000', 'admin')).statusCode).toBe(422);
      expect((await a.get('/api/audit?limit=100000', 'admin')).statusCode).toBe(422);
      for (const url of ['/api/workorders?cursor=%%%garbage', '/api/audit?cursor=bm90fGF8Y3Vyc29y']) {
        const res = await a.get(url, 'admin');
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(res.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
      }
    });

    it('returns the first tracking number when the portal form is sent again with the same Idempotency-Key', async () => {
      const body = { name: '周先生', phone: '13955550001', problem: '收到的螺栓生锈', description: '整箱生锈' };
      const headers = { 'idempotency-key': 'portal-retry-1' };
      const first = await as('POST', '/api/public/complaints', null, body, headers);
      const again = await as('POST', '/api/public/complaints', null, body, headers);
      expect(first.statusCode, first.body).toBe(201);
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json().trackingNumber).toBe(first.json().trackingNumber);
      const n = await t.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('contact_phone', '=', '13955550001').executeTakeFirstOrThrow();
      const rows = await t.ctx.db.selectFrom('work_orders').select(['id', 'number', 'tracking_number', 'created_at']).where('contact_phone', '=', '13955550001').execute();
      expect(Number(n.n), JSON.stringify(rows)).toBe(1);
    });

    it('shows the public portal only the customer-facing view: no staff names, notes or internal ids', async () => {
      const filed = expectOk(await as('POST', '/api/public/complaints', null, { name: '吴女士', phone: '13900003333', problem: '包装破损' }), 201) as { trackingNumber: string };
      const wo = await t.ctx.db.selectFrom('work_orders').select(['id', 'version']).where('tracking_number', '=', filed.trackingNumber).executeTakeFirstOrThrow();
      await a.step(wo.id, 'accept', 'clerk', { note: '内部备注：客户难缠' });
      const view = expectOk(await as('POST', `/api/public/complaints/${filed.trackingNumber}/lookup`, null, { contact: '13900003333' }));
      const text = JSON.stringify(view);
      expect(text).not.toContain(wo.id);
      expect(text).not.toContain('内部备注');
      expect(text).not.toContain('李娜');
      expect((await as('POST', `/api/public/complaints/${filed.trackingNumber}/lookup`, null, { contact: '13900009999' })).statusCode).toBe(404);
    });
  });

  describe('grading across subtrees', () => {
    let appB: string;
    let attachmentA: string;
    beforeAll(async () => {
      // Another mine of the same enterprise (not the `mine` user's) applies and uploads evidence.
      const openPit = await g.newMine('安全测试露天矿', 'open_pit');
      units['安全测试露天矿'] = openPit;
      appB = expectOk(await g.post('/api/grading/applications', { mineId: openPit, targetLevel: '三级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(75), weightedScore: 75, basicConditionsMet: true } }, 'enterprise'), 201).id;
      const boundary = '----sec';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.from('%PDF-1.4 evidence'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await t.app.inject({ method: 'POST', url: `/api/grading/mines/${openPit}/attachments`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: g.cookies.enterprise } });
      attachmentA = expectOk(up, 201).id;
      expectOk(await g.post('/api/grading/self-inspections', { mineId: openPit, scope: 'mine', period: '2026-Q1', inspectedOn: '2026-02-20', summary: '露天矿一季度自查' }, 'enterprise'), 201);
    });

    it('hides the other mine’s application, attachment and self-inspections from the underground mine’s user', async () => {
      expect((await g.get(`/api/grading/applications/${appB}`, 'mine')).statusCode).toBe(404);
      expect((await g.post(`/api/grading/applications/${appB}/actions`, { action: 'withdraw', version: 1 }, 'mine')).statusCode).toBe(404);
      expect((await g.get(`/api/grading/attachments/${attachmentA}`, 'mine')).statusCode).toBe(404);
      expect((expectOk(await g.get('/api/grading/applications', 'mine')) as { id: string }[]).map((x) => x.id)).not.toContain(appB);
      const slots = expectOk(await g.get(`/api/grading/self-inspections?mineId=${units['安全测试露天矿']}`, 'mine')) as unknown[];
      expect(slots).toEqual([]);
    });

    it('refuses the enterprise the authority’s steps (initial review, proposals, supervision events) with 403', async () => {
      expect((await g.act(appB, 'enterprise', { action: 'initial_review_pass' })).statusCode).toBe(403);
      expect((await g.post(`/api/grading/mines/${units['安全测试露天矿']}/events`, { type: 'fatal_accident', date: '2026-02-01', class: 'general' }, 'enterprise')).statusCode).toBe(403);
      expect((await g.post('/api/grading/proposals/x/confirm', { reason: 'x', version: 1 }, 'enterprise')).statusCode).toBe(403);
    });

    it('shows a complaint-desk agent no grading data at all', async () => {
      for (const url of ['/api/grading/mines', '/api/grading/applications', '/api/grading/proposals', '/api/grading/extensions', '/api/grading/self-inspections']) {
        expect(expectOk(await a.get(url, 'agent')), url).toEqual([]);
      }
      expect((await a.get(`/api/grading/applications/${appB}`, 'agent')).statusCode).toBe(404);
      expect((await a.get(`/api/grading/attachments/${attachmentA}`, 'agent')).statusCode).toBe(404);
      expect((await a.get(`/api/grading/mines/${units['安全测试露天矿']}`, 'agent')).statusCode).toBe(404);
    });

    it('keeps one province’s reviewer off another province’s mine: not listed, 404 to read, 403/404 to act', async () => {
      const mines = expectOk(await as('GET', '/api/grading/mines', 'provb')) as { id: string }[];
      expect(mines.map((m) => m.id)).toEqual([units.mineB]);
      expect((await as('GET', `/api/grading/mines/${units['晋北一号井工煤矿']}`, 'provb')).statusCode).toBe(404);
      expect((await as('GET', `/api/grading/applications/${appB}`, 'provb')).statusCode).toBe(404);
      expect((await as('POST', `/api/grading/applications/${appB}/actions`, 'provb', { action: 'initial_review_pass', version: 1 })).statusCode).toBe(404);
      expect((await g.get(`/api/grading/mines/${units.mineB}`, 'province')).statusCode).toBe(404);
      expect((await g.post(`/api/grading/mines/${units.mineB}/events`, { type: 'fatal_accident', date: '2026-02-01', class: 'general' }, 'province')).statusCode).toBe(404);
      expect((await g.get(`/api/grading/provinces/${units.provinceB}/config`, 'province')).statusCode).toBe(403);
    });

    it('answers another province’s reviewer 404 (not 403) for this province’s proposals and extensions', async () => {
      const mine = await g.newMine('越权测试矿');
      await g.giveGrade(mine, '一级', '2023-05-01', '2026-05-01', g.units.province);
      const checklist = { commitment: true, zeroGasOverLimit: true, zeroOutburst: true, zeroWaterInrush: true, zeroSpontaneousCombustion: true, zeroRockBurst: true, faceMode: 'two_faces', mechanisationPercent: 100 };
      const ext = expectOk(await g.post('/api/grading/extensions', { mineId: mine, checklist }, 'enterprise'), 201);
      const ev = expectOk(await g.post(`/api/grading/mines/${mine}/events`, { type: 'fatal_accident', date: '2026-02-01', class: 'general' }, 'province'), 201);
      const confirm = await as('POST', `/api/grading/proposals/${ev.proposal.id}/confirm`, 'provb', { reason: '越权确认', version: 1 });
      expect(confirm.statusCode, confirm.body).toBe(404);
      const approve = await as('POST', `/api/grading/extensions/${ext.id}/actions`, 'provb', { action: 'province_approve', version: ext.version, localSupervisionOpinion: '越权' });
      expect(approve.statusCode, approve.body).toBe(404);
      expect((await as('GET', `/api/grading/extensions/${ext.id}`, 'provb')).statusCode).toBe(404);
    });

    it('answers 422, not a 500 from a 32-bit column, to a version number beyond any stored one', async () => {
      for (const url of ['/api/rules/complaint-severity/versions/99999999999999', '/api/rules/complaint-severity?version=99999999999999', '/api/grading/templates/coal-mine-2020?version=99999999999999']) {
        const res = await g.get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(422);
      }
    });

    it('tells the mine what an objection says but never who filed it; the authority sees the objector', async () => {
      const mine = await g.newMine('异议保密测试井');
      const { id } = await g.apply(mine, '二级', 86);
      expectOk(await g.act(id, 'province', { action: 'initial_review_pass' }));
      expectOk(await g.act(id, 'province', { action: 'assess', method: 'on_site', partScores: scores2020(86), weightedScore: 86 }));
      expectOk(await g.act(id, 'province', { action: 'publish_notice' }));
      const notice = (expectOk(await g.get('/api/public/grading/notices', null)) as { id: string; mineName: string }[]).find((n) => n.mineName === '异议保密测试井')!;
      expectOk(await g.post(`/api/public/grading/notices/${notice.id}/objections`, { name: '举报人老王', contact: '13700001234', text: '该矿井下仍有违规作业。' }, null), 201);
      const forMine = expectOk(await g.get(`/api/grading/applications/${id}`, 'enterprise'));
      expect(forMine.objections[0].text).toBe('该矿井下仍有违规作业。');
      expect(JSON.stringify(forMine)).not.toMatch(/举报人老王|13700001234/);
      const forAuthority = expectOk(await g.get(`/api/grading/applications/${id}`, 'province'));
      expect(forAuthority.objections[0]).toMatchObject({ name: '举报人老王', contact: '13700001234' });
    });

    it('creates once per Idempotency-Key: a resent mine, accident report, application or objection returns the first result', async () => {
      const key = (k: string) => ({ 'idempotency-key': k });
      const post = (url: string, who: keyof Grading['cookies'] | null, body: unknown, k: string) =>
        t.app.inject({ method: 'POST', url, payload: body as object, headers: { ...key(k), ...(who && { cookie: g.cookies[who] }) } });
      const mineBody = { name: '幂等测试井', mineType: 'underground', enterpriseId: g.units.enterprise };
      const m1 = expectOk(await post('/api/grading/mines', 'enterprise', mineBody, 'mine-1'), 201);
      const m2 = expectOk(await post('/api/grading/mines', 'enterprise', mineBody, 'mine-1'), 201);
      expect(m2.id).toBe(m1.id);
      expect(await t.ctx.db.selectFrom('units').select('id').where('name', '=', '幂等测试井').execute()).toHaveLength(1);

      await g.giveGrade(m1.id, '二级', '2025-01-10', '2028-01-10', g.units.province);
      const event = { type: 'fatal_accident', date: '2026-02-01', class: 'general' };
      const e1 = expectOk(await post(`/api/grading/mines/${m1.id}/events`, 'province', event, 'event-1'), 201);
      const e2 = expectOk(await post(`/api/grading/mines/${m1.id}/events`, 'province', event, 'event-1'), 201);
      expect(e2).toEqual(e1);
      expect(await t.ctx.db.selectFrom('grading_proposals').select('id').where('mine_id', '=', m1.id).execute()).toHaveLength(1);

      const application = { mineId: units['安全测试露天矿'], targetLevel: '三级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(75), weightedScore: 75, basicConditionsMet: true } };
      expectOk(await g.post(`/api/grading/applications/${appB}/actions`, { action: 'withdraw', version: 1 }, 'enterprise'));
      const a1 = expectOk(await post('/api/grading/applications', 'enterprise', application, 'app-1'), 201);
      const a2 = expectOk(await post('/api/grading/applications', 'enterprise', application, 'app-1'), 201);
      expect(a2.id).toBe(a1.id);

      // The notice published by the objection test above is still open.
      const notice = (expectOk(await g.get('/api/public/grading/notices', null)) as { id: string; status: string; mineName: string }[]).find((n) => n.mineName === '异议保密测试井')!;
      const objection = { name: '匿名', contact: 'x@example.com', text: '请核实该矿的通风系统。' };
      const o1 = expectOk(await post(`/api/public/grading/notices/${notice.id}/objections`, null, objection, 'objection-1'), 201);
      const o2 = expectOk(await post(`/api/public/grading/notices/${notice.id}/objections`, null, objection, 'objection-1'), 201);
      expect(o2.id).toBe(o1.id);
    });

    it('answers 409, not 500, to the second of two administrators saving the same template version at once', async () => {
      const tpl = expectOk(await g.get('/api/grading/templates/coal-mine-2017')) as { version: number; parts: { id: string; weights?: Record<string, number> }[] };
      const weights = Object.fromEntries(tpl.parts.filter((p) => p.weights?.open_pit !== undefined).map((p) => [p.id, p.weights!.open_pit]));
      const body = { version: tpl.version, mineType: 'open_pit', weights };
      const results = await Promise.all([g.put('/api/grading/templates/coal-mine-2017/weights', body), g.put('/api/grading/templates/coal-mine-2017/weights', body)]);
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([200, 409]);
    });
  });

  describe('administrators of a subtree', () => {
    it('refuses a province administrator the password or roles of a user who administers the whole nation', async () => {
      const victim = await createUser('victim', units['大同市煤矿安全监管局'], [{ role: 'admin', unitId: g.units.national }]);
      const reset = await as('POST', `/api/users/${victim.id}/password`, 'subadmin', { password: 'taken-over-1' });
      expect(reset.statusCode, reset.body).toBe(403);
      const strip = await as('PATCH', `/api/users/${victim.id}`, 'subadmin', { version: victim.version, roles: [] });
      expect(strip.statusCode, strip.body).toBe(403);
      // Still the victim's own password and powers.
      expect((await as('GET', '/api/users', 'victim')).statusCode).toBe(200);
    });

    it('refuses a province administrator settings that apply everywhere or to units outside the province', async () => {
      const hours = { utcOffsetMinutes: 480, periods: [{ start: '08:00', end: '12:00' }] };
      const cases: [string, string, unknown][] = [
        ['PUT', '/api/calendar/settings', { ...hours, unitId: units['华锐精密机械有限公司'] }],
        ['PUT', '/api/calendar/settings', { ...hours, version: 1 }],
        ['PUT', '/api/calendar/overrides/2026-05-06', { working: false, note: '擅自放假' }],
        ['PUT', '/api/workorders/policy', { baseVersion: 1, yaml: 'x: 1' }],
        ['PUT', '/api/grading/templates/coal-mine-2020/weights', { version: 1, mineType: 'underground', weights: {} }],
      ];
      for (const [method, url, body] of cases) {
        const res = await as(method as 'PUT', url, 'subadmin', body);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      }
      // Inside the province, its own administrator sets a unit's working hours.
      expectOk(await as('PUT', '/api/calendar/settings', 'subadmin', { ...hours, unitId: units['大同市煤矿安全监管局'] }));
    });

    it('answers 409 stale_version to a rule-pack upload based on a version someone else has superseded', async () => {
      const url = '/api/rules/complaint-severity-pedal/versions';
      const yaml = shippedPackText('complaint-severity-pedal');
      const base = (expectOk(await as('GET', '/api/rules/complaint-severity-pedal', 'admin')) as { latestVersion: number }).latestVersion;
      expectOk(await as('POST', url, 'admin', { yaml, note: '甲的修改', baseVersion: base }), 201);
      const stale = await as('POST', url, 'admin', { yaml, note: '乙基于旧版本的修改', baseVersion: base });
      expect(stale.statusCode, stale.body).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'stale_version', details: { currentVersion: base + 1 } });
    });

    it('hides other users’ notifications: 404 to mark one read, and only one’s own in the list', async () => {
      // Arrangement: one notification of the mine's user, as the outbox worker would have written it.
      const owner = await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'mine').executeTakeFirstOrThrow();
      const id = newId();
      await t.ctx.db.insertInto('notifications').values({ id, user_id: owner.id, title: '等级即将到期', body: '内部', link: null, created_at: t.clock.now().toISOString(), read_at: null }).execute();
      expect((await a.post(`/api/notifications/${id}/read`, {}, 'agent')).statusCode).toBe(404);
      expect((expectOk(await a.get('/api/notifications', 'agent')) as { id: string }[]).map((x) => x.id)).not.toContain(id);
      const still = await t.ctx.db.selectFrom('notifications').select('read_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(still.read_at).toBeNull();
    });
  });
});
