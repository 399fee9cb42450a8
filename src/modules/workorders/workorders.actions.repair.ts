import { repairSendsSms, rolesFor } from '../../core/workflow/policy';
import { shortLocal } from '../../core/workflow/deadlines';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { CLOCK_SKEW_MS } from '../../platform/http/bounds';
import { fieldError, invalid, type FieldError } from '../../platform/http/errors';
import { sendSms, type SmsQueued } from '../integrations';
import { userPhones } from '../org';
import { newPlan, type ActionEnv, type ActionHandlers, type Plan } from './workorders.actions.plan';
import { peopleWhoSee } from './workorders.comments';
import * as repo from './workorders.repository';
import type { ActionOf, CrewMember } from './workorders.schemas';

// The repair path of the call centre (报修, 抢修单; docs/callcenter.md "Emergency repairs"). 呼叫中心岗位职责 cl. 3.1(2):
// 对于各部门发起的抢修，及时创建抢修单，并通过短信方式通知相关人员。在得知抢修结束信息后，及时安排坐席回访，并在回访确认后，
// 完成抢修单. The team lead takes the department's report, tells the people concerned and the customer, sends the
// crew and records when it arrived and when it was done; an agent's callback completes it or sends it back to the
// crew. An emergency repair's steps send SMS (the policy's `repairs.sms`); an ordinary repair's do not.

/**
 * What became of one SMS the step would send, kept in the timeline entry so the page can say what was sent and
 * what was not: `queued` (handed to the outbox), the integrations module's reasons for not sending (`disabled`:
 * SMS is off; `no_template`; `bad_phone`), `no_phone` (none on record) and `not_for_kind` (an ordinary repair).
 */
export type RepairSmsOutcome = SmsQueued | 'no_phone' | 'not_for_kind';
export interface RepairSmsResult {
  to: 'staff' | 'customer' | 'crew';
  name: string;
  outcome: RepairSmsOutcome;
}

/** SMS message names (SMS_TEMPLATES keys, docs/integrations.md "SMS"). */
export const REPAIR_SMS = { staff: 'repair.notice', customer: 'repair.customer', crew: 'repair.crew' } as const;

/** Template parameters stay short: providers limit a variable's length (Aliyun: 35 characters). */
const clip = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 35);

/** The number the customer knows: the tracking number (portal) when there is one. */
const customerNumber = (wo: repo.WorkOrderRow) => wo.tracking_number ?? wo.number;

async function smsTo(ctx: AppContext, trx: Trx, send: boolean, phone: string | null, template: string, params: Record<string, string>, unitId: string): Promise<RepairSmsOutcome> {
  if (!send) return 'not_for_kind';
  if (!phone) return 'no_phone';
  return sendSms(ctx, trx, { phone, template, params, unitId });
}

/** Not in the future; not before `earliest` (when given), naming the field. */
function whenDone(field: string, value: string | undefined, now: Date, earliest: { at: string; zh: string; en: string } | null): Date {
  const at = value ? new Date(value) : now;
  const errors: FieldError[] = [];
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.push(fieldError(field, '不能晚于现在', 'cannot be in the future'));
  else if (earliest && at.toISOString() < earliest.at) errors.push(fieldError(field, `不能早于${earliest.zh}（${shortLocal(earliest.at)}）`, `cannot be before ${earliest.en} (${shortLocal(earliest.at)})`));
  if (errors.length) throw invalid(errors);
  return at;
}

/** The reporter (the department that reported it) hears how their repair goes; the actor is never told of their own step. */
const toReporter = (wo: repo.WorkOrderRow, title: string, body: string, titleEn: string, bodyEn: string): Plan['notices'] =>
  wo.created_by ? [{ roles: [], unitPath: wo.unit_path, userIds: [wo.created_by], title, body, titleEn, bodyEn }] : [];

const word = (wo: repo.WorkOrderRow) => (wo.kind === 'emergency_repair' ? { zh: '抢修', en: 'Emergency repair' } : { zh: '报修', en: 'Repair' });

export const REPAIR_HANDLERS: ActionHandlers<'take' | 'notify' | 'assign_crew' | 'record_arrival' | 'complete_repair'> = {
  take({ wo, tag }) {
    const w = word(wo);
    return newPlan({ notices: toReporter(wo, `【${w.zh}已接单】${tag}`, '呼叫中心已接单，正在通知相关人员并安排抢修', `[${w.en} taken on] ${tag}`, 'The call centre has taken it on and is arranging the crew') });
  },

  async notify({ ctx, policy, wo, tag }, req) {
    // The people concerned are staff who see the work order (the same list as @mentions, workorders.comments.ts).
    const known = new Map((await peopleWhoSee(ctx.db, wo)).map((u) => [u.id, u]));
    const errors = req.recipients.flatMap((id, i) => (known.has(id) ? [] : [fieldError(`recipients.${i}`, '不是能查看此工单的人员', 'is not someone who sees this work order')]));
    if (!req.recipients.length && !req.notifyCustomer) errors.push(fieldError('recipients', '请选择要通知的人员或客户', 'choose whom to tell'));
    if (errors.length) throw invalid(errors);
    const recipients = [...new Set(req.recipients)];
    const phones = new Map((await userPhones(ctx.db, recipients)).map((u) => [u.id, u.phone]));
    const send = repairSendsSms(policy, wo.kind);
    const w = word(wo);
    const sms: RepairSmsResult[] = [];
    // The SMS outcomes are known only once each message is queued inside the transaction: the effect fills `sms`,
    // which the timeline entry (written after the effects, workorders.actions.ts) stores.
    const effect = async (trx: Trx) => {
      for (const id of recipients) {
        const outcome = await smsTo(ctx, trx, send, phones.get(id) ?? null, REPAIR_SMS.staff, { number: wo.number, place: clip(wo.place), problem: clip(wo.problem) }, wo.unit_id);
        sms.push({ to: 'staff', name: known.get(id)!.displayName, outcome });
      }
      if (req.notifyCustomer) {
        const outcome = await smsTo(ctx, trx, send, wo.contact_phone, REPAIR_SMS.customer, { number: customerNumber(wo), place: clip(wo.place) }, wo.unit_id);
        sms.push({ to: 'customer', name: wo.contact_name ?? wo.customer_name ?? '', outcome });
      }
    };
    return newPlan({
      note: req.message,
      data: { recipients: recipients.map((id) => ({ id, name: known.get(id)!.displayName })), customer: req.notifyCustomer, sms },
      effects: [effect],
      notices: recipients.length ? [{ roles: [], unitPath: wo.unit_path, userIds: recipients, title: `【${w.zh}通知】${tag}`, body: req.message, titleEn: `[${w.en} notice] ${tag}`, bodyEn: req.message }] : [],
    });
  },

  assign_crew({ ctx, policy, wo }, req) {
    const crew = req.crew.map((c: CrewMember) => ({ name: c.name, phone: c.phone ? c.phone.replace(/[\s-]/g, '') : null }));
    const errors = crew.flatMap((c, i) => (c.phone && !/^\+?\d{5,20}$/.test(c.phone) ? [fieldError(`crew.${i}.phone`, '不是电话号码', 'is not a phone number')] : []));
    if (errors.length) throw invalid(errors);
    const send = repairSendsSms(policy, wo.kind);
    const sms: RepairSmsResult[] = [];
    const contact = clip([wo.contact_name, wo.contact_phone].filter(Boolean).join(' '));
    const effect = async (trx: Trx) => {
      for (const c of crew) {
        const outcome = await smsTo(ctx, trx, send, c.phone, REPAIR_SMS.crew, { number: wo.number, place: clip(wo.place), problem: clip(wo.problem), contact }, wo.unit_id);
        sms.push({ to: 'crew', name: c.name, outcome });
      }
    };
    return newPlan({
      patch: { crew: JSON.stringify(crew) },
      note: req.note ?? crew.map((c) => c.name).join('、'),
      data: { crew, changed: wo.status === 'crew_assigned', sms },
      effects: [effect],
    });
  },

  async record_arrival({ ctx, wo, now }, req) {
    const sent = await repo.lastEvent(ctx.db, wo.id, 'assign_crew');
    const at = whenDone('arrivedAt', req.arrivedAt, now, sent ? { at: sent.at, zh: '派工时间', en: 'the crew was sent' } : null);
    return newPlan({ patch: { arrived_at: at.toISOString() }, data: { arrivedAt: at.toISOString() }, doneAt: at });
  },

  complete_repair({ policy, wo, tag, now }, req) {
    const at = whenDone('completedAt', req.completedAt, now, wo.arrived_at ? { at: wo.arrived_at, zh: '到场时间', en: 'the crew arrived' } : null);
    const w = word(wo);
    return newPlan({
      patch: { completed_at: at.toISOString(), repair_result: req.result },
      note: req.result,
      data: { completedAt: at.toISOString() },
      doneAt: at,
      // The callback is due now (在得知抢修结束信息后，及时安排坐席回访).
      start: 'repaired',
      notices: [
        { roles: rolesFor(policy, 'callback', null, wo.kind), unitPath: wo.receiving_unit_path ?? wo.unit_path, title: `【待回访】${tag}`, body: `${w.zh}已完成：${req.result}。请回访客户确认是否修复。`, titleEn: `[Callback due] ${tag}`, bodyEn: `${w.en} done: ${req.result}. Call the customer to confirm it is fixed.` },
        ...toReporter(wo, `【${w.zh}已完工待回访】${tag}`, req.result, `[${w.en} done, callback due] ${tag}`, req.result),
      ],
    });
  },
};

/**
 * The agent's callback on a repair: confirmed → the repair order completes (回访确认后，完成抢修单); not repaired →
 * back to the crew, with arrival and completion to be recorded again and the rework clock running.
 */
export function repairCallback({ policy, wo, tag }: ActionEnv, req: ActionOf<'callback'>): Plan {
  const w = word(wo);
  if (req.satisfied) {
    const plan = newPlan({
      patch: { satisfied: 1, key_customer: 0 },
      branch: 'closed',
      event: 'callback_satisfied',
      notices: toReporter(wo, `【${w.zh}已完成】${tag}`, '回访确认已修复，抢修单已完成', `[${w.en} completed] ${tag}`, 'The callback confirmed the repair; the order is complete'),
    });
    // A key customer leaves the watch list only after a satisfied callback (docs/workorders.md "Watch list").
    if (wo.customer_key) plan.effects.push((trx) => repo.removeFromWatch(trx, wo.customer_key!));
    return plan;
  }
  const why = req.note ?? '回访未确认修复，请安排返修';
  return newPlan({
    patch: { satisfied: 0, arrived_at: null, completed_at: null },
    branch: 'crew_assigned',
    event: 'callback_unsatisfied',
    start: 'repair_rejected',
    notices: [
      { roles: rolesFor(policy, 'assign_crew', null, wo.kind), unitPath: wo.receiving_unit_path ?? wo.unit_path, title: `【回访未修复】${tag}`, body: why, titleEn: `[Callback: not repaired] ${tag}`, bodyEn: req.note ?? 'The callback did not confirm the repair; send the crew again' },
    ],
  });
}
