import { randomBytes } from 'node:crypto';
import type { WorkCalendar } from '../../core/calendar';
import { extensionTooLate, shortLocal } from '../../core/workflow/deadlines';
import { CHANNEL_LABELS, DEADLINE_LABELS, STATUS_LABELS, labelOf } from '../../core/workflow/labels';
import { TERMINAL_STATUSES, nextStatus, transitionFor, type FlowAction, type FlowStatus } from '../../core/workflow/flow';
import { missingFields, offerLimit, requiredFieldsFor, specsFor, type ComplaintPolicy, type DeadlineTrigger, type FieldValue } from '../../core/workflow/policy';
import { deriveFacts, packFacts, severityRank } from '../../core/workflow/severity';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { AppError, conflict, forbidden, invalid, notFound, staleVersion, tooManyRequests, type FieldError } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { hitRateLimit } from '../../platform/http/rate-limit';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit/audit.service';
import { coversUnit, scopePaths, type Principal } from '../auth/principal';
import type { RoleCode } from '../org/roles';
import { getCalendar } from '../calendar/calendar.service';
import { notify } from '../notifications/notifications.service';
import { evaluatePack, getActivePack, validatePackFacts } from '../rules/rules.service';
import { actionsFor, canAct, canSee, subjectOf } from './workorders.access';
import {
  parseExtensions,
  pauseDeadlines,
  recomputed,
  resumeDeadlines,
  settleDeadlines,
  startDeadlines,
  type ExtensionRecord,
  type ExtensionRequest,
} from './workorders.deadlines';
import { holdersCovering } from './workorders.people';
import { currentPolicy, policyVersion } from './workorders.policy';
import * as repo from './workorders.repository';
import type {
  ActionRequest,
  InvalidRecurrence,
  PublicComplaintCreate,
  PublicComplaintView,
  SeverityExplain,
  WorkOrderCreate,
  WorkOrderCreated,
  WorkOrderList,
  WorkOrderListQuery,
  WorkOrderView,
} from './workorders.schemas';
import { brief, presentListItem, presentWorkOrder } from './workorders.view';

// Use cases of the complaint desk (DOMAIN §2). Rules live here and in src/core/workflow; queries in the
// repository. Reads through ctx.db (calendar, rule packs, policy) happen before a transaction opens: SQLite has
// one connection, so nothing inside a transaction may wait for it.

const workOrderNotFound = () => notFound('Work order', '工单', 'workorder_not_found');

export const customerKeyOf = (code: string | null | undefined, name: string | null | undefined) => {
  const k = (code?.trim() || name?.trim() || '').toLowerCase();
  return k || null;
};

const searchTextOf = (r: Pick<repo.WorkOrderRow, 'number' | 'customer_name' | 'customer_code' | 'product_code' | 'product_name' | 'problem' | 'problem_category' | 'description' | 'tracking_number'>) =>
  [r.number, r.tracking_number, r.customer_name, r.customer_code, r.product_code, r.product_name, r.problem, r.problem_category, r.description]
    .filter((x): x is string => !!x)
    .join(' ')
    .toLowerCase();

const eventRow = (woId: string, at: Date, event: string, actor: Principal | null, extra: Partial<repo.EventRow> = {}): repo.EventRow => ({
  id: newId(at.getTime()),
  work_order_id: woId,
  at: at.toISOString(),
  event,
  actor_id: actor?.id ?? null,
  actor_name: actor?.displayName ?? null,
  from_status: null,
  to_status: null,
  note: null,
  public: 0,
  data: null,
  ...extra,
});

// ---------- severity ----------

interface SeverityResult {
  severity: string | null;
  rank: number;
  explain: SeverityExplain | null;
  facts: Record<string, unknown>;
}

/**
 * DOMAIN §2.3: the policy's pack proposes the level from the recorded facts — defectRate from the record (or
 * defectCount ÷ lotSize), the same-month repeat count from history — with its explanation.
 */
async function proposeSeverity(
  ctx: AppContext,
  policy: ComplaintPolicy,
  rec: { kind: string; productCode?: string | null; problemCategory?: string | null; defectRate?: number | null; lotSize?: number | null; defectCount?: number | null; receivedMonth: string; asOf: string; excludeSelf?: boolean },
  given: Record<string, unknown>,
): Promise<SeverityResult> {
  if (!policy.severity.kinds.includes(rec.kind)) return { severity: null, rank: 0, explain: null, facts: given };
  const packId = policy.severity.pack;
  const { pack } = await getActivePack(ctx, packId);
  let earlier = 0;
  if (rec.productCode && rec.problemCategory) {
    earlier = await repo.countSameProblem(ctx.db, rec.productCode, rec.problemCategory, rec.receivedMonth);
    if (rec.excludeSelf) earlier = Math.max(0, earlier - 1);
  }
  const derived = deriveFacts({ defectRate: rec.defectRate, lotSize: rec.lotSize, defectCount: rec.defectCount, earlierSameProblemThisMonth: earlier });
  const facts = packFacts(policy.severity.derive, derived, given, Object.keys(pack.facts));
  const ev = await evaluatePack(ctx, packId, facts, rec.asOf);
  return {
    severity: ev.level,
    rank: severityRank(pack.levels.map((l) => l.id), pack.fallback, ev.level),
    facts,
    explain: { packId: ev.packId, packVersion: ev.version, proposed: ev.level, reasons: ev.explain, refused: ev.refused, facts, override: null },
  };
}

// ---------- creation ----------

export interface CreateArgs {
  input: WorkOrderCreate;
  actor: Principal | null;
  unit: { id: string; path: string };
  receiving: { id: string; path: string } | null;
  trackingNumber: string | null;
}

export interface Prepared {
  args: CreateArgs;
  policy: ComplaintPolicy;
  policyVersion: number;
  cal: WorkCalendar;
  sev: SeverityResult;
  receivedAt: string;
  now: Date;
}

async function prepareCreate(ctx: AppContext, args: CreateArgs, opts: { skipRequired?: boolean } = {}): Promise<Prepared> {
  const { input } = args;
  const now = ctx.clock.now();
  const { version, policy } = await currentPolicy(ctx);
  const cal = await getCalendar(ctx, { unitId: args.unit.id });
  const errors: FieldError[] = [];
  const category = input.kind === 'complaint' ? (input.category ?? null) : null;
  if (!opts.skipRequired) errors.push(...missingFields(requiredFieldsFor(policy, input.kind, category), input as Record<string, FieldValue>));
  if (input.kind === 'complaint' && !input.category && !opts.skipRequired) errors.push({ field: 'category', message: '投诉类别必填 / category is required for a complaint' });
  if (input.lotSize !== undefined && input.defectCount !== undefined && input.defectCount > input.lotSize) {
    errors.push({ field: 'defectCount', message: '不良数不能大于批量 / defect count exceeds the lot size' });
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) errors.push({ field: 'receivedAt', message: '收到时间不能晚于现在 / receivedAt is in the future' });
  if (input.contactEmail && !/^[^\s@]+@[^\s@]+$/.test(input.contactEmail)) errors.push({ field: 'contactEmail', message: '邮箱格式不正确 / not an e-mail address' });
  if (input.answeredOnSpot && input.kind !== 'inquiry') errors.push({ field: 'answeredOnSpot', message: '仅咨询可当场答复结案 / only inquiries are answered on the spot' });
  if (input.answeredOnSpot && !input.answer) errors.push({ field: 'answer', message: '请填写当场答复内容 / the answer given is required' });
  if (input.facts && policy.severity.kinds.includes(input.kind)) {
    for (const e of await validatePackFacts(ctx, policy.severity.pack, input.facts)) errors.push({ field: e.field ? `facts.${e.field}` : 'facts', message: e.message });
  }
  if (errors.length) throw invalid(errors, 'Some fields are missing or invalid', '有字段缺失或无效');
  const receivedIso = receivedAt.toISOString();
  const month = cal.localDate(receivedAt).slice(0, 7);
  const sev = await proposeSeverity(
    ctx,
    policy,
    { kind: input.kind, productCode: input.productCode, problemCategory: input.problemCategory, defectRate: input.defectRate, lotSize: input.lotSize, defectCount: input.defectCount, receivedMonth: month, asOf: cal.localDate(receivedAt) },
    input.facts ?? {},
  );
  return { args, policy, policyVersion: version, cal, sev, receivedAt: receivedIso, now };
}

export async function insertPrepared(ctx: AppContext, trx: Trx, pr: Prepared): Promise<{ row: repo.WorkOrderRow; deadlines: repo.DeadlineRow[] }> {
  const { args, policy, cal, sev, now } = pr;
  const { input, actor } = args;
  const at = now.toISOString();
  const day = cal.localDate(now);
  const seq = await repo.nextDailyNumber(trx, day);
  const number = `KS-${day.replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
  const onSpot = input.kind === 'inquiry' && input.answeredOnSpot === true;
  const customerKey = customerKeyOf(input.customerCode, input.customerName);
  const base = {
    number,
    tracking_number: args.trackingNumber,
    customer_name: input.customerName ?? null,
    customer_code: input.customerCode ?? null,
    product_code: input.productCode ?? null,
    product_name: input.productName ?? null,
    problem: input.problem ?? null,
    problem_category: input.problemCategory ?? null,
    description: input.description ?? null,
  };
  const row: repo.WorkOrderRow = {
    id: newId(now.getTime()),
    ...base,
    kind: input.kind,
    channel: input.channel,
    category: input.kind === 'complaint' ? (input.category ?? null) : null,
    status: onSpot ? 'closed' : 'received',
    severity: sev.severity,
    severity_explain: sev.explain ? JSON.stringify(sev.explain) : null,
    severity_rank: sev.rank,
    policy_version: pr.policyVersion,
    unit_id: args.unit.id,
    unit_path: args.unit.path,
    receiving_unit_id: args.receiving?.id ?? null,
    receiving_unit_path: args.receiving?.path ?? null,
    department_id: null,
    department_path: null,
    serial: input.serial ?? null,
    customer_key: customerKey,
    contact_name: input.contactName ?? null,
    contact_phone: input.contactPhone ?? null,
    contact_email: input.contactEmail ?? null,
    key_customer: input.keyCustomer ? 1 : 0,
    place: input.place ?? null,
    occurred_at: input.occurredAt ? new Date(input.occurredAt).toISOString() : null,
    parties: input.parties ?? null,
    ship_date: input.shipDate ?? null,
    ship_quantity: input.shipQuantity ?? null,
    defect_rate: input.defectRate ?? (input.lotSize && input.defectCount !== undefined ? input.defectCount / input.lotSize : null),
    lot_size: input.lotSize ?? null,
    defect_count: input.defectCount ?? null,
    found_at: input.foundAt ?? null,
    staff_name: input.staffName ?? null,
    facts: JSON.stringify(input.facts ?? {}),
    received_at: pr.receivedAt,
    received_month: cal.localDate(new Date(pr.receivedAt)).slice(0, 7),
    created_at: at,
    updated_at: at,
    created_by: actor?.id ?? null,
    created_by_name: actor?.displayName ?? null,
    paused: 0,
    escalated: 0,
    objection: null,
    upgrade_count: 0,
    answered_on_spot: onSpot ? 1 : 0,
    answer: input.answer ?? null,
    promised_reply_date: input.promisedReplyDate ?? null,
    reply_text: onSpot ? (input.answer ?? null) : null,
    adopted: null,
    offer: null,
    invalid_reason: null,
    satisfied: null,
    qe_passed: 0,
    search_text: searchTextOf(base),
    version: 1,
  };
  // DOMAIN §2.2: inquiries answered on the spot are closed at once, so no deadline starts.
  const specs = onSpot ? [] : specsFor(policy, 'created', { kind: row.kind, category: row.category, severity: row.severity });
  const { version: _v, ...insertable } = row;
  await repo.insertWorkOrder(trx, insertable);
  const deadlines = await startDeadlines(trx, cal, policy, row, specs, at);
  // A suggestion's promised reply date defaults to its reply deadline (DOMAIN §2.2); same transaction as the insert.
  if (row.kind === 'suggestion' && !row.promised_reply_date) {
    const reply = deadlines.find((d) => d.name === 'reply');
    if (reply) {
      row.promised_reply_date = cal.localDate(new Date(reply.due_at));
      await repo.setPromisedReplyDate(trx, row.id, row.promised_reply_date);
    }
  }
  // The timeline records both times: when it arrived and when it was registered (issue 4).
  await repo.insertEvent(trx, eventRow(row.id, new Date(pr.receivedAt), 'received', null, { to_status: 'received', public: 1, note: labelOf(CHANNEL_LABELS, input.channel), data: JSON.stringify({ channel: input.channel }) }));
  await repo.insertEvent(trx, eventRow(row.id, now, 'created', actor, { to_status: row.status, data: JSON.stringify({ receivedAt: pr.receivedAt, severity: row.severity }) }));
  if (onSpot) await repo.insertEvent(trx, eventRow(row.id, now, 'answered_on_spot', actor, { from_status: 'received', to_status: 'closed', public: 1, note: input.answer ?? null }));
  if (input.keyCustomer && customerKey) await repo.addToWatch(trx, { customer_key: customerKey, customer_name: input.customerName ?? input.customerCode ?? customerKey, since: at, work_order_id: row.id });
  await recordAudit(trx, { at, actor, action: 'workorder.create', subjectType: 'work_order', subjectId: row.id, unitId: row.unit_id, after: { number, kind: row.kind, status: row.status, severity: row.severity, policyVersion: row.policy_version } });
  return { row, deadlines };
}

/**
 * The policy's missing required fields of a request body that failed its schema, so a 422 lists every offending
 * field at once (issue 4: "listing every offending field"), not only the mistyped ones.
 */
export async function missingRequiredOf(ctx: AppContext, raw: unknown): Promise<FieldError[]> {
  if (typeof raw !== 'object' || raw === null) return [];
  const body = raw as Record<string, FieldValue>;
  if (typeof body.kind !== 'string') return [];
  const { policy } = await currentPolicy(ctx);
  const category = body.kind === 'complaint' && typeof body.category === 'string' ? body.category : null;
  return missingFields(requiredFieldsFor(policy, body.kind, category), body);
}

/** The company a unit belongs to: the nearest ancestor-or-self of kind company (else the top of its tree). */
async function owningUnitFor(ctx: AppContext, unitPath: string): Promise<{ id: string; path: string }> {
  const ids = unitPath.split('/').filter(Boolean);
  const units = await repo.unitsByIds(ctx.db, ids);
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const id of [...ids].reverse()) {
    const u = byId.get(id);
    if (u && (u.kind === 'company' || u.kind === 'enterprise')) return { id: u.id, path: u.path };
  }
  const top = byId.get(ids[0])!;
  return { id: top.id, path: top.path };
}

/** Who registers work orders (DOMAIN §2.4 step 1: the receiving side; others pass complaints to the clerk). */
export const CREATE_ROLES: RoleCode[] = ['agent', 'intake_clerk', 'supervisor', 'team_lead', 'director', 'admin'];

export async function createWorkOrder(ctx: AppContext, p: Principal, input: WorkOrderCreate, idempotencyKey: string | undefined): Promise<{ status: number; body: WorkOrderCreated }> {
  let unit: { id: string; path: string };
  if (input.unitId) {
    const u = await repo.unitById(ctx.db, input.unitId);
    if (!u) throw invalid([{ field: 'unitId', message: '单位不存在 / unknown unit' }]);
    // Only a registering role counts (DOMAIN §1.1): an unrelated role on the unit (say, a department head's)
    // does not let someone who registers elsewhere file work orders here.
    if (!coversUnit(p, u.path, CREATE_ROLES)) throw forbidden('You may not register work orders for this unit', '无权为该单位登记工单');
    unit = { id: u.id, path: u.path };
  } else {
    unit = await owningUnitFor(ctx, p.unitPath);
  }
  const prepared = await prepareCreate(ctx, { input, actor: p, unit, receiving: { id: p.unitId, path: p.unitPath }, trackingNumber: null });
  // With a phone or e-mail on record the customer can follow the case on the portal too (DOMAIN §2.2 "tell the
  // customer of progress"): the agent reads out the tracking number.
  if (input.contactPhone || input.contactEmail) prepared.args.trackingNumber = trackingNumber(prepared.cal.localDate(prepared.now));
  const res = await idempotent<WorkOrderCreated>(ctx, `workorders.create:${p.id}`, idempotencyKey, input, async (trx) => {
    const { row, deadlines } = await insertPrepared(ctx, trx, prepared);
    return { status: 201, body: { id: row.id, number: row.number, status: row.status as WorkOrderCreated['status'], severity: row.severity, severityExplain: prepared.sev.explain, version: 1, deadlines: deadlines.map(brief) } };
  });
  return { status: res.status, body: res.body };
}

// ---------- public portal ----------

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 'TS' + local date + 10 random base32 characters (50 bits): not guessable, not sequential. */
function trackingNumber(day: string): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += BASE32[b % 32];
  return `TS${day.replace(/-/g, '')}${s}`;
}

async function portalUnit(ctx: AppContext): Promise<{ id: string; path: string }> {
  const u = await ctx.db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'company').orderBy('path').limit(1).executeTakeFirst();
  if (!u) throw new AppError(503, 'portal_unavailable', 'The portal has no company to file with', '门户未配置受理单位');
  return u;
}

export async function fileFromPortal(ctx: AppContext, ip: string, input: PublicComplaintCreate, idempotencyKey?: string): Promise<{ trackingNumber: string }> {
  const wait = await hitRateLimit(ctx.db, `portal:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, ctx.clock.now());
  if (wait > 0) throw tooManyRequests(wait);
  const errors: FieldError[] = [];
  if (!input.phone && !input.email) errors.push({ field: 'phone', message: '请留下电话或邮箱 / a phone number or e-mail is required' });
  if (input.email && !/^[^\s@]+@[^\s@]+$/.test(input.email)) errors.push({ field: 'email', message: '邮箱格式不正确 / not an e-mail address' });
  if (errors.length) throw invalid(errors);
  const unit = await portalUnit(ctx);
  const cal = await getCalendar(ctx, { unitId: unit.id });
  const tracking = trackingNumber(cal.localDate(ctx.clock.now()));
  const create: WorkOrderCreate = {
    kind: input.kind,
    channel: 'web',
    customerName: input.company ?? input.name,
    contactName: input.name,
    contactPhone: input.phone,
    contactEmail: input.email,
    productCode: input.productCode,
    productName: input.productName,
    problem: input.problem,
    description: input.description,
    shipDate: input.shipDate,
  };
  // A web filing is registered as received; the intake clerk completes the record and sets its category.
  const prepared = await prepareCreate(ctx, { input: create, actor: null, unit, receiving: null, trackingNumber: tracking }, { skipRequired: true });
  // A customer whose connection dropped submits again with the same Idempotency-Key and gets the first tracking
  // number back, not a second case. The scope is shared: a replay also needs the identical body (contact included).
  const res = await idempotent<{ trackingNumber: string }>(ctx, 'portal.complaints', idempotencyKey, input, async (trx) => {
    const { row } = await insertPrepared(ctx, trx, prepared);
    // DOMAIN §2.4 step 1: what others receive goes to the intake clerk, who completes and dispatches it.
    const clerks = await holdersCovering(trx, ['intake_clerk'], unit.path);
    await notify(trx, ctx.clock.now(), { userIds: clerks, title: `【网站来件】${row.number}`, body: `${input.name}：${input.problem}`, link: `/workorders/${row.id}` });
    return { status: 201, body: { trackingNumber: tracking } };
  });
  return res.body;
}

const norm = (s: string) => s.replace(/[\s-]/g, '').toLowerCase();

const PUBLIC_TEXT: Record<string, { zh: string; en: string }> = {
  received: { zh: '已收到', en: 'Received' },
  answered_on_spot: { zh: '已当场答复', en: 'Answered' },
  pause: { zh: '试验及制样中，期限暂停', en: 'Paused for tests or samples' },
  resume: { zh: '继续处理', en: 'Handling resumed' },
};

export async function lookupFromPortal(ctx: AppContext, ip: string, tracking: string, contact: string): Promise<PublicComplaintView> {
  const wait = await hitRateLimit(ctx.db, `portal:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, ctx.clock.now());
  if (wait > 0) throw tooManyRequests(wait);
  const wo = await repo.findByTrackingNumber(ctx.db, tracking);
  const c = norm(contact);
  // 404 for a wrong contact as for an unknown number: the answer never confirms that a number exists.
  const matches = !!wo && c.length > 0 && ((!!wo.contact_phone && norm(wo.contact_phone) === c) || (!!wo.contact_email && norm(wo.contact_email) === c));
  if (!wo || !matches) throw notFound('Complaint', '投诉', 'complaint_not_found');
  const events = await repo.eventsOf(ctx.db, wo.id);
  const timeline = events
    .filter((e) => e.public === 1)
    .map((e) => {
      const t = transitionText(e.event) ?? PUBLIC_TEXT[e.event] ?? { zh: e.event, en: e.event };
      return { at: e.at, event: e.event, textZh: t.zh, textEn: t.en };
    });
  return { trackingNumber: tracking, kind: wo.kind, status: wo.status as PublicComplaintView['status'], receivedAt: wo.received_at, problem: wo.problem, replyText: wo.reply_text, timeline };
}

function transitionText(event: string): { zh: string; en: string } | null {
  const name = event.replace(/_(satisfied|unsatisfied)$/, '') as FlowAction;
  const rows = ACTION_TEXT[name];
  return rows ?? null;
}

const ACTION_TEXT: Partial<Record<FlowAction, { zh: string; en: string }>> = {
  accept: { zh: '已受理', en: 'Accepted' },
  reject_invalid: { zh: '经核实不属于有效投诉', en: 'Reviewed: not a valid complaint' },
  dispatch: { zh: '已转责任部门处理', en: 'Passed to the responsible department' },
  sign: { zh: '责任部门已签收，处理中', en: 'Being handled' },
  approve_8d: { zh: '纠正预防措施已批准', en: 'Corrective actions approved' },
  pause: { zh: '试验及制样中，期限暂停', en: 'Paused for tests or samples' },
  resume: { zh: '继续处理', en: 'Handling resumed' },
  grant_extension: { zh: '经您同意，处理期限已延长', en: 'Deadline extended with your agreement' },
  reply: { zh: '已答复', en: 'Replied' },
  callback: { zh: '已回访', en: 'Follow-up call made' },
  reopen: { zh: '升级投诉，重新处理', en: 'Reopened as an upgraded complaint' },
  close: { zh: '已结案', en: 'Closed' },
};

// ---------- reads ----------

async function visibleWorkOrder(ctx: AppContext, p: Principal, id: string): Promise<repo.WorkOrderRow> {
  const wo = await repo.findWorkOrder(ctx.db, id);
  if (!wo || !canSee(p, wo)) throw workOrderNotFound();
  return wo;
}

export async function getWorkOrder(ctx: AppContext, p: Principal, id: string): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  const cal = await getCalendar(ctx, { unitId: wo.unit_id });
  return presentWorkOrder(ctx.db, p, await policyVersion(ctx, wo.policy_version), wo, { cal, now: ctx.clock.now() });
}

export function encodeCursor(createdAt: string, id: string, rank: number): string {
  return Buffer.from(`${createdAt}|${id}|${rank}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { createdAt: string; id: string; rank: number } | undefined {
  if (!cursor) return undefined;
  const [createdAt, id, rank] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id || !/^\d+$/.test(rank ?? '')) throw invalid([{ field: 'cursor', message: 'invalid cursor' }]);
  return { createdAt, id, rank: Number(rank) };
}

export interface RegisterPage {
  rows: repo.WorkOrderRow[];
  deadlines: repo.DeadlineRow[];
  departmentNames: Map<string, string>;
  nextCursor: string | null;
}

/** One page of the register as rows (for the list and the .xlsx export), scoped to the caller. */
export async function listWorkOrderRows(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<RegisterPage> {
  const now = ctx.clock.now().toISOString();
  const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
  const dayAfter = (d: string) => new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
  const rows = await repo.listWorkOrders(ctx.db, {
    scope: scopePaths(p),
    status: q.status,
    kind: q.kind,
    channel: q.channel,
    category: q.category,
    severity: q.severity,
    department: q.department,
    overdueAt: q.overdue ? now : undefined,
    keyCustomer: q.keyCustomer,
    q: q.q,
    receivedFrom: q.from ? dayStart(q.from) : undefined,
    receivedTo: q.to ? dayAfter(q.to) : undefined,
    before: decodeCursor(q.cursor),
    order: q.order,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const deadlines = await repo.deadlinesOfMany(ctx.db, page.map((r) => r.id));
  const depts = await repo.unitsByIds(ctx.db, [...new Set(page.map((r) => r.department_id).filter((x): x is string => !!x))]);
  const last = page[page.length - 1];
  return {
    rows: page,
    deadlines,
    departmentNames: new Map(depts.map((u) => [u.id, u.name])),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.created_at, last.id, last.severity_rank) : null,
  };
}

export async function listWorkOrders(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<WorkOrderList> {
  const now = ctx.clock.now().toISOString();
  const page = await listWorkOrderRows(ctx, p, q);
  return {
    items: page.rows.map((r) =>
      presentListItem(r, page.deadlines.filter((d) => d.work_order_id === r.id), r.department_id ? (page.departmentNames.get(r.department_id) ?? null) : null, now),
    ),
    nextCursor: page.nextCursor,
  };
}

/** DOMAIN §2.2: invalid complaints that recur (policy count within days) for a supervisor's attention. */
export async function listInvalidRecurrences(ctx: AppContext, p: Principal): Promise<InvalidRecurrence[]> {
  const { policy } = await currentPolicy(ctx);
  const since = new Date(ctx.clock.now().getTime() - policy.invalidRecurrence.days * 86_400_000).toISOString();
  const scope = scopePaths(p);
  const groups = await repo.invalidGroups(ctx.db, scope, since, policy.invalidRecurrence.count);
  const out: InvalidRecurrence[] = [];
  for (const g of groups) {
    // Same scope as the counts: another unit's work orders of the same customer are not the caller's to see.
    const rows = await repo.invalidOfCustomer(ctx.db, g.customer_key, since, scope);
    out.push({ customer: g.customer, count: g.n, firstAt: g.first_at, lastAt: g.last_at, workOrderIds: rows.map((r) => r.id), numbers: rows.map((r) => r.number) });
  }
  return out;
}

/** Key customers on the watch list (DOMAIN §2.4 step 6), within the caller's subtrees like the register (§1.1). */
export async function listWatchList(ctx: AppContext, p: Principal) {
  return (await repo.listWatch(ctx.db, scopePaths(p))).map((w) => ({ customerKey: w.customer_key, customerName: w.customer_name, since: w.since, workOrderId: w.work_order_id }));
}

// ---------- actions ----------

interface Plan {
  patch: Partial<repo.WorkOrderRow>;
  branch?: FlowStatus;
  note?: string | null;
  data?: Record<string, unknown>;
  event?: string;
  /** Deadlines this action starts (DOMAIN §2.5 "after a reply", "after an escalation" …). */
  start?: DeadlineTrigger;
  restart?: boolean;
  /** Severity changed: start the severity-bound deadlines that are not yet running. */
  severityChanged?: boolean;
  effects: ((trx: Trx) => Promise<void>)[];
  notices: { roles: string[]; unitPath: string; title: string; body: string }[];
}

const need = (cond: unknown, field: string, message: string): FieldError[] => (cond ? [] : [{ field, message }]);

function findOpenDeadline(deadlines: repo.DeadlineRow[], name: string): repo.DeadlineRow | undefined {
  return [...deadlines].reverse().find((d) => d.name === name && (d.state === 'running' || d.state === 'paused'));
}

/**
 * One action on a work order (issue 4 "API"): 404 when the caller cannot see it, 409 stale_version, 403 when
 * the caller's roles may not, 409 action_not_allowed (with the allowed actions) when the status does not allow
 * it, 422 for missing or invalid input. The change, its timeline entry, deadlines, audit and notifications
 * commit together.
 */
export async function performAction(ctx: AppContext, p: Principal, id: string, req: ActionRequest): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  if (wo.version !== req.version) throw staleVersion(wo.version);
  const policy = await policyVersion(ctx, wo.policy_version);
  if (!canAct(p, policy, req.action, wo)) throw forbidden(`Your roles may not ${req.action} this work order`, '您的角色无权执行此操作');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const cal = await getCalendar(ctx, { unitId: wo.unit_id });
  const deadlines = await repo.deadlinesOf(ctx.db, wo.id);
  const t = transitionFor(req.action, subjectOf(wo));
  if (!t) {
    // The status in words (已受理, not "accepted"), and only what this caller may do now — the view's allowedActions.
    const st = STATUS_LABELS[wo.status] ?? { zh: wo.status, en: wo.status };
    throw conflict('action_not_allowed', `${req.action} is not allowed while the work order is ${st.en}`, `工单当前状态（${st.zh}）不允许此操作`, {
      status: wo.status,
      allowed: actionsFor(p, policy, wo, { deadlines, cal, now }),
    });
  }
  const plan = await planAction(ctx, p, policy, cal, wo, deadlines, req, now);
  const to = nextStatus(t, wo.status as FlowStatus, plan.branch);

  await ctx.db.transaction().execute(async (trx) => {
    const patch = { ...plan.patch, status: to, updated_at: at };
    if (!(await repo.updateWorkOrder(trx, wo.id, wo.version, patch))) throw staleVersion(wo.version + 1);
    const updated: repo.WorkOrderRow = { ...wo, ...patch, version: wo.version + 1 };
    await settleDeadlines(ctx, trx, policy, updated, now, req.action);
    // Entering a terminal status, or restarting as an upgraded complaint, settles whatever is still open.
    if (TERMINAL_STATUSES.includes(to) || plan.restart) await settleDeadlines(ctx, trx, policy, updated, now, 'all');
    for (const effect of plan.effects) await effect(trx);
    if (plan.start) await startDeadlines(trx, cal, policy, updated, specsFor(policy, plan.start, updated), at, { restart: plan.restart });
    if (plan.restart) await startDeadlines(trx, cal, policy, updated, specsFor(policy, 'created', updated), at, { restart: true });
    if (plan.severityChanged && !TERMINAL_STATUSES.includes(to)) {
      const existing = new Set((await repo.deadlinesOf(trx, wo.id)).map((d) => d.name));
      const missing = specsFor(policy, 'created', updated).filter((s) => s.severities && !existing.has(s.name));
      await startDeadlines(trx, cal, policy, updated, missing, at);
    }
    await repo.insertEvent(
      trx,
      eventRow(wo.id, now, plan.event ?? req.action, p, {
        from_status: wo.status,
        to_status: to,
        note: plan.note ?? req.note ?? null,
        // Steps the customer may follow appear on the portal; internal ones (objections, 8D review) do not.
        public: ACTION_TEXT[req.action] ? 1 : 0,
        data: plan.data ? JSON.stringify(plan.data) : null,
      }),
    );
    for (const n of plan.notices) {
      const users = (await holdersCovering(trx, n.roles, n.unitPath)).filter((u) => u !== p.id);
      await notify(trx, now, { userIds: users, title: n.title, body: n.body, link: `/workorders/${wo.id}` });
    }
    await recordAudit(trx, {
      at,
      actor: p,
      action: `workorder.${req.action}`,
      subjectType: 'work_order',
      subjectId: wo.id,
      unitId: wo.unit_id,
      before: { status: wo.status, version: wo.version, ...pick(wo, Object.keys(plan.patch)) },
      after: { status: to, version: wo.version + 1, ...plan.patch },
      note: plan.note ?? req.note ?? null,
    });
  });
  return getWorkOrder(ctx, p, wo.id);
}

function pick(row: repo.WorkOrderRow, keys: string[]): Record<string, unknown> {
  const r = row as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

async function planAction(
  ctx: AppContext,
  p: Principal,
  policy: ComplaintPolicy,
  cal: WorkCalendar,
  wo: repo.WorkOrderRow,
  deadlines: repo.DeadlineRow[],
  req: ActionRequest,
  now: Date,
): Promise<Plan> {
  const at = now.toISOString();
  const plan: Plan = { patch: {}, effects: [], notices: [] };
  const tag = `${wo.number} ${wo.customer_name ?? ''}`.trim();
  const dept = wo.department_path ?? wo.unit_path;
  switch (req.action) {
    case 'accept':
      return plan;
    case 'reject_invalid': {
      plan.patch = { invalid_reason: req.reason };
      plan.note = req.reason;
      // DOMAIN §2.2: recurring invalid complaints are flagged for a supervisor.
      if (wo.customer_key) {
        const since = new Date(now.getTime() - policy.invalidRecurrence.days * 86_400_000).toISOString();
        const earlier = (await repo.invalidOfCustomer(ctx.db, wo.customer_key, since)).filter((r) => r.id !== wo.id);
        const count = earlier.length + 1;
        if (count >= policy.invalidRecurrence.count) {
          plan.data = { invalidRecurrence: { customer: wo.customer_name ?? wo.customer_key, count, days: policy.invalidRecurrence.days } };
          plan.notices.push({
            roles: policy.invalidRecurrence.notifyRoles,
            unitPath: wo.unit_path,
            title: `【无效投诉重复】${wo.customer_name ?? wo.customer_key} ${policy.invalidRecurrence.days} 天内 ${count} 次`,
            body: `客户 ${wo.customer_name ?? wo.customer_key} 在 ${policy.invalidRecurrence.days} 天内有 ${count} 次无效投诉（最新 ${wo.number}）。/ ${count} invalid complaints within ${policy.invalidRecurrence.days} days.`,
          });
        }
      }
      return plan;
    }
    case 'set_severity': {
      if (req.level !== undefined) {
        const { pack } = await getActivePack(ctx, policy.severity.pack);
        const levels = [...pack.levels.map((l) => l.id), pack.fallback];
        const errors = [
          ...need(levels.includes(req.level), 'level', `不是 ${pack.id} 的等级 / not a level of ${pack.id}: ${levels.join(', ')}`),
          ...need(req.reason && req.reason.trim().length > 0, 'reason', '改判须说明理由 / an override needs a reason'),
        ];
        if (errors.length) throw invalid(errors);
        const prev = wo.severity_explain ? (JSON.parse(wo.severity_explain) as SeverityExplain) : null;
        const explain: SeverityExplain = {
          ...(prev ?? { packId: pack.id, packVersion: pack.version, proposed: wo.severity ?? pack.fallback, reasons: [], refused: [], facts: {} }),
          override: { level: req.level, reason: req.reason!, by: p.displayName, at },
        };
        plan.patch = { severity: req.level, severity_explain: JSON.stringify(explain), severity_rank: severityRank(pack.levels.map((l) => l.id), pack.fallback, req.level) };
        plan.note = req.reason ?? null;
        plan.data = { from: wo.severity, to: req.level, override: true };
      } else {
        const facts = { ...(JSON.parse(wo.facts) as Record<string, unknown>), ...(req.facts ?? {}) };
        const issues = await validatePackFacts(ctx, policy.severity.pack, req.facts ?? {});
        if (issues.length) throw invalid(issues.map((e) => ({ field: e.field ? `facts.${e.field}` : 'facts', message: e.message })));
        const sev = await proposeSeverity(
          ctx,
          policy,
          { kind: wo.kind, productCode: wo.product_code, problemCategory: wo.problem_category, defectRate: wo.defect_rate, lotSize: wo.lot_size, defectCount: wo.defect_count, receivedMonth: wo.received_month, asOf: cal.localDate(new Date(wo.received_at)), excludeSelf: true },
          facts,
        );
        plan.patch = { severity: sev.severity, severity_rank: sev.rank, severity_explain: sev.explain ? JSON.stringify(sev.explain) : null, facts: JSON.stringify(facts) };
        plan.data = { from: wo.severity, to: sev.severity, override: false };
      }
      plan.severityChanged = plan.patch.severity !== wo.severity;
      return plan;
    }
    case 'dispatch': {
      const d = await repo.unitById(ctx.db, req.departmentId);
      if (!d || !d.path.startsWith(wo.unit_path) || d.id === wo.unit_id) throw invalid([{ field: 'departmentId', message: '须为本单位下属部门 / must be a department of the owning unit' }]);
      plan.patch = { department_id: d.id, department_path: d.path, objection: null };
      plan.data = { departmentId: d.id, departmentName: d.name };
      plan.notices.push({ roles: ['dept_head'], unitPath: d.path, title: `【客诉处理单】${tag}`, body: `请签收并处理：${wo.problem ?? ''}（严重度 ${wo.severity ?? '-'}）` });
      return plan;
    }
    case 'sign':
      return plan;
    case 'object': {
      // DOMAIN §2.4 step 3: an objection to the assignment is raised the same day.
      const dispatched = await repo.lastEvent(ctx.db, wo.id, 'dispatch');
      const decided = await repo.lastEvent(ctx.db, wo.id, 'decide_objection');
      const assignedAt = [dispatched?.at, decided?.at].filter((x): x is string => !!x).sort().pop();
      if (assignedAt && cal.localDate(new Date(assignedAt)) !== cal.localDate(now)) {
        throw invalid([{ field: 'reason', message: `异议须在派单当天（${cal.localDate(new Date(assignedAt))}）提出 / an objection must be raised on the day of dispatch` }], 'Too late to object', '已超过异议期限');
      }
      plan.patch = { objection: JSON.stringify({ reason: req.reason, by: p.displayName, at }) };
      plan.note = req.reason;
      plan.notices.push({ roles: policy.actions.decide_objection ?? [], unitPath: wo.unit_path, title: `【派单异议】${tag}`, body: req.reason });
      return plan;
    }
    case 'decide_objection': {
      if (req.outcome === 'keep') {
        plan.patch = { objection: null };
        plan.branch = 'in_progress';
        plan.data = { outcome: 'keep' };
        return plan;
      }
      const d = req.departmentId ? await repo.unitById(ctx.db, req.departmentId) : undefined;
      if (!d || !d.path.startsWith(wo.unit_path) || d.id === wo.unit_id || d.id === wo.department_id) {
        throw invalid([{ field: 'departmentId', message: '改派须指定另一个部门 / reassigning needs another department' }]);
      }
      plan.patch = { objection: null, department_id: d.id, department_path: d.path };
      plan.branch = 'dispatched';
      plan.data = { outcome: 'reassign', departmentId: d.id, departmentName: d.name };
      plan.notices.push({ roles: ['dept_head'], unitPath: d.path, title: `【客诉处理单（改派）】${tag}`, body: `请签收并处理：${wo.problem ?? ''}` });
      return plan;
    }
    case 'submit_8d': {
      const r = req.report;
      const errors = [
        ...need(r.d2Problem, 'report.d2Problem', 'D2 问题描述必填 / D2 problem description is required'),
        ...need(r.d3Containment, 'report.d3Containment', 'D3 围堵措施必填 / D3 containment is required'),
        ...need(r.d4RootCause, 'report.d4RootCause', 'D4 根本原因必填 / D4 root cause is required'),
        ...need(r.d5Actions, 'report.d5Actions', 'D5 纠正措施必填 / D5 corrective actions are required'),
      ];
      if (errors.length) throw invalid(errors);
      const reports = await repo.reportsOf(ctx.db, wo.id);
      const revision = reports.length + 1;
      plan.patch = { qe_passed: 0 };
      plan.data = { revision };
      plan.effects.push((trx) =>
        repo.insertReport(trx, { id: newId(now.getTime()), work_order_id: wo.id, revision, fields: JSON.stringify(r), status: 'submitted', submitted_by: p.displayName, submitted_at: at, outcome: null, reason: null, decided_by: null, decided_at: null }),
      );
      plan.notices.push({ roles: policy.actions.return_8d ?? ['qe'], unitPath: wo.unit_path, title: `【8D 待审核】${tag}`, body: `第 ${revision} 版 8D 报告已提交 / 8D revision ${revision} submitted` });
      return plan;
    }
    case 'return_8d':
    case 'pass_8d':
    case 'approve_8d': {
      const reports = await repo.reportsOf(ctx.db, wo.id);
      const last = reports[reports.length - 1];
      if (!last) throw conflict('no_8d_report', 'No 8D report has been submitted', '尚未提交 8D 报告');
      const status = req.action === 'return_8d' ? 'returned' : req.action === 'pass_8d' ? 'passed' : 'approved';
      const reason = req.action === 'return_8d' ? req.reason : null;
      plan.effects.push((trx) => repo.updateReport(trx, last.id, { status, outcome: status, reason, decided_by: p.displayName, decided_at: at }));
      plan.data = { revision: last.revision };
      if (req.action === 'return_8d') {
        plan.patch = { qe_passed: 0 };
        plan.note = req.reason;
        plan.start = 'return_8d';
        plan.notices.push({ roles: ['dept_head'], unitPath: dept, title: `【8D 退回】${tag}`, body: req.reason });
      } else if (req.action === 'pass_8d') {
        plan.patch = { qe_passed: 1 };
        plan.notices.push({ roles: policy.actions.approve_8d ?? ['manager'], unitPath: wo.unit_path, title: `【8D 待批准】${tag}`, body: `QE 已审核通过第 ${last.revision} 版 / QE passed revision ${last.revision}` });
      }
      return plan;
    }
    case 'pause':
      plan.patch = { paused: 1 };
      plan.note = req.reason;
      plan.effects.push((trx) => pauseDeadlines(trx, wo.id, at));
      return plan;
    case 'resume':
      plan.patch = { paused: 0 };
      plan.effects.push((trx) => resumeDeadlines(trx, cal, policy, wo.id, at));
      return plan;
    case 'request_extension': {
      const d = findOpenDeadline(deadlines, req.deadline);
      if (!d) throw invalid([{ field: 'deadline', message: `没有进行中的期限 ${req.deadline} / no open deadline ${req.deadline}` }]);
      const until = new Date(req.until);
      if (until.toISOString() <= d.due_at) throw invalid([{ field: 'until', message: `须晚于当前期限 ${shortLocal(d.due_at)} / must be after the current due time` }]);
      // DOMAIN §2.5 "Extension": at least 1 working day before the deadline.
      const late = extensionTooLate(cal, now, new Date(d.due_at), policy.extensionNoticeWorkingDays);
      if (late) throw new AppError(422, 'extension_too_late', late, late, { deadline: d.name, due: d.due_at }, [{ field: 'deadline', message: late }]);
      const request: ExtensionRequest = { to: until.toISOString(), reason: req.reason, requestedBy: p.displayName, at };
      plan.effects.push((trx) => repo.updateDeadline(trx, d.id, { extension_request: JSON.stringify(request) }));
      plan.note = req.reason;
      plan.data = { deadline: d.name, from: d.due_at, to: request.to };
      plan.notices.push({ roles: policy.actions.grant_extension ?? [], unitPath: wo.unit_path, title: `【延期申请】${tag} ${labelOf(DEADLINE_LABELS, d.name)}（${d.name}）`, body: `${shortLocal(d.due_at)} → ${shortLocal(request.to)}：${req.reason}` });
      return plan;
    }
    case 'grant_extension': {
      const d = [...deadlines].reverse().find((x) => x.name === req.deadline && x.extension_request !== null && (x.state === 'running' || x.state === 'paused'));
      if (!d) throw invalid([{ field: 'deadline', message: `期限 ${req.deadline} 没有待批的延期申请 / no pending extension request` }]);
      const r = JSON.parse(d.extension_request!) as ExtensionRequest;
      const ext: ExtensionRecord = { from: d.due_at, to: r.to, at, reason: r.reason, customerAgreement: req.customerAgreement, requestedBy: r.requestedBy, grantedBy: p.displayName };
      const next = { ...d, extensions: JSON.stringify([...parseExtensions(d), ext]), extension_request: null };
      plan.effects.push((trx) => repo.updateDeadline(trx, d.id, { extensions: next.extensions, extension_request: null, ...recomputed(cal, next, policy.warnAtFraction) }));
      plan.note = req.customerAgreement;
      plan.data = { deadline: d.name, from: d.due_at, to: r.to, customerAgreement: req.customerAgreement };
      // "…the deadline moves, and the supervisor is informed" (DOMAIN §2.5).
      plan.notices.push({ roles: ['supervisor'], unitPath: wo.unit_path, title: `【已延期】${tag} ${labelOf(DEADLINE_LABELS, d.name)}（${d.name}）`, body: `${shortLocal(d.due_at)} → ${shortLocal(r.to)}（客户同意：${req.customerAgreement}）` });
      return plan;
    }
    case 'escalate':
      plan.patch = { escalated: 1 };
      plan.note = req.reason;
      plan.start = 'escalate';
      plan.notices.push({ roles: ['director'], unitPath: wo.unit_path, title: `【升级至总监】${tag}`, body: req.reason });
      return plan;
    case 'reply': {
      const errors: FieldError[] = [];
      // DOMAIN §2.2: the reply to a suggestion states whether it was adopted.
      if (wo.kind === 'suggestion' && req.adopted === undefined) errors.push({ field: 'adopted', message: '请说明建议是否采纳 / state whether the suggestion was adopted' });
      if (errors.length) throw invalid(errors);
      if (req.offer) {
        // DOMAIN §2.2 "never promise beyond one's authority": above the replier's limit → refused (422).
        const limit = offerLimit(policy, p.roles.map((g) => g.role));
        if (limit !== null && req.offer.amount > limit) {
          const msg = `补偿 ${req.offer.amount} 元超出您的权限 ${limit} 元，请由更高权限人员答复 / the offer ${req.offer.amount} exceeds your limit ${limit}`;
          throw new AppError(422, 'offer_above_limit', msg, msg, { limit, amount: req.offer.amount }, [{ field: 'offer.amount', message: msg }]);
        }
      }
      plan.patch = { reply_text: req.message, adopted: req.adopted === undefined ? null : req.adopted ? 1 : 0, offer: req.offer ? JSON.stringify(req.offer) : null };
      plan.note = req.message;
      plan.data = { adopted: req.adopted ?? null, offer: req.offer ?? null };
      plan.start = 'reply';
      plan.notices.push({ roles: policy.actions.callback ?? ['callback_agent'], unitPath: wo.unit_path, title: `【待回访】${tag}`, body: req.message });
      return plan;
    }
    case 'callback': {
      plan.patch = { satisfied: req.satisfied ? 1 : 0 };
      plan.event = req.satisfied ? 'callback_satisfied' : 'callback_unsatisfied';
      if (req.satisfied) {
        plan.branch = 'closed';
        // DOMAIN §2.4 step 6: a key customer leaves the watch list only after a satisfied callback.
        if (wo.customer_key) plan.effects.push((trx) => repo.removeFromWatch(trx, wo.customer_key!));
        plan.patch.key_customer = 0;
      } else {
        plan.branch = 'in_progress';
        plan.patch.qe_passed = 0;
        plan.start = 'callback_unsatisfied';
        plan.notices.push({ roles: ['dept_head'], unitPath: dept, title: `【回访不满意】${tag}`, body: req.note ?? '客户不满意，请重新处理 / the customer is not satisfied' });
      }
      return plan;
    }
    case 'reopen':
      // DOMAIN §2.4 step 5: an upgraded complaint (升级投诉) restarts the flow; the count is kept.
      plan.patch = { kind: 'complaint', upgrade_count: wo.upgrade_count + 1, satisfied: null, qe_passed: 0, objection: null, reply_text: null };
      plan.note = req.reason;
      plan.data = { upgradeCount: wo.upgrade_count + 1 };
      plan.restart = true;
      plan.notices.push({ roles: ['director'], unitPath: wo.unit_path, title: `【升级投诉】${tag}`, body: req.reason });
      return plan;
    case 'close':
      return plan;
  }
}

// ---------- calendar changes ----------

/** Recomputes the due times of every open deadline after the calendar changed (issue 2: "adding a year …"). */
export async function recomputeOpenDeadlines(ctx: AppContext): Promise<number> {
  const open = await repo.openDeadlinesAll(ctx.db);
  let changed = 0;
  const woCache = new Map<string, { cal: WorkCalendar; fraction: number }>();
  const updates: { id: string; patch: ReturnType<typeof recomputed> }[] = [];
  for (const d of open) {
    let env = woCache.get(d.work_order_id);
    if (!env) {
      const wo = await repo.findWorkOrder(ctx.db, d.work_order_id);
      if (!wo) continue;
      const policy = await policyVersion(ctx, wo.policy_version);
      env = { cal: await getCalendar(ctx, { unitId: wo.unit_id }), fraction: policy.warnAtFraction };
      woCache.set(d.work_order_id, env);
    }
    const patch = recomputed(env.cal, d, env.fraction);
    if (patch.due_at !== d.due_at || patch.explain !== d.explain) updates.push({ id: d.id, patch });
  }
  if (updates.length) {
    await ctx.db.transaction().execute(async (trx) => {
      for (const u of updates) {
        await repo.updateDeadline(trx, u.id, u.patch);
        changed++;
      }
      await recordAudit(trx, { at: ctx.clock.now(), actor: null, action: 'workorder.deadlines_recomputed', subjectType: 'work_order_deadline', after: { count: updates.length } });
    });
  }
  return changed;
}
