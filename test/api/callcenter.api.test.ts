import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, QUALITY_COMPLAINT, type Api } from './workorders.fixtures';

// The call centre (呼叫中心岗位职责 cl. 1–3; docs/callcenter.md) on both databases: the duty log and its handover
// and review, schedules and targets, per-agent figures against hand-counted fixtures, and the workload forecast.
describe.each(TEST_DIALECTS)('call centre on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let users: { id: string; username: string }[];
  const uid = (name: string) => users.find((u) => u.username === name)!.id;

  beforeAll(async () => {
    // 2026-08-31 is a Monday; "now" is 10:00 in Shanghai.
    t = await createTestApp(dialect, { now: '2026-08-31T02:00:00.000Z' });
    a = api(t);
    users = (await a.get('/api/users', 'admin')).json() as { id: string; username: string }[];
  });
  afterAll(async () => t?.close());

  describe('duty log (值班日志)', () => {
    let entry: { id: string; version: number };

    it('lets the team lead write the shift’s notes with a breach, named by the agent concerned', async () => {
      const res = await a.post(
        '/api/callcenter/duty-log',
        { date: '2026-08-31', shift: 'morning', notes: '10 点系统卡顿 15 分钟，已报信息部；HR-M8 批次咨询较多。', breaches: [{ userId: uid('agent'), description: '迟到 20 分钟' }], agents: [uid('agent')] },
        'supervisor',
      );
      expect(res.statusCode, res.body).toBe(201);
      entry = res.json();
      expect(res.json()).toMatchObject({
        date: '2026-08-31',
        shift: 'morning',
        breaches: [{ userId: uid('agent'), name: '坐席 王芳', description: '迟到 20 分钟' }],
        agents: [{ id: uid('agent'), name: '坐席 王芳' }],
        createdBy: { name: '呼叫中心主管 周静' },
        handedOver: null,
        review: null,
        version: 1,
      });
    });

    it('keeps one entry per shift (409 names who wrote it) and refuses people from outside the centre by field', async () => {
      const dup = await a.post('/api/callcenter/duty-log', { date: '2026-08-31', shift: 'morning', notes: '重复' }, 'supervisor');
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'duty_log_exists' });
      const outsider = await a.post('/api/callcenter/duty-log', { date: '2026-08-31', shift: 'afternoon', notes: '交接', breaches: [{ userId: uid('dept'), description: '串岗' }] }, 'supervisor');
      expect(outsider.statusCode).toBe(422);
      expect(outsider.json().errors).toEqual([expect.objectContaining({ field: 'breaches.0.userId' })]);
      const empty = await a.post('/api/callcenter/duty-log', { date: '2026-08-31', shift: 'night', notes: '' }, 'supervisor');
      expect(empty.statusCode).toBe(422);
    });

    it('is written by team leads only and read by the call centre only', async () => {
      expect((await a.post('/api/callcenter/duty-log', { date: '2026-08-31', shift: 'night', notes: 'x' }, 'agent')).statusCode).toBe(403);
      expect((await a.get('/api/callcenter/duty-log', 'clerk')).statusCode).toBe(403);
      const list = await a.get('/api/callcenter/duty-log?from=2026-08-01&to=2026-08-31', 'agent');
      expect(list.statusCode).toBe(200);
      expect((list.json() as { id: string }[]).map((e) => e.id)).toEqual([entry.id]);
    });

    it('is handed over by the next shift, not by its author, once', async () => {
      const self = await a.post(`/api/callcenter/duty-log/${entry.id}/handover`, { version: 1 }, 'supervisor');
      expect(self.statusCode).toBe(409);
      expect(self.json().code).toBe('handover_by_author');
      const ok = await a.post(`/api/callcenter/duty-log/${entry.id}/handover`, { version: 1 }, 'agent');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ handedOver: { by: { name: '坐席 王芳' } }, version: 2 });
      expect((await a.post(`/api/callcenter/duty-log/${entry.id}/handover`, { version: 2 }, 'agent')).json().code).toBe('already_handed_over');
    });

    it('is reviewed by the supervisor against the version read (409 when stale)', async () => {
      const stale = await a.post(`/api/callcenter/duty-log/${entry.id}/review`, { version: 1, note: '已阅' }, 'supervisor');
      expect(stale.statusCode).toBe(409);
      expect(stale.json().details).toMatchObject({ currentVersion: 2 });
      const ok = await a.post(`/api/callcenter/duty-log/${entry.id}/review`, { version: 2, note: '迟到已按考勤制度处理' }, 'supervisor');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ review: { note: '迟到已按考勤制度处理', by: { name: '呼叫中心主管 周静' } }, version: 3 });
      expect((await a.post(`/api/callcenter/duty-log/${entry.id}/review`, { version: 3, note: 'x' }, 'agent')).statusCode).toBe(403);
    });
  });

  describe('schedules and targets', () => {
    it('sets who is on a shift, fills the duty log’s agents from it, and refuses outsiders by field', async () => {
      const put = await a.put('/api/callcenter/schedules', { slots: [{ date: '2026-09-01', shift: 'morning', userIds: [uid('agent')] }] }, 'supervisor');
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().slots).toEqual([{ date: '2026-09-01', shift: 'morning', agents: [{ id: uid('agent'), name: '坐席 王芳' }] }]);
      const bad = await a.put('/api/callcenter/schedules', { slots: [{ date: '2026-09-01', shift: 'night', userIds: [uid('qe')] }] }, 'supervisor');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].field).toBe('slots.0.userIds.0');
      expect((await a.put('/api/callcenter/schedules', { slots: [{ date: '2026-09-01', shift: 'night', userIds: [] }] }, 'agent')).statusCode).toBe(403);
      const log = await a.post('/api/callcenter/duty-log', { date: '2026-09-01', shift: 'morning', notes: '平稳' }, 'supervisor');
      expect(log.json().agents).toEqual([{ id: uid('agent'), name: '坐席 王芳' }]);
    });
  });

  describe('per-agent figures', () => {
    let metOnTime: string[] = [];
    beforeAll(async () => {
      // Hand-counted fixtures in October 2026 (the demo world's work orders lie in August), all registered by the agent: two inquiries answered on the spot
      // (received 6 and 10 minutes before they were closed), one suggestion, one quality complaint.
      t.clock.set('2026-10-12T02:00:00.000Z');
      a.relogin();
      await a.create({ kind: 'inquiry', channel: 'phone', customerName: '咨询客户甲', problem: '询问交期', answeredOnSpot: true, answer: '下周二发货', receivedAt: '2026-10-12T01:54:00.000Z' });
      await a.create({ kind: 'inquiry', channel: 'phone', customerName: '咨询客户乙', problem: '询问价格', answeredOnSpot: true, answer: '按合同价', receivedAt: '2026-10-12T01:50:00.000Z' });
      await a.create({ kind: 'suggestion', channel: 'phone', customerName: '建议客户', problem: '希望增加包装标识' });
      const c = await a.create({ ...QUALITY_COMPLAINT, customerName: '绩效测试客户', shipDate: '2026-10-01' });
      // The clerk accepts and dispatches it at once: the dispatch deadline is met on time, the others still run.
      await a.step(c.id, 'accept', 'clerk');
      const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
      const dispatched = await a.step(c.id, 'dispatch', 'clerk', { departmentId: units.find((u) => u.name === '生产部')!.id });
      metOnTime = dispatched.deadlines.filter((d) => d.state === 'met').map((d) => d.name);
      t.clock.set('2026-10-31T02:00:00.000Z');
      a.relogin();
      const put = await a.put('/api/callcenter/targets', { month: '2026-10', targets: [{ userId: uid('agent'), handled: 100, onTimeRate: 0.95, satisfaction: 0.9 }] }, 'supervisor');
      expect(put.statusCode, put.body).toBe(200);
    });

    it('counts what each agent registered, by kind, with handling time, on-the-spot answers and the month’s targets', async () => {
      const res = await a.get('/api/callcenter/figures?from=2026-10-01&to=2026-10-31', 'supervisor');
      expect(res.statusCode, res.body).toBe(200);
      const agent = (res.json() as { userId: string }[]).find((r) => r.userId === uid('agent'));
      expect(agent).toMatchObject({
        name: '坐席 王芳',
        handled: 4,
        byKind: { inquiry: 2, suggestion: 1, complaint: 1 },
        answeredOnSpot: 2,
        averageHandlingMinutes: 8,
        satisfaction: null,
        callbacks: 0,
        target: { handled: 100, onTimeRate: 0.95, satisfaction: 0.9 },
      });
      expect(metOnTime).toEqual(['dispatch']);
      expect(agent).toMatchObject({ onTimeRate: 1, onTimeByDeadline: metOnTime.sort().map((name) => ({ name, met: 1, missed: 0, rate: 1 })) });
      const lead = (res.json() as { userId: string; handled: number }[]).find((r) => r.userId === uid('supervisor'));
      expect(lead).toMatchObject({ handled: 0, onTimeRate: null, target: null });
    });

    it('exports the figures as Excel and refuses agents and reversed periods', async () => {
      const x = await a.get('/api/callcenter/figures.xlsx?from=2026-08-01&to=2026-08-31', 'supervisor');
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toContain('spreadsheetml');
      expect((await a.get('/api/callcenter/figures?from=2026-08-01&to=2026-08-31', 'agent')).statusCode).toBe(403);
      const rev = await a.get('/api/callcenter/figures?from=2026-08-31&to=2026-08-01', 'supervisor');
      expect(rev.statusCode).toBe(422);
      expect(rev.json().errors[0].field).toBe('from');
    });
  });

  describe('workload forecast (话务量预测)', () => {
    beforeAll(async () => {
      // Two calls at 09:10 Shanghai time on each of the four Mondays 2026-06-08 … 06-29.
      t.clock.set('2026-07-06T00:30:00.000Z'); // 08:30 on Monday 2026-07-06 in Shanghai
      a.relogin();
      for (const day of ['2026-06-08', '2026-06-15', '2026-06-22', '2026-06-29']) {
        for (const n of [1, 2]) await a.create({ kind: 'suggestion', channel: 'phone', customerName: `预测客户${day}-${n}`, problem: '建议', receivedAt: `${day}T01:10:00.000Z` });
      }
    });
    afterAll(() => {
      t.clock.set('2026-08-31T02:00:00.000Z');
      a.relogin();
    });

    it('forecasts Mondays from Mondays, staffs the 09:00 slot by Erlang C and shows no error on a stable pattern', async () => {
      const res = await a.get('/api/callcenter/forecast?from=2026-07-06&days=2&historyWeeks=4&ahtSeconds=300', 'supervisor');
      expect(res.statusCode, res.body).toBe(200);
      const f = res.json();
      expect(f).toMatchObject({ historyFrom: '2026-06-08', historyTo: '2026-07-05', ahtSeconds: 300, ahtSource: 'given' });
      const [mon, tue] = f.days;
      expect(mon).toMatchObject({ date: '2026-07-06', weekday: 1, working: true, basis: 'W1', basisDays: 4, total: 2, peakAgents: 2 });
      // 2 calls per half-hour × 300 s = 1/3 Erlang: one agent answers 68 % within 20 s, two answer 96 %.
      expect(mon.slots[18]).toMatchObject({ start: '09:00', arrivals: 2, agents: 2 });
      expect(mon.slots[18].serviceLevel).toBeCloseTo(0.9574, 3);
      expect(tue).toMatchObject({ date: '2026-07-07', total: 0, peakAgents: 0 });
      expect(f.error).toEqual({ days: 14, actual: 4, forecast: 4, wape: 0 });
      expect(f.scheduled).toContainEqual({ date: '2026-07-06', shift: 'morning', agents: 0, required: 2 });
    });

    it('is for supervisors only', async () => {
      expect((await a.get('/api/callcenter/forecast', 'agent')).statusCode).toBe(403);
      expect((await a.get('/api/callcenter/forecast?serviceLevel=1', 'supervisor')).statusCode).toBe(422);
    });
  });
});
