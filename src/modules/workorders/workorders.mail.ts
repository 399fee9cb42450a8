import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import type { MailInConfig } from '../../platform/config';
import type { DbOrTrx, Trx } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { enqueue, type OutboxHandler } from '../../platform/jobs/outbox';
import type { Job } from '../../platform/jobs/runner';
import { fetchNewMail, type FetchedMail } from '../../platform/mail/imap';
import { newMessageId, sendMail } from '../../platform/mail/mailer';
import { parseMessage, type ParsedMessage } from '../../platform/mail/parse';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { findUnitByCode } from '../org';
import { notify } from '../notifications';
import { eventRow } from './workorders.events';
import { insertPrepared, owningUnitFor, prepareCreate, trackingNumber } from './workorders.intake';
import * as mailRepo from './workorders.mail.repository';
import { holdersCovering } from './workorders.people';
import { visibleWorkOrder } from './workorders.register';
import * as repo from './workorders.repository';
import type { MailMessageView, WorkOrderCreate } from './workorders.schemas';

// E-mail in (docs/integrations-mail.md): a mailbox polled over IMAP turns each new mail into a work order (channel
// email), or — when it answers one — into a customer message on that work order's timeline. Replies to the
// customer go out by SMTP through the outbox, with the tracking number in the subject and a Message-ID we record,
// so the customer's answer threads back.

/** Who registers mail for the audit log and the timeline: a system principal, no user account and no roles. */
export const MAIL_INTAKE_ACTOR_ID = 'system:mail-intake';
const intakeActor = (unit: { id: string; path: string }): Principal => ({
  id: MAIL_INTAKE_ACTOR_ID,
  username: MAIL_INTAKE_ACTOR_ID,
  displayName: '邮件受理（系统）/ E-mail intake',
  unitId: unit.id,
  unitPath: unit.path,
  roles: [],
});

/** Tracking numbers as issued by `trackingNumber` (TS + local date + 10 base32 characters). */
const TRACKING_IN_TEXT = /TS\d{8}[A-HJ-NP-Z2-9]{10}/g;
const BATCH = 20;
/** A poll lease outlives any batch; an instance that dies holding it delays the next poll by this much at most. */
const LEASE_MS = 5 * 60_000;
/** Mail larger than this is not downloaded (recorded as failed); attachments above UPLOAD_MAX_BYTES are not kept. */
export const MAIL_MAX_BYTES = 40 * 1024 * 1024;

export const mailboxKey = (c: MailInConfig) => `${c.user}@${c.host}:${c.port}/${c.mailbox}`;

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const senderText = (m: ParsedMessage) => (m.from ? (m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address) : null);

// ---------- threading ----------

/**
 * The work order a mail answers (docs/integrations-mail.md "Threading"): first by its `In-Reply-To` and
 * `References` — a Message-ID we received or sent for a work order — then by a tracking number in its subject.
 */
export async function threadOf(db: DbOrTrx, m: ParsedMessage): Promise<repo.WorkOrderRow | undefined> {
  const byHeader = await mailRepo.workOrderOfMessageIds(db, [...(m.inReplyTo ? [m.inReplyTo] : []), ...m.references]);
  if (byHeader) return repo.findWorkOrder(db, byHeader);
  for (const tn of new Set(m.subject.toUpperCase().match(TRACKING_IN_TEXT) ?? [])) {
    const wo = await repo.findByTrackingNumber(db, tn);
    if (wo) return wo;
  }
  return undefined;
}

// ---------- intake of one mail ----------

interface Lease {
  key: string;
  token: string;
  uidValidity: string;
}

type Outcome = 'created' | 'threaded' | 'duplicate' | 'ignored' | 'failed';

function mailRow(lease: Lease, mail: FetchedMail, m: ParsedMessage | null, at: string, now: string, extra: Partial<mailRepo.MailRow>): mailRepo.MailRow {
  return {
    id: newId(new Date(now).getTime()),
    direction: 'in',
    status: 'created',
    work_order_id: null,
    mailbox_key: lease.key,
    uid_validity: lease.uidValidity,
    imap_uid: String(mail.uid),
    message_id: m?.messageId ?? null,
    in_reply_to: m?.inReplyTo ?? null,
    reference_ids: JSON.stringify(m?.references ?? []),
    subject: m?.subject ?? '',
    from_address: m?.from?.address ?? null,
    from_name: m?.from?.name ?? null,
    to_addresses: JSON.stringify(m?.to ?? []),
    sent_date: m?.date?.toISOString() ?? null,
    at,
    text_body: m?.text ?? '',
    skipped_attachments: null,
    error: null,
    created_at: now,
    sent_at: null,
    ...extra,
  };
}

/** A mail's attachments: those kept (names made safe) and the names and sizes of those over the upload limit. */
function splitAttachments(ctx: AppContext, m: ParsedMessage) {
  const kept: { position: number; filename: string; contentType: string; size: number; content: Buffer }[] = [];
  const skipped: { filename: string; size: number }[] = [];
  for (const [position, a] of m.attachments.entries()) {
    // No path separators or control characters in a name that ends up in a Content-Disposition header.
    const filename = clip([...a.filename].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c)).join(''), 200);
    if (a.size > ctx.config.uploadMaxBytes) skipped.push({ filename, size: a.size });
    else kept.push({ position, filename, contentType: clip(a.contentType, 200), size: a.size, content: a.content });
  }
  return { kept, skipped: skipped.length ? JSON.stringify(skipped) : null };
}

async function storeAttachments(trx: Trx, kept: ReturnType<typeof splitAttachments>['kept'], mailId: string, workOrderId: string, now: string): Promise<void> {
  await mailRepo.insertAttachments(
    trx,
    kept.map((a) => ({ id: newId(new Date(now).getTime()), mail_message_id: mailId, position: a.position, work_order_id: workOrderId, filename: a.filename, content_type: a.contentType, size: a.size, content: a.content, created_at: now })),
  );
}

/** The fence in every intake transaction: the last UID moves on only while this poll still holds the lease. */
async function advance(trx: Trx, lease: Lease, uid: number, now: string): Promise<void> {
  if (!(await mailRepo.advanceMailbox(trx, lease.key, lease.token, lease.uidValidity, uid, now))) {
    throw new Error(`mail intake: lost the lease on ${lease.key}`);
  }
}

async function recordFailure(ctx: AppContext, lease: Lease, mail: FetchedMail, m: ParsedMessage | null, error: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await advance(trx, lease, mail.uid, now);
    await mailRepo.insertMail(trx, mailRow(lease, mail, m, now, now, { status: 'failed', error: clip(error, 1000) }));
  });
}

async function ingestMail(ctx: AppContext, lease: Lease, receiving: { id: string; path: string }, mail: FetchedMail): Promise<Outcome> {
  if (!mail.source) {
    ctx.log.warn({ mailbox: lease.key, uid: mail.uid, size: mail.size }, 'mail intake: message too large, not taken in');
    await recordFailure(ctx, lease, mail, null, `message of ${mail.size} bytes exceeds ${MAIL_MAX_BYTES}`);
    return 'failed';
  }
  let m: ParsedMessage;
  try {
    m = await parseMessage(mail.source);
  } catch (e) {
    // A message the parser cannot read is recorded, not retried on every poll: it would block the mailbox.
    await recordFailure(ctx, lease, mail, null, `unreadable message: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed';
  }
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  // Deadlines run from receipt: the mail server's arrival time, never later than now (the sender's Date header is theirs to set).
  const at = (mail.internalDate && mail.internalDate.getTime() < nowDate.getTime() ? mail.internalDate : nowDate).toISOString();

  const seen = await mailRepo.findSeenMail(ctx.db, m.messageId, { key: lease.key, uidValidity: lease.uidValidity, uid: mail.uid });
  if (seen) {
    await ctx.db.transaction().execute((trx) => advance(trx, lease, mail.uid, now));
    return 'duplicate';
  }

  const thread = await threadOf(ctx.db, m);
  if (thread) {
    return ctx.db.transaction().execute(async (trx) => {
      await advance(trx, lease, mail.uid, now);
      const { kept, skipped } = splitAttachments(ctx, m);
      const row = mailRow(lease, mail, m, at, now, { status: 'threaded', work_order_id: thread.id, skipped_attachments: skipped });
      // The unique Message-ID / mailbox UID: another poll stored it first, so this one adds nothing.
      if (!(await mailRepo.insertMail(trx, row))) return 'duplicate';
      await storeAttachments(trx, kept, row.id, thread.id, now);
      await repo.insertEvent(trx, eventRow(thread.id, new Date(at), 'customer_message', null, { actor_name: senderText(m), note: m.subject || null, data: JSON.stringify({ mailId: row.id, attachments: kept.length }) }));
      await recordAudit(trx, { at: now, actor: intakeActor(receiving), action: 'workorder.mail_in', subjectType: 'work_order', subjectId: thread.id, unitId: thread.unit_id, after: { mailId: row.id, messageId: row.message_id, attachments: kept.length } });
      const users = await holdersCovering(trx, ['intake_clerk'], thread.receiving_unit_path ?? thread.unit_path);
      await notify(trx, nowDate, { userIds: users, title: `【客户来信】${thread.number}`, body: `${senderText(m) ?? ''}：${m.subject}`, link: `/workorders/${thread.id}` });
      return 'threaded' as const;
    });
  }

  // Out-of-office answers, bounces and list mail open no work order; one that answers a work order was added above.
  if (m.automatic) {
    await ctx.db.transaction().execute(async (trx) => {
      await advance(trx, lease, mail.uid, now);
      await mailRepo.insertMail(trx, mailRow(lease, mail, m, at, now, { status: 'ignored', error: 'sent automatically (Auto-Submitted, delivery report or bulk mail)' }));
    });
    return 'ignored';
  }

  const unit = await owningUnitFor(ctx, receiving.path);
  const input: WorkOrderCreate = {
    kind: 'complaint',
    channel: 'email',
    receivedAt: at,
    customerName: m.from ? clip(m.from.name ?? m.from.address, 200) : undefined,
    contactName: m.from?.name ? clip(m.from.name, 200) : undefined,
    contactEmail: m.from && m.from.address.length <= 200 ? m.from.address : undefined,
    problem: clip(m.subject || '（无主题）', 5000),
    // The whole text stays with the mail; the record keeps what its field holds.
    description: m.text ? clip(m.text, 5000) : undefined,
  };
  const actor = intakeActor(receiving);
  let prepared;
  try {
    // Like a portal filing: registered as received; the intake clerk completes the record and sets its category.
    prepared = await prepareCreate(ctx, { input, actor, unit, receiving, trackingNumber: null }, { skipRequired: true });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    ctx.log.warn({ mailbox: lease.key, uid: mail.uid, err: e.message }, 'mail intake: mail not registered');
    const fields = (e.errors ?? []).map((f) => `${f.field}: ${f.message}`).join('; ');
    await recordFailure(ctx, lease, mail, m, [`${e.messageZh} / ${e.message}`, fields].filter(Boolean).join(' — '));
    return 'failed';
  }
  // Every mail work order gets a tracking number: the customer's replies carry it back in the subject.
  prepared.args.trackingNumber = trackingNumber(prepared.cal.localDate(prepared.now));
  return ctx.db.transaction().execute(async (trx) => {
    await advance(trx, lease, mail.uid, now);
    const { kept, skipped } = splitAttachments(ctx, m);
    const row = mailRow(lease, mail, m, at, now, { status: 'created', skipped_attachments: skipped });
    // Stored first: a mail another poll stored already stops here, before a work order exists.
    if (!(await mailRepo.insertMail(trx, row))) return 'duplicate';
    const { row: wo } = await insertPrepared(ctx, trx, prepared);
    await mailRepo.setMailWorkOrder(trx, row.id, wo.id);
    await storeAttachments(trx, kept, row.id, wo.id, now);
    await repo.insertEvent(trx, eventRow(wo.id, new Date(at), 'customer_message', null, { actor_name: senderText(m), note: m.subject || null, data: JSON.stringify({ mailId: row.id, attachments: kept.length }) }));
    const clerks = await holdersCovering(trx, ['intake_clerk'], receiving.path);
    await notify(trx, nowDate, { userIds: clerks, title: `【邮件来件】${wo.number}`, body: `${senderText(m) ?? ''}：${m.subject}`, link: `/workorders/${wo.id}` });
    return 'created' as const;
  });
}

// ---------- the poll ----------

export interface MailPoll {
  /** False when polling is off, not due, or another instance holds the mailbox. */
  polled: boolean;
  created: number;
  threaded: number;
  duplicates: number;
  /** Sent automatically (out-of-office, bounces, list mail) and answering no work order: kept, no work order. */
  ignored: number;
  failed: number;
  error?: string;
}

/**
 * One poll of the configured mailbox, when it is due (MAIL_IN_POLL_SECONDS after the last) and no other instance
 * holds its lease. Takes the mail after the last seen UID, a batch at a time, each in its own transaction with the
 * move of the last seen UID; UIDVALIDITY changed means the mailbox was renumbered, and the poll starts again at
 * UID 1 (what was taken already is recognised by its Message-ID).
 */
export async function pollMailbox(ctx: AppContext): Promise<MailPoll> {
  const result: MailPoll = { polled: false, created: 0, threaded: 0, duplicates: 0, ignored: 0, failed: 0 };
  const conf = ctx.config.mailIn;
  if (!conf) return result;
  const key = mailboxKey(conf);
  const now = ctx.clock.now();
  await mailRepo.ensureMailbox(ctx.db, key, now.toISOString());
  const token = randomUUID();
  const box = await ctx.db.transaction().execute((trx) => mailRepo.claimMailbox(trx, ctx.dialect, key, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), token));
  if (!box) return result;
  result.polled = true;
  let more = false;
  try {
    const unit = await findUnitByCode(ctx.db, conf.unitCode);
    if (!unit) throw new Error(`MAIL_IN_UNIT: no unit has the code ${conf.unitCode}`);
    const receiving = { id: unit.id, path: unit.path };
    const batch = await fetchNewMail(conf, { uidValidity: box.uid_validity, lastUid: Number(box.last_uid) }, { limit: BATCH, maxBytes: MAIL_MAX_BYTES });
    if (batch.reset) ctx.log.warn({ mailbox: key, was: box.uid_validity, now: batch.uidValidity }, 'mail intake: UIDVALIDITY changed, reading the mailbox again');
    const lease: Lease = { key, token, uidValidity: batch.uidValidity };
    for (const mail of batch.mails) {
      const outcome = await ingestMail(ctx, lease, receiving, mail);
      if (outcome === 'created') result.created++;
      else if (outcome === 'threaded') result.threaded++;
      else if (outcome === 'duplicate') result.duplicates++;
      else if (outcome === 'ignored') result.ignored++;
      else result.failed++;
    }
    more = batch.more;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    ctx.log.error({ mailbox: key, err: result.error }, 'mail intake: poll failed');
  }
  const end = ctx.clock.now();
  // A full batch leaves more to take: the next tick polls again at once.
  await mailRepo.releaseMailbox(ctx.db, key, token, {
    next_poll_at: new Date(more ? end.getTime() : end.getTime() + conf.pollIntervalMs).toISOString(),
    last_polled_at: end.toISOString(),
    last_error: result.error ? clip(result.error, 1000) : null,
  });
  return result;
}

export const mailIntakeJob: Job = { name: 'mail-intake', run: pollMailbox };

// ---------- replies by mail ----------

const REPLY_PREFIX = /^\s*((re|fw|fwd|回复|答复|转发)\s*[:：]\s*)+/i;

/** The subject of our reply: the customer's subject (or the problem) without reply prefixes, with the tracking number. */
export function replySubject(tracking: string, base: string | null): string {
  const clean = (base ?? '')
    .replace(TRACKING_IN_TEXT, '')
    .replace(/\[\s*\]|【\s*】|\(\s*\)/g, '')
    .replace(REPLY_PREFIX, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `Re: ${clip(clean || '您的来信 / Your message', 150)} [${tracking}]`;
}

/** What the `reply` action needs to answer by mail: the work order came in by mail and has an address and a tracking number. */
export async function mailReplyTarget(db: DbOrTrx, wo: repo.WorkOrderRow): Promise<mailRepo.MailRow | undefined> {
  if (!wo.tracking_number) return undefined;
  const last = await mailRepo.lastReceivedMail(db, wo.id);
  if (!last || !(wo.contact_email ?? last.from_address)) return undefined;
  return last;
}

/**
 * Queues the reply to the customer in the action's transaction: the mail row with its Message-ID (so the customer's
 * answer threads back by In-Reply-To) and an outbox message that sends it (docs/architecture.md: side effects
 * leave through the outbox).
 */
export async function queueReplyMail(ctx: AppContext, trx: Trx, wo: repo.WorkOrderRow, last: mailRepo.MailRow, mailId: string, message: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const refs = [...(JSON.parse(last.reference_ids) as string[]), ...(last.message_id ? [last.message_id] : [])].slice(-20);
  const to = (wo.contact_email ?? last.from_address)!;
  const text = `${message}\n\n——\n跟踪号 / Tracking number: ${wo.tracking_number}\n直接回复本邮件即可补充信息，请保留主题中的跟踪号。\nReply to this mail to add information; please keep the tracking number in the subject.`;
  await mailRepo.insertMail(trx, {
    id: mailId,
    direction: 'out',
    status: 'queued',
    work_order_id: wo.id,
    mailbox_key: null,
    uid_validity: null,
    imap_uid: null,
    message_id: newMessageId(ctx.config.mailFrom),
    in_reply_to: last.message_id,
    reference_ids: JSON.stringify(refs),
    subject: replySubject(wo.tracking_number!, last.subject || wo.problem),
    from_address: ctx.config.mailFrom,
    from_name: null,
    to_addresses: JSON.stringify([to]),
    sent_date: null,
    at,
    text_body: text,
    skipped_attachments: null,
    error: null,
    created_at: at,
    sent_at: null,
  });
  await enqueue(trx, 'workorder.mail', { mailId }, now);
}

/** Outbox handler: sends a queued reply over SMTP with the Message-ID recorded for it. */
export const deliverWorkOrderMail: OutboxHandler = async (ctx, raw) => {
  const { mailId } = raw as { mailId: string };
  const row = await mailRepo.findMail(ctx.db, mailId);
  if (!row || row.direction !== 'out' || row.status !== 'queued') return;
  const to = (JSON.parse(row.to_addresses) as string[]).join(', ');
  const res = await sendMail(ctx.config, {
    to,
    subject: row.subject,
    text: row.text_body,
    messageId: row.message_id ?? undefined,
    inReplyTo: row.in_reply_to ?? undefined,
    references: JSON.parse(row.reference_ids) as string[],
  });
  if (res === 'disabled') ctx.log.warn({ mailId }, 'reply not mailed: SMTP_URL is not set');
  await mailRepo.markMailSent(ctx.db, row.id, res, ctx.clock.now().toISOString());
};

// ---------- reading ----------

/** The mail of a work order the caller sees (404 otherwise, as for the work order itself). */
export async function listWorkOrderMail(ctx: AppContext, p: Principal, workOrderId: string): Promise<MailMessageView[]> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  const [mails, attachments] = await Promise.all([mailRepo.mailsOf(ctx.db, wo.id), mailRepo.attachmentsOfWorkOrder(ctx.db, wo.id)]);
  return mails.map((r) => ({
    id: r.id,
    direction: r.direction,
    status: r.status,
    at: r.at,
    subject: r.subject,
    fromAddress: r.from_address,
    fromName: r.from_name,
    to: JSON.parse(r.to_addresses) as string[],
    text: r.text_body,
    messageId: r.message_id,
    attachments: attachments.filter((a) => a.mail_message_id === r.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
    skippedAttachments: r.skipped_attachments ? (JSON.parse(r.skipped_attachments) as { filename: string; size: number }[]) : [],
  }));
}

/** Types a browser may show inline without running anything; every other type is served as a download of bytes. */
const SAFE_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain|application\/(msword|vnd\.openxmlformats-officedocument\.[\w.-]+|vnd\.ms-excel|zip))$/i;

/** One attachment of a work order the caller sees; 404 when either is not theirs to see. */
export async function downloadMailAttachment(ctx: AppContext, p: Principal, workOrderId: string, attachmentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  const a = await mailRepo.findAttachment(ctx.db, attachmentId);
  if (!a || a.work_order_id !== wo.id) throw notFound('Attachment', '附件', 'attachment_not_found');
  const type = a.content_type.split(';')[0].trim();
  return { filename: a.filename, contentType: SAFE_TYPES.test(type) ? type : 'application/octet-stream', content: Buffer.from(a.content) };
}
