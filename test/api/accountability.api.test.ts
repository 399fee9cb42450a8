import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// Accountability (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions): level from the accident-management pack, deductions booked up the org tree.
describe.each(TEST_DIALECTS)('accountability on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let deptCookie: string;
  const unit: Record<string, string> = {};
  const user: Record<string, string> = {};

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, payload: unknown, cookie: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, ...headers } });
  const chainOf = (body: { entries: { userId: string; roleInChain: string; points: number }[] }) =>
    body.entries.map((e) => [e.userId, e.roleInChain, e.points]);

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-11-20T02:00:00.000Z' });
    admin = await t.login('admin');
    for (const u of (await get('/api/units', admin)).json() as { id: string; name: string }[]) unit[u.name] = u.id;
    // A workshop under 生产部, so the chain has four distinct people: worker, 车间主任, dept (生产部), manager (company).
    const ws = await post('/api/units', { name: '装配车间', kind: 'department', parentId: unit['生产部'] }, admin);
    expect(ws.statusCode).toBe(201);
    unit['装配车间'] = ws.json().id;
    // pworker works in 生产部 itself: the responsible person of its accidents must belong to its subtree.
    for (const [username, unitName, roles] of [
      ['worker1', '装配车间', []],
      ['wshead', '装配车间', [{ role: 'dept_head', unitId: unit['装配车间'] }]],
      ['pworker', '生产部', []],
    ] as const) {
      const r = await post('/api/users', { username, displayName: username, unitId: unit[unitName], password: 'ledger-pass-4821', roles }, admin);
      expect(r.statusCode).toBe(201);
    }
    for (const u of (await get('/api/users', admin)).json() as { id: string; username: string }[]) user[u.username] = u.id;
    manager = await t.login('manager');
    deptCookie = await t.login('dept');
  });
  afterAll(async () => t?.close());

  const zero = { deaths: 0, seriousInjuries: 0, minorInjuries: 0, treatmentWorkingDays: 0, injuryLeaveMonths: 0, strikers: 0 };

  it('rates 2 minor injuries treated 15 working days 三级 and books 5/3/2 to worker, department head and direct superior', async () => {
    const res = await post('/api/accountability/accidents', { unitId: unit['生产部'], occurredOn: '2026-11-10', title: '夹手', facts: { ...zero, minorInjuries: 2, treatmentWorkingDays: 15 }, responsibleUserId: user.pworker }, manager);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.level).toBe('三级');
    expect(body.explain.length).toBeGreaterThan(0);
    expect(body.refused.map((r: { level: string }) => r.level)).toEqual(['一级', '二级']);
    // 生产部 → company: dept holds dept_head on 生产部, the company's head (manager) is the direct superior; no one above.
    expect(chainOf(body)).toEqual([
      [user.pworker, 'responsible', 5],
      [user.dept, 'departmentHead', 3],
      [user.manager, 'directSuperior', 2],
    ]);
    const ledger = (await get('/api/accountability/ledger?month=2026-11', manager)).json();
    expect(ledger.totals).toEqual(expect.arrayContaining([{ userId: user.pworker, userName: expect.any(String), month: '2026-11', points: 5, accidents: 1 }]));
  });

  it('walks up the tree for a 一级 accident: 15/10/8/5 to worker, workshop head, 生产部 head and the manager', async () => {
    const res = await post('/api/accountability/accidents', { unitId: unit['装配车间'], occurredOn: '2026-10-05', title: '重伤', facts: { ...zero, seriousInjuries: 1 }, responsibleUserId: user.worker1 }, deptCookie);
    expect(res.statusCode).toBe(201);
    expect(res.json().level).toBe('一级');
    expect(chainOf(res.json())).toEqual([
      [user.worker1, 'responsible', 15],
      [user.wshead, 'departmentHead', 10],
      [user.dept, 'directSuperior', 8],
      [user.manager, 'superiorsSuperior', 5],
    ]);
    const entries = (await get(`/api/accountability/ledger?month=2026-10&userId=${user.manager}`, admin)).json().entries;
    expect(entries.map((e: { accidentTitle: string; points: number }) => [e.accidentTitle, e.points])).toEqual([['重伤', 5]]);
  });

  it('skips the superior’s superior of a 三级 accident, whose points are 0, and books a person once at their highest link', async () => {
    const res = await post('/api/accountability/accidents', { unitId: unit['装配车间'], occurredOn: '2026-11-01', title: '轻伤', facts: { ...zero, minorInjuries: 1 }, responsibleUserId: user.wshead }, deptCookie);
    expect(res.statusCode).toBe(201);
    // wshead is responsible (5) and department head (3): booked once with 5; manager's link is worth 0.
    expect(chainOf(res.json())).toEqual([
      [user.wshead, 'responsible', 5],
      [user.dept, 'directSuperior', 2],
    ]);
  });

  it('refuses recording outside the caller’s subtree (403) and hides other subtrees’ accidents (404)', async () => {
    const elsewhere = await post('/api/accountability/accidents', { unitId: unit['品管部'], occurredOn: '2026-11-01', title: 'x', facts: { minorInjuries: 1 }, responsibleUserId: user.qe }, deptCookie);
    expect(elsewhere.statusCode).toBe(403);
    const agent = await t.login('agent');
    expect((await post('/api/accountability/accidents', { unitId: unit['生产部'], occurredOn: '2026-11-01', title: 'x', facts: {}, responsibleUserId: user.agent }, agent)).statusCode).toBe(403);
    const qa = await post('/api/accountability/accidents', { unitId: unit['品管部'], occurredOn: '2026-11-02', title: '品管部事故', facts: { strikers: 3, affectsTaskOnly: true }, responsibleUserId: user.qe }, manager);
    expect(qa.statusCode).toBe(201);
    expect((await get(`/api/accountability/accidents/${qa.json().id}`, deptCookie)).statusCode).toBe(404);
    expect(((await get('/api/accountability/accidents', deptCookie)).json() as { id: string }[]).map((a) => a.id)).not.toContain(qa.json().id);
    // The person booked sees their own accident and only their own entries.
    const pworker = await t.login('pworker', 'ledger-pass-4821');
    const mine = (await get('/api/accountability/accidents', pworker)).json() as { title: string }[];
    expect(mine.map((a) => a.title)).toEqual(['夹手']);
    const own = (await get('/api/accountability/ledger', pworker)).json();
    expect(new Set(own.entries.map((e: { userId: string }) => e.userId))).toEqual(new Set([user.pworker]));
  });

  it('replays a creation with the same Idempotency-Key instead of booking the chain twice', async () => {
    const body = { unitId: unit['生产部'], occurredOn: '2026-09-15', title: '罢工', facts: { ...zero, strikers: 6 }, responsibleUserId: user.pworker };
    const a = await post('/api/accountability/accidents', body, manager, { 'idempotency-key': 'acc-1' });
    const b = await post('/api/accountability/accidents', body, manager, { 'idempotency-key': 'acc-1' });
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(a.json().level).toBe('二级');
    const sept = (await get('/api/accountability/ledger?month=2026-09', admin)).json();
    expect(sept.entries).toHaveLength(3);
    const report = (await get('/api/accountability/report?from=2026-09&to=2026-09&groupBy=person', admin)).json();
    expect(report.totalPoints).toBe(10 + 8 + 5);
  });

  it('answers 422 naming each bad fact field and books nothing', async () => {
    const before = (await get('/api/accountability/ledger', admin)).json().entries.length;
    const res = await post('/api/accountability/accidents', { unitId: unit['生产部'], occurredOn: '2026-11-01', title: 'x', facts: { minorInjuries: -1, strikers: 'many', bogus: 1 }, responsibleUserId: user.pworker }, manager);
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['facts.minorInjuries', 'facts.strikers', 'facts.bogus']));
    expect((await get('/api/accountability/ledger', admin)).json().entries.length).toBe(before);
  });

  it('refuses (422 responsibleUserId) a responsible person outside the accident unit’s subtree, books nothing and shows them nothing', async () => {
    const before = (await get('/api/accountability/ledger', admin)).json().entries.length;
    // A coal-mine user of another organisation tree, named by 生产部's head; a colleague of another department of
    // the same company; and the same mine user named by an administrator who covers both trees.
    for (const [who, responsibleUserId] of [
      [deptCookie, user.mine],
      [manager, user.agent],
      [admin, user.mine],
    ] as const) {
      const res = await post('/api/accountability/accidents', { unitId: unit['生产部'], occurredOn: '2026-11-12', title: '越界', facts: { ...zero, minorInjuries: 1 }, responsibleUserId }, who);
      expect(res.statusCode, res.body).toBe(422);
      expect((res.json().errors as { field: string }[]).map((e) => e.field)).toEqual(['responsibleUserId']);
    }
    expect((await get('/api/accountability/ledger', admin)).json().entries.length).toBe(before);
    const mineCookie = await t.login('mine');
    expect((await get('/api/accountability/accidents', mineCookie)).json()).toEqual([]);
    expect((await get('/api/accountability/ledger', mineCookie)).json().entries).toEqual([]);
  });

  it('lists as candidates only the people of the chosen unit’s subtree', async () => {
    const people = (await get(`/api/accountability/people?unitId=${unit['生产部']}`, deptCookie)).json() as { id: string }[];
    expect(new Set(people.map((p) => p.id))).toEqual(new Set([user.dept, user.pworker, user.worker1, user.wshead]));
    expect((await get(`/api/accountability/people?unitId=${unit['品管部']}`, deptCookie)).statusCode).toBe(403);
  });

  it('reports points by department and by month', async () => {
    const byDept = (await get('/api/accountability/report?groupBy=department', admin)).json();
    expect(byDept.rows.find((r: { label: string }) => r.label === '装配车间').points).toBe(15 + 10 + 8 + 5 + 5 + 2);
    const byMonth = (await get('/api/accountability/report?groupBy=month', admin)).json();
    expect(byMonth.rows.map((r: { key: string }) => r.key)).toEqual(['2026-09', '2026-10', '2026-11']);
  });
});
