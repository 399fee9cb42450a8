import { z } from 'zod';

// Request and response shapes of the complaint desk (DOMAIN §2), shared with the web app.
// Stable contract: fields may be added, never renamed or removed.

export const WORK_ORDER_KINDS = ['complaint', 'suggestion', 'inquiry', 'praise', 'repair', 'emergency_repair', 'survey', 'inspection'] as const;
export const CHANNELS = ['phone', 'in_person', 'letter', 'suggestion_box', 'email', 'web', 'callback', 'external', 'direct'] as const;
export const COMPLAINT_CATEGORIES = ['quality', 'service', 'delivery', 'other'] as const;
export const STATUSES = ['received', 'accepted', 'dispatched', 'in_progress', 'review_8d', 'approved', 'replied', 'closed', 'invalid'] as const;
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
] as const;
/** Deadline names of the shipped policy (DOMAIN §2.5); a policy may add its own. */
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

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const shortText = z.string().trim().max(200);
const longText = z.string().trim().max(5000);

/** Extra facts for the severity pack (e.g. {"functionalFailure": true}); defectRate and the repeat count are derived. */
export const SeverityFacts = z.record(z.string(), z.union([z.boolean(), z.number(), z.string()]));
export type SeverityFacts = z.infer<typeof SeverityFacts>;

// ---------- creation ----------

export const WorkOrderCreate = z.object({
  kind: WorkOrderKind,
  channel: Channel,
  /** Complaints only: quality (product) / service / delivery / other. */
  category: ComplaintCategory.optional(),
  /** When it actually arrived (a letter registered later); defaults to now. Deadlines run from it. */
  receivedAt: isoDateTime.optional(),
  /** The owning unit (the company); defaults to the company above the creator's unit. */
  unitId: z.string().optional(),
  /** 表单编号 written on a paper form, when there is one. */
  serial: shortText.optional(),
  customerName: shortText.optional(),
  customerCode: shortText.optional(),
  contactName: shortText.optional(),
  contactPhone: z.string().trim().max(50).optional(),
  contactEmail: z.string().trim().max(200).optional(),
  /** Key customer on the watch list (重点关注); leaves it only after a satisfied callback. */
  keyCustomer: z.boolean().optional(),
  productCode: shortText.optional(),
  productName: shortText.optional(),
  /** The defect or problem, in the customer's words. */
  problem: longText.optional(),
  /** Kind of problem (牙纹不良, 短装 …); with productCode decides what counts as the same problem. */
  problemCategory: shortText.optional(),
  /** Course of events (经过). */
  description: longText.optional(),
  place: shortText.optional(),
  occurredAt: isoDateTime.optional(),
  parties: shortText.optional(),
  shipDate: isoDate.optional(),
  shipQuantity: z.number().int().nonnegative().optional(),
  /** 0–1 fraction. Alternatively lotSize + defectCount. */
  defectRate: z.number().min(0).max(1).optional(),
  lotSize: z.number().int().positive().optional(),
  defectCount: z.number().int().nonnegative().optional(),
  /** Where the customer found it (进料检验, 装配线, 终端用户 …). */
  foundAt: shortText.optional(),
  /** Other facts for the severity pack. */
  facts: SeverityFacts.optional(),
  /** Inquiry answered during the call: closes at once (DOMAIN §2.2). */
  answeredOnSpot: z.boolean().optional(),
  /** The answer given on the spot. */
  answer: longText.optional(),
  /** Suggestions: the promised reply date (default from the policy's reply deadline). */
  promisedReplyDate: isoDate.optional(),
  /** For praise letters and complaints about a named staff member (DOMAIN §5). */
  staffName: shortText.optional(),
});
export type WorkOrderCreate = z.infer<typeof WorkOrderCreate>;
export type WorkOrderCreateInput = WorkOrderCreate;

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
  /** Local time (+08:00) of `due`, for display. */
  dueLocal: z.string(),
  startedAt: z.string(),
  /** e.g. "reply: 3 working_days after 2026-03-02 10:00 → 2026-03-05 18:00". */
  explain: z.string(),
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
  amount: z.number().nonnegative(),
  description: shortText.optional(),
});
export type Offer = z.infer<typeof Offer>;

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
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;

/** 201 body of POST /api/workorders (fixed by issue 4) — a subset of the view. */
export const WorkOrderCreated = z.object({
  id: z.string(),
  number: z.string(),
  status: WorkOrderStatus,
  severity: z.string().nullable(),
  severityExplain: SeverityExplain.nullable(),
  version: z.number(),
  deadlines: z.array(DeadlineBrief),
});
export type WorkOrderCreated = z.infer<typeof WorkOrderCreated>;

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
  department: z.string().optional(),
  overdue: boolQuery.optional(),
  keyCustomer: boolQuery.optional(),
  q: z.string().trim().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** newest first (default), or most severe first then newest (DOMAIN §2.5: severity decides the order). */
  order: z.enum(['newest', 'severity']).default('newest'),
});
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>;

export const WorkOrderList = z.object({ items: z.array(WorkOrderListItem), nextCursor: z.string().nullable() });
export type WorkOrderList = z.infer<typeof WorkOrderList>;

// ---------- actions ----------

const base = { version: z.number().int(), note: longText.optional() };

export const ActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...base }),
  /** Not a valid complaint: still recorded with thanks/appeasement note (DOMAIN §2.2). */
  z.object({ action: z.literal('reject_invalid'), ...base, reason: z.string().trim().min(1).max(1000) }),
  /** With `level`: an override (reason required). Without: re-evaluate the pack with `facts`. */
  z.object({ action: z.literal('set_severity'), ...base, level: z.string().trim().min(1).max(20).optional(), reason: z.string().trim().max(1000).optional(), facts: SeverityFacts.optional() }),
  z.object({ action: z.literal('dispatch'), ...base, departmentId: z.string().min(1) }),
  z.object({ action: z.literal('sign'), ...base }),
  z.object({ action: z.literal('object'), ...base, reason: z.string().trim().min(1).max(1000) }),
  /** keep: the assignment stands (the department handles it); reassign: to departmentId. */
  z.object({ action: z.literal('decide_objection'), ...base, outcome: z.enum(['keep', 'reassign']), departmentId: z.string().optional() }),
  z.object({ action: z.literal('submit_8d'), ...base, report: Report8dFields }),
  z.object({ action: z.literal('return_8d'), ...base, reason: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('pass_8d'), ...base }),
  z.object({ action: z.literal('approve_8d'), ...base }),
  /** 试验及制样: stops the clock of every running deadline. */
  z.object({ action: z.literal('pause'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('resume'), ...base }),
  /** At least 1 working day before the deadline's due time. */
  z.object({ action: z.literal('request_extension'), ...base, deadline: z.string().min(1), until: isoDateTime, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('grant_extension'), ...base, deadline: z.string().min(1), customerAgreement: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('escalate'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('reply'), ...base, message: z.string().trim().min(1).max(5000), adopted: z.boolean().optional(), offer: Offer.optional() }),
  /** satisfied → closed; not satisfied → back to handling. */
  z.object({ action: z.literal('callback'), ...base, satisfied: z.boolean() }),
  /** The customer refuses the result: an upgraded complaint (升级投诉). */
  z.object({ action: z.literal('reopen'), ...base, reason: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('close'), ...base }),
]);
export type ActionRequest = z.infer<typeof ActionRequest>;
export type ActionOf<A extends ActionName> = Extract<ActionRequest, { action: A }>;

// ---------- public portal ----------

export const PublicComplaintCreate = z.object({
  kind: z.enum(['complaint', 'suggestion', 'inquiry', 'praise']).default('complaint'),
  name: z.string().trim().min(1).max(100),
  company: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  email: z.string().trim().max(200).optional(),
  productCode: shortText.optional(),
  productName: shortText.optional(),
  problem: z.string().trim().min(1).max(5000),
  description: longText.optional(),
  shipDate: isoDate.optional(),
});
export type PublicComplaintCreate = z.infer<typeof PublicComplaintCreate>;

export const PublicComplaintCreated = z.object({ trackingNumber: z.string() });
export type PublicComplaintCreated = z.infer<typeof PublicComplaintCreated>;

export const PublicComplaintView = z.object({
  trackingNumber: z.string(),
  kind: z.string(),
  status: WorkOrderStatus,
  receivedAt: z.string(),
  problem: z.string().nullable(),
  /** The reply sent to the customer, once replied. */
  replyText: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), event: z.string(), textZh: z.string(), textEn: z.string() })),
});
export type PublicComplaintView = z.infer<typeof PublicComplaintView>;

// ---------- import ----------

export const ImportResult = z.object({
  imported: z.number(),
  ids: z.array(z.string()),
  /** One entry per problem: sheet row, create-field, the sheet column's header, and a Chinese-first message. */
  errors: z.array(z.object({ row: z.number(), field: z.string(), column: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

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

// ---------- reports (DOMAIN §2.6) ----------

export const ReportGroupBy = z.enum(REPORT_GROUP_BY);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

export const ReportQuery = z.object({
  from: isoDate,
  to: isoDate,
  /**
   * One grouping (`groupBy=kind`, the original form) or several, comma-separated (`groupBy=kind,channel,severity`)
   * so the dashboard makes one request; duplicates are dropped, the order is kept.
   */
  groupBy: z
    .string()
    .default('kind')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(ReportGroupBy).min(1).max(REPORT_GROUP_BY.length)),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const OnTimeRow = z.object({ deadline: z.string(), total: z.number(), met: z.number(), missed: z.number(), open: z.number(), rate: z.number().nullable() });
export type OnTimeRow = z.infer<typeof OnTimeRow>;

export const ReportGroup = z.object({ key: z.string(), label: z.string(), count: z.number() });

export const WorkOrderReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The first grouping asked for, and its groups (the single-groupBy form of the response). */
  groupBy: ReportGroupBy,
  total: z.number(),
  groups: z.array(ReportGroup),
  /** Every grouping asked for, in the order asked: `groupBy=kind,channel` → [{groupBy: 'kind', …}, {groupBy: 'channel', …}]. */
  groupings: z.array(z.object({ groupBy: ReportGroupBy, groups: z.array(ReportGroup) })),
  onTime: z.array(OnTimeRow),
  repeats: z.array(z.object({ productCode: z.string(), problemCategory: z.string(), count: z.number() })),
  satisfaction: z.object({ callbacks: z.number(), satisfied: z.number(), rate: z.number().nullable() }),
  overdueNow: z.number(),
});
export type WorkOrderReport = z.infer<typeof WorkOrderReport>;

export const PeriodReportQuery = z.object({
  /** 'YYYY-MM' for monthly, 'YYYY-Qn' for quarterly. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/),
});

export const PeriodReport = z.object({
  period: z.string(),
  kind: z.enum(['monthly', 'quarterly']),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  byKind: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  bySeverity: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  byDepartment: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  onTime: z.array(OnTimeRow),
  satisfaction: z.object({ callbacks: z.number(), satisfied: z.number(), rate: z.number().nullable() }),
  repeats: z.array(z.object({ productCode: z.string(), problemCategory: z.string(), count: z.number() })),
  /** Root causes and corrective actions from the period's approved 8D reports (纠正预防措施). */
  correctiveActions: z.array(z.object({ id: z.string(), number: z.string(), productCode: z.string().nullable(), problem: z.string().nullable(), rootCause: z.string().nullable(), actions: z.string().nullable(), prevention: z.string().nullable() })),
  invalidRecurring: z.array(InvalidRecurrence),
  overdueNow: z.number(),
});
export type PeriodReport = z.infer<typeof PeriodReport>;

// ---------- policy ----------

export const PolicyVersionView = z.object({
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  note: z.string().nullable(),
  /** The policy document (format: docs/workorders.md). */
  document: z.record(z.string(), z.unknown()),
  yaml: z.string(),
});
export type PolicyVersionView = z.infer<typeof PolicyVersionView>;

export const PolicyPut = z.object({
  /** The version the editor read (optimistic concurrency). */
  baseVersion: z.number().int(),
  /** Either the YAML text or the parsed document. */
  yaml: z.string().max(200_000).optional(),
  document: z.record(z.string(), z.unknown()).optional(),
  note: z.string().trim().max(1000).optional(),
});
export type PolicyPut = z.infer<typeof PolicyPut>;
