import type { LocalText, RulePack } from '../../core/rules';
import { tenureMonths } from '../../core/staff/tenure';
import type { AppContext } from '../../platform/context';
import { notInFuture } from '../../platform/http/bounds';
import { AppError, conflict, fieldError, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, scopePaths, type Principal } from '../auth';
import { calendarToday } from '../calendar';
import { markSubjectRead, notify } from '../notifications';
import { findUnit, roleHolders } from '../org';
import type { RoleCode } from '../org';
import { evaluatePack, getActivePack } from '../rules';
import * as repo from './staff.repository';
import type { AssessmentViewOutput, FactsOutput, PromoteBody, StaffCreate, StaffListItemOutput, StaffUpdate, StaffViewOutput } from './staff.schemas';

// Staff levels (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels, 餐饮服务员等级划分标准) evaluated with the `staff-waiter` rule pack. Staff records
// belong to a store or department; administrators, department heads and managers keep those in their subtree.

export const PACK_ID = 'staff-waiter';
export const STAFF_ROLES: RoleCode[] = ['admin', 'dept_head', 'manager'];
/** docs/staff-levels.md#levels (服务员等级标准 cl. 4 item 1) "early promotion possible with approval": the approving role for a level above the computed one. */
export const APPROVER_ROLES: RoleCode[] = ['manager'];

const staffNotFound = () => notFound('Staff member', '员工', 'staff_not_found');

function toView(r: repo.StaffRow): StaffViewOutput {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    name: r.name,
    hiredOn: r.hired_on,
    passedTests: JSON.parse(r.passed_tests) as string[],
    certificates: JSON.parse(r.certificates) as string[],
    attitudeGood: r.attitude_good === 1,
    handlesSimpleComplaints: r.handles_simple_complaints === 1,
    currentLevel: r.current_level,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A staff member the principal may see; 404 (not 403) outside their subtree, so ids do not leak. */
async function loadVisible(ctx: AppContext, p: Principal, id: string): Promise<repo.StaffRow> {
  const row = await repo.findStaff(ctx.db, id);
  if (!row || !coversUnit(p, row.unit_path, STAFF_ROLES)) throw staffNotFound();
  return row;
}

function levelIds(pack: RulePack): string[] {
  return [...pack.levels.map((l) => l.id), pack.fallback];
}

function labelOf(pack: RulePack, level: string): LocalText {
  return pack.levels.find((l) => l.id === level)?.label ?? pack.fallbackLabel ?? { zh: level, en: level };
}

/** Lower index = higher level (the pack lists levels highest first, the fallback last). */
function rank(pack: RulePack, level: string): number {
  return levelIds(pack).indexOf(level);
}

/** 422 for test or certificate ids the pack does not define, named by field. */
async function checkChoices(ctx: AppContext, input: { passedTests?: string[]; certificates?: string[] }): Promise<void> {
  const { pack } = await getActivePack(ctx, PACK_ID);
  const errors: { field: string; message: string }[] = [];
  for (const [field, fact] of [['passedTests', 'passedTests'], ['certificates', 'certificates']] as const) {
    const allowed = pack.facts[fact]?.values ?? [];
    for (const v of input[field] ?? []) if (!allowed.includes(v)) errors.push(fieldError(field, '未知选项', `unknown choice "${v}"`));
  }
  if (errors.length) throw invalid(errors);
}

/** End of the local (China time, UTC+8) as-of day as a UTC timestamp: work orders received before it count. */
function endOfLocalDay(asOf: string): string {
  const ms = Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10)) + 1) - 8 * 3_600_000;
  return new Date(ms).toISOString();
}

/** The pack's facts for one staff member on `asOf`; praise and complaints come from the complaint desk's work orders (docs/workorders.md#kinds-and-channels). */
async function factsFor(ctx: AppContext, r: repo.StaffRow, asOf: string): Promise<FactsOutput> {
  const before = endOfLocalDay(asOf);
  return {
    tenureMonths: tenureMonths(r.hired_on, asOf),
    praiseLetters: await repo.countNamedWorkOrders(ctx.db, 'praise', r.name, r.unit_path, before),
    complaints: await repo.countNamedWorkOrders(ctx.db, 'complaint', r.name, r.unit_path, before),
    passedTests: JSON.parse(r.passed_tests) as string[],
    certificates: JSON.parse(r.certificates) as string[],
    attitudeGood: r.attitude_good === 1,
    handlesSimpleComplaints: r.handles_simple_complaints === 1,
    currentLevel: r.current_level,
  };
}

async function assess(ctx: AppContext, r: repo.StaffRow, asOf: string) {
  const facts = await factsFor(ctx, r, asOf);
  const evaluation = await evaluatePack(ctx, PACK_ID, { ...facts }, asOf);
  return { facts, evaluation };
}

export async function listStaff(ctx: AppContext, p: Principal, unitId: string | undefined): Promise<StaffListItemOutput[]> {
  let unitPath: string | undefined;
  if (unitId) {
    const u = await findUnit(ctx.db, unitId);
    if (!u) throw invalid([fieldError('unitId', '单位不存在', 'unknown unit')]);
    unitPath = u.path;
  }
  const rows = await repo.listStaff(ctx.db, scopePaths(p, STAFF_ROLES), unitPath);
  const asOf = await calendarToday(ctx);
  const out: StaffListItemOutput[] = [];
  for (const r of rows) out.push({ ...toView(r), computedLevel: (await assess(ctx, r, asOf)).evaluation.level });
  return out;
}

export async function getStaff(ctx: AppContext, p: Principal, id: string): Promise<StaffViewOutput> {
  return toView(await loadVisible(ctx, p, id));
}

export async function createStaff(ctx: AppContext, p: Principal, input: StaffCreate): Promise<StaffViewOutput> {
  const unit = await findUnit(ctx.db, input.unitId);
  if (!unit) throw invalid([fieldError('unitId', '单位不存在', 'unknown unit')]);
  if (!coversUnit(p, unit.path, STAFF_ROLES)) throw forbidden('You may not keep staff records for this unit', '无权维护该单位的员工');
  const hired = notInFuture(ctx.clock.now(), input.hiredOn, 'hiredOn');
  if (hired) throw invalid([hired]);
  await checkChoices(ctx, input);
  const { pack } = await getActivePack(ctx, PACK_ID);
  const currentLevel = input.currentLevel ?? pack.fallback;
  if (rank(pack, currentLevel) < 0) throw invalid([fieldError('currentLevel', '未知等级', `unknown level "${currentLevel}"`)]);
  const at = ctx.clock.now().toISOString();
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertStaff(trx, {
      id,
      unit_id: unit.id,
      name: input.name,
      hired_on: input.hiredOn,
      passed_tests: JSON.stringify(input.passedTests),
      certificates: JSON.stringify(input.certificates),
      attitude_good: input.attitudeGood ? 1 : 0,
      handles_simple_complaints: input.handlesSimpleComplaints ? 1 : 0,
      current_level: currentLevel,
      version: 1,
      created_at: at,
      created_by: p.id,
      updated_at: at,
      updated_by: p.id,
    });
    await recordAudit(trx, { at, actor: p, action: 'staff.create', subjectType: 'staff_member', subjectId: id, unitId: unit.id, after: { ...input, currentLevel } });
  });
  return toView((await repo.findStaff(ctx.db, id))!);
}

export async function updateStaff(ctx: AppContext, p: Principal, id: string, input: StaffUpdate): Promise<StaffViewOutput> {
  const row = await loadVisible(ctx, p, id);
  const hired = notInFuture(ctx.clock.now(), input.hiredOn, 'hiredOn');
  if (hired) throw invalid([hired]);
  await checkChoices(ctx, input);
  const at = ctx.clock.now().toISOString();
  const { version, ...changes } = input;
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await repo.updateStaff(trx, id, version, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.hiredOn !== undefined && { hired_on: changes.hiredOn }),
      ...(changes.passedTests !== undefined && { passed_tests: JSON.stringify(changes.passedTests) }),
      ...(changes.certificates !== undefined && { certificates: JSON.stringify(changes.certificates) }),
      ...(changes.attitudeGood !== undefined && { attitude_good: changes.attitudeGood ? 1 : 0 }),
      ...(changes.handlesSimpleComplaints !== undefined && { handles_simple_complaints: changes.handlesSimpleComplaints ? 1 : 0 }),
      updated_at: at,
      updated_by: p.id,
    });
    if (!ok) throw staleVersion(row.version);
    await recordAudit(trx, { at, actor: p, action: 'staff.update', subjectType: 'staff_member', subjectId: id, unitId: row.unit_id, before: toView(row), after: changes });
  });
  return toView((await repo.findStaff(ctx.db, id))!);
}

/** Deletes a staff record entered by mistake; one with level decisions keeps its history (409). */
export async function deleteStaff(ctx: AppContext, p: Principal, id: string, version: number): Promise<void> {
  const row = await loadVisible(ctx, p, id);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if ((await repo.countDecisions(trx, id)) > 0) throw conflict('staff_has_decisions', 'The staff member has level decisions on record', '该员工已有等级评定记录，不能删除');
    if (!(await repo.deleteStaff(trx, id, version))) throw staleVersion(row.version);
    await recordAudit(trx, { at, actor: p, action: 'staff.delete', subjectType: 'staff_member', subjectId: id, unitId: row.unit_id, before: toView(row) });
  });
}

export async function assessment(ctx: AppContext, p: Principal, id: string, asOfInput: string | undefined): Promise<AssessmentViewOutput> {
  const row = await loadVisible(ctx, p, id);
  const asOf = asOfInput ?? (await calendarToday(ctx));
  const { facts, evaluation } = await assess(ctx, row, asOf);
  const { pack } = await getActivePack(ctx, PACK_ID);
  const options = (fact: string) => {
    const def = pack.facts[fact];
    return (def?.values ?? []).map((v) => ({ id: v, label: def?.valueLabels?.[v] ?? { zh: v, en: v } }));
  };
  const decisions = await repo.listDecisions(ctx.db, id);
  return {
    staff: toView(row),
    asOf,
    facts,
    packId: PACK_ID,
    packVersion: evaluation.version,
    level: evaluation.level,
    levelLabel: labelOf(pack, evaluation.level),
    explain: evaluation.explain,
    refused: evaluation.refused.map((x) => ({ ...x, label: labelOf(pack, x.level) })),
    outputs: evaluation.outputs,
    levels: [...pack.levels.map((l) => ({ id: l.id, label: l.label, incomplete: l.incomplete !== undefined })), { id: pack.fallback, label: labelOf(pack, pack.fallback), incomplete: false }],
    testOptions: options('passedTests'),
    certificateOptions: options('certificates'),
    factLabels: Object.fromEntries(Object.entries(pack.facts).map(([k, d]) => [k, d.label])),
    decisions: decisions.map((d) => ({
      id: d.id,
      level: d.level,
      previousLevel: d.previous_level,
      packVersion: d.pack_version,
      computedLevel: (JSON.parse(d.explain) as { computedLevel: string }).computedLevel,
      decidedBy: d.decided_by_name,
      decidedAt: d.decided_at,
      note: d.note,
    })),
  };
}

/**
 * Records a level decision (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels). The rules give the highest level the facts support; a decision may set
 * that level or a lower one. A level above it is an early promotion ("可根据实际情况调整", with approval): only
 * an approver (manager) covering the unit may record it, and only with a note saying why.
 */
export async function recordLevel(ctx: AppContext, p: Principal, id: string, input: PromoteBody): Promise<AssessmentViewOutput> {
  const row = await loadVisible(ctx, p, id);
  const { pack } = await getActivePack(ctx, PACK_ID);
  if (rank(pack, input.level) < 0) throw invalid([fieldError('level', '未知等级', `unknown level "${input.level}"`)]);
  const asOf = await calendarToday(ctx);
  const { facts, evaluation } = await assess(ctx, row, asOf);
  const early = rank(pack, input.level) < rank(pack, evaluation.level);
  if (early) {
    if (!coversUnit(p, row.unit_path, APPROVER_ROLES)) {
      throw new AppError(403, 'approval_required', `Promotion above the computed level (${evaluation.level}) needs a manager's approval`, `高于规则评定等级（${evaluation.level}）的提前晋级须经总经理审批`);
    }
    if (!input.note) throw invalid([fieldError('note', '提前晋级须说明理由', 'an early promotion needs a reason')]);
  }
  if (input.version !== row.version) throw staleVersion(row.version);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateStaff(trx, id, input.version, { current_level: input.level, updated_at: at, updated_by: p.id }))) throw staleVersion(row.version);
    await repo.insertDecision(trx, {
      id: newId(ctx.clock.now().getTime()),
      staff_id: id,
      level: input.level,
      previous_level: row.current_level,
      pack_version: evaluation.version,
      explain: JSON.stringify({ computedLevel: evaluation.level, early, explain: evaluation.explain, refused: evaluation.refused }),
      facts: JSON.stringify(facts),
      decided_by: p.id,
      decided_at: at,
      note: input.note || null,
    });
    await recordAudit(trx, {
      at,
      actor: p,
      action: early ? 'staff.promote_early' : 'staff.level',
      subjectType: 'staff_member',
      subjectId: id,
      unitId: row.unit_id,
      before: { level: row.current_level },
      after: { level: input.level, computedLevel: evaluation.level, packVersion: evaluation.version },
      note: input.note ?? null,
    });
    // The heads over the member's unit hear of the decision (docs/notifications.md "Staff"); the decider's own are read.
    const now = ctx.clock.now();
    await markSubjectRead(trx, p.id, { module: 'staff', id }, now);
    const heads = (await roleHolders(trx, row.unit_path.split('/').filter(Boolean), ['dept_head', 'manager'])).map((h) => h.user_id).filter((u) => u !== p.id);
    await notify(trx, now, {
      userIds: heads,
      title: `【员工等级】${row.name} 定为${input.level}${early ? '（提前晋级）' : ''}`,
      body: `规则评定：${evaluation.level}；由 ${p.displayName} 确定。${input.note ?? ''}`,
      titleEn: `[Staff level] ${row.name}: ${input.level}${early ? ' (early promotion)' : ''}`,
      bodyEn: `Computed level: ${evaluation.level}; decided by ${p.displayName}. ${input.note ?? ''}`.trim(),
      link: `/staff/${id}`,
      subject: { module: 'staff', id },
    });
  });
  return assessment(ctx, p, id, asOf);
}

export interface StaffInboxItem {
  id: string;
  title: string;
  action: 'record_level';
  due: null;
  state: null;
}

/**
 * My work (我的待办, docs/staff-levels.md "My work"): members in the caller's scope whom the rules now place at a
 * higher level than the one recorded — a level decision waits (服务员等级标准 cl. 2–4). The same assessment as the
 * staff list (one evaluation per member of the scope; a unit's staff is counted in hundreds, not thousands).
 */
export async function inboxStaff(ctx: AppContext, p: Principal): Promise<StaffInboxItem[]> {
  if (!p.roles.some((g) => STAFF_ROLES.includes(g.role))) return [];
  const { pack } = await getActivePack(ctx, PACK_ID);
  const rows = await listStaff(ctx, p, undefined);
  return rows
    .filter((r) => rank(pack, r.computedLevel) >= 0 && (rank(pack, r.currentLevel) < 0 || rank(pack, r.computedLevel) < rank(pack, r.currentLevel)))
    .map((r) => ({ id: r.id, title: `${r.name}（${r.currentLevel} → ${r.computedLevel}）`, action: 'record_level' as const, due: null, state: null }));
}
