import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './workorders.fixtures';

// Staff levels (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels) on both databases: praise and complaints counted from work orders, the complaint
// offset, subtree scope, optimistic versions and early promotion with a manager's approval.
describe.each(TEST_DIALECTS)('staff levels on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let company: string;
  let production: string;
  const ALL_BASIC = ['taste_basic', 'rules_exam', 'six_skills_basic'];

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    company = units.find((u) => u.name === '华锐精密机械有限公司')!.id;
    production = units.find((u) => u.name === '生产部')!.id;
  });
  afterAll(async () => t?.close());

  const patch = async (url: string, body: unknown, who: string) => t.app.inject({ method: 'PATCH', url, payload: body as object, headers: { cookie: await t.login(who) } });
  let seq = 0;
  const praise = (staffName: string) => a.create({ kind: 'praise', channel: 'letter', customerName: `表扬客户${++seq}`, problem: '服务热情', staffName });
  const complaint = (staffName: string) => a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: `投诉客户${++seq}`, problem: '上菜慢', staffName });
  const addStaff = async (name: string, who = 'manager', unitId = company) => {
    const res = await a.post('/api/staff', { unitId, name, hiredOn: '2025-11-01', passedTests: ALL_BASIC }, who);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; currentLevel: string };
  };
  const assess = async (id: string, who = 'manager') => {
    const res = await a.get(`/api/staff/${id}/assessment`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('grants 初级 to 5 praise letters and 1 complaint because they count as 4 > 3, with 4 months and all basic tests', async () => {
    const s = await addStaff('李小红');
    for (let i = 0; i < 5; i++) await praise('李小红');
    await complaint('李小红');
    const r = await assess(s.id);
    expect(r.facts).toMatchObject({ praiseLetters: 5, complaints: 1, currentLevel: '无' });
    expect(r.facts.tenureMonths).toBeGreaterThanOrEqual(3);
    expect(r.level).toBe('初级');
    expect(r.outputs).toMatchObject({ basePay: 1800 });
    expect(r.refused.map((x: { level: string }) => x.level)).toEqual(['星级', '高级', '中级']);
    const list = (await a.get(`/api/staff?unitId=${company}`, 'manager')).json() as { id: string; computedLevel: string; currentLevel: string }[];
    expect(list.find((x) => x.id === s.id)).toMatchObject({ computedLevel: '初级', currentLevel: '无' });
    const all = await a.get('/api/staff', 'manager');
    expect(all.statusCode, all.body).toBe(200);
    expect((all.json() as { id: string }[]).map((x) => x.id)).toContain(s.id);
  });

  it('refuses 初级 to 4 praise letters and 1 complaint because the offset leaves 3, not more than 3', async () => {
    const s = await addStaff('赵小刚');
    for (let i = 0; i < 4; i++) await praise('赵小刚');
    await complaint('赵小刚');
    const r = await assess(s.id);
    expect(r.level).toBe('无');
    const junior = r.refused.find((x: { level: string }) => x.level === '初级');
    expect(junior.reasons.some((x: { ok: boolean; zh: string }) => !x.ok && x.zh.includes('表扬信'))).toBe(true);
  });

  it('does not count a complaint rejected as invalid, so 4 praise letters stay 4 and give 初级', async () => {
    const s = await addStaff('孙小美');
    for (let i = 0; i < 4; i++) await praise('孙小美');
    const wo = await complaint('孙小美');
    await a.step(wo.id, 'reject_invalid', 'clerk', { reason: '经核实非有效投诉' });
    const r = await assess(s.id);
    expect(r.facts).toMatchObject({ praiseLetters: 4, complaints: 0 });
    expect(r.level).toBe('初级');
  });

  it('hides staff outside the caller’s subtree (404) and refuses adding staff there (403)', async () => {
    const s = await addStaff('周小平');
    expect((await a.get(`/api/staff/${s.id}/assessment`, 'dept')).statusCode).toBe(404);
    expect((await a.get(`/api/staff/${s.id}`, 'dept')).statusCode).toBe(404);
    expect((await a.post('/api/staff', { unitId: company, name: '越权', hiredOn: '2025-01-01' }, 'dept')).statusCode).toBe(403);
    expect((await a.get('/api/staff', 'agent')).statusCode).toBe(403);
    const own = await addStaff('生产部员工', 'dept', production);
    const listed = (await a.get('/api/staff', 'dept')).json() as { id: string }[];
    expect(listed.map((x) => x.id)).toEqual([own.id]);
  });

  it('answers 409 stale_version to an edit or decision naming an old version, changing nothing', async () => {
    const s = await addStaff('吴小兰');
    const ok = await patch(`/api/staff/${s.id}`, { version: s.version, attitudeGood: true }, 'manager');
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await patch(`/api/staff/${s.id}`, { version: s.version, attitudeGood: false }, 'manager');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    expect((await a.post(`/api/staff/${s.id}/levels`, { level: '无', version: s.version }, 'manager')).statusCode).toBe(409);
    expect((await a.get(`/api/staff/${s.id}`, 'manager')).json().attitudeGood).toBe(true);
  });

  it('records the computed level for a department head, but an early promotion above it needs a manager and a note', async () => {
    const s = await addStaff('郑小燕', 'dept', production);
    for (let i = 0; i < 4; i++) await praise('郑小燕');
    const wo = await a.create({ kind: 'praise', channel: 'letter', customerName: '生产部客户', problem: '表扬', staffName: '郑小燕', unitId: production }, 'admin');
    expect(wo.id).toBeTruthy();
    let r = await assess(s.id, 'dept');
    expect(r.level).toBe('无'); // work orders owned by the company are outside 生产部's subtree
    // The 生产部 work order alone is one letter: still 无. Early promotion to 初级 by the department head is refused.
    const byDept = await a.post(`/api/staff/${s.id}/levels`, { level: '初级', note: '表现突出', version: s.version }, 'dept');
    expect(byDept.statusCode).toBe(403);
    expect(byDept.json().code).toBe('approval_required');
    const noNote = await a.post(`/api/staff/${s.id}/levels`, { level: '初级', version: s.version }, 'manager');
    expect(noNote.statusCode).toBe(422);
    const early = await a.post(`/api/staff/${s.id}/levels`, { level: '初级', note: '表现突出，经总经理批准提前晋级', version: s.version }, 'manager');
    expect(early.statusCode, early.body).toBe(200);
    r = early.json();
    expect(r.staff.currentLevel).toBe('初级');
    expect(r.decisions[0]).toMatchObject({ level: '初级', previousLevel: '无', computedLevel: '无', note: '表现突出，经总经理批准提前晋级' });
    const same = await a.post(`/api/staff/${s.id}/levels`, { level: '无', version: r.staff.version }, 'dept');
    expect(same.statusCode, same.body).toBe(200);
    const audit = (await a.get(`/api/audit?subjectId=${s.id}`, 'admin')).json() as { items: { action: string }[] };
    expect(audit.items.map((x) => x.action)).toEqual(expect.arrayContaining(['staff.create', 'staff.promote_early', 'staff.level']));
  });
});
