import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { notify } from '../../src/modules/notifications/notifications.service';
import { backoffMs, deliverOutbox } from '../../src/platform/jobs/outbox';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

/** A local SMTP server that keeps what it receives. */
async function startSmtp(): Promise<{ url: string; received: { to: string; body: string }[]; close(): Promise<void> }> {
  const received: { to: string; body: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (c: Buffer) => (body += c.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe.each(TEST_DIALECTS)('outbox and notifications on %s', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let qeId: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(dialect, { config: { smtpUrl: smtp.url } });
    qeId = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'qe').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('delivers a queued notification once in-app and once by e-mail, even with two instances ticking at once', async () => {
    // Demo seeders may queue their own messages: deliver those first so only ours is pending.
    while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
    smtp.received.length = 0;
    await t.ctx.db.updateTable('notifications').set({ read_at: t.clock.now().toISOString() }).where('user_id', '=', qeId).execute();
    await notify(t.ctx.db, t.clock.now(), { userIds: [qeId], title: '新工单待处理', body: 'KS-20260302-0001 已派发至品管部', link: '/workorders/x' });
    const other = await t.sibling();
    const [a, b] = await Promise.all([deliverOutbox(t.ctx, outboxHandlers), deliverOutbox(other.ctx, outboxHandlers)]);
    expect(a + b).toBe(1);
    const rows = await t.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', qeId).where('title', '=', '新工单待处理').execute();
    expect(rows).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to === 'qe@demo.gauge.local')).toHaveLength(1);
    const cookie = await t.login('qe');
    const count = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: { cookie } });
    expect(count.json()).toEqual({ count: 1 });
    const list = await t.app.inject({ method: 'GET', url: '/api/notifications?unread=true', headers: { cookie } });
    await t.app.inject({ method: 'POST', url: `/api/notifications/${list.json()[0].id}/read`, headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: { cookie } })).json()).toEqual({ count: 0 });
  });

  it('retries a failed delivery later with back-off instead of losing it', async () => {
    await t.ctx.db.insertInto('outbox').values({
      id: 'broken-1', topic: 'no-such-topic', payload: '{}', status: 'pending', attempts: 0,
      available_at: t.clock.now().toISOString(), locked_until: null, last_error: null, created_at: t.clock.now().toISOString(), sent_at: null,
    }).execute();
    await deliverOutbox(t.ctx, outboxHandlers);
    const row = await t.ctx.db.selectFrom('outbox').selectAll().where('id', '=', 'broken-1').executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/no handler/);
    expect(new Date(row.available_at).getTime()).toBe(t.clock.now().getTime() + backoffMs(1));
    // Not retried before its time.
    expect(await deliverOutbox(t.ctx, outboxHandlers)).toBe(0);
  });
});
