import { dayRange } from '../../core/calendar';
import { isSimilar, jaccard, similarScore, trigrams } from '../../core/similarity/trigram';
import { ROOT_CAUSE_CATEGORIES, ROOT_CAUSE_LABELS, causeLabel, type RootCauseCategory } from '../../core/workflow/root-causes';
import type { AppContext } from '../../platform/context';
import { updateVersioned } from '../../platform/db/versioned';
import { fieldError, forbidden, invalid, notFound, type FieldError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { prepareQualityProposal } from '../accountability';
import { recordAudit } from '../audit';
import { coversUnit, hasRole, type Principal } from '../auth';
import { getCalendar } from '../calendar';
import type { RoleCode } from '../org';
import type { ActionEnv } from './workorders.actions.plan';
import { eventRow } from './workorders.events';
import { customerKeyOf, owningUnitFor } from './workorders.intake';
import * as qrepo from './workorders.quality.repository';
import { getWorkOrder, visibleWorkOrder } from './workorders.register';
import * as repo from './workorders.repository';
import type {
  BatchPatch,
  QualityVerification,
  RepeatLink,
  Report8dFields,
  RootCauseCreate,
  RootCauseList,
  RootCauseParetoQuery,
  RootCauseParetoRow,
  RootCausePatch,
  RootCauseView,
  SimilarList,
  SimilarQuery,
  WorkOrderView,
} from './workorders.schemas';
import { visibilityScope } from './workorders.visibility';

// The complaint desk's part of the quality loop (docs/quality-loop.md): the batch number, D4 root causes classified
// against each company's controlled list and their Pareto, the similar-complaint warning at intake with the link of
// a repeat, and the verification facts recorded when an 8D is approved (事故扣分标准 cl. 2).

/** Who keeps a company's root-cause list. */
const ROOT_CAUSE_ADMIN_ROLES: readonly RoleCode[] = ['admin'];
/** Who may correct the batch number or record a repeat on a work order they see: the desk and the 8D's people. */
export const DESK_EDIT_ROLES: RoleCode[] = ['agent', 'intake_clerk', 'supervisor', 'team_lead', 'deputy_supervisor', 'director', 'admin', 'qe', 'dept_head', 'manager'];
/** How far back "recent" reaches for the similar-complaint warning. */
const RECENT_DAYS = 90;

const rcView = (r: qrepo.RootCauseRow): RootCauseView => ({ id: r.id, unitId: r.unit_id, category: r.category as RootCauseCategory, name: r.name, active: r.active === 1, version: Number(r.version) });

/** The company whose list: the one asked for (the caller must belong to it or cover it), else the caller's own. */
async function companyOf(ctx: AppContext, p: Principal, unitId: string | undefined): Promise<{ id: string; path: string }> {
  if (!unitId) return owningUnitFor(ctx, p.unitPath);
  const u = await repo.unitById(ctx.db, unitId);
  if (!u || !(coversUnit(p, u.path) || p.unitPath.startsWith(u.path))) throw invalid([fieldError('unitId', '单位不存在或不在您的范围内', 'no such unit in your scope')]);
  return owningUnitFor(ctx, u.path);
}

export async function listRootCauses(ctx: AppContext, p: Principal, q: { unitId?: string; all?: 'true' | 'false' }): Promise<RootCauseList> {
  const company = await companyOf(ctx, p, q.unitId);
  return {
    unitId: company.id,
    categories: ROOT_CAUSE_CATEGORIES.map((code) => ({ code, ...ROOT_CAUSE_LABELS[code] })),
    items: (await qrepo.rootCausesOf(ctx.db, company.id, q.all === 'true')).map(rcView),
  };
}

export async function createRootCause(ctx: AppContext, p: Principal, input: RootCauseCreate): Promise<RootCauseView> {
  const company = await companyOf(ctx, p, input.unitId);
  if (!coversUnit(p, company.path, ROOT_CAUSE_ADMIN_ROLES)) throw forbidden('Only an administrator of the company keeps its root-cause list', '仅本公司管理员可维护原因分类');
  const existing = await qrepo.rootCausesOf(ctx.db, company.id, true);
  if (existing.some((r) => r.category === input.category && r.name === input.name)) throw invalid([fieldError('name', '该分类下已有同名原因', 'this category already has a cause of that name')]);
  const at = ctx.clock.now().toISOString();
  const row = { id: newId(ctx.clock.now().getTime()), unit_id: company.id, category: input.category, name: input.name, active: 1, created_at: at, updated_at: at };
  await ctx.db.transaction().execute(async (trx) => {
    await qrepo.insertRootCause(trx, row);
    await recordAudit(trx, { at, actor: p, action: 'root_cause.create', subjectType: 'root_cause', subjectId: row.id, unitId: company.id, after: { category: row.category, name: row.name } });
  });
  return rcView({ ...row, version: 1 });
}

export async function patchRootCause(ctx: AppContext, p: Principal, id: string, input: RootCausePatch): Promise<RootCauseView> {
  const r = await qrepo.rootCauseById(ctx.db, id);
  const company = r ? await repo.unitById(ctx.db, r.unit_id) : undefined;
  if (!r || !company || !coversUnit(p, company.path, ROOT_CAUSE_ADMIN_ROLES)) throw notFound('Root cause', '原因分类');
  const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}), updated_at: ctx.clock.now().toISOString() };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateVersioned(trx, 'root_causes', { id }, input.version, patch))) throw notFound('Root cause', '原因分类');
    await recordAudit(trx, { at: patch.updated_at, actor: p, action: 'root_cause.update', subjectType: 'root_cause', subjectId: id, unitId: r.unit_id, before: { name: r.name, active: r.active, version: r.version }, after: patch });
  });
  return rcView((await qrepo.rootCauseById(ctx.db, id))!);
}

/** The D4 classification of a submitted 8D, checked against the work order's company's list (422 on the field). */
export async function classifyRootCause(ctx: AppContext, unitId: string, r: Report8dFields): Promise<{ root_cause_category: string | null; root_cause_id: string | null }> {
  if (!r.d4CauseId) return { root_cause_category: r.d4Category ?? null, root_cause_id: null };
  const c = await qrepo.rootCauseById(ctx.db, r.d4CauseId);
  const errors: FieldError[] = [];
  if (!c || c.unit_id !== unitId || c.active !== 1) errors.push(fieldError('report.d4CauseId', '原因不在本公司的原因分类中', 'not a cause of the company’s list'));
  else if (r.d4Category && r.d4Category !== c.category) errors.push(fieldError('report.d4CauseId', '原因与所选分类不符', 'the cause is not under the chosen category'));
  if (errors.length || !c) throw invalid(errors);
  return { root_cause_category: c.category, root_cause_id: c.id };
}

/**
 * GET /api/reports/root-causes: the approved 8D reports' D4 causes of the work orders the caller sees (the
 * register's visibility rule), received from..to (local days, inclusive), counted per cause, most frequent first,
 * with each cause's share of all classified reports and the work orders behind it. One report per work order: its
 * latest approved revision.
 */
export async function rootCausePareto(ctx: AppContext, p: Principal, q: RootCauseParetoQuery): Promise<RootCauseParetoRow[]> {
  if (q.from > q.to) throw invalid([fieldError('to', '结束日期早于开始日期', 'to is before from')]);
  const zone = (await getCalendar(ctx, { unitId: p.unitId })).settings.utcOffsetMinutes;
  const rows = await qrepo.approvedRootCauses(ctx.db, {
    from: dayRange(q.from, zone).start.toISOString(),
    to: dayRange(q.to, zone).end.toISOString(),
    scope: visibilityScope(p),
    productCode: q.productCode,
    departmentId: q.departmentId,
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.work_order_id, r); // ordered by revision: the last one wins
  const groups = new Map<string, RootCauseParetoRow>();
  for (const r of latest.values()) {
    const category = r.category as RootCauseCategory;
    const byCause = q.by === 'cause' && r.cause_id;
    const key = byCause ? `${category}:${r.cause_id}` : category;
    const g = groups.get(key) ?? { cause: causeLabel(category, byCause ? r.cause_name : null), category, causeId: byCause ? r.cause_id : null, count: 0, share: 0, workOrderIds: [], workOrderNumbers: [] };
    g.count += 1;
    g.workOrderIds.push(r.work_order_id);
    g.workOrderNumbers.push(r.number);
    groups.set(key, g);
  }
  const total = latest.size;
  return [...groups.values()]
    .map((g) => ({ ...g, share: total ? Math.round((g.count / total) * 10000) / 10000 : 0 }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause, 'zh'));
}

/** Up to three 3-character pieces of the text without spaces or punctuation, from its start, middle and end. */
export function probeGrams(text: string): string[] {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  if (chars.length < 3) return [];
  const at = [0, Math.floor((chars.length - 3) / 2), chars.length - 3];
  return [...new Set(at.map((i) => chars.slice(i, i + 3).join('')))];
}

/**
 * GET /api/workorders/similar: open and recent work orders of the same customer, product or batch, and those whose
 * problem text is close (trigram Jaccard, src/core/similarity/trigram.ts), best first, at most 10.
 */
export async function similarComplaints(ctx: AppContext, p: Principal, q: SimilarQuery): Promise<SimilarList> {
  const customerKey = customerKeyOf(q.customerCode, q.customerName);
  const productCode = q.productCode?.trim() || null;
  const batch = q.batchNumber?.trim() || null;
  const problem = q.problem?.trim() || '';
  if (!customerKey && !productCode && !problem) return { items: [] };
  const since = new Date(ctx.clock.now().getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const scope = visibilityScope(p);
  const rows = await qrepo.similarCandidates(ctx.db, scope, { customerKey, productCode, since });
  // Older or less recent texts that share a piece of the problem come through the register's search index
  // (FTS5 trigram / pg_trgm, docs/workorders.md "Search"): a few 3-character pieces spread over the text, each an
  // indexed lookup bounded to 50 rows since `since`; the trigram score below decides what is close.
  const seen = new Set(rows.map((r) => r.id));
  for (const gram of probeGrams(problem)) {
    const hits = await repo.listWorkOrders(ctx.db, ctx.dialect, { scope, q: gram, receivedFrom: since, limit: 50 });
    for (const h of hits) {
      if (seen.has(h.id) || !h.problem) continue;
      seen.add(h.id);
      rows.push({ id: h.id, number: h.number, status: h.status, customer_name: h.customer_name, customer_key: h.customer_key, product_code: h.product_code, batch_number: h.batch_number, problem: h.problem, received_at: h.received_at });
    }
  }
  const mine = trigrams(problem);
  const items = rows
    .map((r) => {
      const s = {
        sameCustomer: !!customerKey && r.customer_key === customerKey,
        sameProduct: !!productCode && r.product_code === productCode,
        sameBatch: !!productCode && !!batch && r.product_code === productCode && r.batch_number === batch,
        text: problem && r.problem ? jaccard(mine, trigrams(r.problem)) : 0,
      };
      return { r, s };
    })
    .filter(({ s }) => isSimilar(s))
    .map(({ r, s }) => ({
      id: r.id,
      number: r.number,
      score: similarScore(s),
      status: r.status,
      customerName: r.customer_name,
      productCode: r.product_code,
      batchNumber: r.batch_number,
      problem: r.problem,
      receivedAt: r.received_at,
      matches: [...(s.sameCustomer ? (['customer'] as const) : []), ...(s.sameProduct ? (['product'] as const) : []), ...(s.sameBatch ? (['batch'] as const) : []), ...(s.text >= 0.2 ? (['text'] as const) : [])],
    }))
    .sort((a, b) => b.score - a.score || b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, 10);
  return { items };
}

/**
 * A repeat complaint recorded on the work order it repeats instead of registering it twice: a timeline entry
 * `repeat` with who called and what they said (internal, not on the portal), audited. The work order's row and
 * version are not changed, so nobody working on it gets a stale-version conflict.
 */
export async function linkRepeat(ctx: AppContext, p: Principal, id: string, input: RepeatLink): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  if (!hasRole(p, DESK_EDIT_ROLES)) throw forbidden();
  const now = ctx.clock.now();
  const note = [input.customerName, input.contactName, input.contactPhone, input.problem, input.note].filter(Boolean).join('；') || '重复投诉';
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertEvent(trx, eventRow(wo.id, now, 'repeat', p, { note, data: JSON.stringify({ ...input }) }));
    await recordAudit(trx, { at: now, actor: p, action: 'workorder.link_repeat', subjectType: 'work_order', subjectId: wo.id, unitId: wo.unit_id, after: { ...input } });
  });
  return getWorkOrder(ctx, p, wo.id);
}

/** PATCH /api/workorders/:id/batch: the batch number after intake (409 stale_version on a stale edit). */
export async function setBatchNumber(ctx: AppContext, p: Principal, id: string, input: BatchPatch): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  if (!hasRole(p, DESK_EDIT_ROLES)) throw forbidden();
  const at = ctx.clock.now().toISOString();
  const batch = input.batchNumber?.trim() || null;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateVersioned(trx, 'work_orders', { id: wo.id }, input.version, { batch_number: batch, updated_at: at }))) throw notFound('Work order', '工单', 'workorder_not_found');
    await repo.insertEvent(trx, eventRow(wo.id, new Date(at), 'batch_number', p, { note: `批号：${wo.batch_number ?? '—'} → ${batch ?? '—'}` }));
    await recordAudit(trx, { at, actor: p, action: 'workorder.batch_number', subjectType: 'work_order', subjectId: wo.id, unitId: wo.unit_id, before: { batchNumber: wo.batch_number, version: wo.version }, after: { batchNumber: batch, version: wo.version + 1 } });
  });
  return getWorkOrder(ctx, p, wo.id);
}

/**
 * At 8D approval: the verification facts with the count of end users of the same batch, evaluated by the
 * accountability module's quality-accidents pack. Returns the proposal's writer for the action's transaction, or
 * null when no case held. Without a product code and batch number only this complaint's customer counts (1).
 */
export async function proposeFromApproval(env: ActionEnv, v: QualityVerification): ReturnType<typeof prepareQualityProposal> {
  const { ctx, wo, p, cal, now } = env;
  const sameBatchEndUsers = wo.product_code && wo.batch_number ? Math.max(1, await qrepo.sameBatchCustomers(ctx.db, wo.product_code, wo.batch_number, wo.problem_category)) : 1;
  const { responsibleUserId, ...facts } = v;
  return prepareQualityProposal(ctx, {
    workOrder: { id: wo.id, number: wo.number, unitId: wo.unit_id, unitPath: wo.unit_path, departmentId: wo.department_id },
    facts: { ...facts, sameBatchEndUsers },
    responsibleUserId,
    occurredOn: cal.localDate(now),
    proposedBy: p,
    fieldPrefix: 'verification',
  });
}
