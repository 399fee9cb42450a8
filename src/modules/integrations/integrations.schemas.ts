import { z } from 'zod';
import { id } from '../../platform/http/bounds';

// Zod schemas of the integrations API (docs/integrations.md) and their inferred types, shared with the web app.

/** The events a webhook may subscribe to, each emitted in the transaction of the change it reports. */
export const WEBHOOK_EVENTS = ['workorder.created', 'workorder.severity_serious', 'deadline.missed', 'workorder.closed', 'grading.announced'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_FORMATS = ['generic', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const WebhookCreate = z.object({
  url: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { message: '须为 http(s) 地址 / must be an http(s) URL' }),
  format: z.enum(WEBHOOK_FORMATS),
  /** HMAC key: required for `generic`, optional for `dingtalk` (its 加签 secret, SEC…), not used by `wecom`. */
  secret: z.string().min(1).max(200).optional(),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .refine((a) => new Set(a).size === a.length, { message: '事件不能重复 / events must be distinct' }),
  /** The unit the webhook belongs to (events of its subtree); default the caller's own unit. */
  unitId: id().optional(),
});
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookCreated = z.object({ id: z.string() });

export const WebhookView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  /** The URL with its query values hidden (robot keys and access tokens live there). */
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  hasSecret: z.boolean(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type WebhookView = z.infer<typeof WebhookView>;

export const WebhookIdParams = z.object({ id: id() });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

export const DeliveryQuery = z.object({ webhookId: id().optional() });

export const DeliveryView = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.enum(WEBHOOK_EVENTS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const SMS_STATUSES = ['pending', 'sent', 'failed'] as const;

export const SmsMessageView = z.object({
  id: z.string(),
  /** The number with its middle digits hidden. */
  phone: z.string(),
  template: z.string(),
  provider: z.string(),
  status: z.enum(SMS_STATUSES),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type SmsMessageView = z.infer<typeof SmsMessageView>;

export const SmsStatusView = z.object({
  enabled: z.boolean(),
  provider: z.enum(['aliyun', 'tencent']).nullable(),
  templates: z.array(z.string()),
});
