import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './workorders.fixtures';

// The public portal (投诉处理机制 Art. 4, 5; docs/workorders.md#kinds-and-channels): file without an account, follow with the tracking number and the
// contact given; no internal notes and no staff names; rate-limited per IP.
describe.each(TEST_DIALECTS)('public complaint portal on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z', config: { publicPortal: { maxRequests: 8, windowMs: 600_000 } } });
    a = api(t);
  });
  afterAll(async () => t?.close());

  const file = (body: unknown, ip = '203.0.113.7') => t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: body as object, remoteAddress: ip });
  // The contact goes in the body, never in a URL (docs/web.md, "Phones").
  const look = (tn: string, contact: string, ip = '203.0.113.7') => t.app.inject({ method: 'POST', url: `/api/public/complaints/${tn}/lookup`, payload: { contact }, remoteAddress: ip });

  it('files a complaint without a session and follows it with the tracking number and phone', async () => {
    const res = await file({ name: '张先生', company: '宁波五金', phone: '139-0000-1234', productCode: 'HR-M6-20', problem: '收到的螺栓标签错误' });
    expect(res.statusCode).toBe(201);
    const { trackingNumber } = res.json();
    expect(trackingNumber).toMatch(/^TS20260302[A-Z2-9]{10}$/);
    const seen = await look(trackingNumber, '13900001234', '198.51.100.1');
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ trackingNumber, status: 'received', problem: '收到的螺栓标签错误' });
    // Staff see it in the register as a web complaint.
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent('标签错误')}`, 'clerk')).json();
    expect(list.items[0]).toMatchObject({ channel: 'web', customerName: '宁波五金' });
  });

  it('looks a case up with the contact in a POST body, so a phone number never travels in a URL', async () => {
    const { trackingNumber } = (await file({ name: '孙先生', phone: '13600002222', problem: '外箱破损' }, '198.51.100.9')).json();
    const post = (contact: string) => t.app.inject({ method: 'POST', url: `/api/public/complaints/${trackingNumber}/lookup`, payload: { contact }, remoteAddress: '198.51.100.9' });
    const seen = await post('13600002222');
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ trackingNumber, status: 'received' });
    expect((await post('13600009999')).statusCode).toBe(404);
    // The old lookup with the contact in the query string is gone: no route answers it, right contact or not.
    const old = await t.app.inject({ method: 'GET', url: `/api/public/complaints/${trackingNumber}?contact=13600002222`, remoteAddress: '198.51.100.9' });
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain('外箱破损');
  });

  it('answers 404 when the contact does not match, as for an unknown number', async () => {
    const { trackingNumber } = (await file({ name: '李女士', email: 'li@example.com', problem: '短装' })).json();
    expect((await look(trackingNumber, 'someone@example.com', '198.51.100.2')).statusCode).toBe(404);
    expect((await look('TS20260302AAAAAAAAAA', 'li@example.com', '198.51.100.2')).statusCode).toBe(404);
    expect((await look(trackingNumber, 'LI@example.com', '198.51.100.2')).statusCode).toBe(200);
  });

  it('shows the public timeline only: no internal notes and no staff names', async () => {
    const { trackingNumber } = (await file({ name: '赵先生', phone: '13711112222', problem: '轴承卡死' }, '198.51.100.3')).json();
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent('轴承卡死')}`, 'clerk')).json();
    const id = list.items[0].id;
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    await a.step(id, 'set_severity', 'qe', { level: '严重', reason: '内部判定：功能失效' });
    await a.step(id, 'dispatch', 'director', { departmentId: units.find((u) => u.name === '生产部')!.id, note: '内部备注：优先处理' });
    const body = (await look(trackingNumber, '13711112222', '198.51.100.3')).json();
    expect(body.status).toBe('dispatched');
    expect(body.timeline.map((e: { event: string }) => e.event)).toEqual(['received', 'dispatch']);
    // The random tracking number may contain any letters ('…QE…'), so look only at the rest of the answer.
    const text = JSON.stringify({ ...body, trackingNumber: undefined });
    for (const secret of ['内部', '服务总监', '孙杰', 'QE', '张伟', '严重']) expect(text).not.toContain(secret);
  });

  it('gives a phone complaint registered by an agent a tracking number the customer can follow', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '电话客户', contactPhone: '13512345678', problem: '安装师傅迟到' });
    const v = await a.view(wo.id);
    expect(v.trackingNumber).toMatch(/^TS20260302/);
    const seen = await look(v.trackingNumber as string, '135 1234 5678', '198.51.100.5');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().status).toBe('received');
  });

  it('requires a phone or e-mail to file', async () => {
    const res = await file({ name: '匿名', problem: '问题' }, '198.51.100.4');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('phone');
  });

  it('answers 429 once an IP exceeds the portal limit', async () => {
    let last = 0;
    for (let i = 0; i < 9; i++) last = (await look('TS20260302BBBBBBBBBB', 'x', '192.0.2.99')).statusCode;
    expect(last).toBe(429);
    // Another address is not affected.
    expect((await look('TS20260302BBBBBBBBBB', 'x', '192.0.2.100')).statusCode).toBe(404);
  });
});
