import { CHAIN_ROLES, buildChain, readDeductions, type ChainRole } from '../../core/accountability/chain';
import { isValidDate, type Reason } from '../../core/rules';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { fieldError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, scopePaths, type Principal } from '../auth';
import { calendarToday } from '../calendar';
import { notify } from '../notifications';
import * as orgRepo from '../org';
import type { RoleCode } from '../org';
import { evaluatePack, validatePackFacts } from '../rules';
import * as repo from './accountability.repository';
import type {
  AccidentCreateInput,
  AccidentSummaryOutput,
  AccidentViewOutput,
  DeductionEntryViewOutput,
  LedgerFilter,
  LedgerViewOutput,
  PersonOptionOutput,
  ReportFilter,
  ReportViewOutput,
} from './accountability.schemas';

// Management accidents and their deductions (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions). The level comes from the accident-management rule
// pack; the people come from the org tree (docs/regulations.md#organisation-and-roles); docs/accountability.md states the rule in full.

export const PACK_ID = 'accident-management';
/** Who records accidents, within the subtree of the unit they hold the role on. */
export const RECORD_ROLES: readonly RoleCode[] = ['dept_head', 'manager', 'director', 'admin'];
/** Roles that make someone the head of a unit for the chain, most senior first (ties: username order). */
const HEAD_ROLES: readonly RoleCode[] = ['manager', 'director', 'dept_head'];

function visibility(p: Principal): repo.Visibility {
  return { paths: scopePaths(p, RECORD_ROLES), selfId: p.id };
}

/**
 * The people of the chain for an accident in `unit` (docs/regulations.md#organisation-and-roles, docs/accountability.md#levels-and-deductions (事故扣分标准 cl. 1)): the department head holds dept_head on
 * the unit itself; walking up from the unit's parent, the first ancestor with a head (manager, then director,
 * then dept_head held on that ancestor) gives the direct superior and the next such ancestor above it the
 * superior's superior. Ancestors with no head are passed over; a link with nobody left stays empty.
 */
export async function chainHolders(db: AppContext['db'], unit: orgRepo.UnitRow, responsibleUserId: string): Promise<Record<ChainRole, string | null>> {
  const ids = unit.path.split('/').filter(Boolean);
  const ancestors = ids.slice(0, -1).reverse();
  const own = await repo.roleHolders(db, [unit.id], ['dept_head']);
  const above = await repo.roleHolders(db, ancestors, HEAD_ROLES);
  const heads: string[] = [];
  for (const a of ancestors) {
    const here = above.filter((h) => h.unit_id === a).sort((x, y) => HEAD_ROLES.indexOf(x.role as RoleCode) - HEAD_ROLES.indexOf(y.role as RoleCode) || x.username.localeCompare(y.username));
    if (here.length) heads.push(here[0].user_id);
    if (heads.length === 2) break;
  }
  return { responsible: responsibleUserId, departmentHead: own[0]?.user_id ?? null, directSuperior: heads[0] ?? null, superiorsSuperior: heads[1] ?? null };
}

const presentEntry = (e: repo.EntryRow): DeductionEntryViewOutput => ({
  id: e.id,
  accidentId: e.accident_id,
  accidentTitle: e.accident_title,
  accidentLevel: e.accident_level,
  accidentKind: e.accident_kind === 'quality' ? 'quality' : 'management',
  workOrderId: e.work_order_id,
  workOrderNumber: e.work_order_number,
  occurredOn: e.occurred_on,
  userId: e.user_id,
  userName: e.user_name,
  roleInChain: e.role_in_chain as ChainRole,
  points: Number(e.points),
  month: e.month,
  unitId: e.unit_id,
  unitName: e.unit_name,
});

function presentSummary(a: repo.AccidentListRow): AccidentSummaryOutput {
  return {
    id: a.id,
    unitId: a.unit_id,
    unitName: a.unit_name,
    occurredOn: a.occurred_on,
    title: a.title,
    description: a.description,
    level: a.level,
    kind: a.kind === 'quality' ? 'quality' : 'management',
    workOrderId: a.work_order_id,
    workOrderNumber: a.work_order_number,
    packVersion: Number(a.pack_version),
    responsibleUserId: a.responsible_user_id,
    responsibleName: a.responsible_name,
    recordedBy: a.recorded_by,
    createdAt: a.created_at,
    version: Number(a.version),
    totalPoints: a.total_points,
  };
}

async function view(ctx: AppContext, p: Principal, id: string): Promise<AccidentViewOutput> {
  const a = await repo.findAccident(ctx.db, id);
  const vis = visibility(p);
  const inScope = !!a && vis.paths!.some((x) => a.unit_path.startsWith(x));
  const entries = a ? await repo.listEntries(ctx.db, vis, { accidentId: id }) : [];
  // Someone outside the subtree learns nothing about the accident unless they were booked for it (404, not 403).
  if (!a || (!inScope && !entries.some((e) => e.user_id === p.id))) throw notFound('Accident', '事故');
  const explain = JSON.parse(a.explain) as { explain: Reason[]; refused: { level: string; reasons: Reason[] }[] };
  return {
    ...presentSummary(a),
    facts: JSON.parse(a.facts) as Record<string, unknown>,
    explain: explain.explain,
    refused: explain.refused,
    // In chain order: responsible, department head, direct superior, superior's superior.
    entries: entries.map(presentEntry).sort((x, y) => CHAIN_ROLES.indexOf(x.roleInChain) - CHAIN_ROLES.indexOf(y.roleInChain)),
  };
}

export async function getAccident(ctx: AppContext, p: Principal, id: string): Promise<AccidentViewOutput> {
  return view(ctx, p, id);
}

export async function listAccidents(ctx: AppContext, p: Principal): Promise<AccidentSummaryOutput[]> {
  return (await repo.listAccidents(ctx.db, visibility(p))).map(presentSummary);
}

const CHAIN_ZH: Record<ChainRole, string> = { responsible: '责任人', departmentHead: '部门负责人', directSuperior: '直接上级', superiorsSuperior: '上上级' };
const CHAIN_EN: Record<ChainRole, string> = { responsible: 'the responsible person', departmentHead: 'department head', directSuperior: 'direct superior', superiorsSuperior: 'superior’s superior' };

/** Records an accident, evaluates its level and books the chain's deductions in one transaction (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions). */
export async function recordAccident(ctx: AppContext, p: Principal, input: AccidentCreateInput, idempotencyKey: string | undefined): Promise<AccidentViewOutput> {
  const unit = await orgRepo.findUnit(ctx.db, input.unitId);
  if (!unit) throw invalid([fieldError('unitId', '单位不存在', 'no such unit')]);
  if (!coversUnit(p, unit.path, RECORD_ROLES)) throw forbidden('You may record accidents only inside your own subtree', '只能登记本人管辖范围内的事故');
  const errors = (await validatePackFacts(ctx, PACK_ID, input.facts)).map((e) => ({ field: e.field ? `facts.${e.field}` : 'facts', message: e.message }));
  // The person the caller names must belong to the accident's unit or a unit below it (docs/accountability.md
  // "Who is booked"): otherwise a recorder could book points into — and open the accident to — anyone in any
  // organisation. Unknown, inactive and out-of-subtree people get the same answer, so the check reveals nothing
  // about users of other trees.
  const responsible = await orgRepo.findActiveUserWithUnit(ctx.db, input.responsibleUserId);
  if (!responsible || !responsible.unit_path.startsWith(unit.path)) {
    errors.push(fieldError('responsibleUserId', '责任人须为事故发生单位（含下级单位）的在职人员', 'must be an active member of the accident’s unit or a unit below it'));
  }
  const today = await calendarToday(ctx);
  if (!isValidDate(input.occurredOn)) errors.push(fieldError('occurredOn', '不是有效日期', 'not a real date'));
  else if (input.occurredOn > today) errors.push(fieldError('occurredOn', '不能晚于今天', 'cannot be in the future'));
  if (errors.length) throw invalid(errors, 'The accident cannot be recorded', '事故信息有误，无法登记');

  // The level is evaluated as of the day the accident occurred, and the pack version used is kept with it.
  // Read before the transaction: on SQLite the one connection is held by the transaction.
  const ev = await evaluatePack(ctx, PACK_ID, input.facts, input.occurredOn);
  const chain = buildChain(await chainHolders(ctx.db, unit, input.responsibleUserId), readDeductions(ev.outputs));
  const { body } = await idempotent<{ id: string }>(ctx, `accountability.accidents:${p.id}`, idempotencyKey, input, async (trx) => {
    const id = newId(ctx.clock.now().getTime());
    const at = ctx.clock.now().toISOString();
    await repo.insertAccident(trx, {
      id,
      unit_id: unit.id,
      occurred_on: input.occurredOn,
      title: input.title,
      description: input.description ?? null,
      facts: JSON.stringify(input.facts),
      level: ev.level,
      pack_version: ev.version,
      explain: JSON.stringify({ explain: ev.explain, refused: ev.refused }),
      responsible_user_id: input.responsibleUserId,
      recorded_by: p.id,
      created_at: at,
      kind: 'management',
      work_order_id: null,
      work_order_number: null,
    });
    const month = input.occurredOn.slice(0, 7);
    await bookChain(ctx, trx, { accidentId: id, chain, occurredOn: input.occurredOn, unitId: unit.id, at });
    await recordAudit(trx, {
      at,
      actor: p,
      action: 'accident.record',
      subjectType: 'accident',
      subjectId: id,
      unitId: unit.id,
      after: { level: ev.level, packVersion: ev.version, title: input.title, occurredOn: input.occurredOn, deductions: chain },
    });
    // Each person booked hears of their own points (docs/notifications.md "Accountability"); the recorder knows.
    for (const c of chain) {
      if (c.userId === p.id) continue;
      await notify(trx, ctx.clock.now(), {
        userIds: [c.userId],
        title: `【管理事故扣分】${input.title}（${ev.level}）`,
        body: `${unit.name} ${input.occurredOn} 的${ev.level}管理事故，您作为${CHAIN_ZH[c.roleInChain]}扣 ${c.points} 分（${month}）。`,
        titleEn: `[Accident deduction] ${input.title} (${ev.level})`,
        bodyEn: `The ${ev.level} management accident at ${unit.name} on ${input.occurredOn}: ${c.points} points booked to you as ${CHAIN_EN[c.roleInChain]} (${month}).`,
        link: `/accountability/${id}`,
        subject: { module: 'accountability', id },
      });
    }
    return { status: 201, body: { id } };
  });
  return view(ctx, p, body.id);
}

async function unitPathFilter(ctx: AppContext, unitId: string | undefined): Promise<string | undefined> {
  if (!unitId) return undefined;
  const u = await orgRepo.findUnit(ctx.db, unitId);
  if (!u) throw invalid([fieldError('unitId', '单位不存在', 'no such unit')]);
  return u.path;
}

/** Points per person per month with the accident behind each entry (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions "booked per person per month"). */
export async function ledger(ctx: AppContext, p: Principal, f: LedgerFilter): Promise<LedgerViewOutput> {
  const rows = await repo.listEntries(ctx.db, visibility(p), { month: f.month, userId: f.userId, unitPath: await unitPathFilter(ctx, f.unitId) });
  const totals = new Map<string, { userId: string; userName: string; month: string; points: number; ids: Set<string> }>();
  for (const r of rows) {
    const k = `${r.user_id}\u0000${r.month}`;
    const t = totals.get(k) ?? { userId: r.user_id, userName: r.user_name, month: r.month, points: 0, ids: new Set<string>() };
    t.points += Number(r.points);
    t.ids.add(r.accident_id);
    totals.set(k, t);
  }
  return {
    entries: rows.map(presentEntry),
    totals: [...totals.values()].map(({ ids, ...t }) => ({ ...t, accidents: ids.size })),
  };
}

/** Deduction totals by person, department (the accident's unit) or month, over months from..to inclusive. */
export async function report(ctx: AppContext, p: Principal, f: ReportFilter): Promise<ReportViewOutput> {
  if (f.from && f.to && f.from > f.to) throw invalid([fieldError('to', '结束月份早于开始月份', 'to is before from')]);
  const rows = await repo.listEntries(ctx.db, visibility(p), { fromMonth: f.from, toMonth: f.to });
  const groups = new Map<string, { key: string; label: string; points: number; entries: number; ids: Set<string> }>();
  for (const r of rows) {
    const [key, label] = f.groupBy === 'person' ? [r.user_id, r.user_name] : f.groupBy === 'department' ? [r.unit_id, r.unit_name] : [r.month, r.month];
    const g = groups.get(key) ?? { key, label, points: 0, entries: 0, ids: new Set<string>() };
    g.points += Number(r.points);
    g.entries += 1;
    g.ids.add(r.accident_id);
    groups.set(key, g);
  }
  const out = [...groups.values()].map(({ ids, ...g }) => ({ ...g, accidents: ids.size }));
  out.sort((a, b) => (f.groupBy === 'month' ? a.key.localeCompare(b.key) : b.points - a.points || a.label.localeCompare(b.label)));
  return { groupBy: f.groupBy, rows: out, totalPoints: out.reduce((s, g) => s + g.points, 0) };
}

/**
 * Active people a recorder may name as responsible: those in the units of their recording subtree, or — with
 * `unitId` — those of that unit's subtree, the only ones an accident on it accepts.
 */
export async function listPeople(ctx: AppContext, p: Principal, unitId?: string): Promise<PersonOptionOutput[]> {
  let paths = scopePaths(p, RECORD_ROLES);
  if (unitId) {
    const unit = await orgRepo.findUnit(ctx.db, unitId);
    if (!unit) throw invalid([fieldError('unitId', '单位不存在', 'no such unit')]);
    if (!coversUnit(p, unit.path, RECORD_ROLES)) throw forbidden('You may record accidents only inside your own subtree', '只能登记本人管辖范围内的事故');
    paths = [unit.path];
  }
  const users = await orgRepo.listUsers(ctx.db, paths);
  return users.filter((u) => u.active).map((u) => ({ id: u.id, displayName: u.display_name, unitId: u.unit_id, unitName: u.unit_name }));
}

/**
 * The chain's deductions on the monthly ledger (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions):
 * one entry per link, in the month the accident occurred. Management and quality accidents book alike.
 */
export async function bookChain(
  ctx: AppContext,
  trx: DbOrTrx,
  a: { accidentId: string; chain: { userId: string; roleInChain: string; points: number }[]; occurredOn: string; unitId: string; at: string },
): Promise<void> {
  const month = a.occurredOn.slice(0, 7);
  await repo.insertEntries(
    trx,
    a.chain.map((c) => ({ id: newId(ctx.clock.now().getTime()), accident_id: a.accidentId, user_id: c.userId, role_in_chain: c.roleInChain, points: c.points, month, unit_id: a.unitId, created_at: a.at })),
  );
}
