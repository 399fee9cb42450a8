import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { scores2020, selfAssessment } from './grading-helpers';
import { QUALITY_COMPLAINT, REPORT_8D, api, type Api } from './workorders.fixtures';

// Walks docs/notifications.md, row by row: each hand-off is driven through the API, the outbox delivered, and the
// test asserts exactly who was told (by username) and with which notice; acting on an item marks the actor's own
// notices about it read; a user who chose English reads English.
describe.each(TEST_DIALECTS)('hand-off notifications on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  const seen = new Set<string>();

  /** Delivers the outbox and returns the notifications written since the last call: "username: title", sorted. */
  async function told(): Promise<string[]> {
    while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
    const rows = await t.ctx.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['notifications.id', 'users.username', 'notifications.title']).execute();
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.add(r.id);
    return fresh.map((r) => `${r.username}: ${r.title}`).sort();
  }

  /** The usernames told (the title's leading 【…】 or text up to '：' identifies the row of the table). */
  const who = (lines: string[]) => lines.map((l) => l.split(': ')[0]);

  async function unreadAbout(username: string, subjectId: string): Promise<number> {
    const r = await t.ctx.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('users.username', '=', username)
      .where('notifications.subject_id', '=', subjectId)
      .where('notifications.read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
    await told(); // whatever the demo seeders queued
  });
  afterAll(async () => t?.close());

  it('walks the complaint flow: each hand-off tells exactly the next actor, and acting marks their notice read', async () => {
    // registered by an agent → the intake clerk
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-通知' }, 'agent');
    let lines = await told();
    expect(lines).toEqual([`clerk: 【新登记待受理】${wo.number}`]);
    expect(await unreadAbout('clerk', wo.id)).toBe(1);

    // accepted → nobody new; the clerk's notice is read because the clerk acted
    await a.step(wo.id, 'accept', 'clerk');
    expect(await told()).toEqual([]);
    expect(await unreadAbout('clerk', wo.id)).toBe(0);

    // dispatched → the responsible department's head
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    lines = await told();
    expect(who(lines)).toEqual(['dept']);
    expect(lines[0]).toContain('【客诉处理单】');

    // signed → nobody; the department head's notice is read
    await a.step(wo.id, 'sign', 'dept');
    expect(await told()).toEqual([]);
    expect(await unreadAbout('dept', wo.id)).toBe(0);

    // 8D submitted → QE
    await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    lines = await told();
    expect(who(lines)).toEqual(['qe']);
    expect(lines[0]).toContain('【8D 待审核】');

    // 8D returned → the department
    await a.step(wo.id, 'return_8d', 'qe', { reason: 'D4 根本原因不充分' });
    lines = await told();
    expect(who(lines)).toEqual(['dept']);
    expect(lines[0]).toContain('【8D 退回】');
    expect(await unreadAbout('qe', wo.id)).toBe(0);

    // resubmitted → QE; passed → the manager who approves
    await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    expect(who(await told())).toEqual(['qe']);
    await a.step(wo.id, 'pass_8d', 'qe');
    lines = await told();
    expect(who(lines)).toEqual(['manager']);
    expect(lines[0]).toContain('【8D 待批准】');

    // approved → the agent who registered it: a reply is due
    await a.step(wo.id, 'approve_8d', 'manager');
    lines = await told();
    expect(lines).toEqual([`agent: 【待答复客户】${wo.number} ${QUALITY_COMPLAINT.customerName}`]);
    expect(await unreadAbout('manager', wo.id)).toBe(0);

    // replied → the callback agent
    await a.step(wo.id, 'reply', 'agent', { message: '已更换搓丝板并补发' });
    lines = await told();
    expect(who(lines)).toEqual(['callback']);
    expect(lines[0]).toContain('【待回访】');
    expect(await unreadAbout('agent', wo.id)).toBe(0);

    // callback not satisfied → back to the department
    await a.step(wo.id, 'callback', 'callback', { satisfied: false, note: '仍有少量不良' });
    lines = await told();
    expect(who(lines)).toEqual(['dept']);
    expect(lines[0]).toContain('【回访不满意】');
    expect(await unreadAbout('callback', wo.id)).toBe(0);

    // escalated → the director
    await a.step(wo.id, 'escalate', 'dept', { reason: '客户要求总监出面' });
    lines = await told();
    expect(who(lines)).toEqual(['director']);
    expect(lines[0]).toContain('【升级至总监】');
  });

  it('tells the leaders of an objection, the department of the decision, and the director and clerk of an upgraded complaint', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-异议' }, 'clerk');
    // registered by the clerk themself → nobody (the clerk is the next actor)
    expect(await told()).toEqual([]);
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    expect(who(await told())).toEqual(['dept']);
    // objection → the leaders who decide it (policy decide_objection: manager, director)
    await a.step(wo.id, 'object', 'dept', { reason: '应由品管部处理' });
    let lines = await told();
    expect(who(lines)).toEqual(['director', 'manager']);
    expect(lines[0]).toContain('【派单异议】');
    // kept → the department goes on
    await a.step(wo.id, 'decide_objection', 'manager', { outcome: 'keep' });
    lines = await told();
    expect(who(lines)).toEqual(['dept']);
    expect(lines[0]).toContain('【异议未采纳】');
    expect(await unreadAbout('manager', wo.id)).toBe(0);

    // a suggestion replied and then reopened as an upgraded complaint → the director and the intake clerk
    const s = await a.create({ kind: 'suggestion', channel: 'phone', customerName: '老客户 李先生', contactPhone: '13900002222', problem: '建议增加夜间热线' }, 'agent');
    expect(who(await told())).toEqual(['clerk']);
    await a.step(s.id, 'reply', 'agent', { message: '已采纳', adopted: true });
    expect(who(await told())).toEqual(['callback']);
    await a.step(s.id, 'reopen', 'agent', { reason: '客户不接受答复' });
    lines = await told();
    expect(who(lines)).toEqual(['clerk', 'director']);
    expect(lines.join('\n')).toContain('【升级投诉待派单】');
  });

  it('tells the extension reviewers of a request and the supervisor of the grant', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-延期' }, 'clerk');
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    await told();
    const reply = (await a.view(wo.id)).deadlines.find((d) => d.name === 'reply')!;
    await a.step(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: new Date(new Date(reply.due).getTime() + 3 * 86_400_000).toISOString(), reason: '等待客户寄回样品' });
    let lines = await told();
    // policy grant_extension: intake_clerk, supervisor, director
    expect(who(lines)).toEqual(['clerk', 'director', 'supervisor']);
    expect(lines[0]).toContain('【延期申请】');
    await a.step(wo.id, 'grant_extension', 'clerk', { deadline: 'reply', customerAgreement: '客户电话同意' });
    lines = await told();
    expect(who(lines)).toEqual(['supervisor']);
    expect(lines[0]).toContain('【已延期】');
    expect(await unreadAbout('clerk', wo.id)).toBe(0);
  });

  it('writes each notification in the recipient’s language', async () => {
    expect((await a.put('/api/me/language', { language: 'en' }, 'qe')).statusCode).toBe(204);
    expect((await a.get('/api/me', 'qe')).json().language).toBe('en');
    expect((await a.put('/api/me/language', { language: 'fr' }, 'qe')).statusCode).toBe(422);
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-语言' }, 'clerk');
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    await told();
    const qe = (await a.get('/api/notifications?unread=true', 'qe')).json() as { title: string; body: string; subject: { module: string; id: string } }[];
    const mine = qe.find((n) => n.subject?.id === wo.id)!;
    expect(mine.title).toBe(`[8D to review] ${wo.number} ${QUALITY_COMPLAINT.customerName}`);
    expect(mine.body).toBe('8D revision 1 submitted; please review it');
    expect(mine.subject).toEqual({ module: 'workorders', id: wo.id });
    // The same row reads in Chinese for a Chinese reader (the department head reads the one about the return).
    await a.step(wo.id, 'return_8d', 'qe', { reason: 'D4 不充分' });
    await told();
    const dept = (await a.get('/api/notifications?unread=true', 'dept')).json() as { title: string }[];
    expect(dept.some((n) => n.title.startsWith('【8D 退回】'))).toBe(true);
    // the unread count the bell polls
    expect((await a.get('/api/notifications/unread-count', 'qe')).json().count).toBe(qe.length - 1);
  });

  it('walks grading: the body whose step is next and the mine side hear of each step', async () => {
    const units = await t.ctx.db.selectFrom('units').select(['id', 'kind', 'name']).execute();
    const mineId = units.find((u) => u.name === '晋北一号井工煤矿')!.id;
    const post = (url: string, body: unknown, u: string) => a.post(url, body, u);
    const act = async (id: string, u: string, body: Record<string, unknown>) => {
      const v = (await a.get(`/api/grading/applications/${id}`, u)).json().version as number;
      const res = await post(`/api/grading/applications/${id}/actions`, { version: v, ...body }, u);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    // applied by the mine → the initial-review body (province for 一级) and the enterprise; the mine applied itself
    const res = await post('/api/grading/applications', { mineId, targetLevel: '一级', standard: 'coal-mine-2020', selfAssessment: selfAssessment(95) }, 'mine');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    let lines = await told();
    expect(who(lines)).toEqual(['enterprise', 'province']);
    expect(lines.find((l) => l.startsWith('province'))).toContain('定级申请待初审');

    // hidden danger → the mine side; rectified → the initial-review body
    const hd = await act(id, 'province', { action: 'record_hidden_danger', description: '备用风机未联动试验' });
    expect(who(await told())).toEqual(['enterprise', 'mine']);
    await act(id, 'mine', { action: 'rectify_hidden_danger', hiddenDangerId: hd.hiddenDangers[0].id, report: '已完成联动试验' });
    lines = await told();
    expect(who(lines)).toEqual(['province']);
    expect(lines[0]).toContain('隐患已整改待复核');
    expect(await unreadAbout('mine', id)).toBe(0);

    // initial review passed → the assessing body (national for 一级) and the mine side
    await act(id, 'province', { action: 'initial_review_pass' });
    lines = await told();
    expect(who(lines)).toEqual(['enterprise', 'mine', 'national']);
    expect(await unreadAbout('province', id)).toBe(0);

    // assessed, published, announced → the mine side each time
    await act(id, 'national', { action: 'assess', method: 'on_site', partScores: scores2020(95), weightedScore: 95 });
    expect(who(await told())).toEqual(['enterprise', 'mine']);
    await act(id, 'national', { action: 'publish_notice' });
    lines = await told();
    expect(who(lines)).toEqual(['enterprise', 'mine']);
    expect(lines[0]).toContain('公示中');
    t.clock.set('2026-03-12T02:00:00.000Z');
    a.relogin();
    await act(id, 'national', { action: 'announce' });
    lines = await told();
    expect(who(lines)).toEqual(['enterprise', 'mine']);
    expect(lines[0]).toContain('确认为一级');
    t.clock.set('2026-03-02T02:00:00.000Z');
    a.relogin();
  });

  it('tells the granting body of a proposal and the mine side of its confirmation', async () => {
    const units = await t.ctx.db.selectFrom('units').select(['id', 'kind', 'name']).execute();
    const mineId = units.find((u) => u.name === '晋北二号露天煤矿')!.id;
    const province = units.find((u) => u.kind === 'provincial_authority')!.id;
    await t.ctx.db.deleteFrom('grading_grades').where('mine_id', '=', mineId).execute();
    await t.ctx.db.insertInto('grading_grades').values({ mine_id: mineId, level: '二级', since: '2025-01-10', valid_until: '2028-01-10', standard: 'coal-mine-2020', granted_by: province, extended: 0, reminded_for: null, updated_at: t.clock.now().toISOString() }).execute();
    const ev = await a.post(`/api/grading/mines/${mineId}/events`, { type: 'fatal_accident', class: 'general', date: '2026-02-20' }, 'province');
    expect(ev.statusCode, ev.body).toBe(201);
    const proposal = ev.json().proposal as { id: string };
    // recorded by the province, which granted the grade: the province itself confirms (no notice to itself)
    expect(await told()).toEqual([]);
    const ok = await a.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '依第十一条第二项降为三级', version: 1 }, 'province');
    expect(ok.statusCode, ok.body).toBe(200);
    const lines = await told();
    expect(who(lines)).toEqual(['enterprise']);
    expect(lines[0]).toContain('降为三级');
  });

  it('tells the heads over a staff member of a level decision, and each booked person of their deduction', async () => {
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    const st = await a.post('/api/staff', { unitId: production, name: '王小二', hiredOn: '2025-01-01' }, 'dept');
    expect(st.statusCode, st.body).toBe(201);
    const staff = st.json() as { id: string; version: number; currentLevel: string };
    const lv = await a.post(`/api/staff/${staff.id}/levels`, { level: staff.currentLevel, version: staff.version, note: '年度评定' }, 'dept');
    expect(lv.statusCode, lv.body).toBe(200);
    let lines = await told();
    expect(who(lines)).toEqual(['manager']);
    expect(lines[0]).toContain('【员工等级】王小二');

    const users = (await a.get('/api/users', 'admin')).json() as { id: string; username: string }[];
    const zero = { deaths: 0, seriousInjuries: 0, minorInjuries: 0, treatmentWorkingDays: 0, injuryLeaveMonths: 0, strikers: 0 };
    const acc = await a.post('/api/accountability/accidents', { unitId: units.find((u) => u.name === '生产部')!.id, occurredOn: '2026-02-20', title: '夹手', facts: { ...zero, minorInjuries: 2, treatmentWorkingDays: 15 }, responsibleUserId: users.find((u) => u.username === 'dept')!.id }, 'manager');
    expect(acc.statusCode, acc.body).toBe(201);
    lines = await told();
    // dept is responsible (and head: booked once); the manager, direct superior, recorded it and is not told
    expect(who(lines)).toEqual(['dept']);
    expect(lines[0]).toContain('【管理事故扣分】夹手');
  });
});
