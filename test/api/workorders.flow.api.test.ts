import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, REPORT_8D, api, type Api } from './workorders.fixtures';

// The handling flow of docs/workorders.md#handling-steps through the actions API: every action's happy path, the 409s
// (stale version; a status that does not allow the action, with the allowed actions) and the 403s.
describe.each(TEST_DIALECTS)('work order flow on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  let quality: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
    quality = units.find((u) => u.name === '品管部')!.id;
  });
  afterAll(async () => t?.close());

  it('walks a quality complaint from registration to a satisfied callback, each step by its role', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '牙纹不良-流程' });
    let v = await a.step(wo.id, 'accept', 'clerk');
    expect(v.status).toBe('accepted');
    v = await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    expect(v.status).toBe('dispatched');
    expect(v.departmentName).toBe('生产部');
    expect(v.deadlines.find((d) => d.name === 'dispatch')!.state).toBe('met');
    v = await a.step(wo.id, 'sign', 'dept');
    expect(v.status).toBe('in_progress');
    expect(v.deadlines.find((d) => d.name === 'first_response')!.state).toBe('met');
    v = await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    expect(v.status).toBe('review_8d');
    v = await a.step(wo.id, 'return_8d', 'qe', { reason: 'D4 根本原因分析不充分，请补充 5Why' });
    expect(v.status).toBe('in_progress');
    expect(v.deadlines.find((d) => d.name === 'form_correction')).toMatchObject({ state: 'running', due: '2026-03-03T02:00:00.000Z' });
    v = await a.step(wo.id, 'submit_8d', 'dept', { report: { ...REPORT_8D, d4RootCause: '5Why：搓丝板寿命未管理 → 点检表缺项' } });
    expect(v.report8d).toMatchObject({ revision: 2, status: 'submitted', reworkCount: 1 });
    expect(v.deadlines.find((d) => d.name === 'form_correction')!.state).toBe('met');
    v = await a.step(wo.id, 'pass_8d', 'qe');
    expect(v.status).toBe('review_8d');
    expect(v.allowedActions).not.toContain('approve_8d'); // the QE may not approve
    v = await a.step(wo.id, 'approve_8d', 'manager');
    expect(v.status).toBe('approved');
    expect(v.report8d).toMatchObject({ status: 'approved', reworkCount: 1 });
    v = await a.step(wo.id, 'reply', 'agent', { message: '已更换搓丝板并全检库存，补发 120 件' });
    expect(v.status).toBe('replied');
    expect(v.deadlines.find((d) => d.name === 'reply')!.state).toBe('met');
    expect(v.deadlines.find((d) => d.name === 'callback')).toMatchObject({ state: 'running', due: '2026-03-05T02:00:00.000Z' });
    v = await a.step(wo.id, 'callback', 'callback', { satisfied: false, note: '客户反映仍有少量不良' });
    expect(v.status).toBe('in_progress');
    expect(v.deadlines.find((d) => d.name === 'analysis')!.state).toBe('running');
    v = await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    v = await a.step(wo.id, 'pass_8d', 'qe');
    v = await a.step(wo.id, 'approve_8d', 'manager');
    v = await a.step(wo.id, 'reply', 'agent', { message: '再次排查并补发' });
    v = await a.step(wo.id, 'callback', 'callback', { satisfied: true });
    expect(v.status).toBe('closed');
    expect(v.satisfied).toBe(true);
    expect(v.deadlines.every((d) => d.state === 'met' || d.state === 'missed')).toBe(true);
    const events = v.timeline.map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['received', 'created', 'accept', 'dispatch', 'sign', 'submit_8d', 'return_8d', 'pass_8d', 'approve_8d', 'reply', 'callback_unsatisfied', 'callback_satisfied']));
    const audit = (await a.get(`/api/audit?subjectType=work_order&subjectId=${wo.id}`, 'admin')).json();
    expect(audit.items.map((x: { action: string }) => x.action)).toContain('workorder.approve_8d');
  });

  it('answers 409 action_not_allowed with the allowed actions when the status does not allow the action', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '苏州精工', problem: '售后响应慢' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    const v0 = await a.view(wo.id);
    expect(v0.status).toBe('dispatched');
    const notAllowed = await a.act(wo.id, 'reply', 'agent', { message: 'x' });
    expect(notAllowed.statusCode).toBe(409);
    expect(notAllowed.json().code).toBe('action_not_allowed');
    // The status in Chinese words, and only what this caller (the agent) may do — the view's allowedActions.
    expect(notAllowed.json().messageZh).toBe('工单当前状态（已派单）不允许此操作');
    expect(notAllowed.json().message).toContain('Dispatched');
    const agentView = await a.view(wo.id, 'agent');
    expect(notAllowed.json().details.allowed).toEqual(agentView.allowedActions);
    expect(notAllowed.json().details.allowed).toEqual(['escalate']);
    // The department head is offered its own steps instead.
    const deptRefused = await a.act(wo.id, 'reply', 'dept', { message: 'x' });
    expect(deptRefused.statusCode).toBe(403);
    const clerkRefused = await a.act(wo.id, 'accept', 'clerk');
    expect(clerkRefused.statusCode).toBe(409);
    expect(clerkRefused.json().details.allowed).toEqual((await a.view(wo.id, 'clerk')).allowedActions);
    expect(clerkRefused.json().details.allowed).not.toContain('sign');
  });

  it('offers request_extension only while a deadline can still be extended, and grant_extension only while a request is pending', async () => {
    t.clock.set('2026-03-02T02:00:00.000Z');
    a.relogin();
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '延期提供' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    let v = await a.step(wo.id, 'sign', 'dept');
    expect(v.allowedActions).toContain('request_extension');
    expect((await a.view(wo.id, 'supervisor')).allowedActions).not.toContain('grant_extension');
    v = await a.step(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: '2026-03-10T10:00:00.000Z', reason: '需委外检测' });
    expect((await a.view(wo.id, 'supervisor')).allowedActions).toContain('grant_extension');
    await a.step(wo.id, 'grant_extension', 'supervisor', { deadline: 'reply', customerAgreement: '客户同意' });
    expect((await a.view(wo.id, 'supervisor')).allowedActions).not.toContain('grant_extension');
    // Monday 9 March 19:00: the only open deadline (reply, now due Tuesday 10 March 18:00) is less than one working day away.
    t.clock.set('2026-03-09T11:00:00.000Z');
    a.relogin();
    expect((await a.view(wo.id, 'dept')).allowedActions).not.toContain('request_extension');
    // The server check is unchanged: asking anyway is still refused with 422.
    const late = await a.act(wo.id, 'request_extension', 'dept', { deadline: 'reply', until: '2026-03-20T10:00:00.000Z', reason: '再延' });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('extension_too_late');
    t.clock.set('2026-03-02T02:00:00.000Z');
    a.relogin();
  });

  it('lets the director reassign an objected work order to another department', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '改派' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'object', 'dept', { reason: '属来料问题，应由品管部处理' });
    expect((await a.act(wo.id, 'decide_objection', 'manager', { outcome: 'reassign' })).statusCode).toBe(422);
    const v = await a.step(wo.id, 'decide_objection', 'manager', { outcome: 'reassign', departmentId: quality });
    expect(v.status).toBe('dispatched');
    expect(v.departmentName).toBe('品管部');
    expect(v.objection).toBeNull();
    // The former department no longer sees it.
    expect((await a.get(`/api/workorders/${wo.id}`, 'dept')).statusCode).toBe(404);
  });

  it('lets the department object on the day of dispatch, the director keep the assignment, and a refused reply reopen as an upgraded complaint', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'email', category: 'delivery', customerName: '无锡机电', problem: '短装 20 件', problemCategory: '短装' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    let v = await a.step(wo.id, 'object', 'dept', { reason: '短装属仓储发货问题，应由营销部处理' });
    expect(v.objection).toMatchObject({ reason: '短装属仓储发货问题，应由营销部处理' });
    expect(v.allowedActions).not.toContain('sign');
    expect((await a.act(wo.id, 'sign', 'dept')).statusCode).toBe(409);
    expect((await a.act(wo.id, 'decide_objection', 'dept', { outcome: 'keep' })).statusCode).toBe(403);
    v = await a.step(wo.id, 'decide_objection', 'director', { outcome: 'keep' });
    expect(v.status).toBe('in_progress');
    v = await a.step(wo.id, 'reply', 'agent', { message: '已补发 20 件' });
    expect(v.status).toBe('replied');
    v = await a.step(wo.id, 'reopen', 'agent', { reason: '客户不接受，要求赔偿运费' });
    expect(v.status).toBe('accepted');
    expect(v.upgradeCount).toBe(1);
    expect(v.kind).toBe('complaint');
    expect(v.deadlines.filter((d) => d.name === 'reply' && d.state === 'running')).toHaveLength(1);
  });

  it('refuses an objection raised after the day of dispatch with 422', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '常州重工', problem: '服务态度' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    // Monday 10:00 → Tuesday 00:30 China time: the next day.
    t.clock.advance(14.5 * 3600_000);
    a.relogin();
    const res = await a.act(wo.id, 'object', 'dept', { reason: '不属于本部门' });
    t.clock.advance(-14.5 * 3600_000);
    a.relogin();
    expect(res.statusCode).toBe(422);
  });

  it('lets only the director or manager dispatch a serious complaint (policy approvals)', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '严重派单', facts: { functionalFailure: true } });
    expect(wo.severity).toBe('严重');
    expect((await a.act(wo.id, 'dispatch', 'clerk', { departmentId: production })).statusCode).toBe(403);
    expect((await a.view(wo.id, 'clerk')).allowedActions).not.toContain('dispatch');
    const v = await a.step(wo.id, 'dispatch', 'director', { departmentId: production });
    expect(v.status).toBe('dispatched');
  });

  describe('on a closed work order', () => {
    let closed: { id: string; version: number };
    beforeAll(async () => {
      const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '已结案客户', problem: '已结案' });
      await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
      await a.step(wo.id, 'sign', 'dept');
      await a.step(wo.id, 'reply', 'agent', { message: '已处理' });
      const v = await a.step(wo.id, 'callback', 'callback', { satisfied: true });
      closed = { id: wo.id, version: v.version };
    });

    it.each([
      ['accept', 'clerk', {}],
      ['reject_invalid', 'clerk', { reason: 'x' }],
      ['set_severity', 'qe', { level: '严重', reason: 'x' }],
      ['dispatch', 'clerk', { departmentId: 'x' }],
      ['sign', 'dept', {}],
      ['object', 'dept', { reason: 'x' }],
      ['decide_objection', 'manager', { outcome: 'keep' }],
      ['submit_8d', 'dept', { report: REPORT_8D }],
      ['return_8d', 'qe', { reason: 'x' }],
      ['pass_8d', 'qe', {}],
      ['approve_8d', 'manager', {}],
      ['pause', 'dept', { reason: 'x' }],
      ['resume', 'dept', {}],
      ['request_extension', 'dept', { deadline: 'reply', until: '2026-03-20T10:00:00.000Z', reason: 'x' }],
      ['grant_extension', 'supervisor', { deadline: 'reply', customerAgreement: 'x' }],
      ['escalate', 'dept', { reason: 'x' }],
      ['reply', 'agent', { message: 'x' }],
      ['callback', 'callback', { satisfied: true }],
      ['close', 'supervisor', {}],
    ])('answers 409 to %s by %s: stale_version for an old version, action_not_allowed (reopen, if the caller may) for the current one', async (action, who, extra) => {
      const stale = await a.post(`/api/workorders/${closed.id}/actions`, { action, version: closed.version - 1, ...extra }, who);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('stale_version');
      const res = await a.post(`/api/workorders/${closed.id}/actions`, { action, version: closed.version, ...extra }, who);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('action_not_allowed');
      // Only reopen is left, and only for the roles the policy lets reopen (agent, clerk, supervisor, callback).
      expect(res.json().details.allowed).toEqual(['clerk', 'agent', 'supervisor', 'callback'].includes(who) ? ['reopen'] : []);
      expect(res.json().messageZh).toBe('工单当前状态（已结案）不允许此操作');
    });
  });

  it('answers 409 stale_version when the version read is no longer current', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '杭州某公司', problem: '态度差' });
    await a.step(wo.id, 'accept', 'clerk');
    const res = await a.post(`/api/workorders/${wo.id}/actions`, { action: 'dispatch', version: 1, departmentId: production }, 'clerk');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('stale_version');
    expect(res.json().details.currentVersion).toBe(2);
  });

  it.each([
    ['accept', 'agent', {}],
    ['reject_invalid', 'callback', { reason: 'x' }],
    ['dispatch', 'qe', { departmentId: 'x' }],
    ['set_severity', 'agent', { level: '严重', reason: 'x' }],
    ['pause', 'agent', { reason: 'x' }],
    ['grant_extension', 'dept', { deadline: 'reply', customerAgreement: 'x' }],
    ['escalate', 'mine', { reason: 'x' }],
  ])('answers 403 when %s is attempted by %s, whose roles may not', async (action, who, extra) => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '某客户', problem: '问题' });
    if (who === 'dept') await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    const res = await a.act(wo.id, action, who, extra);
    expect(res.statusCode).toBe(403);
  });

  it('answers 403 to sign, submit_8d, return_8d, approve_8d, reply, callback and close by the wrong roles', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '角色' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    expect((await a.act(wo.id, 'sign', 'qe')).statusCode).toBe(403);
    await a.step(wo.id, 'sign', 'dept');
    expect((await a.act(wo.id, 'submit_8d', 'agent', { report: REPORT_8D })).statusCode).toBe(403);
    await a.step(wo.id, 'submit_8d', 'qe', { report: REPORT_8D });
    expect((await a.act(wo.id, 'return_8d', 'dept', { reason: 'x' })).statusCode).toBe(403);
    expect((await a.act(wo.id, 'pass_8d', 'manager')).statusCode).toBe(403);
    await a.step(wo.id, 'pass_8d', 'qe');
    expect((await a.act(wo.id, 'approve_8d', 'qe')).statusCode).toBe(403);
    await a.step(wo.id, 'approve_8d', 'manager');
    expect((await a.act(wo.id, 'reply', 'dept', { message: 'x' })).statusCode).toBe(403);
    await a.step(wo.id, 'reply', 'clerk', { message: '已处理' });
    expect((await a.act(wo.id, 'callback', 'agent', { satisfied: true })).statusCode).toBe(403);
    expect((await a.act(wo.id, 'close', 'agent')).statusCode).toBe(403);
    const v = await a.step(wo.id, 'close', 'supervisor');
    expect(v.status).toBe('closed');
  });

  it('rejects an invalid complaint with the reason kept, then archives it', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'other', customerName: '个人客户 刘先生', problem: '询问价格被当成投诉' });
    let v = await a.step(wo.id, 'reject_invalid', 'clerk', { reason: '非投诉：已致谢并解释价格政策' });
    expect(v.status).toBe('invalid');
    expect(v.invalidReason).toBe('非投诉：已致谢并解释价格政策');
    expect(v.deadlines.every((d) => d.state === 'met')).toBe(true);
    v = await a.step(wo.id, 'close', 'supervisor');
    expect(v.status).toBe('closed');
  });

  it('escalates to a director and starts the 24-hour escalation deadline', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, channel: 'external', problemCategory: '升级' });
    const v = await a.step(wo.id, 'escalate', 'agent', { reason: '消费者协会转来，超出权限' });
    expect(v.escalated).toBe(true);
    expect(v.deadlines.find((d) => d.name === 'escalation_handled')).toMatchObject({ state: 'running', due: '2026-03-03T02:00:00.000Z' });
  });

  it('refuses an agent’s offer above the policy limit with 422 and accepts it from the director', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '重庆客户', problem: '安装延误' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    const over = await a.act(wo.id, 'reply', 'agent', { message: '补偿', offer: { amount: 800, description: '运费补偿' } });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('offer_above_limit');
    expect(over.json().details).toMatchObject({ limit: 500, amount: 800 });
    const ok = await a.step(wo.id, 'reply', 'agent', { message: '补偿', offer: { amount: 300 } });
    expect(ok.offer).toEqual({ amount: 300 });
  });

  it('replies to a suggestion stating whether it was adopted, and closes on a satisfied callback', async () => {
    const wo = await a.create({ kind: 'suggestion', channel: 'suggestion_box', customerName: '老客户', problem: '建议包装增加防潮袋' });
    const created = await a.view(wo.id);
    expect(created.promisedReplyDate).toBe('2026-03-05');
    const missing = await a.act(wo.id, 'reply', 'agent', { message: '感谢建议' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('adopted');
    const v = await a.step(wo.id, 'reply', 'agent', { message: '已采纳，下月起执行', adopted: true });
    expect(v.adopted).toBe(true);
    expect((await a.step(wo.id, 'callback', 'callback', { satisfied: true })).status).toBe('closed');
  });

  it('keeps a key customer on the watch list until a satisfied callback', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '一汽配套', customerCode: 'KEY-01', keyCustomer: true, problem: '交期延误' });
    expect((await a.get('/api/workorders/watchlist', 'agent')).json().map((w: { customerKey: string }) => w.customerKey)).toContain('key-01');
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    await a.step(wo.id, 'reply', 'agent', { message: '已加急' });
    await a.step(wo.id, 'callback', 'callback', { satisfied: false });
    expect((await a.get('/api/workorders/watchlist', 'agent')).json().map((w: { customerKey: string }) => w.customerKey)).toContain('key-01');
    await a.step(wo.id, 'reply', 'agent', { message: '已补发' });
    await a.step(wo.id, 'callback', 'callback', { satisfied: true });
    expect((await a.get('/api/workorders/watchlist', 'agent')).json().map((w: { customerKey: string }) => w.customerKey)).not.toContain('key-01');
  });

  it('shows a department head only the work orders dispatched to the department', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '可见性', problem: '测试' });
    expect((await a.get(`/api/workorders/${wo.id}`, 'dept')).statusCode).toBe(404);
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    expect((await a.get(`/api/workorders/${wo.id}`, 'dept')).statusCode).toBe(200);
    const list = (await a.get('/api/workorders?limit=200', 'dept')).json();
    expect(list.items.every((i: { departmentId: string }) => i.departmentId === production)).toBe(true);
  });
});
