import { createHmac } from 'node:crypto';
import { KIND_LABELS } from '../../core/workflow/labels';
import type { WebhookEvent, WebhookFormat } from './integrations.schemas';

// What a delivery looks like on the wire, per format (docs/integrations.md). Pure: the service passes the
// webhook, the stored event document and the time of the attempt.

export interface OutgoingRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the generic format's X-Gauge-Signature. */
export const gaugeSignature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * DingTalk's 加签: HMAC-SHA256 over `timestamp + "\n" + secret` keyed with the secret, Base64, then URL-encoded,
 * sent as the `timestamp` (milliseconds) and `sign` query parameters (DingTalk open platform, 自定义机器人安全设置).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64'));
}

interface EventDocument {
  event: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

// Customer-typed text reaches a group chat: markdown and mention syntax are flattened so a complaint cannot post
// links, images or formatting into the robot's message.
const plain = (v: unknown, max = 120): string => {
  const s = String(v ?? '').replace(/[[\]()<>*_`#~|!@\\]/g, ' ').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The robot message of an event: a title and lines, Chinese first. */
export function describeEvent(doc: EventDocument): { title: string; lines: string[] } {
  const d = doc.data;
  const wo = `${plain(d.number)}`;
  const line = (label: string, v: unknown) => (v === null || v === undefined || v === '' ? [] : [`${label}：${plain(v)}`]);
  switch (doc.event) {
    case 'workorder.created':
      return { title: `【新工单】${wo}`, lines: [...line('类型', KIND_LABELS[String(d.kind)]?.zh ?? d.kind), ...line('客户', d.customerName), ...line('问题', d.problem), ...line('严重度', d.severity)] };
    case 'workorder.severity_serious':
      return { title: `【严重客诉】${wo}`, lines: [...line('客户', d.customerName), ...line('问题', d.problem), ...line('严重度', `${plain(d.previous ?? '-')} → ${plain(d.severity)}`)] };
    case 'deadline.missed':
      return { title: `【超期】${wo} ${plain(d.deadlineLabel ?? d.deadline)}`, lines: [...line('期限', d.deadlineLabel), ...line('到期', d.dueLocal ?? d.dueAt), ...line('客户', d.customerName)] };
    case 'workorder.closed':
      return { title: `【已结案】${wo}`, lines: [...line('客户', d.customerName), ...line('问题', d.problem)] };
    case 'grading.announced': {
      const what = d.kind === 'revoked' ? '等级撤消' : d.kind === 'downgraded' ? `降为${plain(d.level)}` : `确认为${plain(d.level)}`;
      return { title: `【定级公告】${plain(d.mineName)}${what}`, lines: [...line('原等级', d.fromLevel), ...line('生效日期', d.since), ...line('有效期至', d.validUntil)] };
    }
  }
}

/** The HTTP request of one delivery attempt. */
export function buildWebhookRequest(hook: { url: string; format: WebhookFormat; secret: string | null }, delivery: { id: string; body: string }, now: Date): OutgoingRequest {
  const doc = JSON.parse(delivery.body) as EventDocument;
  const json = { 'Content-Type': 'application/json; charset=utf-8' };
  if (hook.format === 'generic') {
    return {
      url: hook.url,
      body: delivery.body,
      headers: {
        ...json,
        'X-Gauge-Event': doc.event,
        'X-Gauge-Delivery': delivery.id,
        ...(hook.secret ? { 'X-Gauge-Signature': gaugeSignature(hook.secret, delivery.body) } : {}),
      },
    };
  }
  const { title, lines } = describeEvent(doc);
  if (hook.format === 'wecom') {
    // WeCom group robot: {"msgtype":"markdown","markdown":{"content"}}; the key is in the URL.
    const content = [`**${title}**`, ...lines.map((l) => `> ${l}`)].join('\n');
    return { url: hook.url, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }), headers: json };
  }
  // DingTalk group robot: {"msgtype":"markdown","markdown":{"title","text"}}, signed in the query when a secret is set.
  const text = [`#### ${title}`, ...lines.map((l) => `- ${l}`)].join('\n');
  let url = hook.url;
  if (hook.secret) {
    const ts = now.getTime();
    url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${dingtalkSign(hook.secret, ts)}`;
  }
  return { url, body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }), headers: json };
}

/**
 * Whether the receiver took the delivery: any 2xx; the robots answer 200 with `{"errcode":0}` on success and a
 * non-zero errcode (bad key, bad signature, rate limit) otherwise.
 */
export function acceptedBy(format: WebhookFormat, status: number, body: string): { ok: boolean; error?: string } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };
  if (format === 'generic') return { ok: true };
  try {
    const r = JSON.parse(body) as { errcode?: number; errmsg?: string };
    if (r.errcode === 0) return { ok: true };
    return { ok: false, error: `errcode ${r.errcode ?? '?'}: ${r.errmsg ?? body.slice(0, 200)}` };
  } catch {
    return { ok: false, error: `unexpected answer: ${body.slice(0, 200)}` };
  }
}
