import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { runDeadlineTick } from '../../src/modules/workorders/workorders.worker';
import { backoffMs, deliverOutbox } from '../../src/platform/jobs/outbox';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, scores2020, setupGrading } from './grading-helpers';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Outbound webhooks (docs/integrations.md) on both databases: the three formats' requests checked byte for byte
// against an independent computation of what the receiver should get, retries after a failure, the delivery log,
// refusal of private addresses, and scoping to the registering unit's subtree.

const NOW = '2026-03-02T02:00:00.000Z';
const drain = async (t: TestApp) => {
  while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
};

// Independent of the server's code: the signatures as the receivers' documentation states them.
const hmacHex = (key: string, raw: Buffer) => createHmac('sha256', key).update(raw).digest('hex');
const dingSign = (secret: string, ts: string) => encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));

describe.each(TEST_DIALECTS)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let rx: Receiver;
  let companyId: string;
  let enterpriseId: string;
  beforeAll(async () => {
    rx = await startReceiver();
    t = await createTestApp(dialect, { now: NOW, config: { webhooks: { allowPrivate: true, timeoutMs: 5000 } } });
    a = api(t);
    const unit = (name: string) => t.ctx.db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    companyId = (await unit('华锐精密机械有限公司')).id;
    enterpriseId = (await unit('晋北煤业集团有限公司')).id;
    await drain(t); // whatever the demo seed queued
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });
  beforeEach(() => {
    rx.received.length = 0;
    rx.answers.length = 0;
  });

  const register = (body: Record<string, unknown>, who = 'admin') => a.post('/api/integrations/webhooks', body, who);
  const hooks: Record<string, string> = {};

  it('registers the three formats (201 with an id) and lists them without secrets, query values hidden', async () => {
    const g = await register({ url: `${rx.base}/generic`, format: 'generic', secret: 'gauge-s3cret', events: ['workorder.created', 'workorder.closed', 'workorder.severity_serious'] });
    expect(g.statusCode).toBe(201);
    hooks.generic = g.json().id;
    const w = await register({ url: `${rx.base}/cgi-bin/webhook/send?key=wecom-key-123`, format: 'wecom', events: ['workorder.created'] });
    expect(w.statusCode).toBe(201);
    hooks.wecom = w.json().id;
    const d = await register({ url: `${rx.base}/robot/send?access_token=ding-token`, format: 'dingtalk', secret: 'SECding-secret', events: ['workorder.created'] });
    expect(d.statusCode).toBe(201);
    hooks.dingtalk = d.json().id;

    const list = await a.get('/api/integrations/webhooks', 'admin');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('gauge-s3cret');
    expect(list.body).not.toContain('SECding-secret');
    expect(list.body).not.toContain('wecom-key-123');
    const byId = new Map(list.json().map((h: { id: string }) => [h.id, h]));
    expect(byId.get(hooks.wecom)).toMatchObject({ format: 'wecom', hasSecret: false, url: `${rx.base}/cgi-bin/webhook/send?key=***`, unitId: companyId, unitName: '华锐精密机械有限公司' });
    expect(byId.get(hooks.generic)).toMatchObject({ format: 'generic', hasSecret: true, events: ['workorder.created', 'workorder.closed', 'workorder.severity_serious'] });
  });

  it('refuses a generic webhook without a secret and a WeCom one with a secret, naming the field (422)', async () => {
    const g = await register({ url: `${rx.base}/x`, format: 'generic', events: ['workorder.created'] });
    expect(g.statusCode).toBe(422);
    expect(g.json().errors).toEqual([expect.objectContaining({ field: 'secret' })]);
    const w = await register({ url: `${rx.base}/x`, format: 'wecom', secret: 'x', events: ['workorder.created'] });
    expect(w.statusCode).toBe(422);
    expect(w.json().errors).toEqual([expect.objectContaining({ field: 'secret' })]);
    const e = await register({ url: `${rx.base}/x`, format: 'generic', secret: 'x', events: ['workorder.nope'] });
    expect(e.statusCode).toBe(422);
    expect(e.json().errors[0].field).toMatch(/^events/);
  });

  it('refuses registration to anyone but an administrator (403)', async () => {
    const r = await register({ url: `${rx.base}/x`, format: 'generic', secret: 'x', events: ['workorder.created'] }, 'agent');
    expect(r.statusCode).toBe(403);
  });

  it('sends each format exactly the request its receiver expects when a work order is created', async () => {
    const wo = await a.create({ kind: 'praise', channel: 'letter', customerName: '上海联合汽配有限公司', problem: '服务热情 [链接](http://x)', staffName: '李小红' });
    await drain(t);
    expect(rx.received).toHaveLength(3);
    const data = { workOrderId: wo.id, number: wo.number, kind: 'praise', status: 'received', severity: null, customerName: '上海联合汽配有限公司', problem: '服务热情 [链接](http://x)', link: `/workorders/${wo.id}` };

    const generic = rx.received.find((r) => r.url === '/generic')!;
    expect(generic.method).toBe('POST');
    expect(generic.body).toBe(JSON.stringify({ event: 'workorder.created', occurredAt: NOW, data }));
    expect(generic.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(generic.headers['x-gauge-event']).toBe('workorder.created');
    expect(generic.headers['x-gauge-signature']).toBe(`sha256=${hmacHex('gauge-s3cret', generic.raw)}`);

    const wecom = rx.received.find((r) => r.url.startsWith('/cgi-bin/webhook/send'))!;
    expect(wecom.url).toBe('/cgi-bin/webhook/send?key=wecom-key-123');
    // Customer text is flattened: no markdown link reaches the group.
    const content = `**【新工单】${wo.number}**\n> 类型：表扬\n> 客户：上海联合汽配有限公司\n> 问题：服务热情 链接 http://x`;
    expect(wecom.body).toBe(JSON.stringify({ msgtype: 'markdown', markdown: { content } }));

    const ding = rx.received.find((r) => r.url.startsWith('/robot/send'))!;
    const ts = String(Date.parse(NOW));
    expect(ding.url).toBe(`/robot/send?access_token=ding-token&timestamp=${ts}&sign=${dingSign('SECding-secret', ts)}`);
    const text = `#### 【新工单】${wo.number}\n- 类型：表扬\n- 客户：上海联合汽配有限公司\n- 问题：服务热情 链接 http://x`;
    expect(ding.body).toBe(JSON.stringify({ msgtype: 'markdown', markdown: { title: `【新工单】${wo.number}`, text } }));
  });

  it('retries a delivery the receiver answered with 500, after the back-off, and logs both attempts', async () => {
    await t.ctx.db.updateTable('webhooks').set({ deleted_at: NOW }).where('id', 'in', [hooks.wecom, hooks.dingtalk]).execute();
    rx.answers.push({ status: 500, body: 'busy' });
    t.clock.advance(60_000); // the log lists the newest first: this delivery must be later than the earlier ones
    const wo = await a.create({ kind: 'praise', channel: 'letter', customerName: '重试客户', problem: '服务好', staffName: '李小红' });
    await drain(t);
    expect(rx.received).toHaveLength(1);
    let log = (await a.get(`/api/integrations/deliveries?webhookId=${hooks.generic}`, 'admin')).json();
    expect(log[0]).toMatchObject({ event: 'workorder.created', status: 'pending', attempts: 1, responseCode: 500, lastError: 'HTTP 500: busy', nextAttemptAt: new Date(t.clock.now().getTime() + backoffMs(1)).toISOString() });
    // Not before its time …
    await drain(t);
    expect(rx.received).toHaveLength(1);
    // … then the same bytes again.
    t.clock.advance(backoffMs(1));
    await drain(t);
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1].body).toBe(rx.received[0].body);
    expect(JSON.parse(rx.received[1].body).data.number).toBe(wo.number);
    log = (await a.get(`/api/integrations/deliveries?webhookId=${hooks.generic}`, 'admin')).json();
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 2, responseCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: t.clock.now().toISOString() });
  });

  it('gives up on a receiver that does not answer within the timeout and retries later', async () => {
    rx.answers.push({ status: 0, body: '' });
    t.clock.advance(60_000);
    await a.create({ kind: 'praise', channel: 'letter', customerName: '超时客户', problem: '服务好', staffName: '李小红' });
    const impatient = { ...t.ctx, config: Object.freeze({ ...t.ctx.config, webhooks: { allowPrivate: true, timeoutMs: 300 } }) };
    while ((await deliverOutbox(impatient, outboxHandlers, 100)) > 0);
    const log = (await a.get(`/api/integrations/deliveries?webhookId=${hooks.generic}`, 'admin')).json();
    expect(log[0]).toMatchObject({ status: 'pending', attempts: 1, responseCode: null });
    expect(log[0].lastError).toMatch(/within 300 ms/);
    t.clock.advance(backoffMs(1));
    await drain(t);
    expect((await a.get(`/api/integrations/deliveries?webhookId=${hooks.generic}`, 'admin')).json()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('reports a complaint becoming serious and a work order closing', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, customerName: '严重客户' });
    await a.step(wo.id, 'set_severity', 'qe', { level: '严重', reason: '客户停线' });
    const praise = await a.create({ kind: 'praise', channel: 'letter', customerName: '结案客户', problem: '服务好', staffName: '李小红' });
    await a.step(praise.id, 'close', 'supervisor');
    await drain(t);
    const events = rx.received.map((r) => JSON.parse(r.body) as { event: string; data: { number: string; previous?: string | null; severity?: string } });
    expect(events.filter((e) => e.data.number === wo.number).map((e) => e.event)).toEqual(['workorder.created', 'workorder.severity_serious']);
    expect(events.find((e) => e.event === 'workorder.severity_serious')!.data).toMatchObject({ severity: '严重', previous: wo.severity });
    expect(events.filter((e) => e.data.number === praise.number).map((e) => e.event)).toEqual(['workorder.created', 'workorder.closed']);
  });

  it('fires only for records within the registering unit’s subtree', async () => {
    // The national authority's tree (the admin administers it too) does not hear of the company's work orders.
    const far = await register({ url: `${rx.base}/enterprise`, format: 'generic', secret: 'e', events: ['workorder.created'], unitId: enterpriseId });
    expect(far.statusCode).toBe(201);
    // A department below the owning unit does not either: events go to the record's unit and the units above it.
    const dept = (await t.ctx.db.selectFrom('units').select('id').where('name', '=', '品管部').executeTakeFirstOrThrow()).id;
    const below = await register({ url: `${rx.base}/department`, format: 'generic', secret: 'd', events: ['workorder.created'], unitId: dept });
    expect(below.statusCode).toBe(201);
    await a.create({ kind: 'praise', channel: 'letter', customerName: '范围客户', problem: '服务好', staffName: '李小红' });
    await drain(t);
    expect(rx.received.map((r) => r.url)).toEqual(['/generic']);
    // A unit the caller does not administer cannot be chosen.
    const dept2 = await register({ url: `${rx.base}/x`, format: 'generic', secret: 'x', events: ['workorder.created'], unitId: companyId }, 'dept');
    expect(dept2.statusCode).toBe(403);
  });

  it('stops a deleted webhook and keeps its log', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: `/api/integrations/webhooks/${hooks.generic}`, headers: { cookie: await t.login('admin') } });
    expect(del.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/integrations/webhooks/${hooks.generic}`, headers: { cookie: await t.login('admin') } });
    expect(again.statusCode).toBe(404);
    await a.create({ kind: 'praise', channel: 'letter', customerName: '删除后', problem: '服务好', staffName: '李小红' });
    await drain(t);
    expect(rx.received.map((r) => r.url)).not.toContain('/generic');
    const log = (await a.get(`/api/integrations/deliveries?webhookId=${hooks.generic}`, 'admin')).json();
    expect(log.length).toBeGreaterThan(0);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'after', 'before']).where('subject_type', '=', 'webhook').execute();
    expect(audit.map((r) => r.action)).toContain('webhook.delete');
    expect(JSON.stringify(audit)).not.toContain('gauge-s3cret');
  });

  it('reports missed deadlines found by the deadline scan', async () => {
    const r = await register({ url: `${rx.base}/deadlines`, format: 'generic', secret: 'dl', events: ['deadline.missed'] });
    expect(r.statusCode).toBe(201);
    const wo = await a.create({ ...QUALITY_COMPLAINT, customerName: '超期客户' });
    await drain(t);
    rx.received.length = 0;
    t.clock.advance(40 * 86400_000);
    await runDeadlineTick(t.ctx);
    await drain(t);
    const missed = rx.received.filter((x) => x.url === '/deadlines').map((x) => JSON.parse(x.body) as { event: string; data: { number: string; deadline: string; dueAt: string } });
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.every((m) => m.event === 'deadline.missed')).toBe(true);
    expect(missed.some((m) => m.data.number === wo.number)).toBe(true);
    a.relogin();
  });
});

describe.each(TEST_DIALECTS)('webhook destinations on %s (WEBHOOK_ALLOW_PRIVATE off)', (dialect) => {
  let t: TestApp;
  let a: Api;
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
    t = await createTestApp(dialect, { now: NOW });
    a = api(t);
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['localhost by name', 'http://localhost/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a private network', 'http://10.1.2.3/hook'],
    ['a private network (192.168)', 'https://192.168.0.10/hook'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['unique-local IPv6', 'http://[fd00::1]/hook'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
  ])('refuses a URL that resolves to %s (422 on url)', async (_what, url) => {
    const r = await a.post('/api/integrations/webhooks', { url, format: 'generic', secret: 'x', events: ['workorder.created'] }, 'admin');
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: 'url' })]);
  });

  it('accepts a public address', async () => {
    const r = await a.post('/api/integrations/webhooks', { url: 'https://93.184.215.14/hook', format: 'generic', secret: 'x', events: ['grading.announced'] }, 'admin');
    expect(r.statusCode).toBe(201);
  });

  it('refuses again at delivery: a stored receiver that now points into the network is not called (DNS rebinding)', async () => {
    const company = (await t.ctx.db.selectFrom('units').select(['id', 'path']).where('name', '=', '华锐精密机械有限公司').executeTakeFirstOrThrow());
    // As if the name had resolved to a public address at registration and was re-pointed since.
    await t.ctx.db.insertInto('webhooks').values({ id: 'rebound', unit_id: company.id, unit_path: company.path, url: `${rx.base}/internal`, format: 'generic', secret: 'x', events: '["workorder.created"]', created_at: NOW, created_by: null, created_by_name: null, deleted_at: null }).execute();
    await a.create({ kind: 'praise', channel: 'letter', customerName: '内网客户', problem: '服务好', staffName: '李小红' });
    await drain(t);
    expect(rx.received).toHaveLength(0);
    const log = (await a.get('/api/integrations/deliveries?webhookId=rebound', 'admin')).json();
    expect(log[0]).toMatchObject({ status: 'pending', attempts: 1, responseCode: null });
    expect(log[0].lastError).toMatch(/private or loopback/);
  });

  it('reports SMS as off when no provider is configured', async () => {
    const r = await a.get('/api/integrations/sms', 'admin');
    expect(r.json()).toEqual({ enabled: false, provider: null, templates: [], messages: [] });
  });
});

describe.each(TEST_DIALECTS)('grading announcements to webhooks on %s', (dialect) => {
  let t: TestApp;
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
    t = await createTestApp(dialect, { now: '2026-09-01T02:00:00.000Z', config: { webhooks: { allowPrivate: true, timeoutMs: 5000 } } });
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  it('tells a WeCom robot of the province when a mine below it is announced, and not one of another tree', async () => {
    const g = await setupGrading(t);
    const a = api(t);
    const company = (await t.ctx.db.selectFrom('units').select('id').where('name', '=', '华锐精密机械有限公司').executeTakeFirstOrThrow()).id;
    expect((await a.post('/api/integrations/webhooks', { url: `${rx.base}/province?key=k`, format: 'wecom', events: ['grading.announced'], unitId: g.units.province }, 'admin')).statusCode).toBe(201);
    expect((await a.post('/api/integrations/webhooks', { url: `${rx.base}/company?key=k`, format: 'wecom', events: ['grading.announced'], unitId: company }, 'admin')).statusCode).toBe(201);
    const mineId = await g.newMine('推送测试一号井');
    const app = await g.apply(mineId, '二级', 86);
    expectOk(await g.act(app.id, 'province', { action: 'initial_review_pass' }));
    expectOk(await g.act(app.id, 'province', { action: 'assess', method: 'on_site', partScores: scores2020(86), weightedScore: 86 }));
    expectOk(await g.act(app.id, 'province', { action: 'publish_notice' }));
    await g.setClock('2026-09-09T02:00:00.000Z');
    expectOk(await g.act(app.id, 'province', { action: 'announce' }));
    while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
    expect(rx.received.map((r) => r.url)).toEqual(['/province?key=k']);
    const content = `**【定级公告】推送测试一号井确认为二级**\n> 生效日期：2026-09-09\n> 有效期至：2029-09-09`;
    expect(JSON.parse(rx.received[0].body)).toEqual({ msgtype: 'markdown', markdown: { content } });
  });
});
