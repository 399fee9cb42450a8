import { z } from 'zod';
import type { DurationUnit } from '../calendar';
import { FLOW_ACTIONS, REPAIR_ACTIONS, isRepairKind, type FlowAction } from './flow';

// The complaint policy (docs/workorders.md#intake, docs/workorders.md#severity (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2), docs/workorders.md#deadlines): data, validated on load, versioned by the service.
// Format: docs/workorders.md "Policy format". Pure: the service passes the known roles and packs in.

const UNITS = ['working_days', 'working_hours', 'hours', 'days', 'months', 'years'] as const satisfies readonly DurationUnit[];

/**
 * Events that start a deadline. `repaired`: the repair's completion was recorded (the callback is due);
 * `repair_rejected`: the callback did not confirm it and it went back to the crew (docs/callcenter.md "Emergency repairs").
 */
export const DEADLINE_TRIGGERS = ['created', 'reply', 'escalate', 'return_8d', 'callback_unsatisfied', 'repaired', 'repair_rejected'] as const;
export type DeadlineTrigger = (typeof DEADLINE_TRIGGERS)[number];

/** Values the desk computes itself and can hand to a severity pack under the pack's fact name. */
export const DERIVED_FACTS = ['defectRate', 'sameProblemCountThisMonth', 'repeatedThisMonth'] as const;
export type DerivedFact = (typeof DERIVED_FACTS)[number];

/** Composite field names in `required`: customer = name or code; defect = defectRate, or lotSize and defectCount. */
export const COMPOSITE_FIELDS = ['customer', 'defect'] as const;

const Label = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const DeadlineSpecSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  label: Label,
  on: z.enum(DEADLINE_TRIGGERS),
  kinds: z.array(z.string()).min(1).optional(),
  categories: z.array(z.string()).min(1).optional(),
  /** Only while the severity is one of these; started when the severity becomes one of them. */
  severities: z.array(z.string()).min(1).optional(),
  amount: z.number().positive(),
  unit: z.enum(UNITS),
  /** Counting from the receipt time (deadlines "after receipt") or from the event itself. */
  from: z.enum(['received', 'event']),
  metBy: z.array(z.string()).min(1),
  /** Whose roles own it: on the owning unit, the responsible department, or the receiving unit (a repair's call centre). */
  owner: z.object({ roles: z.array(z.string()).min(1), unit: z.enum(['owning', 'department', 'receiving']) }),
});
export type DeadlineSpec = Omit<z.infer<typeof DeadlineSpecSchema>, 'metBy' | 'unit'> & { metBy: FlowAction[]; unit: DurationUnit };

const RequiredRuleSchema = z.object({
  kind: z.string(),
  category: z.string().optional(),
  fields: z.array(z.string()),
});

export const PolicySchema = z.object({
  id: z.literal('complaint-policy'),
  title: Label,
  severity: z.object({
    pack: z.string().min(1),
    selectable: z.array(z.string()).min(1),
    kinds: z.array(z.string()).min(1),
    /** pack fact name ← value the desk derives */
    derive: z.record(z.string(), z.enum(DERIVED_FACTS)),
  }),
  required: z.array(RequiredRuleSchema),
  deadlines: z.array(DeadlineSpecSchema).min(1),
  warnAtFraction: z.number().gt(0).lt(1),
  actions: z.record(z.string(), z.array(z.string())),
  /** For these severities, the action needs one of these roles instead (e.g. a serious complaint's form is approved by the VP). */
  approvals: z.record(z.string(), z.object({ severities: z.array(z.string()).min(1), roles: z.array(z.string()).min(1) })).optional(),
  /** Roles searched upward from the owner's unit for the superior told of a missed deadline, in order. */
  superiorRoles: z.array(z.string()).min(1),
  /** Highest offer (yuan) a role may promise without approval; roles not listed may offer nothing. null = no limit. */
  offerLimits: z.record(z.string(), z.number().nonnegative().nullable()),
  invalidRecurrence: z.object({ count: z.number().int().min(2), days: z.number().int().positive(), notifyRoles: z.array(z.string()).min(1) }),
  /** Extensions must be asked for at least this many working days before the due time (docs/workorders.md#deadlines). */
  extensionNoticeWorkingDays: z.number().nonnegative(),
  /**
   * The repair path (报修, 抢修单; docs/callcenter.md "Emergency repairs"): the kinds whose steps send SMS, and who
   * takes each step on a repair — instead of `actions` for the actions named here.
   */
  repairs: z.object({
    sms: z.array(z.string()),
    actions: z.record(z.string(), z.array(z.string()).min(1)),
  }),
});
export type ComplaintPolicy = Omit<z.infer<typeof PolicySchema>, 'deadlines' | 'actions' | 'approvals' | 'repairs'> & {
  deadlines: DeadlineSpec[];
  actions: Partial<Record<FlowAction, string[]>>;
  approvals?: Partial<Record<FlowAction, { severities: string[]; roles: string[] }>>;
  /** Absent from versions published before the repair path existed (workorders.policy.ts adds it on start). */
  repairs?: { sms: string[]; actions: Partial<Record<FlowAction, string[]>> };
};

/**
 * The roles that may take `action` on a work order of `severity` and `kind` (投诉作业流程 cl. 5.2.2; 投诉处理制度 cl. 5.2;
 * docs/workorders.md#handling-steps, step 3: serious → the VP). On a repair the policy's `repairs.actions` decide
 * the actions they name (the team lead takes it, an agent calls back — 呼叫中心岗位职责 cl. 3.1(2)); the repair-only
 * steps have no other roles.
 */
export function rolesFor(policy: ComplaintPolicy, action: FlowAction, severity: string | null, kind?: string): string[] {
  if (kind !== undefined && isRepairKind(kind)) {
    const r = policy.repairs?.actions[action];
    if (r) return r;
  }
  if (REPAIR_ACTIONS.includes(action)) return policy.repairs?.actions[action] ?? [];
  const a = policy.approvals?.[action];
  if (a && severity !== null && a.severities.includes(severity)) return a.roles;
  return policy.actions[action] ?? [];
}

/** Every role that may take `action` on some work order: the general roles, the approvers and the repair roles. */
export function anyRolesFor(policy: ComplaintPolicy, action: FlowAction): string[] {
  return [...new Set([...(policy.actions[action] ?? []), ...(policy.approvals?.[action]?.roles ?? []), ...(policy.repairs?.actions[action] ?? [])])];
}

/** Whether the repair steps of a work order of `kind` send SMS (the policy's `repairs.sms`; an ordinary 报修 does not). */
export function repairSendsSms(policy: ComplaintPolicy, kind: string): boolean {
  return isRepairKind(kind) && (policy.repairs?.sms ?? []).includes(kind);
}

export interface PolicyIssue {
  path: string;
  message: string;
}

export interface PolicyContext {
  roles: readonly string[];
  kinds: readonly string[];
  categories: readonly string[];
  fields: readonly string[];
  packs: readonly string[];
}

/**
 * Validates a policy document: shape first, then references (roles, actions, packs, fields). Every issue is
 * reported with its path, so an administrator's edit is refused with the full list (422).
 */
export function validatePolicy(doc: unknown, known: PolicyContext): { policy: ComplaintPolicy | null; issues: PolicyIssue[] } {
  const parsed = PolicySchema.safeParse(doc);
  if (!parsed.success) {
    return { policy: null, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
  }
  const p = parsed.data;
  const issues: PolicyIssue[] = [];
  const role = (path: string, r: string) => {
    if (!known.roles.includes(r)) issues.push({ path, message: `unknown role ${r}` });
  };
  const kind = (path: string, k: string) => {
    if (!known.kinds.includes(k)) issues.push({ path, message: `unknown kind ${k}` });
  };
  if (!known.packs.includes(p.severity.pack)) issues.push({ path: 'severity.pack', message: `unknown rule pack ${p.severity.pack}` });
  if (!p.severity.selectable.includes(p.severity.pack)) issues.push({ path: 'severity.selectable', message: 'must include severity.pack' });
  p.severity.selectable.forEach((s, i) => {
    if (!known.packs.includes(s)) issues.push({ path: `severity.selectable.${i}`, message: `unknown rule pack ${s}` });
  });
  p.severity.kinds.forEach((k, i) => kind(`severity.kinds.${i}`, k));
  p.required.forEach((r, i) => {
    kind(`required.${i}.kind`, r.kind);
    if (r.category !== undefined && !known.categories.includes(r.category)) issues.push({ path: `required.${i}.category`, message: `unknown category ${r.category}` });
    r.fields.forEach((f, j) => {
      if (!known.fields.includes(f) && !(COMPOSITE_FIELDS as readonly string[]).includes(f)) issues.push({ path: `required.${i}.fields.${j}`, message: `unknown field ${f}` });
    });
  });
  p.deadlines.forEach((d, i) => {
    d.kinds?.forEach((k, j) => kind(`deadlines.${i}.kinds.${j}`, k));
    d.categories?.forEach((c, j) => {
      if (!known.categories.includes(c)) issues.push({ path: `deadlines.${i}.categories.${j}`, message: `unknown category ${c}` });
    });
    d.metBy.forEach((a, j) => {
      if (!(FLOW_ACTIONS as string[]).includes(a)) issues.push({ path: `deadlines.${i}.metBy.${j}`, message: `unknown action ${a}` });
    });
    d.owner.roles.forEach((r, j) => role(`deadlines.${i}.owner.roles.${j}`, r));
  });
  for (const [action, roles] of Object.entries(p.actions)) {
    if (!(FLOW_ACTIONS as string[]).includes(action)) issues.push({ path: `actions.${action}`, message: `unknown action ${action}` });
    else if (REPAIR_ACTIONS.includes(action as FlowAction)) issues.push({ path: `actions.${action}`, message: `a repair step's roles belong under repairs.actions` });
    roles.forEach((r, j) => role(`actions.${action}.${j}`, r));
  }
  for (const a of FLOW_ACTIONS) {
    if (REPAIR_ACTIONS.includes(a)) {
      if (!p.repairs.actions[a]?.length) issues.push({ path: `repairs.actions.${a}`, message: 'every repair step needs at least one role' });
    } else if (!p.actions[a]?.length) issues.push({ path: `actions.${a}`, message: 'every action needs at least one role' });
  }
  p.repairs.sms.forEach((k, i) => {
    if (!isRepairKind(k)) issues.push({ path: `repairs.sms.${i}`, message: `not a repair kind: ${k}` });
  });
  for (const [action, roles] of Object.entries(p.repairs.actions)) {
    if (!(FLOW_ACTIONS as string[]).includes(action)) issues.push({ path: `repairs.actions.${action}`, message: `unknown action ${action}` });
    roles.forEach((r, j) => role(`repairs.actions.${action}.${j}`, r));
  }
  for (const [action, a] of Object.entries(p.approvals ?? {})) {
    if (!(FLOW_ACTIONS as string[]).includes(action)) issues.push({ path: `approvals.${action}`, message: `unknown action ${action}` });
    a.roles.forEach((r, j) => role(`approvals.${action}.roles.${j}`, r));
  }
  p.superiorRoles.forEach((r, i) => role(`superiorRoles.${i}`, r));
  Object.keys(p.offerLimits).forEach((r) => role(`offerLimits.${r}`, r));
  p.invalidRecurrence.notifyRoles.forEach((r, i) => role(`invalidRecurrence.notifyRoles.${i}`, r));
  if (issues.length) return { policy: null, issues };
  return { policy: p as ComplaintPolicy, issues };
}

/** The fields a new work order must carry: the first `required` rule matching kind (and category). */
export function requiredFieldsFor(policy: ComplaintPolicy, kind: string, category: string | null | undefined): string[] {
  const rule =
    policy.required.find((r) => r.kind === kind && r.category !== undefined && r.category === category) ??
    policy.required.find((r) => r.kind === kind && r.category === undefined);
  return rule?.fields ?? [];
}

export type FieldValue = string | number | boolean | null | undefined | Record<string, unknown>;

const present = (v: FieldValue) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/**
 * Every missing required field (docs/workorders.md#intake: "refused with a clear message naming each missing field").
 * Composite fields report the alternatives, e.g. defect → defectRate (or lotSize + defectCount).
 */
export function missingFields(required: string[], record: Record<string, FieldValue>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const f of required) {
    if (f === 'customer') {
      if (!present(record.customerName) && !present(record.customerCode)) out.push({ field: 'customerName', message: '客户名称或代码必填 / customer name or code is required' });
    } else if (f === 'defect') {
      if (present(record.defectRate)) continue;
      const lot = present(record.lotSize);
      const cnt = present(record.defectCount);
      if (!lot && !cnt) out.push({ field: 'defectRate', message: '不良率或批量与不良数必填 / defect rate, or lot size and defect count, is required' });
      else if (!lot) out.push({ field: 'lotSize', message: '填写不良数时批量必填 / lot size is required with a defect count' });
      else if (!cnt) out.push({ field: 'defectCount', message: '填写批量时不良数必填 / defect count is required with a lot size' });
    } else if (!present(record[f])) {
      out.push({ field: f, message: `必填 / ${f} is required` });
    }
  }
  return out;
}

export interface DeadlineSubject {
  kind: string;
  category: string | null;
  severity: string | null;
}

/** The deadline specs a trigger starts for a work order (severity-bound ones only while the severity matches). */
export function specsFor(policy: ComplaintPolicy, on: DeadlineTrigger, s: DeadlineSubject): DeadlineSpec[] {
  return policy.deadlines.filter(
    (d) =>
      d.on === on &&
      (!d.kinds || d.kinds.includes(s.kind)) &&
      (!d.categories || (s.category !== null && d.categories.includes(s.category))) &&
      (!d.severities || (s.severity !== null && d.severities.includes(s.severity))),
  );
}

/** The highest offer `roles` may make alone: the largest limit among them; null = unlimited; 0 if none listed. */
export function offerLimit(policy: ComplaintPolicy, roles: readonly string[]): number | null {
  let best: number | null = 0;
  for (const r of roles) {
    if (!(r in policy.offerLimits)) continue;
    const lim = policy.offerLimits[r];
    if (lim === null) return null;
    if (best !== null && lim > best) best = lim;
  }
  return best;
}
