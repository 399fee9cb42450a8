import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemplate, placeholderValues, renderTemplate } from '../../src/core/knowledge/placeholders';
import { smsCustomer } from '../../src/modules/workorders/workorders.sms';
import { allRollups } from '../../src/modules/workorders/workorders.rollups.repository';
import { rebuildRollups } from '../../src/modules/workorders/workorders.rollups';
import { SESSION_COOKIE, loadPrincipal, type Principal } from '../../src/modules/auth';
import type { AppContext } from '../../src/platform/context';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type WorkOrder } from './workorders.fixtures';

// The 话术库 and knowledge base (docs/knowledge.md) on both databases: the demo entries searched in Chinese, an
// administrator's entries kept within their subtree (idempotent creation, versions, audit, 422 on an unknown
// placeholder), and every use counted in the transaction of the reply, callback, SMS or call that made it — an
// inquiry answered on the spot from an entry is registered closed and counted in the reports like any other.

interface Entry {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  body: string;
  kinds: string[];
  category: string | null;
  uses: string[];
  active: boolean;
  useCount: number;
  usage: { reply: number; callback: number; sms: number; call: number };
  version: number;
  editable: boolean;
}

const SMS = {
  provider: 'aliyun' as const,
  accessKeyId: 'test-key',
  accessKeySecret: 'test-secret',
  signName: '华锐精密',
  sdkAppId: '',
  region: 'cn-hangzhou',
  // Nothing listens there: the tests only queue messages, the outbox worker is off.
  endpoint: 'http://127.0.0.1:9',
  templates: { 'workorder.message': { code: 'SMS_900001', params: ['content', 'number'] } },
};

describe.each(TEST_DIALECTS)('话术库 on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let units: Record<string, string>;
  const cookies = new Map<string, string>();

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    let cookie = cookies.get(who);
    if (!cookie) {
      cookie = await t.login(who, who === 'ccadmin' ? 'knowledge-pass-4821' : undefined);
      cookies.set(who, cookie);
    }
    return t.app.inject({ method, url, payload: body as object | undefined, headers: { cookie, ...headers } });
  }
  const list = async (who: string, query = '') => {
    const res = await call('GET', `/api/knowledge/entries${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Entry[] }).items;
  };
  const byTitle = async (title: string) => (await list('admin', '?retired=true')).find((e) => e.title === title)!;
  const entry = async (id: string) => (await call('GET', `/api/knowledge/entries/${id}`, 'admin')).json() as Entry;
  const auditRows = (action: string, subjectId: string) =>
    t.ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', action).where('subject_id', '=', subjectId).execute();

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { sms: SMS } });
    a = api(t);
    units = Object.fromEntries(((await a.get('/api/units', 'admin')).json() as { id: string; name: string }[]).map((u) => [u.name, u.id]));
    // An administrator of the call centre only: keeps that department's entries, reads the company's.
    const res = await a.post('/api/users', { username: 'ccadmin', displayName: '呼叫中心管理员', unitId: units['呼叫中心'], password: 'knowledge-pass-4821', roles: [{ role: 'admin', unitId: units['呼叫中心'] }] }, 'admin');
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => t?.close());

  describe('the demo entries, searched in Chinese', () => {
    it('ships entries whose placeholders all parse, on the company, for every desk user below it', async () => {
      const items = await list('agent');
      expect(items.length).toBeGreaterThanOrEqual(10);
      for (const e of items) {
        expect(parseTemplate(e.body).problems, e.title).toEqual([]);
        expect(e.unitName).toBe('华锐精密机械有限公司');
        expect(e.editable).toBe(false);
      }
      // A department head reads the company's entries too (an entry serves its unit's subtree).
      expect((await list('dept')).length).toBe(items.length);
      expect((await list('admin')).every((e) => e.editable)).toBe(true);
    });

    it('finds a term of one, two or more characters, every term of a search, titles first', async () => {
      expect((await list('agent', `?q=${encodeURIComponent('扭矩')}`)).map((e) => e.title)).toEqual(['咨询：M8 8.8 级螺栓推荐拧紧扭矩']);
      expect((await list('agent', `?q=${encodeURIComponent('矩')}`)).map((e) => e.title)).toEqual(['咨询：M8 8.8 级螺栓推荐拧紧扭矩']);
      expect((await list('agent', `?q=${encodeURIComponent('回访　满意度')}`)).map((e) => e.title)).toEqual(['回访：处理结果满意度']);
      // "短信" is in two titles and in another entry's keywords: the titles come first.
      const sms = (await list('agent', `?q=${encodeURIComponent('短信')}`)).map((e) => e.title);
      expect(sms.slice(0, 2).sort()).toEqual(['短信：受理通知', '短信：试验及制样告知']);
      expect(sms.length).toBe(2);
      expect(await list('agent', `?q=${encodeURIComponent('m8 螺栓')}`)).toHaveLength(1);
      expect(await list('agent', `?q=${encodeURIComponent('不存在的词')}`)).toEqual([]);
      // LIKE's wildcards are literal: % and _ match only themselves.
      expect(await list('agent', `?q=${encodeURIComponent('%')}`)).toEqual([]);
      expect(await list('agent', `?q=${encodeURIComponent('_')}`)).toEqual([]);
    });

    it('filters by kind, complaint category and use', async () => {
      const forInquiryCalls = await list('agent', '?kind=inquiry&use=call');
      expect(forInquiryCalls.length).toBeGreaterThan(2);
      for (const e of forInquiryCalls) {
        expect(e.kinds.length === 0 || e.kinds.includes('inquiry'), e.title).toBe(true);
        expect(e.uses).toContain('call');
      }
      expect(forInquiryCalls.map((e) => e.title)).toContain('咨询：M8 8.8 级螺栓推荐拧紧扭矩');
      // The tests-and-samples notice is for quality complaints only; the others are for any kind and category.
      const delivery = (await list('agent', '?kind=complaint&category=delivery&use=sms')).map((e) => e.title).sort();
      expect(delivery).toEqual(['咨询：如何查询处理进度', '短信：受理通知']);
      const quality = (await list('agent', '?kind=complaint&category=quality&use=sms')).map((e) => e.title).sort();
      expect(quality).toEqual(['咨询：如何查询处理进度', '短信：受理通知', '短信：试验及制样告知']);
      expect((await list('agent', '?kind=inquiry&use=sms')).map((e) => e.title).sort()).toEqual(['咨询：如何查询处理进度', '咨询：暂时无法当场答复', '短信：受理通知']);
    });

    it('is read by the desk only', async () => {
      expect((await call('GET', '/api/knowledge/entries', 'mine')).statusCode).toBe(403);
      expect((await call('GET', '/api/knowledge/entries?use=mail', 'agent')).statusCode).toBe(422);
    });
  });

  describe('administration', () => {
    let ccEntry: Entry;

    it('adds an entry to the administrator’s own unit once per Idempotency-Key, with one audit row', async () => {
      const body = { title: '咨询：热线服务时间', body: '{客户}您好，呼叫中心热线服务时间为工作日 08:00–20:00，{经办人}为您服务。', kinds: ['inquiry'], uses: ['call'], keywords: '热线 时间 上班' };
      const first = await call('POST', '/api/knowledge/entries', 'ccadmin', body, { 'idempotency-key': 'kb-1' });
      expect(first.statusCode, first.body).toBe(201);
      const again = await call('POST', '/api/knowledge/entries', 'ccadmin', body, { 'idempotency-key': 'kb-1' });
      expect(again.statusCode).toBe(201);
      ccEntry = first.json();
      expect(again.json().id).toBe(ccEntry.id);
      expect(ccEntry).toMatchObject({ unitName: '呼叫中心', version: 1, active: true, useCount: 0, editable: true, category: null });
      expect((await list('ccadmin', `?q=${encodeURIComponent('热线')}`)).map((e) => e.id)).toEqual([ccEntry.id]);
      const audit = await auditRows('knowledge.create', ccEntry.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].after!)).toMatchObject({ title: '咨询：热线服务时间', kinds: ['inquiry'], uses: ['call'], version: 1 });
      // The same key with another body is refused, not taken for a retry.
      expect((await call('POST', '/api/knowledge/entries', 'ccadmin', { ...body, title: '别的' }, { 'idempotency-key': 'kb-1' })).statusCode).toBe(422);
    });

    it('serves the call centre’s entry to its subtree and to the company above, not to another department', async () => {
      expect((await list('agent', `?q=${encodeURIComponent('热线')}`)).map((e) => e.id)).toEqual([ccEntry.id]);
      expect(await list('dept', `?q=${encodeURIComponent('热线')}`)).toEqual([]);
      expect((await call('GET', `/api/knowledge/entries/${ccEntry.id}`, 'dept')).statusCode).toBe(404);
      // The company's administrator administers the department's entry too.
      expect((await call('GET', `/api/knowledge/entries/${ccEntry.id}`, 'admin')).json().editable).toBe(true);
    });

    it('refuses an unknown placeholder or an unclosed brace with 422 on body, and a category outside complaints on category', async () => {
      const base = { title: '测试', kinds: [], uses: ['reply'] };
      const unknown = await call('POST', '/api/knowledge/entries', 'ccadmin', { ...base, body: '{客户名称}您好，编号 {受理编号}' });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors).toEqual([{ field: 'body', message: expect.stringContaining('未知占位符 {客户名称}') }]);
      expect(unknown.json().errors[0].message).toContain('unknown placeholder {客户名称}');
      const unclosed = await call('POST', '/api/knowledge/entries', 'ccadmin', { ...base, body: '您好 {客户' });
      expect(unclosed.json().errors).toEqual([{ field: 'body', message: expect.stringContaining('没有闭合') }]);
      const category = await call('POST', '/api/knowledge/entries', 'ccadmin', { ...base, body: '您好', kinds: ['inquiry'], category: 'quality' });
      expect(category.json().errors).toEqual([{ field: 'category', message: expect.stringContaining('投诉类别只适用于') }]);
      const noUse = await call('POST', '/api/knowledge/entries', 'ccadmin', { ...base, body: '您好', uses: [] });
      expect(noUse.statusCode).toBe(422);
      expect(noUse.json().errors[0].field).toBe('uses');
      // Literal braces are written doubled.
      expect((await call('POST', '/api/knowledge/entries', 'ccadmin', { ...base, title: '字面括号', body: '型号写作 {{HR-M8}}' })).statusCode).toBe(201);
    });

    it('keeps administrators inside their subtree: 403 on another unit or an entry only read, 403 for the desk', async () => {
      const company = (await list('ccadmin')).find((e) => e.unitName === '华锐精密机械有限公司')!;
      expect(company.editable).toBe(false);
      expect((await call('PATCH', `/api/knowledge/entries/${company.id}`, 'ccadmin', { version: company.version, title: '改' })).statusCode).toBe(403);
      expect((await call('DELETE', `/api/knowledge/entries/${company.id}?version=${company.version}`, 'ccadmin')).statusCode).toBe(403);
      expect((await call('POST', '/api/knowledge/entries', 'ccadmin', { unitId: units['生产部'], title: 'x', body: 'x', uses: ['reply'] })).statusCode).toBe(403);
      expect((await call('POST', '/api/knowledge/entries', 'agent', { title: 'x', body: 'x', uses: ['reply'] })).statusCode).toBe(403);
      expect((await call('PATCH', `/api/knowledge/entries/${company.id}`, 'agent', { version: company.version, title: '改' })).statusCode).toBe(403);
      // An entry of a unit the administrator does not even read is not revealed.
      const production = await call('POST', '/api/knowledge/entries', 'admin', { unitId: units['生产部'], title: '生产部内部口径', body: '设备点检口径', uses: ['reply'] });
      expect(production.statusCode).toBe(201);
      expect((await call('PATCH', `/api/knowledge/entries/${production.json().id}`, 'ccadmin', { version: 1, title: '改' })).statusCode).toBe(404);
    });

    it('edits against the version read: 409 with the current version for a stale one, before and after in the audit', async () => {
      const ok = await call('PATCH', `/api/knowledge/entries/${ccEntry.id}`, 'ccadmin', { version: 1, body: '{客户}您好，热线服务时间为每天 08:00–22:00。' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ version: 2, body: '{客户}您好，热线服务时间为每天 08:00–22:00。' });
      const stale = await call('PATCH', `/api/knowledge/entries/${ccEntry.id}`, 'admin', { version: 1, title: '旧版本上的修改' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
      expect((await entry(ccEntry.id)).title).toBe('咨询：热线服务时间');
      const bad = await call('PATCH', `/api/knowledge/entries/${ccEntry.id}`, 'ccadmin', { version: 2, body: '{答复日期}' });
      expect(bad.json().errors[0].field).toBe('body');
      const audit = await auditRows('knowledge.update', ccEntry.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].before!)).toMatchObject({ body: '{客户}您好，呼叫中心热线服务时间为工作日 08:00–20:00，{经办人}为您服务。', version: 1 });
      expect(JSON.parse(audit[0].after!)).toMatchObject({ body: '{客户}您好，热线服务时间为每天 08:00–22:00。', version: 2 });
    });

    it('retires an entry: gone from the pickers, kept for the administrators', async () => {
      const res = await call('PATCH', `/api/knowledge/entries/${ccEntry.id}`, 'ccadmin', { version: 2, active: false });
      expect(res.json()).toMatchObject({ active: false, version: 3 });
      expect((await list('agent', `?q=${encodeURIComponent('热线')}`))).toEqual([]);
      expect((await list('ccadmin', `?retired=true&q=${encodeURIComponent('热线')}`)).map((e) => e.id)).toEqual([ccEntry.id]);
    });

    it('deletes an entry never used, against its version, and keeps one that was used', async () => {
      const made = (await call('POST', '/api/knowledge/entries', 'ccadmin', { title: '临时口径', body: '临时', uses: ['reply'] })).json() as Entry;
      expect((await call('DELETE', `/api/knowledge/entries/${made.id}?version=7`, 'ccadmin')).json()).toMatchObject({ code: 'stale_version', details: { currentVersion: 1 } });
      expect((await call('DELETE', `/api/knowledge/entries/${made.id}?version=1`, 'ccadmin')).statusCode).toBe(204);
      expect((await call('GET', `/api/knowledge/entries/${made.id}`, 'ccadmin')).statusCode).toBe(404);
      expect(await auditRows('knowledge.delete', made.id)).toHaveLength(1);
    });
  });

  describe('uses, counted with the step that made them', () => {
    const PHONE = '13800002222';

    it('counts an answer used in a reply, not when the reply is refused', async () => {
      const torque = await byTitle('咨询：M8 8.8 级螺栓推荐拧紧扭矩');
      const wo = await a.create({ kind: 'inquiry', channel: 'phone', customerName: '宁波精工科技有限公司', contactPhone: PHONE, problem: '询问 M8 螺栓拧紧扭矩' });
      const stale = await a.post(`/api/workorders/${wo.id}/actions`, { action: 'reply', version: 99, message: '推荐 25 N·m', knowledgeEntryId: torque.id }, 'agent');
      expect(stale.statusCode).toBe(409);
      expect((await entry(torque.id)).useCount).toBe(0);
      const replied = await a.step(wo.id, 'reply', 'agent', { message: torque.body, knowledgeEntryId: torque.id });
      expect(replied.status).toBe('replied');
      expect(replied.timeline.find((e) => e.event === 'reply')).toMatchObject({ note: torque.body });
      expect(await entry(torque.id)).toMatchObject({ useCount: 1, usage: { reply: 1, callback: 0, sms: 0, call: 0 }, version: torque.version });
    });

    it('counts a callback script, and refuses an entry not meant for callbacks with 422 on knowledgeEntryId', async () => {
      const wo = await a.create({ kind: 'suggestion', channel: 'phone', customerName: '苏州五金制品厂', contactPhone: PHONE, problem: '希望包装上增加批号标识' });
      await a.step(wo.id, 'reply', 'agent', { message: '已采纳，下月起执行', adopted: true });
      const replyOnly = await byTitle('答复：投诉处理结果');
      const wrong = await a.act(wo.id, 'callback', 'callback', { satisfied: true, knowledgeEntryId: replyOnly.id });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().errors).toEqual([{ field: 'knowledgeEntryId', message: expect.stringContaining('不用于回访') }]);
      expect((await a.view(wo.id)).status).toBe('replied');
      const script = await byTitle('回访：处理结果满意度');
      const done = await a.step(wo.id, 'callback', 'callback', { satisfied: true, knowledgeEntryId: script.id });
      expect(done.status).toBe('closed');
      expect(await entry(script.id)).toMatchObject({ useCount: 1, usage: { callback: 1 } });
      expect(await entry(replyOnly.id)).toMatchObject({ useCount: 0 });
    });

    it('texts the customer from an SMS entry once per Idempotency-Key, on the timeline and in the SMS log', async () => {
      const notice = await byTitle('短信：受理通知');
      const wo = await a.view((await a.create({ kind: 'complaint', channel: 'phone', category: 'delivery', customerName: '上海联合汽配有限公司', contactPhone: PHONE, problem: '交货短装 200 件', productCode: 'HR-M8-25', shipDate: '2026-02-20', shipQuantity: 1000, defectRate: 0.2, foundAt: '仓库' })).id);
      const text = renderTemplate(notice.body, placeholderValues(wo, { portalUrl: 'https://gauge.example.com/portal' }));
      expect(text.missing).toEqual([]);
      expect(text.text).toContain(`受理编号 ${wo.trackingNumber}`);
      const send = () => call('POST', `/api/workorders/${wo.id}/sms`, 'agent', { message: text.text, knowledgeEntryId: notice.id }, { 'idempotency-key': 'sms-1' });
      const first = await send();
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ status: 'queued', phone: '138****2222' });
      expect((await send()).json()).toEqual({ status: 'queued', phone: '138****2222' });
      const rows = await t.ctx.db.selectFrom('sms_messages').select(['template', 'params', 'phone']).where('phone', '=', PHONE).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].template).toBe('workorder.message');
      expect(JSON.parse(rows[0].params)).toEqual({ content: text.text, number: wo.trackingNumber });
      expect(await entry(notice.id)).toMatchObject({ useCount: 1, usage: { sms: 1 } });
      const timeline = (await a.view(wo.id)).timeline.filter((e) => e.event === 'sms_sent');
      expect(timeline).toEqual([expect.objectContaining({ note: text.text, public: false, actorName: '坐席 王芳' })]);
      expect(await auditRows('workorder.sms', wo.id)).toHaveLength(1);
    });

    it('says why no SMS went: 422 without a phone, 409 while SMS is off or has no template — and counts nothing', async () => {
      const notice = await byTitle('短信：受理通知');
      const noPhone = await a.create({ kind: 'inquiry', channel: 'phone', customerName: '无电话客户', problem: '询价' });
      const res = await call('POST', `/api/workorders/${noPhone.id}/sms`, 'agent', { message: '您好', knowledgeEntryId: notice.id });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].field).toBe('contactPhone');
      expect((await call('POST', `/api/workorders/${noPhone.id}/sms`, 'dept', { message: '您好' })).statusCode).toBe(403);
      const withPhone = await a.create({ kind: 'inquiry', channel: 'phone', customerName: '有电话客户', contactPhone: PHONE, problem: '询价' });
      const p = (await loadPrincipal(t.ctx, (await t.login('agent')).slice(SESSION_COOKIE.length + 1))) as Principal;
      const off: AppContext = { ...t.ctx, config: Object.freeze({ ...t.ctx.config, sms: null }) };
      await expect(smsCustomer(off, p, withPhone.id, { message: '您好', knowledgeEntryId: notice.id }, undefined)).rejects.toMatchObject({ status: 409, code: 'sms_not_configured' });
      const noTemplate: AppContext = { ...t.ctx, config: Object.freeze({ ...t.ctx.config, sms: { ...SMS, templates: {} } }) };
      await expect(smsCustomer(noTemplate, p, withPhone.id, { message: '您好' }, undefined)).rejects.toMatchObject({ status: 409, code: 'sms_template_missing' });
      expect((await entry(notice.id)).usage.sms).toBe(1);
    });

    it('registers an inquiry answered on the spot from an entry as closed, counts the call, and reports it like any inquiry', async () => {
      const torque = await byTitle('咨询：M8 8.8 级螺栓推荐拧紧扭矩');
      const report = async () => ((await a.get('/api/reports/workorders?from=2026-03-02&to=2026-03-02&groupBy=kind', 'supervisor')).json() as { groups: { key: string; count: number }[]; onTime: { deadline: string; total: number }[] });
      const inquiries = async () => (await report()).groups.find((g) => g.key === 'inquiry')?.count ?? 0;
      const before = await inquiries();
      const replyTotal = (await report()).onTime.find((r) => r.deadline === 'reply')?.total ?? 0;
      const body = { kind: 'inquiry', channel: 'phone', customerName: '常州标准件厂', problem: '询问 M8 8.8 级螺栓推荐扭矩', answeredOnSpot: true, answer: torque.body, knowledgeEntryId: torque.id };
      const created = await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'call-1' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ status: 'closed', deadlines: [] });
      expect((await a.post('/api/workorders', body, 'agent', { 'idempotency-key': 'call-1' })).json().id).toBe(created.json().id);
      const wo: WorkOrder = await a.view(created.json().id);
      expect(wo).toMatchObject({ status: 'closed', answer: torque.body, replyText: torque.body, allowedActions: [] });
      expect(wo.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['received', 'created', 'answered_on_spot']));
      expect(await entry(torque.id)).toMatchObject({ useCount: 2, usage: { reply: 1, call: 1 } });
      // In the reports: one more inquiry, no deadline added; the counters equal a full recount.
      expect(await inquiries()).toBe(before + 1);
      expect((await report()).onTime.find((r) => r.deadline === 'reply')?.total ?? 0).toBe(replyTotal);
      const sorted = async () => (await allRollups(t.ctx.db)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      const counted = await sorted();
      await rebuildRollups(t.ctx);
      expect(await sorted()).toEqual(counted);
    });

    it('refuses an entry not meant for calls at intake, registering nothing', async () => {
      const replyOnly = await byTitle('答复：投诉处理结果');
      const count = async () => Number((await t.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const n = await count();
      const res = await a.post('/api/workorders', { kind: 'inquiry', channel: 'phone', customerName: '某客户', problem: '询问', answeredOnSpot: true, answer: '答复', knowledgeEntryId: replyOnly.id }, 'agent');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([{ field: 'knowledgeEntryId', message: expect.stringContaining('不用于来电受理') }]);
      expect(await count()).toBe(n);
      const retired = await byTitle('咨询：热线服务时间');
      const r2 = await a.post('/api/workorders', { kind: 'inquiry', channel: 'phone', customerName: '某客户', problem: '询问', knowledgeEntryId: retired.id }, 'agent');
      expect(r2.json().errors).toEqual([{ field: 'knowledgeEntryId', message: expect.stringContaining('已停用') }]);
      expect(await count()).toBe(n);
    });

    it('keeps an entry that was used: 409 on delete, retire it instead', async () => {
      const torque = await byTitle('咨询：M8 8.8 级螺栓推荐拧紧扭矩');
      const res = await call('DELETE', `/api/knowledge/entries/${torque.id}?version=${torque.version}`, 'admin');
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('knowledge_entry_used');
    });
  });
});
