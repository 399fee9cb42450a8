import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { fieldError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { OUTBOX_MAX_ATTEMPTS, backoffMs, enqueue, type OutboxHandler } from '../../platform/jobs/outbox';
import { recordAudit } from '../audit';
import { coversUnit, isSysAdmin, scopePaths, type Principal } from '../auth';
import { findUnit, unitsByIds } from '../org';
import { acceptedBy, buildWebhookRequest } from './integrations.formats';
import { AddressRefused, checkDestination, post } from './integrations.net';
import * as repo from './integrations.repository';
import type { DeliveryView, SmsMessageView, WebhookCreate, WebhookEvent, WebhookFormat, WebhookView } from './integrations.schemas';
import { smsAdapter } from './integrations.sms';

// Outbound channels (docs/integrations.md): webhooks a unit's administrators register, the events that fire
// them, SMS through the configured provider. Everything leaves through the outbox: a change writes its
// delivery rows and outbox messages in its own transaction, the worker sends them with retries and back-off.

export const TOPIC_WEBHOOK = 'webhook.deliver';
export const TOPIC_SMS = 'sms.send';

const administers = (p: Principal, unitPath: string) => isSysAdmin(p) || coversUnit(p, unitPath, ['admin']);
const adminScope = (p: Principal) => (isSysAdmin(p) ? null : scopePaths(p, ['admin']));

/** The URL as shown back: query values hidden, since robot keys and access tokens are carried there. */
export function maskUrl(url: string): string {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '***');
  if (u.password) u.password = '***';
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

// ——— registering ———

export async function createWebhook(ctx: AppContext, p: Principal, input: WebhookCreate): Promise<{ id: string }> {
  const unit = await findUnit(ctx.db, input.unitId ?? p.unitId);
  if (!unit) throw invalid([fieldError('unitId', '单位不存在', 'no such unit')]);
  if (!administers(p, unit.path)) throw forbidden('The unit is outside your administration scope', '该单位不在您的管理范围内');
  const format: WebhookFormat = input.format;
  if (format === 'generic' && !input.secret) throw invalid([fieldError('secret', '通用格式须设置签名密钥', 'the generic format needs a secret to sign with')]);
  if (format === 'wecom' && input.secret) throw invalid([fieldError('secret', '企业微信群机器人不使用签名密钥（密钥在地址的 key 中）', 'WeCom robots take no secret (the key is in the URL)')]);
  // Before the transaction: SQLite has one connection, and a DNS answer may take a while.
  await refusePrivate(ctx, input.url);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertWebhook(trx, {
      id,
      unit_id: unit.id,
      unit_path: unit.path,
      url: input.url,
      format,
      secret: input.secret ?? null,
      events: JSON.stringify(input.events),
      created_at: at,
      created_by: p.id,
      created_by_name: p.displayName,
      deleted_at: null,
    });
    // The audit keeps the masked URL and never the secret.
    await recordAudit(trx, { at, actor: p, action: 'webhook.create', subjectType: 'webhook', subjectId: id, unitId: unit.id, after: { url: maskUrl(input.url), format, events: input.events, secret: input.secret ? 'set' : 'none' } });
  });
  return { id };
}

/** 422 on `url` when its host does not resolve, or resolves to an address the server must not call. */
async function refusePrivate(ctx: AppContext, url: string): Promise<void> {
  try {
    await checkDestination(url, ctx.config.webhooks.allowPrivate);
  } catch (err) {
    if (err instanceof AddressRefused) {
      throw invalid([fieldError('url', `地址解析到内网、本机或链路本地地址（${err.address}），不允许调用`, `the host resolves to ${err.address}, a private, loopback or link-local address`)]);
    }
    throw invalid([fieldError('url', '无法解析该地址的域名', 'the host name does not resolve')]);
  }
}

export async function listWebhooks(ctx: AppContext, p: Principal): Promise<WebhookView[]> {
  const rows = await repo.listWebhooks(ctx.db, adminScope(p));
  const names = new Map((await unitsByIds(ctx.db, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: names.get(r.unit_id) ?? '',
    url: maskUrl(r.url),
    format: r.format as WebhookFormat,
    hasSecret: r.secret !== null,
    events: JSON.parse(r.events) as WebhookEvent[],
    createdAt: r.created_at,
    createdBy: r.created_by_name,
  }));
}

/** Stops a webhook; its log stays. Deliveries still queued are cancelled when their turn comes. */
export async function deleteWebhook(ctx: AppContext, p: Principal, id: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const hook = await repo.findWebhook(trx, id);
    // Another subtree's webhook is not revealed: the same 404 as a missing one.
    if (!hook || hook.deleted_at || !administers(p, hook.unit_path)) throw notFound('Webhook', 'Webhook');
    await repo.markWebhookDeleted(trx, id, at);
    await recordAudit(trx, { at, actor: p, action: 'webhook.delete', subjectType: 'webhook', subjectId: id, unitId: hook.unit_id, before: { url: maskUrl(hook.url), format: hook.format, events: JSON.parse(hook.events) as unknown } });
  });
}

export async function listDeliveries(ctx: AppContext, p: Principal, webhookId?: string): Promise<DeliveryView[]> {
  const rows = await repo.listDeliveries(ctx.db, adminScope(p), webhookId);
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event as WebhookEvent,
    status: r.status as DeliveryView['status'],
    attempts: r.attempts,
    responseCode: r.response_code,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }));
}

// ——— events ———

/** '/a/b/c/' → ['/a/', '/a/b/', '/a/b/c/']: the unit and every unit above it. */
export const pathsAbove = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
};

/**
 * Reports an event of a record of `unitId`, in the caller's transaction: every live webhook registered on that
 * unit or above it and subscribed to the event gets a delivery row and an outbox message. The event document is
 * built once, so every retry sends the same bytes.
 */
export async function emitEvent(ctx: AppContext, trx: DbOrTrx, event: WebhookEvent, unitId: string, data: Record<string, unknown>): Promise<void> {
  const unit = await findUnit(trx, unitId);
  if (!unit) return;
  await emitEventsAt(ctx, trx, unit.path, [{ event, data }]);
}

/**
 * The events of one change, for a unit whose path the caller already has: one read of the webhooks for all of
 * them (the intake announces a serious case twice; docs/performance.md "Intake: where the time goes").
 */
export async function emitEventsAt(ctx: AppContext, trx: DbOrTrx, unitPath: string, events: { event: WebhookEvent; data: Record<string, unknown> }[]): Promise<void> {
  const live = await repo.liveWebhooksOn(trx, pathsAbove(unitPath));
  if (live.length === 0) return;
  const now = ctx.clock.now();
  const at = now.toISOString();
  for (const { event, data } of events) {
    const hooks = live.filter((h) => (JSON.parse(h.events) as string[]).includes(event));
    const body = JSON.stringify({ event, occurredAt: at, data });
    for (const h of hooks) {
      const id = newId(now.getTime());
      await repo.insertDelivery(trx, { id, webhook_id: h.id, event, body, status: 'pending', attempts: 0, response_code: null, last_error: null, next_attempt_at: at, created_at: at, updated_at: at, delivered_at: null });
      await enqueue(trx, TOPIC_WEBHOOK, { deliveryId: id }, now);
    }
  }
}

/** The outbox handler of one webhook delivery attempt: throws on failure, so the outbox retries with back-off. */
export const deliverWebhook: OutboxHandler = async (ctx, raw) => {
  const { deliveryId } = raw as { deliveryId: string };
  const d = await repo.findDelivery(ctx.db, deliveryId);
  if (!d || d.status !== 'pending') return;
  const now = ctx.clock.now();
  const hook = await repo.findWebhook(ctx.db, d.webhook_id);
  if (!hook || hook.deleted_at) {
    await repo.updateDelivery(ctx.db, d.id, { status: 'cancelled', next_attempt_at: null, updated_at: now.toISOString(), last_error: 'webhook deleted' });
    return;
  }
  const req = buildWebhookRequest({ url: hook.url, format: hook.format as WebhookFormat, secret: hook.secret }, d, now);
  const attempts = d.attempts + 1;
  let status: number | null = null;
  let error: string | null = null;
  try {
    // The connection's own lookup refuses private addresses again (DNS rebinding) — see integrations.net.ts.
    const res = await post(req.url, req.body, req.headers, { allowPrivate: ctx.config.webhooks.allowPrivate, timeoutMs: ctx.config.webhooks.timeoutMs });
    status = res.status;
    error = acceptedBy(hook.format as WebhookFormat, res.status, res.body).error ?? null;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const done = ctx.clock.now();
  if (!error) {
    await repo.updateDelivery(ctx.db, d.id, { status: 'delivered', attempts, response_code: status, last_error: null, next_attempt_at: null, updated_at: done.toISOString(), delivered_at: done.toISOString() });
    return;
  }
  const final = attempts >= OUTBOX_MAX_ATTEMPTS;
  await repo.updateDelivery(ctx.db, d.id, {
    status: final ? 'failed' : 'pending',
    attempts,
    response_code: status,
    last_error: error.slice(0, 1000),
    next_attempt_at: final ? null : new Date(done.getTime() + backoffMs(attempts)).toISOString(),
    updated_at: done.toISOString(),
  });
  throw new Error(`webhook ${hook.id}: ${error}`);
};

// ——— SMS ———

export interface SmsRequest {
  phone: string;
  /** The message's name in SMS_TEMPLATES (e.g. 'workorder.closed'). */
  template: string;
  params: Record<string, string>;
  /** The unit whose record the message is about, for the administrators' log. */
  unitId?: string;
}

export type SmsQueued = 'queued' | 'disabled' | 'no_template' | 'bad_phone';

/**
 * Queues an SMS in the caller's transaction. SMS is optional: without a provider, or without a template for this
 * message, nothing is queued and the reason is logged — the caller's change goes ahead either way.
 */
export async function sendSms(ctx: AppContext, trx: DbOrTrx, req: SmsRequest): Promise<SmsQueued> {
  const sms = ctx.config.sms;
  if (!sms) {
    ctx.log.info({ template: req.template }, 'SMS is off (SMS_PROVIDER unset): message not sent');
    return 'disabled';
  }
  const tpl = sms.templates[req.template];
  if (!tpl) {
    ctx.log.warn({ template: req.template }, 'no SMS template configured for this message (SMS_TEMPLATES): not sent');
    return 'no_template';
  }
  const phone = req.phone.replace(/[\s-]/g, '');
  if (!/^\+?\d{5,20}$/.test(phone)) {
    ctx.log.warn({ template: req.template }, 'not a phone number: SMS not sent');
    return 'bad_phone';
  }
  const unit = req.unitId ? await findUnit(trx, req.unitId) : undefined;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  await repo.insertSms(trx, {
    id,
    unit_id: unit?.id ?? null,
    unit_path: unit?.path ?? null,
    phone,
    template: req.template,
    template_code: tpl.code,
    params: JSON.stringify(req.params),
    provider: sms.provider,
    status: 'pending',
    attempts: 0,
    response_code: null,
    last_error: null,
    provider_ref: null,
    created_at: at,
    updated_at: at,
    sent_at: null,
  });
  await enqueue(trx, TOPIC_SMS, { messageId: id }, now);
  return 'queued';
}

/** The outbox handler of one SMS attempt through the configured provider. */
export const deliverSms: OutboxHandler = async (ctx, raw) => {
  const { messageId } = raw as { messageId: string };
  const m = await repo.findSms(ctx.db, messageId);
  if (!m || m.status !== 'pending') return;
  const sms = ctx.config.sms;
  if (!sms) {
    // Switched off after the message was queued: recorded, not retried.
    await repo.updateSms(ctx.db, m.id, { status: 'failed', last_error: 'SMS is off (SMS_PROVIDER unset)', updated_at: ctx.clock.now().toISOString() });
    return;
  }
  const params = JSON.parse(m.params) as Record<string, string>;
  const order = sms.templates[m.template]?.params ?? Object.keys(params);
  const attempts = m.attempts + 1;
  let outcome: { ok: boolean; status: number | null; ref: string | null; error: string | null };
  try {
    outcome = await smsAdapter(sms).send({ phone: m.phone, templateCode: m.template_code, params, order }, ctx.clock.now(), ctx.config.webhooks.timeoutMs);
  } catch (err) {
    outcome = { ok: false, status: null, ref: null, error: err instanceof Error ? err.message : String(err) };
  }
  const at = ctx.clock.now().toISOString();
  if (outcome.ok) {
    await repo.updateSms(ctx.db, m.id, { status: 'sent', attempts, response_code: outcome.status, provider_ref: outcome.ref, last_error: null, updated_at: at, sent_at: at });
    return;
  }
  const final = attempts >= OUTBOX_MAX_ATTEMPTS;
  await repo.updateSms(ctx.db, m.id, { status: final ? 'failed' : 'pending', attempts, response_code: outcome.status, last_error: (outcome.error ?? 'failed').slice(0, 1000), updated_at: at });
  throw new Error(`sms ${m.id}: ${outcome.error}`);
};

/** 138****5678: enough to recognise a number in the log, not to harvest it. */
export const maskPhone = (phone: string) => (phone.length > 7 ? `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}` : '****');

export async function smsOverview(ctx: AppContext, p: Principal): Promise<{ enabled: boolean; provider: 'aliyun' | 'tencent' | null; templates: string[]; messages: SmsMessageView[] }> {
  const rows = await repo.listSms(ctx.db, adminScope(p));
  const sms = ctx.config.sms;
  return {
    enabled: sms !== null,
    provider: sms?.provider ?? null,
    templates: sms ? Object.keys(sms.templates) : [],
    messages: rows.map((r) => ({
      id: r.id,
      phone: maskPhone(r.phone),
      template: r.template,
      provider: r.provider,
      status: r.status as SmsMessageView['status'],
      attempts: r.attempts,
      responseCode: r.response_code,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
  };
}
