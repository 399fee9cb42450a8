// What other modules may use of integrations: reporting an event to the webhooks of a record's unit, and queueing
// an SMS — both inside the caller's transaction. The outbox handlers are wired by the composition root.
export { deliverSms, deliverWebhook, emitEvent, emitEventsAt, maskPhone, sendSms, TOPIC_SMS, TOPIC_WEBHOOK, type SmsQueued, type SmsRequest } from './integrations.service';
export type { WebhookEvent } from './integrations.schemas';
export type { IntegrationTables } from './integrations.tables';
