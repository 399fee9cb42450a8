import { z } from 'zod';

// The codes of the complaint desk's API (kinds, channels, statuses, actions, deadline names …), shared with the
// web app through workorders.schemas.ts. Stable contract: values may be added, never renamed or removed.

export const WORK_ORDER_KINDS = ['complaint', 'suggestion', 'inquiry', 'praise', 'repair', 'emergency_repair', 'survey', 'inspection'] as const;
export const CHANNELS = ['phone', 'in_person', 'letter', 'suggestion_box', 'email', 'web', 'callback', 'external', 'direct'] as const;
export const COMPLAINT_CATEGORIES = ['quality', 'service', 'delivery', 'other'] as const;
export const STATUSES = ['received', 'accepted', 'dispatched', 'in_progress', 'review_8d', 'approved', 'replied', 'closed', 'invalid', 'taken', 'notified', 'crew_assigned', 'on_site', 'repaired'] as const;
export const DEADLINE_STATES = ['running', 'paused', 'met', 'missed'] as const;
export const ACTIONS = [
  'accept',
  'reject_invalid',
  'set_severity',
  'dispatch',
  'sign',
  'object',
  'decide_objection',
  'submit_8d',
  'return_8d',
  'pass_8d',
  'approve_8d',
  'pause',
  'resume',
  'request_extension',
  'grant_extension',
  'escalate',
  'reply',
  'callback',
  'reopen',
  'close',
  'take',
  'notify',
  'assign_crew',
  'record_arrival',
  'complete_repair',
] as const;
/** Deadline names of the shipped policy (docs/workorders.md "Deadlines"); a policy may add its own. */
export const DEADLINE_NAMES = [
  'dispatch',
  'first_response',
  'reply',
  'containment',
  'temporary_measure',
  'permanent_measure',
  'closure',
  'callback',
  'escalation_handled',
  'form_correction',
  'analysis',
  'repair_take',
  'repair_arrival',
  'repair_done',
  'repair_callback',
  'repair_rework',
] as const;
export const REPORT_GROUP_BY = ['kind', 'channel', 'severity', 'department', 'product', 'customer', 'month', 'problem'] as const;

export const WorkOrderKind = z.enum(WORK_ORDER_KINDS);
export type WorkOrderKind = z.infer<typeof WorkOrderKind>;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;
export const ComplaintCategory = z.enum(COMPLAINT_CATEGORIES);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;
export const WorkOrderStatus = z.enum(STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;
export const DeadlineState = z.enum(DEADLINE_STATES);
export type DeadlineState = z.infer<typeof DeadlineState>;
export const ActionName = z.enum(ACTIONS);
export type ActionName = z.infer<typeof ActionName>;

/** Extra facts for the severity pack (e.g. {"functionalFailure": true}); defectRate and the repeat count are derived. */
export const SeverityFacts = z.record(z.string().max(100), z.union([z.boolean(), z.number(), z.string().max(1000)]));
export type SeverityFacts = z.infer<typeof SeverityFacts>;
