import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, REPORT_8D, api, type Api } from './workorders.fixtures';

// The quality loop (docs/quality-loop.md; 事故扣分标准 cl. 2): an 8D approved with verification facts → the
// quality-accidents pack proposes an accident → the QA manager confirms (four deductions on the ledger for the
// month, linked to the work order) or dismisses; the root-cause Pareto against hand-counted fixtures; the
// similar-complaint ranking.
describe.each(TEST_DIALECTS)('quality loop on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  const unit: Record<string, string> = {};
  const user: Record<string, string> = {};
  const cause: Record<string, string> = {};
  const wo: Record<string, { id: string; number: string }> = {};

  // No customer code: the customer is then keyed by its name, as the intake form's similar check asks.
  const complaint = (customerName: string, extra: Record<string, unknown>) => {
    const { customerCode: _code, ...rest } = QUALITY_COMPLAINT;
    return { ...rest, customerName, ...extra };
  };

  /** Dispatch to 生产部, sign, submit the 8D with its D4 classification, QE pass; returns the version to approve. */
  async function toApproval(id: string, d4: Record<string, unknown>) {
    await a.step(id, 'accept', 'clerk');
    await a.step(id, 'dispatch', 'clerk', { departmentId: unit['生产部'] });
    await a.step(id, 'sign', 'dept');
    await a.step(id, 'submit_8d', 'dept', { report: { ...REPORT_8D, ...d4 } });
    await a.step(id, 'pass_8d', 'qe');
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    for (const u of (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[]) unit[u.name] = u.id;
    // The QA manager is the demo's `qam` (品保经理). A workshop under 生产部, so the chain has four people: worker, 车间主任, dept (生产部), manager (company).
    const ws = await a.post('/api/units', { name: '制粉车间', kind: 'department', parentId: unit['生产部'] }, 'admin');
    expect(ws.statusCode).toBe(201);
    unit['制粉车间'] = ws.json().id;
    for (const [username, unitName, roles] of [
      ['worker1', '制粉车间', []],
      ['wshead', '制粉车间', [{ role: 'dept_head', unitId: unit['制粉车间'] }]],
    ] as const) {
      const r = await a.post('/api/users', { username, displayName: username, unitId: unit[unitName], password: 'quality-pass-4821', roles }, 'admin');
      expect(r.statusCode, r.body).toBe(201);
    }
    for (const u of (await a.get('/api/users', 'admin')).json() as { id: string; username: string }[]) user[u.username] = u.id;
    for (const [category, name] of [
      ['machine', '搓丝板磨损'],
      ['man', '操作失误'],
    ] as const) {
      const r = await a.post('/api/workorders/root-causes', { category, name }, 'admin');
      expect(r.statusCode, r.body).toBe(201);
      cause[name] = r.json().id;
    }
  });
  afterAll(async () => t?.close());

  const login = async (username: string) => (username === 'qam' ? t.login(username) : t.login(username, 'quality-pass-4821'));
  const asUser = async (method: 'GET' | 'POST', url: string, username: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { cookie: await login(username) } });

  it('keeps the batch number from intake, editable with the version read', async () => {
    const c = await a.create(complaint('客户甲', { batchNumber: 'B-2603', problem: '螺纹牙纹不良，通规不过' }));
    wo.first = c;
    expect((await a.view(c.id)).batchNumber).toBe('B-2603');
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/workorders/${c.id}/batch`, payload: { version: 99, batchNumber: 'X' }, headers: { cookie: await t.login('clerk') } });
    expect(bad.statusCode).toBe(409);
    const v = (await a.view(c.id)).version;
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/workorders/${c.id}/batch`, payload: { version: v, batchNumber: 'B-2601' }, headers: { cookie: await t.login('clerk') } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ batchNumber: 'B-2601', version: v + 1 });
    // A second end user of the same product and batch.
    wo.second = await a.create(complaint('客户乙', { batchNumber: 'B-2601', problem: '螺纹牙纹不良' }));
  });

  it('proposes a quality accident at 8D approval, which the QA manager confirms: four deductions for the month, linked to the work order', async () => {
    const id = wo.first.id;
    await toApproval(id, { d4Category: 'machine', d4CauseId: cause['搓丝板磨损'] });
    // A responsible person outside the company is refused on the field, and nothing is approved.
    const bad = await a.act(id, 'approve_8d', 'manager', { verification: { verifiedPoorPerformance: true, outOfInternalSpec: true, responsibleUserId: user.national } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['verification.responsibleUserId']);
    const v = await a.step(id, 'approve_8d', 'manager', { verification: { verifiedPoorPerformance: true, outOfInternalSpec: true, responsibleUserId: user.worker1 } });
    expect(v.status).toBe('approved');

    const list = await asUser('GET', `/api/accountability/quality-accidents?workOrderId=${id}`, 'qam');
    expect(list.statusCode, list.body).toBe(200);
    const [p] = list.json();
    expect(p).toMatchObject({
      workOrderId: id,
      level: '超内控',
      status: 'proposed',
      unitId: unit['制粉车间'],
      responsibleUserId: user.worker1,
      occurredOn: '2026-03-02',
      deductions: { responsible: 10, departmentHead: 5, directSuperior: 3, superiorsSuperior: 2 },
      departments: ['生产部', '品保部'],
      facts: { verifiedPoorPerformance: true, outOfInternalSpec: true, sameBatchEndUsers: 2 },
    });
    // Out of spec: ⑵ (in spec, two end users) does not hold though two end users complained of the batch.
    expect(p.cases.map((c: { level: string }) => c.level)).toEqual(['超内控']);

    // Only the QA manager decides.
    const byManager = await a.post(`/api/accountability/quality-accidents/${p.id}/confirm`, { version: p.version }, 'manager');
    expect(byManager.statusCode).toBe(403);
    const confirmed = await asUser('POST', `/api/accountability/quality-accidents/${p.id}/confirm`, 'qam', { version: p.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', accidentId: expect.any(String), decidedByName: '品保经理 何丽' });
    const again = await asUser('POST', `/api/accountability/quality-accidents/${p.id}/confirm`, 'qam', { version: confirmed.json().version });
    expect(again.statusCode).toBe(409);

    // The same ledger as management accidents, for March, each entry linked back to the work order.
    const ledger = (await a.get('/api/accountability/ledger?month=2026-03', 'admin')).json() as { entries: { userId: string; roleInChain: string; points: number; accidentKind: string; workOrderId: string | null; workOrderNumber: string | null }[] };
    const mine = ledger.entries.filter((e) => e.workOrderId === id);
    expect(mine.map((e) => [e.userId, e.roleInChain, e.points]).sort()).toEqual(
      [
        [user.worker1, 'responsible', 10],
        [user.wshead, 'departmentHead', 5],
        [user.dept, 'directSuperior', 3],
        [user.manager, 'superiorsSuperior', 2],
      ].sort(),
    );
    expect(mine.every((e) => e.accidentKind === 'quality' && e.workOrderNumber === wo.first.number)).toBe(true);
    const accident = (await a.get(`/api/accountability/accidents/${confirmed.json().accidentId}`, 'admin')).json();
    expect(accident).toMatchObject({ kind: 'quality', workOrderId: id, workOrderNumber: wo.first.number, level: '超内控', totalPoints: 20 });
    const audit = (await a.get(`/api/audit?subjectType=quality_accident&subjectId=${p.id}`, 'admin')).json();
    expect(audit.items.map((x: { action: string }) => x.action).sort()).toEqual(['quality_accident.confirm', 'quality_accident.propose']);
  });

  it('counts two end users of the same batch for ⑵ (in spec) and lets the QA manager dismiss it with a reason', async () => {
    const id = wo.second.id;
    await toApproval(id, { d4Category: 'machine', d4CauseId: cause['搓丝板磨损'] });
    await a.step(id, 'approve_8d', 'manager', { verification: {} });
    const [p] = (await asUser('GET', `/api/accountability/quality-accidents?workOrderId=${id}`, 'qam')).json();
    expect(p).toMatchObject({ level: '同批两家', unitId: unit['生产部'], responsibleUserId: null, deductions: { responsible: 5, departmentHead: 3, directSuperior: 2, superiorsSuperior: 0 } });
    expect(p.facts.sameBatchEndUsers).toBe(2);
    const noReason = await asUser('POST', `/api/accountability/quality-accidents/${p.id}/dismiss`, 'qam', { version: p.version, reason: '' });
    expect(noReason.statusCode).toBe(422);
    // Confirming without a responsible person names the field.
    const noPerson = await asUser('POST', `/api/accountability/quality-accidents/${p.id}/confirm`, 'qam', { version: p.version });
    expect(noPerson.statusCode).toBe(422);
    expect(noPerson.json().errors.map((e: { field: string }) => e.field)).toEqual(['responsibleUserId']);
    const d = await asUser('POST', `/api/accountability/quality-accidents/${p.id}/dismiss`, 'qam', { version: p.version, reason: '经复核为客户储存不当' });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ status: 'dismissed', reason: '经复核为客户储存不当', accidentId: null });
    const ledger = (await a.get('/api/accountability/ledger?month=2026-03', 'admin')).json() as { entries: { workOrderId: string | null }[] };
    expect(ledger.entries.some((e) => e.workOrderId === id)).toBe(false);
  });

  it('proposes nothing for one end user in spec, and refuses a sub-cause of another category', async () => {
    const c = await a.create(complaint('客户丙', { batchNumber: 'B-2602', productCode: 'HR-X-99', problem: '包装箱破损', problemCategory: '包装' }));
    wo.third = c;
    await a.step(c.id, 'accept', 'clerk');
    await a.step(c.id, 'dispatch', 'clerk', { departmentId: unit['生产部'] });
    await a.step(c.id, 'sign', 'dept');
    const wrong = await a.act(c.id, 'submit_8d', 'dept', { report: { ...REPORT_8D, d4Category: 'man', d4CauseId: cause['搓丝板磨损'] } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['report.d4CauseId']);
    await a.step(c.id, 'submit_8d', 'dept', { report: { ...REPORT_8D, d4Category: 'man', d4CauseId: cause['操作失误'] } });
    await a.step(c.id, 'pass_8d', 'qe');
    const v = await a.step(c.id, 'approve_8d', 'manager', { verification: { verifiedPoorPerformance: true } });
    expect(v.status).toBe('approved');
    expect((await asUser('GET', `/api/accountability/quality-accidents?workOrderId=${c.id}`, 'qam')).json()).toEqual([]);
  });

  it('counts the approved root causes against the hand count: 机 · 搓丝板磨损 2, 人 · 操作失误 1', async () => {
    // Hand count: first and second approved with 搓丝板磨损, third with 操作失误; a fourth is submitted with a
    // cause but not approved, a fifth approved without a classification — neither counts.
    const fourth = await a.create(complaint('客户丁', { problem: '螺纹毛刺', problemCategory: '毛刺' }));
    await toApproval(fourth.id, { d4Category: 'man', d4CauseId: cause['操作失误'] });
    const fifth = await a.create(complaint('客户戊', { problem: '螺纹毛刺', problemCategory: '毛刺-2' }));
    await toApproval(fifth.id, {});
    await a.step(fifth.id, 'approve_8d', 'manager');

    const res = await a.get('/api/reports/root-causes?from=2026-03-01&to=2026-03-31', 'manager');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      { cause: '机 · 搓丝板磨损', category: 'machine', causeId: cause['搓丝板磨损'], count: 2, share: 0.6667, workOrderIds: [wo.first.id, wo.second.id].sort(), workOrderNumbers: expect.any(Array) },
      { cause: '人 · 操作失误', category: 'man', causeId: cause['操作失误'], count: 1, share: 0.3333, workOrderIds: [wo.third.id], workOrderNumbers: [wo.third.number] },
    ]);
    const byProduct = (await a.get('/api/reports/root-causes?from=2026-03-01&to=2026-03-31&productCode=HR-X-99', 'manager')).json();
    expect(byProduct).toEqual([expect.objectContaining({ cause: '人 · 操作失误', count: 1, share: 1 })]);
    const byCategory = (await a.get('/api/reports/root-causes?from=2026-03-01&to=2026-03-31&by=category', 'manager')).json();
    expect(byCategory.map((r: { cause: string; count: number }) => [r.cause, r.count])).toEqual([
      ['机', 2],
      ['人', 1],
    ]);
    const byDept = (await a.get(`/api/reports/root-causes?from=2026-03-01&to=2026-03-31&departmentId=${unit['品管部']}`, 'manager')).json();
    expect(byDept).toEqual([]);
    // The workshop head sees none of these work orders (dispatched to 生产部, above the workshop).
    expect((await asUser('GET', '/api/reports/root-causes?from=2026-03-01&to=2026-03-31', 'wshead')).json()).toEqual([]);
    expect((await a.get('/api/reports/root-causes?from=2026-04-01&to=2026-04-30', 'manager')).json()).toEqual([]);
  });

  it('ranks similar complaints: same customer, product, batch and text first; an unrelated one not at all', async () => {
    const q = new URLSearchParams({ customerName: '客户甲', productCode: 'HR-M8-25', batchNumber: 'B-2601', problem: '螺纹牙纹不良，通规不过' });
    const res = await a.get(`/api/workorders/similar?${q}`, 'agent');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; number: string; score: number; matches: string[] }[];
    const ids = items.map((i) => i.id);
    expect(items[0]).toMatchObject({ id: wo.first.id, number: wo.first.number, score: 1, matches: ['customer', 'product', 'batch', 'text'] });
    expect(items[1]).toMatchObject({ id: wo.second.id, matches: ['product', 'batch', 'text'] });
    expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((x, y) => y - x));
    expect(ids).not.toContain(wo.third.id);
    // Nothing to compare: no candidates.
    expect((await a.get('/api/workorders/similar', 'agent')).json()).toEqual({ items: [] });
  });

  it('links a repeat to the work order instead of registering it twice', async () => {
    const before = await a.view(wo.first.id);
    const r = await a.post(`/api/workorders/${wo.first.id}/repeats`, { customerName: '客户甲', contactName: '王经理', problem: '再次来电：通规不过' }, 'agent');
    expect(r.statusCode, r.body).toBe(200);
    const after = r.json();
    expect(after.version).toBe(before.version);
    expect(after.timeline.at(-1)).toMatchObject({ event: 'repeat', note: expect.stringContaining('再次来电') });
  });

  it('lets only administrators keep the root-cause list', async () => {
    expect((await a.post('/api/workorders/root-causes', { category: 'method', name: '作业指导书缺失' }, 'manager')).statusCode).toBe(403);
    const list = (await a.get('/api/workorders/root-causes', 'dept')).json();
    expect(list.categories.map((c: { zh: string }) => c.zh)).toEqual(['人', '机', '料', '法', '环', '测']);
    expect(list.items.map((i: { name: string }) => i.name).sort()).toEqual(['搓丝板磨损', '操作失误'].sort());
    const item = list.items.find((i: { name: string }) => i.name === '操作失误');
    const retired = await t.app.inject({ method: 'PATCH', url: `/api/workorders/root-causes/${item.id}`, payload: { version: item.version, active: false }, headers: { cookie: await t.login('admin') } });
    expect(retired.statusCode, retired.body).toBe(200);
    expect((await a.get('/api/workorders/root-causes', 'dept')).json().items.map((i: { name: string }) => i.name)).toEqual(['搓丝板磨损']);
  });
});
