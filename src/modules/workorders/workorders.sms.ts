import type { AppContext } from '../../platform/context';
import { AppError, conflict, fieldError, invalid } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { maskPhone, sendSms, type SmsQueued } from '../integrations';
import { useKnowledgeEntry } from '../knowledge';
import type { RoleCode } from '../org';
import { eventRow } from './workorders.events';
import { visibleWorkOrder } from './workorders.register';
import * as repo from './workorders.repository';
import type { SmsToCustomer, SmsToCustomerQueued } from './workorders.schemas';

// Texting the customer from a work order's page (docs/knowledge.md "SMS"): telling them of progress and result
// (投诉处理机制 Art. 3(3)–(4)), often from a 话术库 entry. The message leaves through the integrations module's SMS
// outbox (docs/integrations.md "SMS"); the page records it on the timeline, the audit keeps the text.

/** Who texts customers: the people who reply to them and call them back. */
export const SMS_ROLES: RoleCode[] = ['agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'callback_agent', 'director', 'admin'];

/**
 * The message name in SMS_TEMPLATES (docs/integrations.md "SMS"): its parameters are `content` (the text) and
 * `number` (the tracking number the customer knows).
 */
export const SMS_CUSTOMER_TEMPLATE = 'workorder.message';

/** Why nothing was queued, in words: SMS is optional, so this is a 409 the page shows, not a failure. */
function notQueued(why: Exclude<SmsQueued, 'queued'>): AppError {
  if (why === 'bad_phone') return invalid([fieldError('contactPhone', '联系电话不是有效的手机号码，无法发送短信', 'the contact phone is not a number an SMS can go to')]);
  if (why === 'no_template') return conflict('sms_template_missing', `No SMS template is configured for ${SMS_CUSTOMER_TEMPLATE} (SMS_TEMPLATES); nothing was sent`, `未配置工单短信模板（${SMS_CUSTOMER_TEMPLATE}），短信未发送`);
  return conflict('sms_not_configured', 'SMS is not configured (SMS_PROVIDER); nothing was sent', '短信功能未开通（未配置短信服务商），短信未发送');
}

/** Queues an SMS to the work order's contact phone; 409 when SMS is off, 422 without a phone. Idempotency-Key honoured. */
export async function smsCustomer(ctx: AppContext, p: Principal, workOrderId: string, input: SmsToCustomer, idempotencyKey: string | undefined): Promise<SmsToCustomerQueued> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  const phone = wo.contact_phone;
  if (!phone) throw invalid([fieldError('contactPhone', '工单没有联系电话，无法发送短信', 'the work order has no contact phone')]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const res = await idempotent<SmsToCustomerQueued>(ctx, `workorders.sms:${p.id}`, idempotencyKey, { workOrderId, ...input }, async (trx) => {
    const queued = await sendSms(ctx, trx, { phone, template: SMS_CUSTOMER_TEMPLATE, params: { content: input.message, number: wo.tracking_number ?? wo.number }, unitId: wo.unit_id });
    if (queued !== 'queued') throw notQueued(queued);
    if (input.knowledgeEntryId) await useKnowledgeEntry(trx, p, { entryId: input.knowledgeEntryId, use: 'sms', workOrderId: wo.id, at });
    const masked = maskPhone(phone);
    const data = { phone: masked, ...(input.knowledgeEntryId ? { knowledgeEntryId: input.knowledgeEntryId } : {}) };
    await repo.insertEvent(trx, eventRow(wo.id, now, 'sms_sent', p, { note: input.message, data: JSON.stringify(data) }));
    await recordAudit(trx, { at, actor: p, action: 'workorder.sms', subjectType: 'work_order', subjectId: wo.id, unitId: wo.unit_id, after: { number: wo.number, message: input.message, ...data } });
    return { status: 201, body: { status: 'queued', phone: masked } };
  });
  return res.body;
}
