import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_BYTES, multipartBody, pngImage } from '../helpers/files';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, api, type Api } from './workorders.fixtures';

// Attachments (docs/workorders.md "Attachments", docs/security.md "V12"): the type comes from the bytes, size and
// count are bounded, reading follows the work order's visibility (404 outside it), the customer attaches on the
// portal only with the contact on record, and the bytes live in the database (a second instance serves them).
const MAX_BYTES = 64 * 1024;
const MAX_FILES = 4;

interface Listed {
  id: string;
  name: string;
  size: number;
  type: string;
  image: boolean;
  source: string;
  stage: string;
  report8d: boolean;
  uploadedBy: string | null;
}

describe.each(TEST_DIALECTS)('work-order attachments on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  const cookies = new Map<string, string>();
  const cookie = async (who: string) => {
    if (!cookies.has(who)) cookies.set(who, await t.login(who));
    return cookies.get(who)!;
  };
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z', config: { attachments: { maxBytes: MAX_BYTES, maxPerWorkOrder: MAX_FILES } } });
    a = api(t);
  });
  afterAll(async () => t?.close());
  // A problem category of its own per work order, so repeats do not raise the severity (and who may dispatch).
  let serial = 0;
  const complaint = () => ({ ...QUALITY_COMPLAINT, problemCategory: `附件测试-${++serial}` });

  const upload = async (woId: string, who: string, file: { name: string; content: Buffer; type?: string }, fields: Record<string, string> = {}) => {
    const m = multipartBody({ fields, file });
    return t.app.inject({ method: 'POST', url: `/api/workorders/${woId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: await cookie(who) } });
  };
  const download = async (woId: string, attId: string, who: string) => t.app.inject({ method: 'GET', url: `/api/workorders/${woId}/attachments/${attId}`, headers: { cookie: await cookie(who) } });
  const listed = async (woId: string) => (await a.view(woId)).attachments as Listed[];

  it('stores a photo from any step, lists it in the work order and serves the same bytes with its name, type and nosniff', async () => {
    const wo = await a.create(complaint());
    const png = pngImage();
    const res = await upload(wo.id, 'agent', { name: '螺纹不良照片.png', content: png, type: 'image/png' });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    expect(Object.keys(res.json())).toEqual(['id']);
    expect(await listed(wo.id)).toEqual([expect.objectContaining({ id, name: '螺纹不良照片.png', size: png.length, type: 'image/png', image: true, source: 'staff', stage: 'received', report8d: false, uploadedBy: '坐席 王芳' })]);
    const got = await download(wo.id, id, 'clerk');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('螺纹不良照片.png')}`);
    expect(Buffer.compare(got.rawPayload, png)).toBe(0);
    // The upload is audited with what arrived.
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('subject_id', '=', wo.id).where('action', '=', 'workorder.attachment.upload').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ attachmentId: id, type: 'image/png', size: png.length, source: 'staff' });
  });

  it('offers a PDF as a download and marks 8D evidence; a second instance on the same database serves it', async () => {
    const wo = await a.create(complaint());
    const res = await upload(wo.id, 'qe', { name: '8D-附件.pdf', content: PDF_BYTES, type: 'application/pdf' }, { report8d: 'true' });
    expect(res.statusCode).toBe(201);
    const [item] = await listed(wo.id);
    expect(item).toMatchObject({ type: 'application/pdf', image: false, report8d: true });
    const sibling = await t.sibling();
    const got = await sibling.app.inject({ method: 'GET', url: `/api/workorders/${wo.id}/attachments/${item!.id}`, headers: { cookie: await cookie('qe') } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.rawPayload.toString()).toBe(PDF_BYTES.toString());
  });

  it('answers 415 naming the field for a .jpg whose bytes are text, whatever Content-Type the client claims', async () => {
    const wo = await a.create(complaint());
    const res = await upload(wo.id, 'agent', { name: 'photo.jpg', content: Buffer.from('this is not a picture, only text\n'.repeat(20)), type: 'image/jpeg' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_file_type', errors: [{ field: 'file' }] });
    expect(res.json().messageZh).toMatch(/不是允许的类型/);
    // An executable or HTML named .png is refused the same way.
    expect((await upload(wo.id, 'agent', { name: 'x.png', content: Buffer.from('<html><script>alert(1)</script></html>') })).statusCode).toBe(415);
    expect(await listed(wo.id)).toEqual([]);
  });

  it('answers 413 naming the field for a file over ATTACHMENT_MAX_BYTES, 422 for an empty or missing file, 415 without multipart', async () => {
    const wo = await a.create(complaint());
    const big = pngImage(8, 8, [0, 0, 0], MAX_BYTES + 100);
    const res = await upload(wo.id, 'agent', { name: 'big.png', content: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', errors: [{ field: 'file' }], details: { maxBytes: MAX_BYTES } });
    const empty = await upload(wo.id, 'agent', { name: 'empty.png', content: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('file');
    const m = multipartBody({ fields: { note: 'no file' } });
    const none = await t.app.inject({ method: 'POST', url: `/api/workorders/${wo.id}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: await cookie('agent') } });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].field).toBe('file');
    const json = await a.post(`/api/workorders/${wo.id}/attachments`, { file: 'x' }, 'agent');
    expect(json.statusCode).toBe(415);
    expect(await listed(wo.id)).toEqual([]);
  });

  it('refuses the file beyond ATTACHMENT_MAX_PER_WORK_ORDER with 422 naming the field', async () => {
    const wo = await a.create(complaint());
    for (let i = 0; i < MAX_FILES; i++) expect((await upload(wo.id, 'agent', { name: `p${i}.png`, content: pngImage(4 + i, 4) })).statusCode).toBe(201);
    const res = await upload(wo.id, 'agent', { name: 'one-more.png', content: pngImage() });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'attachment_limit', errors: [{ field: 'file' }], details: { max: MAX_FILES } });
    expect(await listed(wo.id)).toHaveLength(MAX_FILES);
  });

  it('scopes uploads and downloads like the work order: another unit’s user gets 404 until it is dispatched to them', async () => {
    const wo = await a.create(complaint());
    const { id } = (await upload(wo.id, 'agent', { name: 'a.png', content: pngImage() })).json();
    // dept is 生产部's head: the work order is not theirs yet.
    expect((await download(wo.id, id, 'dept')).statusCode).toBe(404);
    expect((await upload(wo.id, 'dept', { name: 'b.png', content: pngImage() })).statusCode).toBe(404);
    // A coal mine's user is not desk staff at all.
    expect((await download(wo.id, id, 'mine')).statusCode).toBe(403);
    // An attachment named under another work order's URL does not exist there.
    const other = await a.create(complaint());
    expect((await download(other.id, id, 'agent')).statusCode).toBe(404);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: units.find((u) => u.name === '生产部')!.id });
    expect((await download(wo.id, id, 'dept')).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await upload(wo.id, 'dept', { name: '分析.png', content: pngImage() })).statusCode).toBe(201);
    expect((await listed(wo.id)).map((x) => x.stage)).toEqual(['received', 'dispatched']);
  });

  it('replays an upload with the same Idempotency-Key instead of storing it twice', async () => {
    const wo = await a.create(complaint());
    const m = multipartBody({ file: { name: 'retry.png', content: pngImage() } });
    const send = async () => t.app.inject({ method: 'POST', url: `/api/workorders/${wo.id}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: await cookie('agent'), 'idempotency-key': 'attach-retry-1' } });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await listed(wo.id)).toHaveLength(1);
  });

  describe('on the portal', () => {
    const portalUpload = (tn: string, fields: Record<string, string>, file?: { name: string; content: Buffer }, ip = '203.0.113.50') => {
      const m = multipartBody({ fields, file });
      return t.app.inject({ method: 'POST', url: `/api/public/complaints/${tn}/attachments`, payload: m.payload, headers: m.headers, remoteAddress: ip });
    };

    it('takes the customer’s photo when the contact matches; 404 when it does not, as for an unknown number', async () => {
      const filed = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { name: '钱女士', phone: '13900005555', problem: '外壳划伤' }, remoteAddress: '203.0.113.50' });
      const { trackingNumber } = filed.json();
      const photo = pngImage(30, 20, [10, 120, 200]);
      expect((await portalUpload(trackingNumber, { contact: '13900006666' }, { name: 'scratch.png', content: photo })).statusCode).toBe(404);
      expect((await portalUpload('TS20260302AAAAAAAAAA', { contact: '13900005555' }, { name: 'scratch.png', content: photo })).statusCode).toBe(404);
      const missing = await portalUpload(trackingNumber, {}, { name: 'scratch.png', content: photo });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().errors[0].field).toBe('contact');
      // The contact may follow the file in the form, and spaces/dashes do not matter.
      const m = multipartBody({ file: { name: 'scratch.png', content: photo } });
      const tail = Buffer.from(m.payload.toString('latin1').replace(/--(\S+)--\r\n$/, '--$1\r\nContent-Disposition: form-data; name="contact"\r\n\r\n139-0000-5555\r\n--$1--\r\n'), 'latin1');
      const ok = await t.app.inject({ method: 'POST', url: `/api/public/complaints/${trackingNumber}/attachments`, payload: tail, headers: m.headers, remoteAddress: '203.0.113.50' });
      expect(ok.statusCode).toBe(201);
      // Text with an image's name is refused from the public as from staff.
      expect((await portalUpload(trackingNumber, { contact: '13900005555' }, { name: 'x.jpg', content: Buffer.from('hello') })).statusCode).toBe(415);
      // Staff see it as the customer's; the portal lists the customer's own files, without any download link.
      const list = (await a.get(`/api/workorders?q=${encodeURIComponent('外壳划伤')}`, 'clerk')).json();
      const woId = list.items[0].id as string;
      expect(await listed(woId)).toEqual([expect.objectContaining({ name: 'scratch.png', source: 'portal', uploadedBy: null, image: true })]);
      await upload(woId, 'clerk', { name: 'internal.pdf', content: PDF_BYTES });
      const seen = await t.app.inject({ method: 'POST', url: `/api/public/complaints/${trackingNumber}/lookup`, payload: { contact: '13900005555' }, remoteAddress: '203.0.113.51' });
      expect(seen.json().attachments).toEqual([{ name: 'scratch.png', size: photo.length, type: 'image/png', createdAt: expect.any(String) }]);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'after']).where('subject_id', '=', woId).where('action', '=', 'workorder.attachment.upload').execute();
      // Both at the pinned instant: compare without relying on the order rows come back in.
      const bySource = new Map(audit.map((r) => [JSON.parse(r.after!).source as string, r.actor_id]));
      expect(audit).toHaveLength(2);
      expect(bySource.get('portal')).toBeNull();
      expect(bySource.get('staff')).toEqual(expect.any(String));
    });

    it('counts uploads against the portal’s rate limit per IP', async () => {
      const max = t.ctx.config.publicPortal.maxRequests;
      let last = 0;
      for (let i = 0; i <= max; i++) last = (await portalUpload('TS20260302BBBBBBBBBB', { contact: 'x@example.com' }, { name: 'a.png', content: pngImage() }, '192.0.2.77')).statusCode;
      expect(last).toBe(429);
    });
  });
});
