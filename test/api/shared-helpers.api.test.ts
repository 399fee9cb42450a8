import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/http/app';
import { encodeCursor } from '../../src/platform/http/cursor';
import { AppError } from '../../src/platform/http/errors';
import { updateVersioned } from '../../src/platform/db/versioned';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// The shared platform helpers (docs/architecture.md "Shared helpers"): optimistic updates, cursors, bilingual
// framework errors and the per-request context, on both databases.
describe.each(TEST_DIALECTS)('shared helpers on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const patch = (url: string, payload: object, cookie: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'PATCH', url, payload, headers: { cookie, ...headers } });
  const unitNamed = async (name: string) =>
    ((await get('/api/units', admin)).json() as { id: string; name: string; version: number }[]).find((u) => u.name === name)!;

  it('answers a stale edit with 409 carrying the version now stored, after two edits', async () => {
    const u = await unitNamed('客户关爱部');
    expect((await patch(`/api/units/${u.id}`, { version: u.version, name: '客户关爱部一' }, admin)).statusCode).toBe(200);
    expect((await patch(`/api/units/${u.id}`, { version: u.version + 1, name: '客户关爱部二' }, admin)).statusCode).toBe(200);
    const stale = await patch(`/api/units/${u.id}`, { version: u.version, name: '客户关爱部三' }, admin);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', details: { currentVersion: u.version + 2 } });
    expect((await unitNamed('客户关爱部二')).version).toBe(u.version + 2);
  });

  it('updateVersioned: true on a match, 409 with the stored version on a mismatch, false for a missing row', async () => {
    const u = await unitNamed('呼叫中心');
    const at = new Date().toISOString();
    expect(await updateVersioned(t.ctx.db, 'units', { id: u.id }, u.version, { code: 'CC', updated_at: at })).toBe(true);
    const err = await updateVersioned(t.ctx.db, 'units', { id: u.id }, u.version, { code: 'XX', updated_at: at }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 409, code: 'stale_version', details: { currentVersion: u.version + 1 } });
    expect(await updateVersioned(t.ctx.db, 'units', { id: 'no-such-unit' }, 1, { code: 'XX', updated_at: at })).toBe(false);
    const row = await t.ctx.db.selectFrom('units').select(['code', 'version']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ code: 'CC', version: u.version + 1 });
  });

  it('pages the audit log by cursor and refuses a cursor it did not issue with 422 on `cursor`', async () => {
    const first = (await get('/api/audit?limit=1', admin)).json() as { items: { id: string }[]; nextCursor: string };
    expect(first.nextCursor).toBeTruthy();
    const second = (await get(`/api/audit?limit=1&cursor=${first.nextCursor}`, admin)).json() as { items: { id: string }[] };
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    for (const cursor of ['garbage!!', 'bm90LWpzb24', encodeCursor({ x: 1 }), encodeCursor(['a', 'b'])]) {
      const res = await get(`/api/audit?limit=1&cursor=${encodeURIComponent(cursor)}`, admin);
      expect(res.statusCode, cursor).toBe(422);
      expect(res.json().errors).toEqual([{ field: 'cursor', message: expect.stringMatching(/^[^/]*[\u4e00-\u9fff][^/]* \/ .*cursor/) }]);
    }
  });

  it('gives the errors Fastify raises itself a Chinese message of their own', async () => {
    const media = await t.app.inject({ method: 'POST', url: '/api/units', payload: '<x/>', headers: { cookie: admin, 'content-type': 'application/xml' } });
    expect(media.statusCode).toBe(415);
    expect(media.json()).toMatchObject({ code: 'fst_err_ctp_invalid_media_type', messageZh: '不支持的内容类型（Content-Type）' });
    const big = await t.app.inject({ method: 'POST', url: '/api/units', payload: JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }), headers: { cookie: admin, 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    expect(big.json().messageZh).toBe('请求内容过大');
    const broken = await t.app.inject({ method: 'POST', url: '/api/units', payload: '{"name":', headers: { cookie: admin, 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    for (const res of [media, big, broken]) expect(res.json().messageZh).not.toBe(res.json().message);
  });

  it('returns a request id and stores it with the audit row of the change it made', async () => {
    const u = await unitNamed('营销部');
    const res = await patch(`/api/units/${u.id}`, { version: u.version, code: 'MKT' }, admin);
    expect(res.statusCode).toBe(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await t.ctx.db.selectFrom('audit_log').select(['request_id', 'action']).where('subject_id', '=', u.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toEqual({ request_id: id, action: 'unit.update' });
  });

  it('keeps a sane incoming X-Request-Id and replaces any other', async () => {
    const u = await unitNamed('生产部');
    const kept = await patch(`/api/units/${u.id}`, { version: u.version, code: 'PRD' }, admin, { 'x-request-id': 'support-Ticket_42' });
    expect(kept.headers['x-request-id']).toBe('support-Ticket_42');
    const row = await t.ctx.db.selectFrom('audit_log').select('request_id').where('subject_id', '=', u.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.request_id).toBe('support-Ticket_42');
    for (const bad of ['has space', 'x'.repeat(65), '<script>', 'a/b']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id'], bad).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Error responses name their request too.
    expect((await get('/api/me')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a 500 with the request id, and a service sees the request id after the body is parsed', async () => {
    const probe: FastifyPluginAsyncZod = async (app) => {
      app.get('/api/test/boom', { config: { public: true }, schema: { hide: true } }, async () => {
        throw new Error('boom');
      });
      app.post('/api/test/context', { config: { public: true }, schema: { hide: true, body: z.object({ n: z.number() }) } }, async (req) => {
        await new Promise((r) => setTimeout(r, 5));
        return { seen: app.ctx.requestId ?? null, req: req.id, n: req.body.n };
      });
    };
    const app = await buildApp({
      ctx: { config: t.ctx.config, db: t.ctx.db, dialect: t.ctx.dialect, clock: t.clock },
      routes: [probe],
      access: { sessionCookie: 'probe', loadPrincipal: async () => null, hasRole: () => false },
      logger: false,
      serveWeb: false,
    });
    try {
      const boom = await app.inject({ method: 'GET', url: '/api/test/boom' });
      expect(boom.statusCode).toBe(500);
      expect(boom.json()).toMatchObject({ code: 'internal', requestId: boom.headers['x-request-id'] });
      expect(boom.json().message).not.toContain('boom');
      const seen = await app.inject({ method: 'POST', url: '/api/test/context', payload: { n: 1 } });
      expect(seen.json()).toEqual({ seen: seen.headers['x-request-id'], req: seen.headers['x-request-id'], n: 1 });
      // Outside a request there is none.
      expect(app.ctx.requestId).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
