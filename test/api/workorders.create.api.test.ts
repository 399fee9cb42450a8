import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Intake (docs/workorders.md#intake), severity (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity) and the default deadlines (docs/workorders.md#deadlines).
describe.each(TEST_DIALECTS)('work order creation on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    // Monday 2026-03-02 10:00 China time.
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
  });
  afterAll(async () => t?.close());

  it('creates a quality complaint with a number, proposed severity and the default deadlines', async () => {
    const res = await a.post('/api/workorders', QUALITY_COMPLAINT, 'agent');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.number).toMatch(/^KS-20260302-\d{4}$/);
    expect(body.status).toBe('received');
    expect(body.version).toBe(1);
    expect(body.severity).toBe('一般');
    expect(body.severityExplain.packId).toBe('complaint-severity-pedal');
    expect(body.severityExplain.facts.defectRate).toBeCloseTo(0.012);
    const due = Object.fromEntries(body.deadlines.map((d: { name: string; due: string }) => [d.name, d.due]));
    expect(due).toEqual({
      dispatch: '2026-03-02T03:00:00.000Z', // 1 hour after receipt
      first_response: '2026-03-04T10:00:00.000Z', // 2 working days → Wed 18:00
      reply: '2026-03-05T10:00:00.000Z', // 3 working days → Thu 18:00
    });
    expect(body.deadlines.every((d: { state: string }) => d.state === 'running')).toBe(true);
    const view = await a.view(body.id);
    expect(view.deadlines.find((d) => d.name === 'reply')!.explain).toBe('答复客户：自 2026-03-02 10:00 起 3 个工作日 → 2026-03-05 18:00（reply: 3 working days after 2026-03-02 10:00 → 2026-03-05 18:00）');
    expect(view.policyVersion).toBe(1);
  });

  it('numbers work orders of one day consecutively, and concurrent creations never share a number', async () => {
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: `并发客户${i}`, problem: '并发' })),
    );
    const numbers = made.map((m) => m.number);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.every((n) => /^KS-20260302-\d{4}$/.test(n))).toBe(true);
  });

  it('refuses an incomplete quality complaint with 422 naming every missing field', async () => {
    const res = await a.post('/api/workorders', { kind: 'complaint', channel: 'phone', category: 'quality', lotSize: 100 }, 'agent');
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['customerName', 'defectCount', 'foundAt', 'problem', 'productCode', 'shipDate', 'shipQuantity'].sort());
  });

  it('lists the missing fields together with the mistyped ones in one 422', async () => {
    const res = await a.post('/api/workorders', { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '某客户', shipQuantity: -5, shipDate: '2026-13-40' }, 'agent');
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['defectRate', 'foundAt', 'problem', 'productCode', 'shipDate', 'shipQuantity'].sort());
  });

  it('refuses a defect count above the lot size and a future receipt time in the same 422', async () => {
    const res = await a.post('/api/workorders', { ...QUALITY_COMPLAINT, defectCount: 20_000, receivedAt: '2026-03-09T02:00:00.000Z' }, 'agent');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['defectCount', 'receivedAt']);
  });

  it('returns the first result for a retried Idempotency-Key and stores one row', async () => {
    const body = { ...QUALITY_COMPLAINT, problemCategory: '幂等' };
    const first = await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'retry-1' });
    const second = await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent('幂等')}`, 'agent')).json();
    expect(list.items).toHaveLength(1);
  });

  it('takes no number for a replayed Idempotency-Key: the next registration has the next number', async () => {
    const seq = (n: string) => Number(n.slice(-4));
    const body = { ...QUALITY_COMPLAINT, problemCategory: '幂等编号' };
    const first = (await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'number-1' })).json();
    const replay = (await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'number-1' })).json();
    const next = await a.create({ ...body, problemCategory: '幂等编号后' });
    expect(replay.number).toBe(first.number);
    expect(seq(next.number)).toBe(seq(first.number) + 1);
  });

  it('proposes 批量 from defectCount ÷ lotSize ≥ 30 %', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '混料', lotSize: 200, defectCount: 70 });
    expect(wo.severity).toBe('批量');
  });

  it('proposes 严重 for the third same problem of the month, with the explanation and the serious-complaint deadlines', async () => {
    const same = { ...QUALITY_COMPLAINT, productCode: 'HR-SP-10', problemCategory: '主轴断裂', lotSize: 1000, defectCount: 1 };
    expect((await a.create(same)).severity).toBe('一般');
    expect((await a.create(same)).severity).toBe('一般');
    const third = await a.create(same);
    expect(third.severity).toBe('严重');
    const v = await a.view(third.id);
    expect(v.severityExplain!.facts.sameProblemCountThisMonth).toBe(3);
    expect(v.severityExplain!.reasons.map((r) => r.zh).join(' ')).toContain('3');
    const due = Object.fromEntries(third.deadlines.map((d) => [d.name, d.due]));
    expect(due).toMatchObject({
      containment: '2026-03-03T02:00:00.000Z', // 24 hours
      temporary_measure: '2026-03-03T02:00:00.000Z', // 8 working hours: Mon 10–12, 13–18, Tue 9–10
      permanent_measure: '2026-03-04T10:00:00.000Z', // 2 working days
      closure: '2026-03-09T02:00:00.000Z', // 7 days
    });
  });

  it('lets the QE override the severity with a reason, audited, and starts the serious deadlines', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '改判' });
    const noReason = await a.act(wo.id, 'set_severity', 'qe', { level: '严重' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const v = await a.step(wo.id, 'set_severity', 'qe', { level: '严重', reason: '客户要求正式改善报告' });
    expect(v.severity).toBe('严重');
    expect(v.severityExplain!.override).toMatchObject({ level: '严重', reason: '客户要求正式改善报告' });
    expect(v.severityExplain!.proposed).toBe('一般');
    expect(v.deadlines.map((d) => d.name)).toEqual(expect.arrayContaining(['containment', 'temporary_measure', 'permanent_measure', 'closure']));
    const audit = (await a.get(`/api/audit?subjectType=work_order&subjectId=${wo.id}`, 'admin')).json();
    const entry = audit.items.find((x: { action: string }) => x.action === 'workorder.set_severity');
    expect(entry.before.severity).toBe('一般');
    expect(entry.after.severity).toBe('严重');
    expect(entry.note).toBe('客户要求正式改善报告');
  });

  it('re-evaluates the severity from new facts (functional failure → 严重)', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '功能' });
    const v = await a.step(wo.id, 'set_severity', 'qe', { facts: { functionalFailure: true } });
    expect(v.severity).toBe('严重');
    expect(v.severityExplain!.override).toBeNull();
  });

  it('refuses facts the severity pack does not know with 422', async () => {
    const res = await a.post('/api/workorders', { ...QUALITY_COMPLAINT, facts: { noSuchFact: true } }, 'agent');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('facts.noSuchFact');
  });

  it('runs the deadlines of a letter from its arrival and records both times on the timeline', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'letter', category: 'service', customerName: '来信客户', problem: '来信投诉', receivedAt: '2026-02-27T01:00:00.000Z' });
    // Friday 02-27 09:00 → day 1 is Saturday 02-28 (春节调休上班), day 2 Monday, day 3 Tuesday 03-03 18:00.
    expect(wo.deadlines.find((d) => d.name === 'reply')!.due).toBe('2026-03-03T10:00:00.000Z');
    const v = await a.view(wo.id);
    expect(v.timeline.slice(0, 2).map((e) => [e.event, e.at])).toEqual([
      ['received', '2026-02-27T01:00:00.000Z'],
      ['created', '2026-03-02T02:00:00.000Z'],
    ]);
    // The receipt names its channel as the desk does (书面信函), not the API code "letter".
    expect(v.timeline[0].note).toBe('书面信函');
  });

  it('closes an inquiry answered on the spot at once, without deadlines', async () => {
    const wo = await a.create({ kind: 'inquiry', channel: 'phone', problem: '询问螺栓扭矩标准', answeredOnSpot: true, answer: 'M8 8.8 级推荐 25 N·m' });
    const v = await a.view(wo.id);
    expect(v.status).toBe('closed');
    expect(v.deadlines).toEqual([]);
  });

  it('gives an inquiry not answered on the spot a 24-hour reply deadline', async () => {
    const wo = await a.create({ kind: 'inquiry', channel: 'phone', problem: '询问交期' });
    expect(wo.deadlines).toEqual([{ name: 'reply', due: '2026-03-03T02:00:00.000Z', state: 'running' }]);
  });

  it('answers 403 to a role that may not register work orders', async () => {
    expect((await a.post('/api/workorders', QUALITY_COMPLAINT, 'callback')).statusCode).toBe(403);
    expect((await a.post('/api/workorders', QUALITY_COMPLAINT, 'mine')).statusCode).toBe(403);
  });

  it('searches number, customer and problem text, Chinese included, and pages with a keyset cursor', async () => {
    const hit = (await a.get(`/api/workorders?q=${encodeURIComponent('牙纹')}`, 'agent')).json();
    expect(hit.items.length).toBeGreaterThan(0);
    expect(hit.items.every((i: { problem: string; problemCategory: string }) => `${i.problem}${i.problemCategory}`.includes('牙纹'))).toBe(true);
    const page1 = (await a.get('/api/workorders?limit=3', 'agent')).json();
    expect(page1.items).toHaveLength(3);
    const page2 = (await a.get(`/api/workorders?limit=3&cursor=${page1.nextCursor}`, 'agent')).json();
    const ids1 = page1.items.map((i: { id: string }) => i.id);
    expect(page2.items.every((i: { id: string }) => !ids1.includes(i.id))).toBe(true);
    const severe = (await a.get(`/api/workorders?severity=${encodeURIComponent('严重')}`, 'agent')).json();
    expect(severe.items.every((i: { severity: string }) => i.severity === '严重')).toBe(true);
  });

  it('orders the register by severity, most severe first, across keyset pages', async () => {
    const rank = (s: string | null) => ({ 严重: 3, 批量: 2, 一般: 1 })[s ?? ''] ?? 0;
    const seen: number[] = [];
    let cursor = '';
    for (let i = 0; i < 4; i++) {
      const page = (await a.get(`/api/workorders?order=severity&limit=4${cursor ? `&cursor=${cursor}` : ''}`, 'agent')).json();
      seen.push(...page.items.map((it: { severity: string | null }) => rank(it.severity)));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.length).toBeGreaterThan(8);
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    expect(seen[0]).toBe(3);
  });

  it('flags the third invalid complaint of a customer within 90 days for the supervisor', async () => {
    // Two customers, their cases interleaved: each group lists its own work orders, oldest first.
    const ids: Record<string, string[]> = { 反复来电客户: [], 另一位反复来电客户: [] };
    for (let i = 0; i < 3; i++) {
      for (const [customerName, customerCode] of [['反复来电客户', 'REP-9'], ['另一位反复来电客户', 'REP-10']]) {
        const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'other', customerName, customerCode, problem: `无理投诉 ${i}` });
        await a.step(wo.id, 'reject_invalid', 'clerk', { reason: '非有效投诉，已安抚' });
        ids[customerName].push(wo.id);
      }
    }
    const list = (await a.get('/api/workorders/invalid-recurrences', 'supervisor')).json() as { customer: string; count: number; workOrderIds: string[] }[];
    expect(list.map((r) => r.customer).sort()).toEqual(Object.keys(ids).sort());
    for (const r of list) expect(r).toEqual(expect.objectContaining({ count: 3, workOrderIds: ids[r.customer] }));
    await t.ctx.db.selectFrom('outbox').select('payload').execute().then((rows) => {
      expect(rows.some((r) => r.payload.includes('无效投诉重复'))).toBe(true);
    });
  });
});

describe.each(TEST_DIALECTS)('deadlines across a holiday on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    // Wednesday 2026-09-30 10:00 China time, the day before 国庆.
    t = await createTestApp(dialect, { now: '2026-09-30T02:00:00.000Z' });
    a = api(t);
  });
  afterAll(async () => t?.close());

  it('counts working days across 国庆 and its adjusted Saturday: received 09-30 → reply due 10-10 18:00', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '国庆' });
    const due = Object.fromEntries(wo.deadlines.map((d) => [d.name, d.due]));
    expect(due.dispatch).toBe('2026-09-30T03:00:00.000Z');
    expect(due.first_response).toBe('2026-10-09T10:00:00.000Z');
    expect(due.reply).toBe('2026-10-10T10:00:00.000Z');
  });

  it('gives a suggestion its reply date across the holiday', async () => {
    const wo = await a.create({ kind: 'suggestion', channel: 'web', problem: '建议延长保修' });
    expect((await a.view(wo.id)).promisedReplyDate).toBe('2026-10-10');
  });
});
