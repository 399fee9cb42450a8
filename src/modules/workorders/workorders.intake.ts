import { randomBytes } from 'node:crypto';
import { localInstant, type WorkCalendar } from '../../core/calendar';
import { CHANNEL_LABELS, labelOf } from '../../core/workflow/labels';
import { isRepairKind } from '../../core/workflow/flow';
import { missingFields, requiredFieldsFor, rolesFor, specsFor, type ComplaintPolicy, type FieldValue } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { notify } from '../notifications';
import { holdersCovering } from './workorders.people';
import { forbidden, invalid, type FieldError } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, type Principal } from '../auth';
import { unitsWithRoleHeld, type RoleCode } from '../org';
import { getCalendar } from '../calendar';
import { useKnowledgeEntry } from '../knowledge';
import { validatePackFacts } from '../rules';
import { startDeadlines } from './workorders.deadlines';
import { eventRow } from './workorders.events';
import { announceCreated } from './workorders.integrations';
import { currentPolicy } from './workorders.policy';
import * as repo from './workorders.repository';
import { newWorkOrderState, recordRollupChange } from './workorders.rollups';
import type { RollupCell } from '../../core/workflow/rollups';
import type { WorkOrderCreate, WorkOrderCreated } from './workorders.schemas';
import { proposeSeverity, type SeverityResult } from './workorders.severity';
import { brief } from './workorders.view';
import { CLOCK_SKEW_MS, notInFuture, notInPast } from '../../platform/http/bounds';

// Registering a work order (docs/workorders.md "Flow", create): the intake checks, the proposed severity, the
// number and tracking number, the first deadlines and timeline entries. Reads through ctx.db (calendar, rule
// packs, policy) happen in `prepare…`, before the transaction opens: SQLite has one connection, so nothing
// inside a transaction may wait for it.

export const customerKeyOf = (code: string | null | undefined, name: string | null | undefined) => {
  const k = (code?.trim() || name?.trim() || '').toLowerCase();
  return k || null;
};

const searchTextOf = (r: Pick<repo.WorkOrderRow, 'number' | 'customer_name' | 'customer_code' | 'product_code' | 'product_name' | 'problem' | 'problem_category' | 'description' | 'tracking_number'>) =>
  [r.number, r.tracking_number, r.customer_name, r.customer_code, r.product_code, r.product_name, r.problem, r.problem_category, r.description]
    .filter((x): x is string => !!x)
    .join(' ')
    .toLowerCase();

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 'TS' + local date + 10 random base32 characters (50 bits): not guessable, not sequential. */
export function trackingNumber(day: string): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += BASE32[b % 32];
  return `TS${day.replace(/-/g, '')}${s}`;
}

// ---------- creation ----------

export interface CreateArgs {
  input: WorkOrderCreate;
  actor: Principal | null;
  unit: { id: string; path: string };
  receiving: { id: string; path: string } | null;
  /** A repair's reporting department (docs/callcenter.md "Emergency repairs"); complaints get theirs at dispatch. */
  department?: { id: string; path: string } | null;
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
  /** The day's number, when taken before the transaction (`takeNumberEarly`); else `insertPrepared` takes it. */
  sequence?: number;
}

/**
 * `earlierInBatch`: rows of the same import, before this one, with the same product, problem and month — not in
 * the database yet when the batch is validated, but they count as repeats as if imported one by one.
 */
export async function prepareCreate(ctx: AppContext, args: CreateArgs, opts: { skipRequired?: boolean; earlierInBatch?: number } = {}): Promise<Prepared> {
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
  if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.push({ field: 'receivedAt', message: '收到时间不能晚于现在 / receivedAt is in the future' });
  // No working calendar reaches back before 2000; a 1900 date is a typo (or an Excel zero).
  else if (receivedAt.getTime() < EARLIEST_RECEIVED.getTime()) errors.push({ field: 'receivedAt', message: '收到时间不能早于 2000-01-01 / receivedAt is before 2000' });
  // Deadlines run from receivedAt through the working calendar, which throws outside its tables (a 500 before).
  else if (cal.localDate(receivedAt) < cal.firstDate) errors.push({ field: 'receivedAt', message: `收到时间早于日历范围（${cal.firstDate} 起）/ receivedAt is before the calendar's range (from ${cal.firstDate})` });
  // The other business dates (docs/security.md, V5): what happened is not in the future, a promise not in the past.
  for (const e of [notInFuture(now, input.occurredAt, 'occurredAt'), notInFuture(now, input.shipDate, 'shipDate'), notInPast(now, input.promisedReplyDate, 'promisedReplyDate')]) if (e) errors.push(e);
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
    { kind: input.kind, productCode: input.productCode, problemCategory: input.problemCategory, defectRate: input.defectRate, lotSize: input.lotSize, defectCount: input.defectCount, receivedMonth: month, asOf: cal.localDate(receivedAt), earlierInBatch: opts.earlierInBatch },
    input.facts ?? {},
  );
  return { args, policy, policyVersion: version, cal, sev, receivedAt: receivedIso, now };
}

/**
 * Writes a prepared intake in the caller's transaction. `counted`: a batch (the register import) collects each
 * work order's report counters there and adds them all in one upsert at its end, instead of one per row.
 */
export async function insertPrepared(ctx: AppContext, trx: Trx, pr: Prepared, counted?: RollupCell[]): Promise<{ row: repo.WorkOrderRow; deadlines: repo.DeadlineRow[] }> {
  const { args, policy, cal, sev, now } = pr;
  const { input, actor } = args;
  const at = now.toISOString();
  const day = cal.localDate(now);
  const seq = pr.sequence ?? (await repo.nextDailyNumber(trx, day));
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
    batch_number: input.batchNumber ?? null,
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
    department_id: args.department?.id ?? null,
    department_path: args.department?.path ?? null,
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
    crew: null,
    arrived_at: null,
    completed_at: null,
    repair_result: null,
    search_text: searchTextOf(base),
    version: 1,
  };
  // An inquiry answered on the spot is closed at once, so no deadline starts (docs/workorders.md "Flow").
  const specs = onSpot ? [] : specsFor(policy, 'created', { kind: row.kind, category: row.category, severity: row.severity });
  const { version: _v, ...insertable } = row;
  await repo.insertWorkOrder(trx, insertable);
  const deadlines = await startDeadlines(trx, cal, policy, row, specs, at);
  // A suggestion's promised reply date defaults to its reply deadline (docs/workorders.md "Deadlines"); same transaction as the insert.
  if (row.kind === 'suggestion' && !row.promised_reply_date) {
    const reply = deadlines.find((d) => d.name === 'reply');
    if (reply) {
      row.promised_reply_date = cal.localDate(new Date(reply.due_at));
      await repo.setPromisedReplyDate(trx, row.id, row.promised_reply_date);
    }
  }
  // The timeline records both times: when it arrived and when it was registered (docs/workorders.md "Deadlines", receivedAt).
  await repo.insertFirstEvents(trx, [
    eventRow(row.id, new Date(pr.receivedAt), 'received', null, { to_status: 'received', public: 1, note: labelOf(CHANNEL_LABELS, input.channel), data: JSON.stringify({ channel: input.channel }) }),
    eventRow(row.id, now, 'created', actor, { to_status: row.status, data: JSON.stringify({ receivedAt: pr.receivedAt, severity: row.severity }) }),
    ...(onSpot ? [eventRow(row.id, now, 'answered_on_spot', actor, { from_status: 'received', to_status: 'closed', public: 1, note: input.answer ?? null })] : []),
  ]);
  // The answer or script read during the call is counted with the registration, or not at all (docs/knowledge.md "Usage").
  if (input.knowledgeEntryId && actor) await useKnowledgeEntry(trx, actor, { entryId: input.knowledgeEntryId, use: 'call', workOrderId: row.id, at });
  // The report counters in the same transaction (docs/performance.md "Reports from rollups").
  if (counted) counted.push(...newWorkOrderState(row, deadlines));
  else await recordRollupChange(trx, [], newWorkOrderState(row, deadlines));
  if (input.keyCustomer && customerKey) await repo.addToWatch(trx, { customer_key: customerKey, customer_name: input.customerName ?? input.customerCode ?? customerKey, since: at, work_order_id: row.id });
  await announceCreated(ctx, trx, row);
  await recordAudit(trx, { at, actor, action: 'workorder.create', subjectType: 'work_order', subjectId: row.id, unitId: row.unit_id, after: { number, kind: row.kind, status: row.status, severity: row.severity, policyVersion: row.policy_version } });
  return { row, deadlines };
}

/**
 * The policy's missing required fields of a request body that failed its schema, so a 422 lists every offending
 * field at once (docs/workorders.md "API": 422 lists every missing/invalid field), not only the mistyped ones.
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
export async function owningUnitFor(ctx: AppContext, unitPath: string): Promise<{ id: string; path: string }> {
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

/** Who registers work orders: the receiving side; others pass complaints to the clerk (docs/workorders.md, create route). */
export const CREATE_ROLES: RoleCode[] = ['agent', 'intake_clerk', 'supervisor', 'team_lead', 'director', 'admin'];

/**
 * Who may also report a repair (报修, 抢修), and nothing else: a department head, for the department's own repairs
 * (呼叫中心岗位职责 cl. 3.1(2) "各部门发起的抢修"; docs/callcenter.md "Emergency repairs").
 */
export const REPAIR_REPORT_ROLES: RoleCode[] = ['dept_head'];

/** The create route's gate; `prepareIntake` then holds a repair reporter to repairs. */
export const INTAKE_ROLES: RoleCode[] = [...CREATE_ROLES, ...REPAIR_REPORT_ROLES];

/** The earliest receipt accepted (Beijing midnight, 2000-01-01). */
const EARLIEST_RECEIVED = localInstant('2000-01-01');

export async function createWorkOrder(ctx: AppContext, p: Principal, input: WorkOrderCreate, idempotencyKey: string | undefined): Promise<{ status: number; body: WorkOrderCreated }> {
  const prepared = await prepareIntake(ctx, p, input);
  const create = async (trx: Trx) => {
    const counted: RollupCell[] = [];
    const { row, deadlines } = await insertPrepared(ctx, trx, prepared, counted);
    if (isRepairKind(row.kind)) await tellRepairTakers(trx, prepared.policy, row, p.id, ctx.clock.now());
    else await tellIntakeClerks(trx, row, p.id, ctx.clock.now());
    // The day's report counters are shared by every registration of the day: on PostgreSQL their row locks are
    // held until COMMIT, so they are taken last (docs/performance.md "Intake: where the time goes").
    await recordRollupChange(trx, [], counted);
    return { status: 201, body: createdBody(row, prepared, deadlines) };
  };
  const res = await idempotent<WorkOrderCreated>(ctx, `workorders.create:${p.id}`, idempotencyKey, input, create, { beforeTransaction: () => takeNumberEarly(ctx, prepared) });
  return { status: res.status, body: res.body };
}

/**
 * PostgreSQL: the day's number is taken in its own statement before the registration's transaction. Taken inside
 * it, the counter row stays locked until that transaction commits, so every concurrent registration of the day
 * queued behind the whole of the one before (65 a second at 32 clients; docs/performance.md "Intake: where the time
 * goes"). The price is a gap: a registration that fails after taking its number leaves that number unused, as a
 * database sequence would. SQLite has one writer, nothing queues on the row there, and the number stays gapless.
 */
async function takeNumberEarly(ctx: AppContext, pr: Prepared): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  pr.sequence = await repo.nextDailyNumber(ctx.db, pr.cal.localDate(pr.now));
}

/** A reported repair goes to whoever takes it on at the call centre that received it — the team lead (docs/notifications.md). */
async function tellRepairTakers(trx: Trx, policy: ComplaintPolicy, row: repo.WorkOrderRow, actorId: string, now: Date): Promise<void> {
  const takers = (await holdersCovering(trx, rolesFor(policy, 'take', null, row.kind), row.receiving_unit_path ?? row.unit_path)).filter((u) => u !== actorId);
  const urgent = row.kind === 'emergency_repair';
  const what = [row.place, row.problem].filter(Boolean).join(' ');
  await notify(trx, now, {
    userIds: takers,
    title: `${urgent ? '【抢修待接单】' : '【报修待接单】'}${row.number}`,
    body: `${what}，请接单并通知相关人员`,
    titleEn: `${urgent ? '[Emergency repair to take on]' : '[Repair to take on]'} ${row.number}`,
    bodyEn: `${what}: please take it on and tell the people concerned`,
    link: `/workorders/${row.id}`,
    subject: { module: 'workorders', id: row.id },
  });
}

/**
 * Where a repair goes (docs/callcenter.md "Emergency repairs"). The receiving unit is the call centre that runs
 * it: the reporter's own unit when they may take repairs on there, else the unit of the company on which the
 * policy's `take` roles are held (nearest the company, then by path), else the reporter's unit. The reporting
 * department is the one named, else the reporter's own department when they report as its head.
 */
async function repairRouting(
  ctx: AppContext,
  p: Principal,
  unit: { id: string; path: string },
  departmentId: string | undefined,
  takeRoles: string[],
): Promise<{ receiving: { id: string; path: string }; department: { id: string; path: string } | null }> {
  let department: { id: string; path: string } | null = null;
  if (departmentId) {
    const d = await repo.unitById(ctx.db, departmentId);
    if (!d || !d.path.startsWith(unit.path) || d.id === unit.id) throw invalid([{ field: 'departmentId', message: '须为本单位下属部门 / must be a department of the owning unit' }]);
    department = { id: d.id, path: d.path };
  } else if (p.unitPath.startsWith(unit.path) && p.unitId !== unit.id && coversUnit(p, p.unitPath, REPAIR_REPORT_ROLES)) {
    department = { id: p.unitId, path: p.unitPath };
  }
  if (p.roles.some((g) => takeRoles.includes(g.role) && p.unitPath.startsWith(g.unitPath))) return { receiving: { id: p.unitId, path: p.unitPath }, department };
  const centre = (await unitsWithRoleHeld(ctx.db, unit.path, takeRoles))[0];
  return { receiving: centre ?? { id: p.unitId, path: p.unitPath }, department };
}

/**
 * A case registered by anyone but the clerk goes to the intake clerk, who completes and dispatches it (投诉作业流程
 * cl. 5.1.2, docs/notifications.md); an inquiry answered on the spot is already closed and needs nobody.
 */
async function tellIntakeClerks(trx: Trx, row: repo.WorkOrderRow, actorId: string, now: Date): Promise<void> {
  if (row.status !== 'received') return;
  const clerks = (await holdersCovering(trx, ['intake_clerk'], row.unit_path)).filter((u) => u !== actorId);
  const what = `${row.customer_name ?? ''} ${row.problem ?? ''}`.trim();
  await notify(trx, now, {
    userIds: clerks,
    title: `【新登记待受理】${row.number}`,
    body: `${what}，请受理并派单`,
    titleEn: `[New case to accept] ${row.number}`,
    bodyEn: `${what}: please accept and dispatch it`,
    link: `/workorders/${row.id}`,
    subject: { module: 'workorders', id: row.id },
  });
}

export const createdBody = (row: repo.WorkOrderRow, prepared: Prepared, deadlines: repo.DeadlineRow[]): WorkOrderCreated => ({
  id: row.id,
  number: row.number,
  status: row.status as WorkOrderCreated['status'],
  severity: row.severity,
  severityExplain: prepared.sev.explain,
  version: 1,
  deadlines: deadlines.map(brief),
});

/**
 * A staff intake checked and prepared, nothing written: the owning unit, the policy's required fields, the
 * proposed severity. Reads only through ctx.db, so call it before the transaction that runs `insertPrepared`
 * (the register import prepares every row first and inserts them all in one transaction).
 */
export async function prepareIntake(ctx: AppContext, p: Principal, input: WorkOrderCreate, opts: { earlierInBatch?: number } = {}): Promise<Prepared> {
  const repair = isRepairKind(input.kind);
  // A department head reports repairs and nothing else (REPAIR_REPORT_ROLES); registering is the desk's.
  const registers = p.roles.some((g) => CREATE_ROLES.includes(g.role as RoleCode));
  if (!registers && !repair) throw forbidden('A department reports repairs only; other work orders are registered by the desk', '部门只能上报报修或抢修，其他工单请交受理人员登记');
  if (input.departmentId !== undefined && !repair) throw invalid([{ field: 'departmentId', message: '仅报修、抢修在登记时指定报修部门 / only a repair names its reporting department at intake' }]);
  let unit: { id: string; path: string };
  if (input.unitId) {
    const u = await repo.unitById(ctx.db, input.unitId);
    if (!u) throw invalid([{ field: 'unitId', message: '单位不存在 / unknown unit' }]);
    // Only a registering role counts: an unrelated role on the unit (say, a department head's)
    // does not let someone who registers elsewhere file work orders here — except a repair of their own company.
    const reportsHere = repair && p.unitPath.startsWith(u.path) && p.roles.some((g) => REPAIR_REPORT_ROLES.includes(g.role as RoleCode));
    if (!coversUnit(p, u.path, CREATE_ROLES) && !reportsHere) throw forbidden('You may not register work orders for this unit', '无权为该单位登记工单');
    unit = { id: u.id, path: u.path };
  } else {
    unit = await owningUnitFor(ctx, p.unitPath);
  }
  let receiving = { id: p.unitId, path: p.unitPath };
  let department: { id: string; path: string } | null = null;
  if (repair) {
    const { policy } = await currentPolicy(ctx);
    ({ receiving, department } = await repairRouting(ctx, p, unit, input.departmentId, rolesFor(policy, 'take', null, input.kind)));
  }
  const prepared = await prepareCreate(ctx, { input, actor: p, unit, receiving, department, trackingNumber: null }, opts);
  // With a phone or e-mail on record the customer can follow the case on the portal too (the customer is told of
  // progress, docs/workorders.md "API"): the agent reads out the tracking number.
  if (input.contactPhone || input.contactEmail) prepared.args.trackingNumber = trackingNumber(prepared.cal.localDate(prepared.now));
  return prepared;
}
