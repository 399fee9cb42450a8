import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';
import { ActionName, SeverityFacts } from './workorders.schemas.codes';
import { isoDateTime, longText } from './workorders.schemas.fields';
import { QualityVerification } from './workorders.schemas.quality';
import { Offer, Report8dFields } from './workorders.schemas.register';

// ---------- actions ----------

const base = { version: version(), note: longText.optional() };
/** The 话术库 entry the reply was written from or the callback script read: counted as a use (docs/knowledge.md). */
const knowledge = { knowledgeEntryId: id().optional() };

/** One member of a repair crew: field staff are named and reached by phone, they need no account. */
export const CrewMember = z.object({
  name: z.string().trim().min(1).max(50),
  phone: z.string().trim().max(50).optional(),
});
export type CrewMember = z.infer<typeof CrewMember>;

export const ActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...base }),
  /** Not a valid complaint: still recorded with thanks/appeasement note (docs/workorders.md "Flow"). */
  z.object({ action: z.literal('reject_invalid'), ...base, reason: z.string().trim().min(1).max(1000) }),
  /** With `level`: an override (reason required). Without: re-evaluate the pack with `facts`. */
  z.object({ action: z.literal('set_severity'), ...base, level: z.string().trim().min(1).max(20).optional(), reason: z.string().trim().max(1000).optional(), facts: SeverityFacts.optional() }),
  z.object({ action: z.literal('dispatch'), ...base, departmentId: id() }),
  z.object({ action: z.literal('sign'), ...base }),
  z.object({ action: z.literal('object'), ...base, reason: z.string().trim().min(1).max(1000) }),
  /** keep: the assignment stands (the department handles it); reassign: to departmentId. */
  z.object({ action: z.literal('decide_objection'), ...base, outcome: z.enum(['keep', 'reassign']), departmentId: id().optional() }),
  z.object({ action: z.literal('submit_8d'), ...base, report: Report8dFields }),
  z.object({ action: z.literal('return_8d'), ...base, reason: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('pass_8d'), ...base }),
  /** With `verification`: the quality-accident facts (docs/quality-loop.md); the pack may propose a quality accident. */
  z.object({ action: z.literal('approve_8d'), ...base, verification: QualityVerification.optional() }),
  /** 试验及制样: stops the clock of every running deadline. */
  z.object({ action: z.literal('pause'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('resume'), ...base }),
  /** At least 1 working day before the deadline's due time. */
  z.object({ action: z.literal('request_extension'), ...base, deadline: z.string().min(1).max(50), until: isoDateTime, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('grant_extension'), ...base, deadline: z.string().min(1).max(50), customerAgreement: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('escalate'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('reply'), ...base, message: z.string().trim().min(1).max(5000), adopted: z.boolean().optional(), offer: Offer.optional(), ...knowledge }),
  /** satisfied → closed; not satisfied → back to handling (a repair: confirmed repaired → completed; not → back to the crew). */
  z.object({ action: z.literal('callback'), ...base, satisfied: z.boolean(), ...knowledge }),
  /** The customer refuses the result: an upgraded complaint (升级投诉). */
  z.object({ action: z.literal('reopen'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('close'), ...base }),
  // The repair path (docs/callcenter.md "Emergency repairs").
  /** The team lead takes the reported repair on (创建抢修单). */
  z.object({ action: z.literal('take'), ...base }),
  /** Tell the people concerned (users, in-app and — for an emergency repair — by SMS) and the customer (SMS). */
  z.object({
    action: z.literal('notify'),
    ...base,
    recipients: z.array(id()).max(50).default([]),
    notifyCustomer: z.boolean().default(true),
    message: z.string().trim().min(1).max(500),
    ...knowledge,
  }),
  /** Send the crew (or change it before it arrives). */
  z.object({ action: z.literal('assign_crew'), ...base, crew: z.array(CrewMember).min(1).max(20) }),
  /** When the crew arrived (default now). */
  z.object({ action: z.literal('record_arrival'), ...base, arrivedAt: isoDateTime.optional() }),
  /** When the repair was done (default now) and what was done; an agent's callback is due next. */
  z.object({ action: z.literal('complete_repair'), ...base, completedAt: isoDateTime.optional(), result: z.string().trim().min(1).max(2000) }),
]);
export type ActionRequest = z.infer<typeof ActionRequest>;
export type ActionOf<A extends ActionName> = Extract<ActionRequest, { action: A }>;
