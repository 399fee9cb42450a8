import { z } from 'zod';
import { ROOT_CAUSE_CATEGORIES } from '../../core/workflow/root-causes';
import { id } from '../../platform/http/bounds';
import { ActionName, Channel, ComplaintCategory, DeadlineState, WorkOrderKind, WorkOrderStatus } from './workorders.schemas.codes';
import { isoDate, longText, shortText } from './workorders.schemas.fields';
import { AttachmentView } from './workorders.schemas.desk';

// What the register shows: the work-order view with its deadlines, timeline and 8D reports, the list and its
// query, the recurring invalid complaints.

// ---------- views ----------

export const ExplainLine = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });
export type ExplainLine = z.infer<typeof ExplainLine>;

export const SeverityExplain = z.object({
  packId: z.string(),
  packVersion: z.number(),
  /** The level the pack proposed (before any override). */
  proposed: z.string(),
  reasons: z.array(ExplainLine),
  refused: z.array(z.object({ level: z.string(), reasons: z.array(ExplainLine) })),
  facts: z.record(z.string(), z.unknown()),
  override: z.object({ level: z.string(), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type SeverityExplain = z.infer<typeof SeverityExplain>;

export const DeadlineBrief = z.object({ name: z.string(), due: z.string(), state: DeadlineState });
export type DeadlineBrief = z.infer<typeof DeadlineBrief>;

export const DeadlineView = DeadlineBrief.extend({
  id: z.string(),
  /** Local time of `due` in the work order's calendar, for display. */
  dueLocal: z.string(),
  startedAt: z.string(),
  /** e.g. "reply: 3 working_days after 2026-03-02 10:00 → 2026-03-05 18:00". */
  explain: z.string(),
  /** The same explanation in each language, for a screen that shows one (docs/web.md#languages). */
  explainText: z.object({ zh: z.string(), en: z.string() }),
  /** True when the calendar year needed is not loaded (due is an estimate). */
  provisional: z.boolean(),
  amount: z.number(),
  unit: z.string(),
  pauses: z.array(z.object({ start: z.string(), end: z.string().nullable() })),
  extensions: z.array(
    z.object({ from: z.string(), to: z.string(), reason: z.string(), customerAgreement: z.string().nullable(), requestedBy: z.string(), grantedBy: z.string().nullable(), at: z.string() }),
  ),
  /** A pending extension request, if any. */
  extensionRequest: z.object({ to: z.string(), reason: z.string(), requestedBy: z.string(), at: z.string() }).nullable(),
  metAt: z.string().nullable(),
  missedAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  ownerUnitId: z.string().nullable(),
});
export type DeadlineView = z.infer<typeof DeadlineView>;

export const TimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** created, received, accept, dispatch, … or deadline.missed, deadline.warned */
  event: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  /** Shown on the public portal (no staff names, no internal notes). */
  public: z.boolean(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Report8dFields = z.object({
  d1Team: longText.optional(),
  d2Problem: longText.optional(),
  d3Containment: longText.optional(),
  d4RootCause: longText.optional(),
  /** D4 classified: 人/机/料/法/环/测 (docs/quality-loop.md#root-causes). */
  d4Category: z.enum(ROOT_CAUSE_CATEGORIES).optional(),
  /** A sub-cause of the company's controlled list under that category. */
  d4CauseId: z.string().min(1).max(100).optional(),
  d5Actions: longText.optional(),
  d6Verification: longText.optional(),
  d7Prevention: longText.optional(),
  d8Closure: longText.optional(),
});
export type Report8dFields = z.infer<typeof Report8dFields>;

export const Report8dView = z.object({
  /** Number of submissions so far (1 = first). */
  revision: z.number(),
  status: z.enum(['submitted', 'returned', 'passed', 'approved']),
  reworkCount: z.number(),
  fields: Report8dFields,
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  history: z.array(z.object({ revision: z.number(), fields: Report8dFields, submittedBy: z.string().nullable(), submittedAt: z.string(), outcome: z.string().nullable(), reason: z.string().nullable() })),
});
export type Report8dView = z.infer<typeof Report8dView>;

export const Offer = z.object({
  /** Compensation value in yuan. */
  amount: z.number().nonnegative().max(1_000_000_000),
  description: shortText.optional(),
});
export type Offer = z.infer<typeof Offer>;

/** A repair's own record (docs/callcenter.md "Emergency repairs"); null for every other kind. */
export const RepairView = z.object({
  /** The call centre that runs it: the work order's receiving unit. */
  centreName: z.string().nullable(),
  crew: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
  arrivedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: z.string().nullable(),
  /** Whether its steps send SMS: `on`; `off` (no SMS provider configured); `not_for_kind` (an ordinary repair). */
  sms: z.enum(['on', 'off', 'not_for_kind']),
});
export type RepairView = z.infer<typeof RepairView>;

export const WorkOrderView = z.object({
  id: z.string(),
  number: z.string(),
  trackingNumber: z.string().nullable(),
  kind: WorkOrderKind,
  channel: Channel,
  category: ComplaintCategory.nullable(),
  status: WorkOrderStatus,
  severity: z.string().nullable(),
  severityExplain: SeverityExplain.nullable(),
  version: z.number(),
  policyVersion: z.number(),
  unitId: z.string(),
  unitName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  serial: z.string().nullable(),
  customerName: z.string().nullable(),
  customerCode: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  keyCustomer: z.boolean(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  batchNumber: z.string().nullable(),
  problem: z.string().nullable(),
  problemCategory: z.string().nullable(),
  description: z.string().nullable(),
  place: z.string().nullable(),
  occurredAt: z.string().nullable(),
  parties: z.string().nullable(),
  shipDate: z.string().nullable(),
  shipQuantity: z.number().nullable(),
  defectRate: z.number().nullable(),
  lotSize: z.number().nullable(),
  defectCount: z.number().nullable(),
  foundAt: z.string().nullable(),
  staffName: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()),
  receivedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdByName: z.string().nullable(),
  paused: z.boolean(),
  escalated: z.boolean(),
  objection: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  upgradeCount: z.number(),
  answer: z.string().nullable(),
  promisedReplyDate: z.string().nullable(),
  replyText: z.string().nullable(),
  adopted: z.boolean().nullable(),
  offer: Offer.nullable(),
  invalidReason: z.string().nullable(),
  satisfied: z.boolean().nullable(),
  report8d: Report8dView.nullable(),
  deadlines: z.array(DeadlineView),
  timeline: z.array(TimelineEntry),
  /** Actions the status allows and the caller's roles permit right now. */
  allowedActions: z.array(ActionName),
  /** Files attached by staff (any step, or the 8D) and by the customer on the portal, oldest first. */
  attachments: z.array(AttachmentView),
  repair: RepairView.nullable(),
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;

export const WorkOrderListItem = z.object({
  id: z.string(),
  number: z.string(),
  kind: WorkOrderKind,
  channel: Channel,
  category: ComplaintCategory.nullable(),
  status: WorkOrderStatus,
  severity: z.string().nullable(),
  customerName: z.string().nullable(),
  productCode: z.string().nullable(),
  problem: z.string().nullable(),
  problemCategory: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  receivedAt: z.string(),
  createdAt: z.string(),
  keyCustomer: z.boolean(),
  paused: z.boolean(),
  upgradeCount: z.number(),
  /** The earliest running deadline, if any. */
  nextDeadline: DeadlineBrief.nullable(),
  overdue: z.boolean(),
  version: z.number(),
});
export type WorkOrderListItem = z.infer<typeof WorkOrderListItem>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const WorkOrderListQuery = z.object({
  status: WorkOrderStatus.optional(),
  kind: WorkOrderKind.optional(),
  channel: Channel.optional(),
  category: ComplaintCategory.optional(),
  severity: z.string().max(20).optional(),
  department: id().optional(),
  overdue: boolQuery.optional(),
  keyCustomer: boolQuery.optional(),
  q: z.string().trim().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** newest first (default), or most severe first then newest (docs/workorders.md "API": when several complaints compete, severity decides the order). */
  order: z.enum(['newest', 'severity']).default('newest'),
  /** Only these work orders (comma-separated ids, at most 200): the register's "export selected". */
  ids: z
    .string()
    .max(20_000)
    .regex(/^[\w-]{1,100}(,[\w-]{1,100}){0,199}$/, '以逗号分隔的工单 ID，最多 200 个 / comma-separated work-order ids, at most 200')
    .transform((v) => v.split(','))
    .optional(),
});
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>;

export const WorkOrderList = z.object({ items: z.array(WorkOrderListItem), nextCursor: z.string().nullable() });
export type WorkOrderList = z.infer<typeof WorkOrderList>;

// ---------- recurring invalid complaints ----------

export const InvalidRecurrence = z.object({
  customer: z.string(),
  count: z.number(),
  firstAt: z.string(),
  lastAt: z.string(),
  workOrderIds: z.array(z.string()),
  numbers: z.array(z.string()),
});
export type InvalidRecurrence = z.infer<typeof InvalidRecurrence>;
