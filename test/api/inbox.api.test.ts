import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERNAMES } from '../../src/modules/demo';
import { WORKORDER_INBOX_ACTIONS } from '../../src/modules/workorders';
import { newId } from '../../src/platform/ids';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { selfAssessment } from './grading-helpers';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// 我的待办 (docs/inbox.md): each demo role sees exactly what it may act on now — the work orders on which one of
// its hand-off steps is allowed (the view's own allowedActions), the grading steps of its body or mine, pending
// proposals and extensions, self-inspections due and staff level decisions — missed first, then by due.

interface Item {
  module: string;
  id: string;
  title: string;
  action: string;
  due: string | null;
  state: string | null;
}

describe.each(TEST_DIALECTS)('my work (inbox) on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  const inbox = async (who: string, query = ''): Promise<{ items: Item[]; total: number }> => {
    const res = await a.get(`/api/inbox${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const summary = (items: Item[]) => items.map((i) => `${i.module}:${i.action}`).sort();

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
  });
  afterAll(async () => t?.close());

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401);
  });

  it('gives each demo role exactly its pending steps in the demo world', async () => {
    const expected: Record<string, string[]> = {
      admin: [],
      agent: ['workorders:reply'],
      clerk: ['workorders:accept', 'workorders:accept'],
      qe: ['workorders:pass_8d', 'workorders:submit_8d'],
      dept: ['workorders:sign', 'workorders:submit_8d'],
      manager: [],
      callback: ['workorders:callback', 'workorders:callback'],
      qam: [],
      director: [],
      // Also team lead on the call centre: the demo's emergency repair of 生产部 waits to be taken on.
      supervisor: ['workorders:accept', 'workorders:accept', 'workorders:take'],
      lead: ['workorders:take'],
      mine: ['grading:record_self_inspection'],
      enterprise: ['grading:record_self_inspection'],
      province: [],
      national: [],
    };
    expect(Object.keys(expected).sort()).toEqual([...DEMO_USERNAMES].sort());
    for (const u of DEMO_USERNAMES) expect(summary((await inbox(u)).items), u).toEqual(expected[u]);
    // The mine's quarterly and the enterprise's half-yearly self-inspection, both overdue.
    expect((await inbox('mine')).items[0]).toMatchObject({ title: '晋北一号井工煤矿 2025-Q1', state: 'missed', due: '2025-03-31T16:00:00.000Z' });
    expect((await inbox('enterprise')).items[0]).toMatchObject({ title: '晋北一号井工煤矿 2025-H1', state: 'missed' });
  });

  it('lists for each desk role exactly the visible work orders on which a hand-off step is in its allowedActions', async () => {
    for (const u of DEMO_USERNAMES) {
      const items = (await inbox(u)).items.filter((i) => i.module === 'workorders');
      const register = await a.get('/api/workorders?limit=200', u);
      if (register.statusCode === 403) {
        expect(items, u).toEqual([]);
        continue;
      }
      const expected = new Map<string, string>();
      for (const row of register.json().items as { id: string; status: string }[]) {
        const view = await a.view(row.id, u);
        const step = WORKORDER_INBOX_ACTIONS.find((x) => view.allowedActions.includes(x));
        if (step) expected.set(row.id, step);
      }
      expect(new Map(items.map((i) => [i.id, i.action])), u).toEqual(expected);
    }
  });

  it('puts an agent’s phone complaint in the clerk’s list (not the department’s) until dispatched, missed first once its hour passes', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-待办' }, 'agent');
    const clerk = (await inbox('clerk')).items;
    expect(clerk.find((i) => i.id === wo.id)).toEqual({ module: 'workorders', id: wo.id, title: `${wo.number} ${QUALITY_COMPLAINT.customerName} ${QUALITY_COMPLAINT.problem}`, action: 'accept', due: '2026-03-02T03:00:00.000Z', state: 'running' });
    expect((await inbox('dept')).items.some((i) => i.id === wo.id)).toBe(false);
    expect((await inbox('agent')).items.some((i) => i.id === wo.id)).toBe(false);

    // Two hours later the dispatch hour has passed: missed, and missed items come first, each group by due.
    t.clock.set('2026-03-02T04:00:00.000Z');
    a.relogin();
    const later = (await inbox('clerk')).items;
    const mine = later.find((i) => i.id === wo.id)!;
    expect(mine.state).toBe('missed');
    const firstOther = later.findIndex((i) => i.state !== 'missed');
    expect(later.slice(0, firstOther === -1 ? later.length : firstOther).every((i) => i.state === 'missed')).toBe(true);
    expect(later.slice(firstOther === -1 ? later.length : firstOther).some((i) => i.state === 'missed')).toBe(false);
    for (let i = 1; i < later.length; i++) {
      if (later[i].state === 'missed' && later[i - 1].state !== 'missed') throw new Error('missed after running');
      if ((later[i].state === 'missed') === (later[i - 1].state === 'missed') && later[i].due && later[i - 1].due) expect(later[i - 1].due! <= later[i].due!).toBe(true);
    }

    // Dispatched: gone from the clerk's list, the department head signs it.
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    expect((await inbox('clerk')).items.some((i) => i.id === wo.id)).toBe(false);
    expect((await inbox('dept')).items.find((i) => i.id === wo.id)).toMatchObject({ action: 'sign' });
    t.clock.set('2026-03-02T02:00:00.000Z');
    a.relogin();
  });

  it('limits the list and counts the rest', async () => {
    const all = await inbox('clerk');
    expect(all.total).toBe(all.items.length);
    const one = await inbox('clerk', '?limit=1');
    expect(one.items).toEqual(all.items.slice(0, 1));
    expect(one.total).toBe(all.total);
    expect((await a.get('/api/inbox?limit=0', 'clerk')).statusCode).toBe(422);
  });

  it('follows a grading application from body to body: 初审, the mine’s rectification, 考核, 公示 and 公告', async () => {
    const units = await t.ctx.db.selectFrom('units').select(['id', 'kind', 'name']).execute();
    const mineId = units.find((u) => u.name === '晋北一号井工煤矿')!.id;
    const act = async (id: string, u: string, body: Record<string, unknown>) => {
      const v = (await a.get(`/api/grading/applications/${id}`, u)).json().version as number;
      const res = await a.post(`/api/grading/applications/${id}/actions`, { version: v, ...body }, u);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const res = await a.post('/api/grading/applications', { mineId, targetLevel: '一级', standard: 'coal-mine-2020', selfAssessment: selfAssessment(95) }, 'mine');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const deadline = res.json().deadline as string;
    const step = async (u: string) => (await inbox(u)).items.filter((i) => i.id === id).map((i) => i.action);
    expect((await inbox('province')).items.find((i) => i.id === id)).toEqual({ module: 'grading', id, title: '晋北一号井工煤矿（一级）', action: 'initial_review_pass', due: deadline, state: 'running' });
    expect(await step('national')).toEqual([]);
    expect(await step('mine')).toEqual([]);

    const hd = await act(id, 'province', { action: 'record_hidden_danger', description: '备用风机未联动试验' });
    expect(await step('province')).toEqual([]);
    expect(await step('mine')).toEqual(['rectify_hidden_danger']);
    expect(await step('enterprise')).toEqual(['rectify_hidden_danger']);
    await act(id, 'mine', { action: 'rectify_hidden_danger', hiddenDangerId: hd.hiddenDangers[0].id, report: '已完成联动试验' });
    expect(await step('mine')).toEqual([]);
    expect(await step('province')).toEqual(['initial_review_pass']);

    await act(id, 'province', { action: 'initial_review_pass' });
    expect(await step('province')).toEqual([]);
    expect(await step('national')).toEqual(['assess']);
    await act(id, 'national', { action: 'assess', method: 'on_site', partScores: selfAssessment(95).partScores, weightedScore: 95 });
    expect(await step('national')).toEqual(['publish_notice']);
    await act(id, 'national', { action: 'publish_notice' });
    // The notice runs 5 working days: nothing to do until then.
    expect(await step('national')).toEqual([]);
    t.clock.set('2026-03-12T02:00:00.000Z');
    a.relogin();
    expect(await step('national')).toEqual(['announce']);
    await act(id, 'national', { action: 'announce' });
    expect(await step('national')).toEqual([]);
    t.clock.set('2026-03-02T02:00:00.000Z');
    a.relogin();
  });

  it('gives the granting body the proposals to confirm and the province, then the national authority, the extensions to decide', async () => {
    const units = await t.ctx.db.selectFrom('units').select(['id', 'kind', 'name']).execute();
    const mineId = units.find((u) => u.name === '晋北二号露天煤矿')!.id;
    const national = units.find((u) => u.kind === 'national_authority')!.id;
    const at = t.clock.now().toISOString();
    await t.ctx.db.deleteFrom('grading_grades').where('mine_id', '=', mineId).execute();
    await t.ctx.db.insertInto('grading_grades').values({ mine_id: mineId, level: '一级', since: '2023-05-10', valid_until: '2026-05-10', standard: 'coal-mine-2020', granted_by: national, extended: 0, reminded_for: null, updated_at: at }).execute();
    const ev = await a.post(`/api/grading/mines/${mineId}/events`, { type: 'fatal_accident', class: 'general', date: '2026-02-20' }, 'province');
    expect(ev.statusCode, ev.body).toBe(201);
    const proposal = ev.json().proposal as { id: string };
    expect((await inbox('national')).items.find((i) => i.id === proposal.id)).toEqual({ module: 'grading', id: proposal.id, title: '晋北二号露天煤矿（一级 → 三级）', action: 'confirm_proposal', due: null, state: null });
    expect((await inbox('province')).items.some((i) => i.id === proposal.id)).toBe(false);
    const dismissed = await a.post(`/api/grading/proposals/${proposal.id}/dismiss`, { reason: '事故不属于本矿责任', version: 1 }, 'national');
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect((await inbox('national')).items.some((i) => i.id === proposal.id)).toBe(false);

    // Arrangement: a direct-extension request as the mine files it (the request itself is tested in grading-supervision).
    const ext = newId();
    await t.ctx.db.insertInto('grading_extensions').values({ id: ext, mine_id: mineId, status: 'submitted', checklist: '{}', evidence: '[]', local_opinion: null, valid_until_before: '2026-05-10', valid_until_after: null, reason: null, created_at: at, created_by: null, updated_at: at }).execute();
    expect((await inbox('province')).items.find((i) => i.id === ext)).toEqual({ module: 'grading', id: ext, title: '晋北二号露天煤矿（一级）', action: 'province_approve', due: '2026-05-09T16:00:00.000Z', state: 'running' });
    expect((await inbox('national')).items.some((i) => i.id === ext)).toBe(false);
    await t.ctx.db.updateTable('grading_extensions').set({ status: 'province_approved' }).where('id', '=', ext).execute();
    expect((await inbox('province')).items.some((i) => i.id === ext)).toBe(false);
    expect((await inbox('national')).items.find((i) => i.id === ext)).toMatchObject({ action: 'national_file' });
    expect((await inbox('mine')).items.some((i) => i.id === ext)).toBe(false);
  });

  it('gives the manager a staff member whom the rules now place higher than the recorded level', async () => {
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    const company = units.find((u) => u.name === '华锐精密机械有限公司')!.id;
    const st = await a.post('/api/staff', { unitId: company, name: '赵小满', hiredOn: '2025-06-01', passedTests: ['taste_basic', 'rules_exam', 'six_skills_basic'] }, 'manager');
    expect(st.statusCode, st.body).toBe(201);
    const staff = st.json() as { id: string; version: number };
    expect((await inbox('manager')).items.some((i) => i.id === staff.id)).toBe(false);
    // Four written praise letters naming her (服务员等级标准 cl. 2: more than 3) make her 初级.
    for (let i = 0; i < 4; i++) await a.create({ kind: 'praise', channel: 'letter', customerName: `客人${i}`, problem: '服务热情周到', staffName: '赵小满' }, 'agent');
    expect((await inbox('manager')).items.find((i) => i.id === staff.id)).toEqual({ module: 'staff', id: staff.id, title: '赵小满（无 → 初级）', action: 'record_level', due: null, state: null });
    expect((await inbox('dept')).items.some((i) => i.id === staff.id)).toBe(false);
    const lv = await a.post(`/api/staff/${staff.id}/levels`, { level: '初级', version: staff.version }, 'manager');
    expect(lv.statusCode, lv.body).toBe(200);
    expect((await inbox('manager')).items.some((i) => i.id === staff.id)).toBe(false);
  });
});
