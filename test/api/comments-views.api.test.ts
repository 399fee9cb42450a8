import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Comments with @mentions, saved register views and bulk actions (docs/workorders.md "Comments", "Saved views and
// bulk actions"): notes stay internal (never on the portal), a mention notifies a person who sees the work order,
// views are personal or shared with the owner's unit, and a bulk action runs each row through the single action
// path with its own result.
describe.each(TEST_DIALECTS)('comments, saved views and bulk actions on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  let serial = 0;
  const complaint = (extra: Record<string, unknown> = {}) => ({ ...QUALITY_COMPLAINT, problemCategory: `备注测试-${++serial}`, ...extra });
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
  });
  afterAll(async () => t?.close());

  const del = async (url: string, who: string) => t.app.inject({ method: 'DELETE', url, headers: { cookie: await t.login(who) } });

  describe('comments', () => {
    it('keeps a note with an @mention and notifies the person mentioned, not the author', async () => {
      const wo = await a.create(complaint());
      const res = await a.post(`/api/workorders/${wo.id}/comments`, { body: '请@qe 确认牙规批次，客户很急' }, 'clerk');
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ body: '请@qe 确认牙规批次，客户很急', authorName: '营销部文员 李娜', mentions: [{ username: 'qe', displayName: 'QE 工程师 张伟' }] });
      const listed = (await a.get(`/api/workorders/${wo.id}/comments`, 'agent')).json();
      expect(listed.map((c: { body: string }) => c.body)).toEqual(['请@qe 确认牙规批次，客户很急']);
      while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
      // Only the mention notices: the clerk is also told of the agent's registration (docs/notifications.md).
      const mentions = (n: { link: string | null; title: string }) => n.link === `/workorders/${wo.id}` && n.title.startsWith('【提及】');
      const qeInbox = (await a.get('/api/notifications', 'qe')).json() as { link: string | null; title: string }[];
      expect(qeInbox.filter(mentions)).toHaveLength(1);
      const clerkInbox = (await a.get('/api/notifications', 'clerk')).json() as { link: string | null; title: string }[];
      expect(clerkInbox.filter(mentions)).toHaveLength(0);
      const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', wo.id).where('action', '=', 'workorder.comment').execute();
      expect(audit).toHaveLength(1);
    });

    it('refuses (422 naming the field) a mention of someone who cannot see the work order, and offers only those who can', async () => {
      const wo = await a.create(complaint());
      // dept heads 生产部 only: the work order is not dispatched there.
      const res = await a.post(`/api/workorders/${wo.id}/comments`, { body: '@dept 看一下' }, 'clerk');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: 'body' });
      expect(res.json().errors[0].message).toContain('@dept');
      const explicit = await a.post(`/api/workorders/${wo.id}/comments`, { body: '看一下', mentions: ['nobody'] }, 'clerk');
      expect(explicit.statusCode).toBe(422);
      expect(explicit.json().errors[0].field).toBe('mentions');
      const people = (await a.get(`/api/workorders/${wo.id}/mentionable`, 'clerk')).json() as { username: string }[];
      expect(people.map((p) => p.username)).toEqual(expect.arrayContaining(['agent', 'clerk', 'qe', 'manager']));
      expect(people.map((p) => p.username)).not.toContain('dept');
      expect(people.map((p) => p.username)).not.toContain('mine');
      // An e-mail address in a note is not a mention.
      expect((await a.post(`/api/workorders/${wo.id}/comments`, { body: '客户邮箱 wang@example.com' }, 'clerk')).json().mentions).toEqual([]);
      // Once dispatched to 生产部 its head sees it and may be mentioned.
      await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
      expect((await a.post(`/api/workorders/${wo.id}/comments`, { body: '@dept 请分析' }, 'clerk')).statusCode).toBe(201);
    });

    it('hides comments from people who do not see the work order (404) and never shows them on the portal', async () => {
      const filed = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { name: '孙先生', phone: '13600007777', problem: '包装破损-备注测试' }, remoteAddress: '203.0.113.80' });
      const { trackingNumber } = filed.json();
      const list = (await a.get(`/api/workorders?q=${encodeURIComponent('包装破损-备注测试')}`, 'clerk')).json();
      const id = list.items[0].id as string;
      expect((await a.post(`/api/workorders/${id}/comments`, { body: '内部意见：客户曾多次索赔，@manager 请把关' }, 'clerk')).statusCode).toBe(201);
      expect((await a.get(`/api/workorders/${id}/comments`, 'dept')).statusCode).toBe(404);
      expect((await a.post(`/api/workorders/${id}/comments`, { body: 'x' }, 'dept')).statusCode).toBe(404);
      const portal = await t.app.inject({ method: 'POST', url: `/api/public/complaints/${trackingNumber}/lookup`, payload: { contact: '13600007777' }, remoteAddress: '203.0.113.81' });
      expect(portal.statusCode).toBe(200);
      const text = JSON.stringify({ ...portal.json(), trackingNumber: undefined });
      for (const secret of ['内部意见', '索赔', '把关', 'manager', '李娜']) expect(text).not.toContain(secret);
    });
  });

  describe('saved views', () => {
    it('lists a personal view to its owner only, and a shared one to everyone of the owner’s unit', async () => {
      // agent and supervisor sit in 呼叫中心; clerk in 营销部.
      const mine = await a.post('/api/workorders/views', { name: '我的超期投诉', filters: { kind: 'complaint', overdue: true } }, 'agent');
      expect(mine.statusCode).toBe(201);
      const shared = await a.post('/api/workorders/views', { name: '呼叫中心：严重', filters: { severity: '严重', order: 'severity' }, shared: true }, 'agent');
      expect(shared.statusCode).toBe(201);
      expect(shared.json()).toMatchObject({ shared: true, mine: true, ownerName: '坐席 王芳', filters: { severity: '严重', order: 'severity' } });
      const names = async (who: string) => ((await a.get('/api/workorders/views', who)).json() as { name: string }[]).map((v) => v.name).sort();
      expect(await names('agent')).toEqual(['呼叫中心：严重', '我的超期投诉'].sort());
      expect(await names('supervisor')).toEqual(['呼叫中心：严重']);
      expect(await names('clerk')).toEqual([]);
      const seen = (await a.get('/api/workorders/views', 'supervisor')).json()[0];
      expect(seen).toMatchObject({ mine: false, shared: true });
      // Only the owner deletes: a colleague gets 403, someone who does not see it 404.
      expect((await del(`/api/workorders/views/${seen.id}`, 'supervisor')).statusCode).toBe(403);
      expect((await del(`/api/workorders/views/${mine.json().id}`, 'supervisor')).statusCode).toBe(404);
      expect((await del(`/api/workorders/views/${seen.id}`, 'agent')).statusCode).toBe(204);
      expect(await names('supervisor')).toEqual([]);
    });

    it('refuses filters the register does not know (422 naming the field)', async () => {
      const res = await a.post('/api/workorders/views', { name: '坏视图', filters: { status: 'lost', colour: 'red' } }, 'agent');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['filters.status']));
      expect((await a.post('/api/workorders/views', { name: ' ', filters: {} }, 'agent')).json().errors[0].field).toBe('name');
    });
  });

  describe('bulk actions', () => {
    it('dispatches each selected row through the single action path and reports every row’s own result', async () => {
      const w1 = await a.create(complaint());
      const w2 = await a.create(complaint());
      const w3 = await a.create(complaint());
      await a.step(w3.id, 'reject_invalid', 'clerk', { reason: '重复登记' });
      const ids = [w1.id, w2.id, w3.id, '01900000-0000-7000-8000-000000000000'];
      const res = await a.post('/api/workorders/bulk', { action: 'dispatch', ids, departmentId: production }, 'clerk');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ action: 'dispatch', succeeded: 2, failed: 2 });
      expect(body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 409, 404]);
      expect(body.results[0]).toMatchObject({ ok: true, number: w1.number, newStatus: 'dispatched' });
      expect(body.results[2]).toMatchObject({ ok: false, code: 'action_not_allowed', number: w3.number });
      expect(body.results[3]).toMatchObject({ ok: false, number: null });
      expect((await a.view(w1.id)).status).toBe('dispatched');
      // The agent's roles may not dispatch: every row 403, nothing changed.
      const w4 = await a.create(complaint());
      const denied = (await a.post('/api/workorders/bulk', { action: 'dispatch', ids: [w4.id], departmentId: production }, 'agent')).json();
      expect(denied.results[0]).toMatchObject({ ok: false, status: 403 });
      expect((await a.view(w4.id)).status).toBe('received');
    });

    it('marks selected rows invalid with the reason; a row already closed fails alone', async () => {
      const w1 = await a.create(complaint({ kind: 'complaint' }));
      const w2 = await a.create(complaint());
      await a.step(w2.id, 'reject_invalid', 'clerk', { reason: '先处理' });
      const res = (await a.post('/api/workorders/bulk', { action: 'reject_invalid', ids: [w1.id, w2.id], reason: '非本公司产品' }, 'clerk')).json();
      expect(res.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
      const v = await a.view(w1.id);
      expect(v).toMatchObject({ status: 'invalid', invalidReason: '非本公司产品' });
      expect((await a.post('/api/workorders/bulk', { action: 'reject_invalid', ids: [w1.id] }, 'clerk')).json().errors[0].field).toBe('reason');
    });

    it('exports only the selected rows, through the register export and its visibility', async () => {
      const w1 = await a.create(complaint());
      const w2 = await a.create(complaint());
      await a.create(complaint());
      const res = await a.get(`/api/workorders/export.xlsx?ids=${w1.id},${w2.id}`, 'clerk');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const numbers: string[] = [];
      wb.worksheets[0]!.eachRow((row, n) => {
        if (n > 1) numbers.push(String(row.getCell(1).value));
      });
      expect(numbers.sort()).toEqual([w1.number, w2.number].sort());
      // dept sees none of them: the export is empty, not an error.
      const other = await a.get(`/api/workorders/export.xlsx?ids=${w1.id}`, 'dept');
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
      expect(wb2.worksheets[0]!.rowCount).toBe(1);
      expect((await a.get('/api/workorders/export.xlsx?ids=a,,b', 'clerk')).json().errors[0].field).toBe('ids');
    });
  });
});
