import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, loadPrincipal } from '../../src/modules/auth';
import { performAction } from '../../src/modules/workorders/workorders.actions';
import { addRepairPath, currentPolicy } from '../../src/modules/workorders/workorders.policy';
import { getWorkOrder } from '../../src/modules/workorders/workorders.register';
import type { SmsConfig } from '../../src/platform/config';
import type { AppContext } from '../../src/platform/context';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, api, type Api, type WorkOrder } from './workorders.fixtures';

// The call centre's repair path (报修, 抢修单; docs/callcenter.md "Emergency repairs"; 呼叫中心岗位职责 cl. 3.1(2)) on
// both databases: a department reports, the team lead takes it, tells the people concerned and the customer by
// SMS, sends the crew and records arrival and completion; an agent's callback completes it or sends it back to the
// crew. Emergency repairs run on calendar hours and send SMS; ordinary repairs run on working time and send none.
// Pinned at Monday 2026-03-02 10:00 in Shanghai.

const NOW = '2026-03-02T02:00:00.000Z';

/** An SMS account whose provider is never reached: the tests read the queued messages, not their delivery. */
const SMS: SmsConfig = {
  provider: 'aliyun',
  accessKeyId: 'LTAI-test',
  accessKeySecret: 'test-secret',
  signName: '华锐精密',
  sdkAppId: '',
  region: 'cn-hangzhou',
  endpoint: 'http://127.0.0.1:9',
  templates: {
    'repair.notice': { code: 'SMS_REPAIR_1', params: ['number', 'place', 'problem'] },
    'repair.customer': { code: 'SMS_REPAIR_2', params: ['number', 'place'] },
    'repair.crew': { code: 'SMS_REPAIR_3', params: ['number', 'place', 'problem', 'contact'] },
    'workorder.closed': { code: 'SMS_CLOSED', params: ['number'] },
  },
};

const REPORT = {
  kind: 'emergency_repair',
  channel: 'phone',
  customerName: '城南配送中心',
  contactName: '黄工',
  contactPhone: '13955551234',
  place: '二号车间 3 号装配线',
  problem: '主电机跳闸，整线停产',
} as const;

interface RepairWorkOrder extends WorkOrder {
  departmentName: string | null;
  repair: { centreName: string | null; crew: { name: string; phone: string | null }[]; arrivedAt: string | null; completedAt: string | null; result: string | null; sms: string } | null;
  timeline: (WorkOrder['timeline'][number] & { data: Record<string, unknown> | null; toStatus: string | null })[];
}

describe.each(TEST_DIALECTS)('repairs (抢修单) on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let uid: (username: string) => string;
  let unitId: (name: string) => string;
  const view = async (id: string, who = 'admin') => (await a.view(id, who)) as RepairWorkOrder;
  const step = async (id: string, action: string, who: string, extra: Record<string, unknown> = {}) => (await a.step(id, action, who, extra)) as RepairWorkOrder;
  const deadline = (v: WorkOrder, name: string) => v.deadlines.filter((d) => d.name === name).at(-1)!;
  const smsRows = async () => t.ctx.db.selectFrom('sms_messages').select(['phone', 'template', 'template_code', 'params']).orderBy('created_at').orderBy('id').execute();
  const inbox = async (who: string) => ((await a.get('/api/inbox', who)).json() as { items: { id: string; action: string; state: string | null }[] }).items;
  const notices = async () => (await t.ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'notify').execute()).map((r) => JSON.parse(r.payload) as { userIds: string[]; title: string; body: string });
  // Every move stays within the sessions' 12 hours, so the cookies stay valid.
  const at = (iso: string) => t.clock.set(iso);
  /** A context like the app's but without an SMS account, and a demo user's principal, for calling the service directly. */
  const smsOff = (): AppContext => ({ ...t.ctx, config: Object.freeze({ ...t.ctx.config, sms: null }) });
  const principal = async (who: string) => (await loadPrincipal(t.ctx, (await t.login(who)).slice(`${SESSION_COOKIE}=`.length)))!;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW, config: { sms: SMS } });
    a = api(t);
    const users = (await a.get('/api/users', 'admin')).json() as { id: string; username: string }[];
    uid = (u) => users.find((x) => x.username === u)!.id;
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    unitId = (n) => units.find((u) => u.name === n)!.id;
  });
  afterAll(async () => t?.close());

  it('routes a department’s emergency repair to the call centre’s team lead, its clocks in calendar hours', async () => {
    at(NOW);
    const wo = await a.create({ ...REPORT }, 'dept');
    const v = await view(wo.id);
    expect(v).toMatchObject({ status: 'received', kind: 'emergency_repair', departmentName: '生产部', severity: null });
    expect(v.repair).toEqual({ centreName: '呼叫中心', crew: [], arrivedAt: null, completedAt: null, result: null, sms: 'on' });
    // 30 minutes, 2 hours, 8 hours from the report, whatever the working hours.
    expect(v.deadlines.map((d) => [d.name, d.due])).toEqual([
      ['repair_take', '2026-03-02T02:30:00.000Z'],
      ['repair_arrival', '2026-03-02T04:00:00.000Z'],
      ['repair_done', '2026-03-02T10:00:00.000Z'],
    ]);
    // The team lead is told and has it in 我的待办; the intake clerk, who handles complaints, is not and has not.
    const told = (await notices()).filter((n) => n.title === `【抢修待接单】${wo.number}`);
    expect(told).toHaveLength(1);
    expect(told[0].userIds.sort()).toEqual([uid('lead'), uid('supervisor')].sort());
    expect((await notices()).some((n) => n.title === `【新登记待受理】${wo.number}`)).toBe(false);
    expect((await inbox('lead')).find((i) => i.id === wo.id)).toMatchObject({ action: 'take', state: 'running' });
    expect((await inbox('clerk')).some((i) => i.id === wo.id)).toBe(false);
    // The department follows it but takes no step of the call centre's.
    expect((await view(wo.id, 'dept')).allowedActions).toEqual([]);
    expect((await a.act(wo.id, 'take', 'dept')).statusCode).toBe(403);
    // The desk's intake steps do not apply to a repair.
    const accept = await a.act(wo.id, 'accept', 'clerk');
    expect(accept.statusCode).toBe(409);
    expect(accept.json()).toMatchObject({ code: 'action_not_allowed' });
  });

  it('lets a department head report repairs only, and names the field of a department given for a complaint', async () => {
    const complaint = await a.post('/api/workorders', { ...QUALITY_COMPLAINT }, 'dept');
    expect(complaint.statusCode).toBe(403);
    expect(complaint.json().messageZh).toBe('部门只能上报报修或抢修，其他工单请交受理人员登记');
    const named = await a.post('/api/workorders', { ...QUALITY_COMPLAINT, departmentId: unitId('生产部') }, 'agent');
    expect(named.statusCode).toBe(422);
    expect(named.json().errors.map((e: { field: string }) => e.field)).toEqual(['departmentId']);
    // A repair without its place is refused naming it (the policy's required fields for repairs).
    const noPlace = await a.post('/api/workorders', { ...REPORT, place: undefined }, 'dept');
    expect(noPlace.statusCode).toBe(422);
    expect(noPlace.json().errors.map((e: { field: string }) => e.field)).toEqual(['place']);
  });

  it('registers a repair the team lead took by phone for the department named, and once for one idempotency key', async () => {
    const body = { ...REPORT, departmentId: unitId('生产部') };
    const first = await a.post('/api/workorders', body, 'lead', { 'idempotency-key': 'repair-call-1' });
    const again = await a.post('/api/workorders', body, 'lead', { 'idempotency-key': 'repair-call-1' });
    expect(first.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const v = await view(first.json().id);
    expect(v.departmentName).toBe('生产部');
    expect(v.repair?.centreName).toBe('呼叫中心');
    const outside = await a.post('/api/workorders', { ...REPORT, departmentId: unitId('晋北一号井工煤矿') }, 'lead');
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('departmentId');
  });

  it('runs an emergency repair through take, SMS, crew, arrival, completion and the agent’s callback, back to the crew once', { timeout: 120_000 }, async () => {
    at(NOW);
    const wo = await a.create({ ...REPORT, problem: '空压机漏气，气压不足' }, 'dept');
    const before = (await smsRows()).length;

    let v = await step(wo.id, 'take', 'lead');
    expect(v.status).toBe('taken');
    expect(deadline(v, 'repair_take').state).toBe('met');
    expect(v.allowedActions).toContain('notify');
    // Out of order: no crew before the people concerned are told.
    expect((await a.act(wo.id, 'assign_crew', 'lead', { crew: [{ name: '张师傅' }] })).statusCode).toBe(409);

    // The people concerned must see the work order: a coal mine's filler does not.
    const stranger = await a.act(wo.id, 'notify', 'lead', { recipients: [uid('mine')], message: 'x' });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().errors[0].field).toBe('recipients.0');

    v = await step(wo.id, 'notify', 'lead', { recipients: [uid('dept'), uid('supervisor')], notifyCustomer: true, message: '二号车间空压机抢修，预计 2 小时内到场' });
    expect(v.status).toBe('notified');
    const sent = (await smsRows()).slice(before);
    expect(sent.map((s) => [s.phone, s.template, s.template_code])).toEqual([
      ['13855550005', 'repair.notice', 'SMS_REPAIR_1'],
      ['13855550010', 'repair.notice', 'SMS_REPAIR_1'],
      ['13955551234', 'repair.customer', 'SMS_REPAIR_2'],
    ]);
    expect(JSON.parse(sent[0].params)).toEqual({ number: wo.number, place: REPORT.place, problem: '空压机漏气，气压不足' });
    // The customer is given the number they can follow on the portal.
    expect(JSON.parse(sent[2].params)).toEqual({ number: expect.stringMatching(/^TS/), place: REPORT.place });
    const notified = v.timeline.find((e) => e.event === 'notify')!;
    expect(notified.data).toMatchObject({
      customer: true,
      sms: [
        { to: 'staff', name: '生产部部长 刘强', outcome: 'queued' },
        { to: 'staff', name: '呼叫中心主管 周静', outcome: 'queued' },
        { to: 'customer', name: '黄工', outcome: 'queued' },
      ],
    });
    expect((await notices()).find((n) => n.title === `【抢修通知】${wo.number} ${REPORT.customerName}`)?.userIds.sort()).toEqual([uid('dept'), uid('supervisor')].sort());

    const badPhone = await a.act(wo.id, 'assign_crew', 'lead', { crew: [{ name: '张师傅', phone: '电话待定' }] });
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.json().errors[0].field).toBe('crew.0.phone');
    v = await step(wo.id, 'assign_crew', 'lead', { crew: [{ name: '张师傅', phone: '139-5555-0101' }, { name: '李师傅' }] });
    expect(v.status).toBe('crew_assigned');
    expect(v.repair?.crew).toEqual([
      { name: '张师傅', phone: '13955550101' },
      { name: '李师傅', phone: null },
    ]);
    const crewSms = (await smsRows()).filter((s) => s.template === 'repair.crew');
    expect(crewSms.map((s) => s.phone)).toEqual(['13955550101']);
    expect(JSON.parse(crewSms[0].params)).toMatchObject({ contact: '黄工 13955551234' });
    expect(v.timeline.find((e) => e.event === 'assign_crew')!.data).toMatchObject({ sms: [{ to: 'crew', name: '张师傅', outcome: 'queued' }, { to: 'crew', name: '李师傅', outcome: 'no_phone' }] });

    // An hour on, the arrival is recorded: not in the future, not before the crew was sent; met by when it happened.
    at('2026-03-02T03:30:00.000Z');
    expect((await a.act(wo.id, 'record_arrival', 'lead', { arrivedAt: '2026-03-02T04:00:00.000Z' })).json().errors[0].field).toBe('arrivedAt');
    expect((await a.act(wo.id, 'record_arrival', 'lead', { arrivedAt: '2026-03-02T01:00:00.000Z' })).json().errors[0].field).toBe('arrivedAt');
    v = await step(wo.id, 'record_arrival', 'lead', { arrivedAt: '2026-03-02T03:20:00.000Z' });
    expect(v.status).toBe('on_site');
    expect(v.repair?.arrivedAt).toBe('2026-03-02T03:20:00.000Z');
    expect(deadline(v, 'repair_arrival')).toMatchObject({ state: 'met' });

    at('2026-03-02T05:00:00.000Z');
    const early = await a.act(wo.id, 'complete_repair', 'lead', { completedAt: '2026-03-02T03:00:00.000Z', result: '更换密封圈' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0].field).toBe('completedAt');
    v = await step(wo.id, 'complete_repair', 'lead', { result: '更换进气阀密封圈，气压恢复 0.7 MPa' });
    expect(v.status).toBe('repaired');
    expect(v.repair).toMatchObject({ completedAt: '2026-03-02T05:00:00.000Z', result: '更换进气阀密封圈，气压恢复 0.7 MPa' });
    expect(deadline(v, 'repair_done').state).toBe('met');
    expect(deadline(v, 'repair_callback')).toMatchObject({ state: 'running', due: '2026-03-03T05:00:00.000Z' });
    // The callback is the agents' (and the team lead's); the callback agent of the complaint desk has no part in it.
    expect((await inbox('agent')).find((i) => i.id === wo.id)?.action).toBe('callback');
    expect((await view(wo.id, 'callback')).allowedActions).not.toContain('callback');

    // Not repaired: back to the crew, arrival and completion to be recorded again, the rework clock running.
    at('2026-03-02T06:00:00.000Z');
    v = await step(wo.id, 'callback', 'agent', { satisfied: false, note: '客户反映仍漏气' });
    expect(v.status).toBe('crew_assigned');
    expect(v.repair).toMatchObject({ arrivedAt: null, completedAt: null, crew: [{ name: '张师傅' }, { name: '李师傅' }] });
    expect(deadline(v, 'repair_rework')).toMatchObject({ state: 'running', due: '2026-03-02T10:00:00.000Z' });
    expect(deadline(v, 'repair_callback').state).toBe('met');
    expect((await inbox('lead')).find((i) => i.id === wo.id)?.action).toBe('record_arrival');
    expect((await notices()).some((n) => n.title === `【回访未修复】${wo.number} ${REPORT.customerName}` && n.userIds.includes(uid('lead')))).toBe(true);

    await step(wo.id, 'record_arrival', 'lead');
    at('2026-03-02T07:00:00.000Z');
    v = await step(wo.id, 'complete_repair', 'lead', { result: '更换进气阀总成' });
    expect(deadline(v, 'repair_rework').state).toBe('met');
    v = await step(wo.id, 'callback', 'agent', { satisfied: true });
    expect(v.status).toBe('closed');
    expect(v.deadlines.every((d) => d.state === 'met')).toBe(true);
    expect(v.timeline.filter((e) => e.event.startsWith('callback_')).map((e) => e.event)).toEqual(['callback_unsatisfied', 'callback_satisfied']);
    // The customer is told it is done (the closing SMS every closed work order sends).
    expect((await smsRows()).filter((s) => s.template === 'workorder.closed').map((s) => s.phone)).toEqual(['13955551234']);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', wo.id).execute();
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['workorder.take', 'workorder.notify', 'workorder.assign_crew', 'workorder.record_arrival', 'workorder.complete_repair', 'workorder.callback']),
    );
  });

  it('still takes every step with SMS off and records that nothing was sent', async () => {
    at(NOW);
    const wo = await a.create({ ...REPORT, problem: '配电柜冒烟' }, 'dept');
    const before = (await smsRows()).length;
    const lead = await principal('lead');
    const off = smsOff();
    let v = (await performAction(off, lead, wo.id, { action: 'take', version: 1 })) as RepairWorkOrder;
    expect(v.repair?.sms).toBe('off');
    v = (await performAction(off, lead, wo.id, { action: 'notify', version: v.version, recipients: [uid('dept')], notifyCustomer: true, message: '配电柜抢修' })) as RepairWorkOrder;
    expect(v.status).toBe('notified');
    expect(v.timeline.find((e) => e.event === 'notify')!.data).toMatchObject({ sms: [{ to: 'staff', outcome: 'disabled' }, { to: 'customer', outcome: 'disabled' }] });
    v = (await performAction(off, lead, wo.id, { action: 'assign_crew', version: v.version, crew: [{ name: '王师傅', phone: '13955550202' }] })) as RepairWorkOrder;
    expect(v.timeline.find((e) => e.event === 'assign_crew')!.data).toMatchObject({ sms: [{ to: 'crew', outcome: 'disabled' }] });
    expect((await smsRows()).length).toBe(before);
    // The in-app notice still reaches the people concerned.
    expect((await notices()).some((n) => n.title.startsWith(`【抢修通知】${wo.number}`) && n.userIds.includes(uid('dept')))).toBe(true);
    expect((await getWorkOrder(off, lead, wo.id)).repair?.sms).toBe('off');
  });

  it('runs an ordinary repair the same way on working time, without SMS', async () => {
    // Friday 2026-03-06 17:00 in Shanghai: the working day ends within the hour.
    at('2026-03-06T09:00:00.000Z');
    a.relogin();
    const wo = await a.create({ ...REPORT, kind: 'repair', problem: '照明灯不亮' }, 'dept');
    const before = (await smsRows()).length;
    let v = await view(wo.id);
    expect(v.repair?.sms).toBe('not_for_kind');
    expect(v.deadlines.map((d) => [d.name, d.due])).toEqual([
      // 2 working hours: 1 on Friday, 1 on Monday morning; 8: to Monday 17:00; 3 working days: Wednesday 18:00
      // (the day of the report does not count, docs/calendar.md).
      ['repair_take', '2026-03-09T02:00:00.000Z'],
      ['repair_arrival', '2026-03-09T09:00:00.000Z'],
      ['repair_done', '2026-03-11T10:00:00.000Z'],
    ]);
    await step(wo.id, 'take', 'lead');
    v = await step(wo.id, 'notify', 'lead', { recipients: [uid('dept')], notifyCustomer: true, message: '照明报修' });
    expect(v.timeline.find((e) => e.event === 'notify')!.data).toMatchObject({ sms: [{ to: 'staff', outcome: 'not_for_kind' }, { to: 'customer', outcome: 'not_for_kind' }] });
    await step(wo.id, 'assign_crew', 'lead', { crew: [{ name: '电工 赵', phone: '13955550303' }] });
    await step(wo.id, 'record_arrival', 'lead');
    v = await step(wo.id, 'complete_repair', 'lead', { result: '更换灯管' });
    expect(deadline(v, 'repair_callback')).toMatchObject({ state: 'running', due: '2026-03-10T10:00:00.000Z' });
    v = await step(wo.id, 'callback', 'lead', { satisfied: true });
    expect(v.status).toBe('closed');
    expect((await smsRows()).length).toBe(before);
  });

  it('refuses a stale version with 409 and the current one', async () => {
    at(NOW);
    a.relogin();
    const wo = await a.create({ ...REPORT, problem: '叉车无法启动' }, 'dept');
    await step(wo.id, 'take', 'lead');
    const stale = await a.post(`/api/workorders/${wo.id}/actions`, { action: 'notify', version: 1, recipients: [], notifyCustomer: true, message: 'x' }, 'lead');
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
  });

  it('adds the repair path to a policy version published before it existed', async () => {
    const { version, policy } = await currentPolicy(t.ctx);
    const { repairs: _r, ...old } = policy as unknown as Record<string, unknown> & { deadlines: { name: string }[] };
    const older = { ...old, deadlines: old.deadlines.filter((d) => !d.name.startsWith('repair_')) };
    await t.ctx.db.insertInto('complaint_policies').values({ version: version + 1, document: JSON.stringify(older), yaml: '# old', note: 'before repairs', created_at: NOW, created_by: null, created_by_name: null }).execute();
    await addRepairPath(t.ctx);
    const latest = await currentPolicy(t.ctx);
    expect(latest.version).toBe(version + 2);
    expect(latest.policy.repairs?.actions.take).toEqual(['team_lead']);
    expect(latest.policy.deadlines.filter((d) => d.name.startsWith('repair_')).map((d) => d.name)).toEqual(policy.deadlines.filter((d) => d.name.startsWith('repair_')).map((d) => d.name));
    // Once there, it is not added again.
    await addRepairPath(t.ctx);
    expect((await currentPolicy(t.ctx)).version).toBe(version + 2);
  });
});
