import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeadlineTick } from '../../src/modules/workorders/workorders.worker';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Pauses, extensions and the deadline worker (docs/workorders.md#deadlines).
describe.each(TEST_DIALECTS)('work order deadlines on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  beforeAll(async () => {
    // Monday 2026-03-02 10:00 China time.
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
  });
  afterAll(async () => t?.close());

  const at = (iso: string) => {
    t.clock.set(iso);
    a.relogin();
  };

  it('stops every running deadline during a pause and shifts the due times by the paused working time', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '暂停' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    // Pause Monday 14:00, resume Tuesday 14:00 China time: one working day of tests (试验及制样).
    at('2026-03-02T06:00:00.000Z');
    let v = await a.step(wo.id, 'pause', 'dept', { reason: '试验及制样：委外盐雾试验' });
    expect(v.paused).toBe(true);
    expect(v.deadlines.find((d) => d.name === 'reply')!.state).toBe('paused');
    expect(v.allowedActions).toContain('resume');
    at('2026-03-03T06:00:00.000Z');
    v = await a.step(wo.id, 'resume', 'dept');
    const reply = v.deadlines.find((d) => d.name === 'reply')!;
    expect(reply.state).toBe('running');
    expect(reply.pauses).toEqual([{ start: '2026-03-02T06:00:00.000Z', end: '2026-03-03T06:00:00.000Z' }]);
    // Thursday 18:00 plus one working day → Friday 2026-03-06 18:00.
    expect(reply.due).toBe('2026-03-06T10:00:00.000Z');
    // One explanation, Chinese first, Beijing local times: 答复客户：自 … 起 3 个工作日 → …；暂停 … 不计（reply: …）.
    expect(reply.explain).toMatch(/^答复客户：自 2026-03-02 10:00 起 3 个工作日 → 2026-03-06 18:00；暂停 2026-03-02 14:00–2026-03-03 14:00 不计（reply: 3 working days after/);
    // The customer sees the pause on the portal timeline.
    expect(v.timeline.find((e) => e.event === 'pause')!.public).toBe(true);
  });

  it('refuses an extension asked less than 1 working day before the deadline with 422 explaining why', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '延期晚' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    // reply is due Thursday 18:00; Wednesday 19:00 is less than one working day before.
    at('2026-03-04T11:00:00.000Z');
    const res = await a.act(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: '2026-03-10T10:00:00.000Z', reason: '等待客户寄回样品' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('extension_too_late');
    expect(res.json().message).toContain('2026-03-04 18:00');
  });

  it('moves one deadline on a granted extension and records the reason and the customer’s agreement', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '延期' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    at('2026-03-03T02:00:00.000Z');
    expect((await a.act(wo.id, 'grant_extension', 'supervisor', { deadline: 'reply', customerAgreement: '同意' })).statusCode).toBe(422);
    let v = await a.step(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: '2026-03-10T10:00:00.000Z', reason: '需委外检测' });
    expect(v.deadlines.find((d) => d.name === 'reply')!.extensionRequest).toMatchObject({ to: '2026-03-10T10:00:00.000Z' });
    v = await a.step(wo.id, 'grant_extension', 'supervisor', { deadline: 'reply', customerAgreement: '客户王经理电话同意延至 3 月 10 日' });
    const reply = v.deadlines.find((d) => d.name === 'reply')!;
    expect(reply.due).toBe('2026-03-10T10:00:00.000Z');
    expect(reply.extensions).toEqual([expect.objectContaining({ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', customerAgreement: '客户王经理电话同意延至 3 月 10 日' })]);
    expect(reply.extensionRequest).toBeNull();
    // Only that deadline moved.
    expect(v.deadlines.find((d) => d.name === 'first_response')!.due).toBe('2026-03-04T10:00:00.000Z');
    // The request goes to those who grant it, naming the deadline in Chinese, with the English text beside it
    // for readers who chose English (docs/notifications.md).
    const outbox = await t.ctx.db.selectFrom('outbox').select('payload').execute();
    const request = outbox.map((r) => JSON.parse(r.payload) as { title: string; titleEn?: string }).find((p) => p.title === `【延期申请】${wo.number} 上海联合汽配有限公司 答复客户`);
    expect(request?.titleEn).toBe(`[Extension requested] ${wo.number} 上海联合汽配有限公司 Reply to customer`);
  });

  it('shifts a granted extension by the paused working time, not the elapsed hours, when a later pause spans a weekend', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '延期后暂停' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    at('2026-03-03T02:00:00.000Z');
    await a.step(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: '2026-03-10T10:00:00.000Z', reason: '需委外检测' });
    await a.step(wo.id, 'grant_extension', 'supervisor', { deadline: 'reply', customerAgreement: '客户同意' });
    // Friday 14:00 – Monday 14:00: 72 hours elapsed but one working day of tests (试验及制样).
    at('2026-03-06T06:00:00.000Z');
    await a.step(wo.id, 'pause', 'dept', { reason: '试验及制样' });
    at('2026-03-09T06:00:00.000Z');
    const v = await a.step(wo.id, 'resume', 'dept');
    const reply = v.deadlines.find((d) => d.name === 'reply')!;
    // Tuesday 10 March 18:00 + one working day → Wednesday 11 March 18:00 (elapsed hours would give Friday 13th).
    expect(reply.due).toBe('2026-03-11T10:00:00.000Z');
    expect(reply.explain).toContain('延期至 2026-03-10 18:00，其后暂停的工作时间顺延 → 2026-03-11 18:00');
  });

  it('marks a due deadline missed once, tells the owner and the superior, and warns before it', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ kind: 'inquiry', channel: 'phone', problem: '询问 8.8 级螺栓证书' });
    // 24 h reply; the warning comes at 80 % = 19.2 h.
    at('2026-03-02T21:30:00.000Z');
    const warned = await runDeadlineTick(t.ctx);
    expect(warned.warned).toBeGreaterThanOrEqual(1);
    let v = await a.view(wo.id);
    expect(v.deadlines[0].state).toBe('running');
    expect(v.timeline.some((e) => e.event === 'deadline_warned')).toBe(true);
    at('2026-03-03T02:00:01.000Z');
    await runDeadlineTick(t.ctx);
    await runDeadlineTick(t.ctx);
    v = await a.view(wo.id);
    expect(v.deadlines[0].state).toBe('missed');
    expect(v.timeline.filter((e) => e.event === 'deadline_missed')).toHaveLength(1);
    const outbox = await t.ctx.db.selectFrom('outbox').select('payload').execute();
    const missed = outbox.filter((r) => r.payload.includes(`【超期】${wo.number}`));
    expect(missed).toHaveLength(1);
    // Owners: the agent and the intake clerk (company-wide); superior: the director found on the company.
    const users = await t.ctx.db.selectFrom('users').select(['id', 'username']).execute();
    const ids = (JSON.parse(missed[0].payload) as { userIds: string[] }).userIds;
    const names = users.filter((u) => ids.includes(u.id)).map((u) => u.username).sort();
    expect(names).toEqual(['agent', 'clerk', 'director']);
  });

  it('shows a row’s missed deadline in the register before a later running one', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '登记表排序' });
    // Two hours on, dispatching (1 h) is missed while the first response (2 working days) still runs.
    at('2026-03-02T04:00:00.000Z');
    await runDeadlineTick(t.ctx);
    const v = await a.view(wo.id);
    expect(v.deadlines.find((d) => d.name === 'dispatch')?.state).toBe('missed');
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent(wo.number)}`, 'clerk')).json() as { items: { id: string; nextDeadline: { name: string; state: string } | null }[] };
    expect(list.items.find((i) => i.id === wo.id)?.nextDeadline).toMatchObject({ name: 'dispatch', state: 'missed' });
  });

  it('tells the department head’s superior when a department deadline is missed', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '上级' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    at('2026-03-06T02:00:00.000Z');
    await runDeadlineTick(t.ctx);
    const v = await a.view(wo.id);
    const missed = v.timeline.filter((e) => e.event === 'deadline_missed');
    expect(missed.map((e) => e.note?.split(' ')[0]).sort()).toEqual(['品保首次回复', '答复客户']);
    const outbox = await t.ctx.db.selectFrom('outbox').select('payload').execute();
    const reply = outbox.find((r) => r.payload.includes(`【超期】${wo.number} 答复客户 已超期`))!;
    // The notification names the deadline in Chinese and carries the Chinese-first explanation.
    expect((JSON.parse(reply.payload) as { body: string }).body).toContain('答复客户：自 2026-03-02 10:00 起 3 个工作日 → 2026-03-05 18:00（reply: 3 working days');
    const users = await t.ctx.db.selectFrom('users').select(['id', 'username']).execute();
    const ids = (JSON.parse(reply.payload) as { userIds: string[] }).userIds;
    expect(users.filter((u) => ids.includes(u.id)).map((u) => u.username).sort()).toEqual(['dept', 'director', 'qe']);
    // Overdue shows in the register filter.
    const overdue = (await a.get('/api/workorders?overdue=true&limit=200', 'clerk')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(wo.id);
  });

  it('fires each due deadline exactly once when two instances tick at the same time', async () => {
    at('2026-03-02T02:00:00.000Z');
    const made = [];
    for (let i = 0; i < 8; i++) made.push(await a.create({ kind: 'inquiry', channel: 'phone', problem: `并发 ${i}` }));
    at('2026-03-04T02:00:00.000Z');
    const sibling = await t.sibling();
    const results = await Promise.all([runDeadlineTick(t.ctx), runDeadlineTick(sibling.ctx), runDeadlineTick(t.ctx), runDeadlineTick(sibling.ctx)]);
    expect(results.reduce((s, r) => s + r.missed, 0)).toBeGreaterThanOrEqual(8);
    const events = await t.ctx.db.selectFrom('work_order_events').select(['work_order_id', 'event']).where('event', '=', 'deadline_missed').where('work_order_id', 'in', made.map((m) => m.id)).execute();
    expect(events).toHaveLength(8);
    expect(new Set(events.map((e) => e.work_order_id)).size).toBe(8);
    const outbox = await t.ctx.db.selectFrom('outbox').select('payload').execute();
    for (const m of made) expect(outbox.filter((r) => r.payload.includes(`【超期】${m.number}`))).toHaveLength(1);
  });

  it('recomputes open deadlines when the calendar changes (an administrator’s override)', async () => {
    at('2026-03-02T02:00:00.000Z');
    const wo = await a.create({ kind: 'suggestion', channel: 'web', problem: '日历变更' });
    expect(wo.deadlines[0].due).toBe('2026-03-05T10:00:00.000Z');
    const before = await a.view(wo.id);
    // Make Tuesday 2026-03-03 a day off: the reply moves to Friday.
    const res = await a.put('/api/calendar/overrides/2026-03-03', { working: false, note: '停电检修' }, 'admin');
    expect([200, 201]).toContain(res.statusCode);
    const after = await a.view(wo.id);
    expect(after.deadlines[0].due).toBe('2026-03-06T10:00:00.000Z');
    expect(after.version).toBe(before.version);
  });
});
