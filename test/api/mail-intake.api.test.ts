import iconv from 'iconv-lite';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { MAIL_INTAKE_ACTOR_ID, pollMailbox, replySubject } from '../../src/modules/workorders/workorders.mail';
import { loadConfig } from '../../src/platform/config';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { dovecotAvailable, startDovecot, type Dovecot } from '../helpers/dovecot';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type WorkOrder } from './workorders.fixtures';

// E-mail in (docs/integrations-mail.md) against a real IMAP server: Debian's dovecot-imapd, started by the test in a
// temporary directory (test/helpers/dovecot.ts), and a local SMTP server that keeps what the outbox sends.

if (!dovecotAvailable) {
  console.warn('mail-intake tests SKIPPED: /usr/sbin/dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)');
}

const UNIT_CODE = 'CC-MAIL';
const TRACKING = /TS\d{8}[A-HJ-NP-Z2-9]{10}/;

async function startSmtp(): Promise<{ url: string; received: { to: string; raw: string }[]; close(): Promise<void> }> {
  const received: { to: string; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

interface Part {
  contentType: string;
  body: Buffer;
  filename?: string;
}

let seq = 0;
/** A raw RFC 5322 message; bodies are base64 so any charset's bytes travel as they are. */
function rawMail(o: { headers?: string[]; from?: string; subject: string; messageId?: string | null; inReplyTo?: string; references?: string; text?: Buffer; charset?: string; attachments?: Part[] }): Buffer {
  const head = [
    `From: ${o.from ?? '"王经理" <wang@customer.example>'}`,
    'To: kefu@gauge.example',
    `Subject: ${o.subject}`,
    'Date: Mon, 02 Mar 2026 09:30:00 +0800',
    ...(o.messageId === null ? [] : [`Message-ID: ${o.messageId ?? `<m${++seq}.${Date.now()}@customer.example>`}`]),
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
    ...(o.references ? [`References: ${o.references}`] : []),
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
  ];
  const text = o.text ?? Buffer.from('你好', 'utf8');
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
  const textPart = [`Content-Type: text/plain; charset=${o.charset ?? 'UTF-8'}`, 'Content-Transfer-Encoding: base64', '', b64(text)];
  if (!o.attachments?.length) return Buffer.from([...head, ...textPart, ''].join('\r\n'));
  const boundary = `b-${seq}-${Date.now()}`;
  const lines = [...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', `--${boundary}`, ...textPart];
  for (const a of o.attachments) {
    lines.push(`--${boundary}`, `Content-Type: ${a.contentType}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${a.filename}"`, '', b64(a.body));
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'));
}

/** An RFC 2047 encoded word in a Chinese charset. */
const encodedWord = (text: string, charset: string) => `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;

describe.skipIf(!dovecotAvailable).each(TEST_DIALECTS)('e-mail intake through Dovecot on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let imap: Dovecot;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let production: string;

  /** The next poll: the poll period has passed (the clock is pinned), and the mailbox is read once. */
  const poll = async () => {
    t.clock.advance(61_000);
    const r = await pollMailbox(t.ctx);
    if (r.error) throw new Error(`${r.error}\n${await imap.log()}`);
    return r;
  };
  const workOrdersByEmail = async () => (await t.ctx.db.selectFrom('work_orders').selectAll().where('channel', '=', 'email').orderBy('created_at').orderBy('number').execute());
  const mailOf = async (id: string, who = 'admin') => {
    const res = await a.get(`/api/workorders/${id}/mail`, who);
    expect(res.statusCode).toBe(200);
    return res.json() as { id: string; direction: string; status: string; subject: string; fromAddress: string; fromName: string | null; text: string; messageId: string | null; attachments: { id: string; filename: string; contentType: string; size: number }[]; skippedAttachments: { filename: string; size: number }[] }[];
  };
  /** The newest work order created by a poll that created exactly one. */
  const pollCreatesOne = async () => {
    const before = (await workOrdersByEmail()).length;
    const r = await poll();
    expect(r).toMatchObject({ polled: true, created: 1 });
    const after = await workOrdersByEmail();
    expect(after).toHaveLength(before + 1);
    return after[after.length - 1];
  };

  beforeAll(async () => {
    imap = await startDovecot();
    smtp = await startSmtp();
    t = await createTestApp(dialect, {
      config: {
        smtpUrl: smtp.url,
        // Small, so one test attachment is over it.
        uploadMaxBytes: 4096,
        mailFrom: 'Gauge 客服 <kefu@gauge.example>',
        mailIn: { host: imap.host, port: imap.port, secure: false, user: imap.user, password: imap.password, mailbox: 'INBOX', unitCode: UNIT_CODE, pollIntervalMs: 60_000 },
      },
    });
    a = api(t);
    // The receiving unit is named by its code (MAIL_IN_UNIT): the call centre takes the mail in.
    await t.ctx.db.updateTable('units').set({ code: UNIT_CODE }).where('name', '=', '呼叫中心').execute();
    production = (await t.ctx.db.selectFrom('units').select('id').where('name', '=', '生产部').executeTakeFirstOrThrow()).id;
    // Demo seeders may queue their own messages: deliver those first so only ours reach the SMTP sink.
    while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
    smtp.received.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await imap?.stop();
  });

  it('turns a new mail into a work order received by e-mail, with a tracking number, and records the system principal as its registrar', async () => {
    await imap.append(rawMail({ subject: '螺栓螺纹不良', text: Buffer.from('上周收到的 M8 螺栓通规不过，请尽快处理。', 'utf8') }));
    const wo = await pollCreatesOne();
    expect(wo).toMatchObject({ channel: 'email', kind: 'complaint', status: 'received', problem: '螺栓螺纹不良', contact_email: 'wang@customer.example', contact_name: '王经理', customer_name: '王经理', created_by: MAIL_INTAKE_ACTOR_ID });
    expect(wo.tracking_number).toMatch(TRACKING);
    expect(wo.description).toBe('上周收到的 M8 螺栓通规不过，请尽快处理。');
    const callCentre = await t.ctx.db.selectFrom('units').select(['id']).where('code', '=', UNIT_CODE).executeTakeFirstOrThrow();
    expect(wo.receiving_unit_id).toBe(callCentre.id);
    const view = await a.view(wo.id, 'clerk');
    expect(view.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['received', 'created', 'customer_message']));
    expect(view.timeline.find((e) => e.event === 'customer_message')!.actorName).toBe('王经理 <wang@customer.example>');
    const mail = await mailOf(wo.id, 'clerk');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ direction: 'in', status: 'created', subject: '螺栓螺纹不良', fromAddress: 'wang@customer.example', fromName: '王经理' });
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', wo.id).where('action', '=', 'workorder.create').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(MAIL_INTAKE_ACTOR_ID);
    // The register filters by the e-mail channel.
    const list = await a.get('/api/workorders?channel=email', 'clerk');
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(wo.id);
    expect(list.json().items.every((i: { channel: string }) => i.channel === 'email')).toBe(true);
    // Nothing is taken twice: the next poll finds no new mail.
    expect(await poll()).toMatchObject({ polled: true, created: 0, threaded: 0, duplicates: 0 });
    const box = await t.ctx.db.selectFrom('mail_mailboxes').selectAll().executeTakeFirstOrThrow();
    expect(box.uid_validity).toBe(String(await imap.uidValidity()));
    expect(Number(box.last_uid)).toBeGreaterThanOrEqual(1);
  });

  it('decodes a GBK body and an RFC 2047 GB2312 subject and sender name', async () => {
    const body = '贵司发来的第二批货物外包装破损，部分产品表面划伤。请安排退换货。——上海联合汽配';
    await imap.append(rawMail({
      from: `${encodedWord('李采购', 'GB2312')} <li@customer.example>`,
      subject: encodedWord('产品质量投诉：外包装破损', 'GB2312'),
      charset: 'GBK',
      text: iconv.encode(body, 'gbk'),
    }));
    const wo = await pollCreatesOne();
    expect(wo.problem).toBe('产品质量投诉：外包装破损');
    expect(wo.description).toBe(body);
    expect(wo.contact_name).toBe('李采购');
    const mail = await mailOf(wo.id);
    expect(mail[0]).toMatchObject({ subject: '产品质量投诉：外包装破损', text: body, fromName: '李采购' });
  });

  it('decodes a GB18030 body', async () => {
    // 𠮷 (U+20BB7) exists only in GB18030's four-byte range, not in GBK.
    const body = '吉野家的“𠮷”字在 GBK 里没有：此信用 GB18030 编码。';
    await imap.append(rawMail({ subject: encodedWord('GB18030 来信', 'GB18030'), charset: 'GB18030', text: iconv.encode(body, 'gb18030') }));
    const wo = await pollCreatesOne();
    expect(wo.problem).toBe('GB18030 来信');
    expect(wo.description).toBe(body);
  });

  it('keeps the attachments, downloadable only within the work order’s scope', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await imap.append(rawMail({
      subject: '附件：检验报告和照片',
      attachments: [
        { contentType: 'application/pdf', filename: 'report.pdf', body: pdf },
        { contentType: 'image/png', filename: `${encodedWord('划伤照片.png', 'UTF-8')}`, body: png },
        { contentType: 'text/html', filename: 'page.html', body: Buffer.from('<script>alert(1)</script>') },
        { contentType: 'application/octet-stream', filename: 'big.bin', body: Buffer.alloc(5000, 1) },
      ],
    }));
    const wo = await pollCreatesOne();
    const [mail] = await mailOf(wo.id);
    expect(mail.attachments.map((x) => [x.filename, x.contentType, x.size])).toEqual([
      ['report.pdf', 'application/pdf', pdf.length],
      ['划伤照片.png', 'image/png', png.length],
      ['page.html', 'text/html', 25],
    ]);
    // Over UPLOAD_MAX_BYTES: named, not kept.
    expect(mail).toMatchObject({ skippedAttachments: [{ filename: 'big.bin', size: 5000 }] });
    const url = (attachmentId: string, woId = wo.id) => `/api/workorders/${woId}/mail-attachments/${attachmentId}`;
    const got = await a.get(url(mail.attachments[0].id), 'clerk');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain("filename*=UTF-8''report.pdf");
    expect(got.rawPayload.equals(pdf)).toBe(true);
    const photo = await a.get(url(mail.attachments[1].id), 'clerk');
    expect(photo.rawPayload.equals(png)).toBe(true);
    expect(photo.headers['content-disposition']).toContain(encodeURIComponent('划伤照片.png'));
    // A sender's HTML is served as bytes to download, never as a page of this site.
    const html = await a.get(url(mail.attachments[2].id), 'clerk');
    expect(html.headers['content-type']).toBe('application/octet-stream');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    // Scoped like the record: 生产部's head does not see a work order not dispatched to it — 404, as for the mail list.
    expect((await a.get(url(mail.attachments[0].id), 'dept')).statusCode).toBe(404);
    expect((await a.get(`/api/workorders/${wo.id}/mail`, 'dept')).statusCode).toBe(404);
    // An attachment asked for under another work order (one the caller sees) is 404 too.
    const other = (await workOrdersByEmail())[0];
    expect(other.id).not.toBe(wo.id);
    expect((await a.get(url(mail.attachments[0].id, other.id), 'clerk')).statusCode).toBe(404);
    // A role outside the desk is refused before anything is read.
    expect((await a.get(url(mail.attachments[0].id), 'mine')).statusCode).toBe(403);
  });

  it('creates one work order for a mail seen twice: the same Message-ID under two UIDs, and the same UID read again', async () => {
    const same = rawMail({ subject: '重复投递的邮件', messageId: '<dup-1@customer.example>' });
    await imap.append(same);
    await imap.append(same);
    const before = (await workOrdersByEmail()).length;
    const r = await poll();
    expect(r).toMatchObject({ created: 1, duplicates: 1 });
    expect(await workOrdersByEmail()).toHaveLength(before + 1);

    // A mail without a Message-ID is known by its mailbox UIDVALIDITY + UID: reading the mailbox again from the
    // start (as after a crash between the intake and the move of the last UID) adds nothing.
    await imap.append(rawMail({ subject: '没有 Message-ID 的邮件', messageId: null }));
    await pollCreatesOne();
    const count = (await workOrdersByEmail()).length;
    await t.ctx.db.updateTable('mail_mailboxes').set({ last_uid: '0' }).execute();
    const again = await poll();
    expect(again.created).toBe(0);
    expect(again.duplicates).toBeGreaterThanOrEqual(2);
    expect(await workOrdersByEmail()).toHaveLength(count);
    // The database refuses a second row for the same Message-ID too, whoever writes it.
    const row = await t.ctx.db.selectFrom('mail_messages').selectAll().where('message_id', '=', '<dup-1@customer.example>').executeTakeFirstOrThrow();
    await expect(t.ctx.db.insertInto('mail_messages').values({ ...row, id: 'another-id', imap_uid: '99999' }).execute()).rejects.toThrow();
  });

  it('polls a mailbox from one instance only when two poll at once', async () => {
    await imap.append(rawMail({ subject: '两个实例同时轮询' }));
    const other = await t.sibling();
    const before = (await workOrdersByEmail()).length;
    t.clock.advance(61_000);
    const [r1, r2] = await Promise.all([pollMailbox(t.ctx), pollMailbox(other.ctx)]);
    expect([r1.polled, r2.polled].filter(Boolean)).toHaveLength(1);
    expect(r1.created + r2.created).toBe(1);
    expect(await workOrdersByEmail()).toHaveLength(before + 1);
    // Not due again before the poll period has passed.
    expect((await pollMailbox(t.ctx)).polled).toBe(false);
  });

  it('adds a reply that carries the tracking number in its subject to that work order’s timeline', async () => {
    await imap.append(rawMail({ subject: '交货延误' }));
    const wo = await pollCreatesOne();
    const count = (await workOrdersByEmail()).length;
    await imap.append(rawMail({ from: 'wang@customer.example', subject: `回复：关于您的投诉 [${wo.tracking_number!.toLowerCase()}] 补充`, text: Buffer.from('补充：共延误 3 天。') }));
    expect(await poll()).toMatchObject({ created: 0, threaded: 1 });
    expect(await workOrdersByEmail()).toHaveLength(count);
    const view = await a.view(wo.id);
    expect(view.timeline.filter((e) => e.event === 'customer_message')).toHaveLength(2);
    const mail = await mailOf(wo.id);
    expect(mail.map((m) => [m.direction, m.status])).toEqual([['in', 'created'], ['in', 'threaded']]);
    expect(mail[1].text).toBe('补充：共延误 3 天。');
  });

  it('replies by SMTP with the tracking number in the subject and a recorded Message-ID, and threads the answer by In-Reply-To and References', async () => {
    const first = rawMail({ subject: 'Re: 售后响应太慢', messageId: '<slow-1@customer.example>' });
    await imap.append(first);
    const wo = await pollCreatesOne();
    // A second mail that answers the customer's own first one (References only) joins it.
    await imap.append(rawMail({ subject: '回复：还有一件事', references: '<unrelated@x.example> <slow-1@customer.example>' }));
    expect(await poll()).toMatchObject({ created: 0, threaded: 1 });

    t.clock.advance(60_000);
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    const v: WorkOrder = await a.step(wo.id, 'reply', 'agent', { message: '已安排专人跟进，明天上门。' });
    expect(v.status).toBe('replied');
    smtp.received.length = 0;
    while ((await deliverOutbox(t.ctx, outboxHandlers, 100)) > 0);
    const sent = smtp.received.filter((m) => m.to === 'wang@customer.example');
    expect(sent).toHaveLength(1);
    const out = (await mailOf(wo.id)).find((m) => m.direction === 'out')!;
    expect(out.status).toBe('sent');
    // It answers the newest mail received, under its subject without the reply prefixes.
    expect(out.subject).toBe(`Re: 还有一件事 [${wo.tracking_number}]`);
    expect(out.text).toContain('已安排专人跟进，明天上门。');
    const raw = sent[0].raw.replace(/\r\n[ \t]/g, ' ');
    expect(raw).toMatch(new RegExp(`^Message-ID: ${out.messageId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'mi'));
    expect(raw).toMatch(/^In-Reply-To: <[^>]+@customer\.example>/mi);
    // The subject goes out encoded (it is Chinese); decoded it carries the tracking number.
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(Buffer.from(sent[0].raw));
    expect(parsed.subject).toContain(wo.tracking_number!);
    expect(parsed.messageId).toBe(out.messageId);
    // The reply's timeline entry names the mail.
    expect((await t.ctx.db.selectFrom('work_order_events').select('data').where('work_order_id', '=', wo.id).where('event', '=', 'reply').executeTakeFirstOrThrow()).data).toContain(out.id);

    // The customer answers our mail: no tracking number in the subject, only In-Reply-To.
    await imap.append(rawMail({ subject: 'Re: 好的', inReplyTo: out.messageId!, text: Buffer.from('好的，明天等你们。') }));
    expect(await poll()).toMatchObject({ created: 0, threaded: 1 });
    const mail = await mailOf(wo.id);
    expect(mail.map((m) => m.direction)).toEqual(['in', 'in', 'out', 'in']);
    expect(mail[3].text).toBe('好的，明天等你们。');
  });

  it('opens no work order for an out-of-office answer or a bounce, but adds one that answers a work order', async () => {
    await imap.append(rawMail({ subject: '询价' }));
    const wo = await pollCreatesOne();
    const count = (await workOrdersByEmail()).length;
    await imap.append(rawMail({ subject: '自动回复：外出', headers: ['Auto-Submitted: auto-replied'] }));
    await imap.append(rawMail({ from: 'MAILER-DAEMON@mx.customer.example', subject: 'Undelivered Mail Returned to Sender' }));
    await imap.append(rawMail({ subject: `自动回复：[${wo.tracking_number}] 我正在休假`, headers: ['Auto-Submitted: auto-replied'] }));
    expect(await poll()).toMatchObject({ created: 0, ignored: 2, threaded: 1 });
    expect(await workOrdersByEmail()).toHaveLength(count);
    const rows = await t.ctx.db.selectFrom('mail_messages').select(['subject', 'work_order_id', 'imap_uid']).where('status', '=', 'ignored').execute();
    const ignored = rows.sort((x, y) => Number(x.imap_uid) - Number(y.imap_uid)).map(({ subject, work_order_id }) => ({ subject, work_order_id }));
    expect(ignored).toEqual([{ subject: '自动回复：外出', work_order_id: null }, { subject: 'Undelivered Mail Returned to Sender', work_order_id: null }]);
  });

  it('records a mail it cannot register and moves on, so one bad mail does not block the mailbox', async () => {
    // A mail that arrived before the working calendar's first day cannot start deadlines.
    await imap.append(rawMail({ subject: '很久以前的信' }), { internalDate: new Date('1999-12-01T00:00:00Z') });
    await imap.append(rawMail({ subject: '正常的信' }));
    const r = await poll();
    expect(r).toMatchObject({ created: 1, failed: 1 });
    const failed = await t.ctx.db.selectFrom('mail_messages').selectAll().where('status', '=', 'failed').executeTakeFirstOrThrow();
    expect(failed.subject).toBe('很久以前的信');
    expect(failed.error).toContain('receivedAt');
  });
});

describe('reply subject', () => {
  it.each([
    ['售后响应太慢', 'Re: 售后响应太慢 [TS20260302ABCDEFGHJK]'],
    ['Re: 回复：售后响应太慢', 'Re: 售后响应太慢 [TS20260302ABCDEFGHJK]'],
    ['RE: 关于 [TS20260302ABCDEFGHJK] 的进展', 'Re: 关于 的进展 [TS20260302ABCDEFGHJK]'],
    ['', 'Re: 您的来信 / Your message [TS20260302ABCDEFGHJK]'],
  ])('answers %j as %j', (base, expected) => {
    expect(replySubject('TS20260302ABCDEFGHJK', base)).toBe(expected);
  });
});

describe('e-mail intake configuration', () => {
  const base = { NODE_ENV: 'test' as const };
  it('is off when neither MAIL_IN_IMAP_URL nor MAIL_IN_HOST is set', () => {
    expect(loadConfig(base).mailIn).toBeNull();
  });
  it('reads MAIL_IN_IMAP_URL with the mailbox in its path, and the separate variables with their defaults', () => {
    expect(loadConfig({ ...base, MAIL_IN_IMAP_URL: 'imaps://kefu%40example.com:p%40ss@imap.example.com/%E6%8A%95%E8%AF%89', MAIL_IN_UNIT: 'CC' }).mailIn).toEqual({
      host: 'imap.example.com', port: 993, secure: true, user: 'kefu@example.com', password: 'p@ss', mailbox: '投诉', unitCode: 'CC', pollIntervalMs: 60_000,
    });
    expect(loadConfig({ ...base, MAIL_IN_HOST: 'mail.local', MAIL_IN_USER: 'u', MAIL_IN_PASSWORD: 'p', MAIL_IN_TLS: 'false', MAIL_IN_UNIT: 'CC', MAIL_IN_POLL_SECONDS: '30' }).mailIn).toEqual({
      host: 'mail.local', port: 143, secure: false, user: 'u', password: 'p', mailbox: 'INBOX', unitCode: 'CC', pollIntervalMs: 30_000,
    });
  });
  it('fails at start naming the variable when the receiving unit or the credentials are missing', () => {
    expect(() => loadConfig({ ...base, MAIL_IN_HOST: 'mail.local', MAIL_IN_USER: 'u', MAIL_IN_PASSWORD: 'p' })).toThrow(/MAIL_IN_UNIT/);
    expect(() => loadConfig({ ...base, MAIL_IN_HOST: 'mail.local', MAIL_IN_UNIT: 'CC' })).toThrow(/MAIL_IN_USER/);
    expect(() => loadConfig({ ...base, MAIL_IN_IMAP_URL: 'http://x', MAIL_IN_UNIT: 'CC' })).toThrow(/MAIL_IN_IMAP_URL/);
  });
});
