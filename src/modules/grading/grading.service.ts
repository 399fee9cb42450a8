import { activeBans, isLevel, openShutdownSince, reapplyBy, type Level, type MineTypeCode } from '../../core/grading';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { fieldError, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit';
import { coversUnit, scopePaths, type Principal } from '../auth';
import { calendarToday, getCalendar } from '../calendar';
import { insertUnit } from '../org';
import type { RoleCode } from '../org';
import * as repo from './grading.repository';
import type { WorkCalendar } from '../../core/calendar';
import type {
  ApplicationSummary,
  BanView,
  GradeView,
  HistoryEntry,
  MineCreateInput,
  MineDetail,
  MineListItem,
  ProposalView,
  ProvinceConfigUpdateInput,
  ProvinceConfigView,
} from './grading.schemas';

// Mines, their grades and history, and the per-province choice of bodies (定级办法 Art. 6; docs/grading.md#who-acts-art-6). Shared helpers of the
// grading services live here too.

/** Roles that see grading data, each within the subtree it is held on (mine, enterprise, province, nation). */
export const GRADING_ROLES: readonly RoleCode[] = ['admin', 'mine_user', 'enterprise_user', 'province_reviewer', 'national_assessor'];
/** Roles of authority staff: a body acts through people holding one of these on the body's own unit. */
export const AUTHORITY_ROLES: readonly RoleCode[] = ['province_reviewer', 'national_assessor'];
/** Roles of the applying side: the mine itself or its enterprise (Art. 7(1) "自行或由隶属的煤矿企业"). */
export const MINE_SIDE_ROLES: readonly RoleCode[] = ['mine_user', 'enterprise_user'];

/** Art. 7: the whole pipeline within 60 working days of receipt. */
export const PIPELINE_WORKING_DAYS = 60;


export interface MineContext {
  unit: repo.UnitRow;
  mineType: MineTypeCode;
  enterprise: repo.UnitRow | null;
  province: repo.UnitRow | null;
  national: repo.UnitRow | null;
}

const idsOfPath = (path: string) => path.split('/').filter(Boolean);

export function mineTypeOf(unit: repo.UnitRow): MineTypeCode {
  const attrs = JSON.parse(unit.attrs || '{}') as { mineType?: string };
  return attrs.mineType === 'open_pit' ? 'open_pit' : 'underground';
}

/** The mine's unit with its enterprise, province and national authority, found by walking up the tree. */
export async function loadMine(db: DbOrTrx, mineId: string): Promise<MineContext> {
  const unit = await repo.findUnit(db, mineId);
  if (!unit || unit.kind !== 'mine') throw notFound('Mine', '煤矿', 'mine_not_found');
  const ancestors = await repo.unitsByIds(db, idsOfPath(unit.path).slice(0, -1));
  const nearest = (kind: string) => ancestors.filter((a) => a.kind === kind).sort((a, b) => b.path.length - a.path.length)[0] ?? null;
  const national = nearest('national_authority') ?? (await repo.firstUnitOfKind(db, 'national_authority')) ?? null;
  return { unit, mineType: mineTypeOf(unit), enterprise: nearest('enterprise'), province: nearest('provincial_authority'), national };
}

/** Several mines at once (public lists, bulletins): one query for the mines and one for all their ancestors. */
export async function loadMines(db: DbOrTrx, mineIds: string[]): Promise<Map<string, MineContext>> {
  const units = (await repo.unitsByIds(db, [...new Set(mineIds)])).filter((u) => u.kind === 'mine');
  const ancestors = new Map((await repo.unitsByIds(db, [...new Set(units.flatMap((u) => idsOfPath(u.path).slice(0, -1)))])).map((a) => [a.id, a]));
  const fallbackNational = (await repo.firstUnitOfKind(db, 'national_authority')) ?? null;
  const out = new Map<string, MineContext>();
  for (const unit of units) {
    const chain = idsOfPath(unit.path).slice(0, -1).map((id) => ancestors.get(id)).filter((a): a is repo.UnitRow => !!a).reverse();
    const nearest = (kind: string) => chain.find((a) => a.kind === kind) ?? null;
    out.set(unit.id, { unit, mineType: mineTypeOf(unit), enterprise: nearest('enterprise'), province: nearest('provincial_authority'), national: nearest('national_authority') ?? fallbackNational });
  }
  return out;
}

export function canSeeMine(p: Principal, mine: MineContext): boolean {
  return coversUnit(p, mine.unit.path, GRADING_ROLES);
}

export function isMineSide(p: Principal, mine: MineContext): boolean {
  return coversUnit(p, mine.unit.path, MINE_SIDE_ROLES);
}

/** A body acts only through staff holding an authority role on that very unit (403 for any other body, docs/grading.md#who-acts-art-6 (定级办法 Art. 6)). */
export function actsFor(p: Principal, bodyId: string | null): boolean {
  return !!bodyId && p.roles.some((g) => g.unitId === bodyId && AUTHORITY_ROLES.includes(g.role));
}

export async function requireVisibleMine(db: DbOrTrx, p: Principal, mineId: string): Promise<MineContext> {
  const mine = await loadMine(db, mineId);
  if (!canSeeMine(p, mine)) throw notFound('Mine', '煤矿', 'mine_not_found');
  return mine;
}

// ——— grades, bans, history ———

/** The grade as held on `today`: an expired row (before the reminder job tidies it) counts as no grade. */
export function presentGrade(g: repo.GradeRow | undefined, today: string): GradeView | null {
  if (!g || !isLevel(g.level) || g.valid_until <= today) return null;
  return { level: g.level, since: g.since, validUntil: g.valid_until, standard: g.standard, reapplyBy: reapplyBy(g.valid_until), extended: g.extended === 1, grantedById: g.granted_by };
}

export function presentBans(history: repo.HistoryRow[], today: string): BanView[] {
  return activeBans(history, today).map((b) => ({ scope: b.scope, until: b.until, reason: b.reason, reasonZh: b.reasonZh, cause: b.cause, since: b.since }));
}

export function presentHistory(h: repo.HistoryRow, names: Map<string, string>): HistoryEntry {
  return {
    id: h.id,
    date: h.date,
    kind: h.kind as HistoryEntry['kind'],
    level: isLevel(h.level) ? h.level : null,
    fromLevel: isLevel(h.from_level) ? h.from_level : null,
    eventType: h.event_type,
    eventClass: h.event_class,
    reason: h.reason,
    reasonEn: reasonEnOf(h.data),
    standard: h.standard,
    applicationId: h.application_id,
    proposalId: h.proposal_id,
    authorityId: h.authority_id,
    authorityName: h.authority_id ? (names.get(h.authority_id) ?? null) : null,
    stopProductionOrder: h.stop_order,
    recordedAt: h.created_at,
  };
}

/** System-written history notes keep their English text in `data.reasonEn` (no column of its own). */
function reasonEnOf(data: string | null): string | null {
  if (!data) return null;
  const v = (JSON.parse(data) as { reasonEn?: unknown }).reasonEn;
  return typeof v === 'string' ? v : null;
}

/** The 60-working-day clock of an application (Art. 7, docs/grading.md#the-pipeline-art-7): stops when the application is final. */
export function pipelineClock(cal: WorkCalendar, row: Pick<repo.ApplicationRow, 'received_at' | 'deadline_at' | 'deadline_provisional' | 'closed_at'>, now: Date) {
  const due = new Date(row.deadline_at);
  const end = row.closed_at ? new Date(row.closed_at) : now;
  const used = Math.max(0, cal.between(new Date(row.received_at), end, 'working_days').amount);
  return { due, used, left: Math.max(0, PIPELINE_WORKING_DAYS - used), overdue: end.getTime() > due.getTime(), provisional: row.deadline_provisional === 1, stopped: row.closed_at !== null };
}

export function summaryOf(row: repo.ApplicationRow, mineName: string, cal: WorkCalendar, now: Date): ApplicationSummary {
  const clock = pipelineClock(cal, row, now);
  return {
    id: row.id,
    mineId: row.mine_id,
    mineName,
    targetLevel: row.target_level as Level,
    currentLevel: row.current_level as Level,
    standard: row.standard,
    status: row.status as ApplicationSummary['status'],
    version: row.version,
    receivedAt: row.received_at,
    deadline: row.deadline_at,
    workingDaysLeft: clock.left,
    overdue: clock.overdue,
    deadlineProvisional: clock.provisional,
    clockStopped: clock.stopped,
    proposedLevel: (JSON.parse(row.evaluation) as { level: ApplicationSummary['proposedLevel'] }).level,
    updatedAt: row.updated_at,
  };
}

export async function namesOf(db: DbOrTrx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  return new Map((await repo.unitsByIds(db, unique)).map((u) => [u.id, u.name]));
}

export function presentProposal(r: repo.ProposalRow, mineName: string, names: Map<string, string>): ProposalView {
  return {
    id: r.id,
    mineId: r.mine_id,
    mineName,
    action: r.action as ProposalView['action'],
    fromLevel: isLevel(r.from_level) ? r.from_level : null,
    ...(isLevel(r.to_level) && { toLevel: r.to_level }),
    reason: r.reason,
    reasonZh: r.reason_zh,
    status: r.status as ProposalView['status'],
    eventId: r.event_id,
    authorityId: r.authority_id,
    authorityName: r.authority_id ? (names.get(r.authority_id) ?? null) : null,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    stopProductionOrder: r.stop_order,
    version: r.version,
    createdAt: r.created_at,
  };
}

// ——— mines ———

export async function listMines(ctx: AppContext, p: Principal): Promise<MineListItem[]> {
  const today = await calendarToday(ctx);
  const units = await repo.listMineUnits(ctx.db, scopePaths(p, GRADING_ROLES));
  const grades = new Map((await repo.gradesOf(ctx.db, units.map((u) => u.id))).map((g) => [g.mine_id, g]));
  const history = new Map<string, repo.HistoryRow[]>();
  for (const h of await repo.historyOfMines(ctx.db, units.map((u) => u.id))) history.set(h.mine_id, [...(history.get(h.mine_id) ?? []), h]);
  const ancestorIds = [...new Set(units.flatMap((u) => idsOfPath(u.path).slice(0, -1)))];
  const ancestors = new Map((await repo.unitsByIds(ctx.db, ancestorIds)).map((a) => [a.id, a]));
  return units.map((u) => {
    const chain = idsOfPath(u.path).slice(0, -1).map((id) => ancestors.get(id)).filter((a): a is repo.UnitRow => !!a).reverse();
    const enterprise = chain.find((a) => a.kind === 'enterprise') ?? null;
    const province = chain.find((a) => a.kind === 'provincial_authority') ?? null;
    return {
      id: u.id,
      name: u.name,
      mineType: mineTypeOf(u),
      grade: presentGrade(grades.get(u.id), today),
      enterpriseId: enterprise?.id ?? null,
      enterpriseName: enterprise?.name ?? null,
      provinceId: province?.id ?? null,
      provinceName: province?.name ?? null,
      bans: presentBans(history.get(u.id) ?? [], today),
    };
  });
}

export function presentMineItem(m: MineContext, grade: GradeView | null, bans: BanView[]): MineListItem {
  return {
    id: m.unit.id,
    name: m.unit.name,
    mineType: m.mineType,
    grade,
    enterpriseId: m.enterprise?.id ?? null,
    enterpriseName: m.enterprise?.name ?? null,
    provinceId: m.province?.id ?? null,
    provinceName: m.province?.name ?? null,
    bans,
  };
}

/**
 * Registers a mine as a unit of kind 'mine' under its enterprise (or directly under the province when it has no
 * enterprise), so the org tree's subtree scoping covers it for every party.
 */
export async function createMine(ctx: AppContext, p: Principal, input: MineCreateInput, idempotencyKey?: string): Promise<{ id: string }> {
  const parentId = input.enterpriseId ?? input.provinceId;
  if (!parentId) throw invalid([fieldError('enterpriseId', '请指定所属企业或省份', 'give the enterprise or the province')]);
  // A retry with the same Idempotency-Key returns the mine registered first, not a second one of the same name.
  const { body } = await idempotent<{ id: string }>(ctx, `grading.mines:${p.id}`, idempotencyKey, input, async (trx) => {
    const parent = await repo.findUnit(trx, parentId);
    const wantKind = input.enterpriseId ? 'enterprise' : 'provincial_authority';
    const field = input.enterpriseId ? 'enterpriseId' : 'provinceId';
    if (!parent || parent.kind !== wantKind) throw invalid([{ field, message: `不是${wantKind === 'enterprise' ? '企业' : '省级主管部门'} / not a unit of kind ${wantKind}` }]);
    if (input.enterpriseId && input.provinceId && !parent.path.includes(`/${input.provinceId}/`)) {
      throw invalid([fieldError('provinceId', '该企业不在此省', 'the enterprise is not in this province')]);
    }
    if (!coversUnit(p, parent.path, ['admin', 'enterprise_user', 'province_reviewer', 'national_assessor'])) {
      throw forbidden('You may register mines only inside your own enterprise or authority', '只能在本企业或本辖区内登记煤矿');
    }
    const now = ctx.clock.now().toISOString();
    const id = newId();
    const row = { id, parent_id: parent.id, path: `${parent.path}${id}/`, kind: 'mine', name: input.name, code: null, attrs: JSON.stringify({ mineType: input.mineType }), created_at: now, updated_at: now };
    await insertUnit(trx, row);
    await recordAudit(trx, { at: now, actor: p, action: 'grading.mine.create', subjectType: 'unit', subjectId: id, unitId: id, after: { name: input.name, mineType: input.mineType, parentId: parent.id } });
    return { status: 201, body: { id } };
  });
  return body;
}

export async function getMine(ctx: AppContext, p: Principal, mineId: string): Promise<MineDetail> {
  const today = await calendarToday(ctx);
  const mine = await requireVisibleMine(ctx.db, p, mineId);
  const [grade, history, apps, proposals] = await Promise.all([
    repo.findGrade(ctx.db, mineId),
    repo.listHistory(ctx.db, mineId),
    repo.listApplications(ctx.db, { mineIds: [mineId] }),
    repo.listProposals(ctx.db, { mineIds: [mineId] }),
  ]);
  const names = await namesOf(ctx.db, [...history.map((h) => h.authority_id), ...proposals.map((x) => x.authority_id)]);
  const cal = await getCalendar(ctx);
  const now = ctx.clock.now();
  return {
    ...presentMineItem(mine, presentGrade(grade, today), presentBans(history, today)),
    history: history.map((h) => presentHistory(h, names)),
    applications: apps.map((a) => summaryOf(a, mine.unit.name, cal, now)),
    proposals: proposals.map((x) => presentProposal(x, mine.unit.name, names)),
    shutdownSince: openShutdownSince(history),
  };
}

// ——— per-province bodies (定级办法 Art. 6; docs/grading.md#who-acts-art-6) ———

export interface LevelBodiesConfig {
  initialReviewBodyId: string;
  assessmentBodyId: string;
}
export type BodiesConfig = Record<Level, LevelBodiesConfig>;

/** Art. 6: 一级 — initial review by the province, assessment by the national authority; 二级/三级 — the province decides (default: itself). */
export function defaultBodies(provinceId: string, nationalId: string): BodiesConfig {
  return {
    一级: { initialReviewBodyId: provinceId, assessmentBodyId: nationalId },
    二级: { initialReviewBodyId: provinceId, assessmentBodyId: provinceId },
    三级: { initialReviewBodyId: provinceId, assessmentBodyId: provinceId },
  };
}

export async function bodiesFor(db: DbOrTrx, mine: MineContext): Promise<BodiesConfig> {
  if (!mine.province || !mine.national) {
    throw invalid([fieldError('mineId', '该矿不在任何省级主管部门之下', 'the mine is not under a provincial authority')], 'The mine has no province', '该矿没有所属省份');
  }
  const row = await repo.findProvinceConfig(db, mine.province.id);
  return row ? (JSON.parse(row.config) as BodiesConfig) : defaultBodies(mine.province.id, mine.national.id);
}

async function requireProvince(db: DbOrTrx, provinceId: string): Promise<repo.UnitRow> {
  const u = await repo.findUnit(db, provinceId);
  if (!u || u.kind !== 'provincial_authority') throw notFound('Province', '省级主管部门', 'province_not_found');
  return u;
}

async function presentProvinceConfig(db: DbOrTrx, province: repo.UnitRow): Promise<ProvinceConfigView> {
  const row = await repo.findProvinceConfig(db, province.id);
  const national = (await repo.unitsByIds(db, idsOfPath(province.path))).find((u) => u.kind === 'national_authority') ?? (await repo.firstUnitOfKind(db, 'national_authority'));
  const levels = row ? (JSON.parse(row.config) as BodiesConfig) : defaultBodies(province.id, national?.id ?? province.id);
  const names = await namesOf(db, Object.values(levels).flatMap((l) => [l.initialReviewBodyId, l.assessmentBodyId]));
  const ref = (id: string) => ({ id, name: names.get(id) ?? id });
  const bodies = Object.fromEntries(
    (Object.keys(levels) as Level[]).map((l) => [l, { initialReview: ref(levels[l].initialReviewBodyId), assessment: ref(levels[l].assessmentBodyId) }]),
  ) as ProvinceConfigView['bodies'];
  return { provinceId: province.id, provinceName: province.name, levels, bodies, version: row?.version ?? 0, isDefault: !row };
}

export async function getProvinceConfig(ctx: AppContext, p: Principal, provinceId: string): Promise<ProvinceConfigView> {
  const province = await requireProvince(ctx.db, provinceId);
  if (!coversUnit(p, province.path, ['admin', ...AUTHORITY_ROLES])) throw forbidden();
  return presentProvinceConfig(ctx.db, province);
}

const BODY_KINDS = ['provincial_authority', 'national_authority', 'local_supervision'];

export async function putProvinceConfig(ctx: AppContext, p: Principal, provinceId: string, input: ProvinceConfigUpdateInput): Promise<ProvinceConfigView> {
  return ctx.db.transaction().execute(async (trx) => {
    const province = await requireProvince(trx, provinceId);
    if (!coversUnit(p, province.path, ['admin'])) throw forbidden('Only an administrator over this province may change its bodies', '只有该省的系统管理员可以修改考核定级部门');
    const ids = Object.values(input.levels).flatMap((l) => [l.initialReviewBodyId, l.assessmentBodyId]);
    const units = new Map((await repo.unitsByIds(trx, ids)).map((u) => [u.id, u]));
    const errors = (Object.keys(input.levels) as Level[]).flatMap((l) =>
      (['initialReviewBodyId', 'assessmentBodyId'] as const)
        .filter((k) => !BODY_KINDS.includes(units.get(input.levels[l][k])?.kind ?? ''))
        .map((k) => fieldError(`levels.${l}.${k}`, '不是主管部门或监管部门', 'not an authority unit')),
    );
    // Art. 6: a 一级 application is always reviewed by the province and assessed by the national authority.
    if (units.get(input.levels.一级.assessmentBodyId)?.kind !== 'national_authority') errors.push(fieldError('levels.一级.assessmentBodyId', '一级由国家煤矿安全监察局考核定级', '一级 is assessed by the national authority (Art. 6)'));
    if (input.levels.一级.initialReviewBodyId !== province.id) errors.push(fieldError('levels.一级.initialReviewBodyId', '一级由省级主管部门初审', '一级 is reviewed by the province (Art. 6)'));
    if (errors.length) throw invalid(errors);
    const before = await repo.findProvinceConfig(trx, provinceId);
    const now = ctx.clock.now().toISOString();
    const config = JSON.stringify(input.levels);
    if (!before) {
      if (input.version !== 0) throw staleVersion(0);
      await repo.insertProvinceConfig(trx, { province_id: provinceId, config, updated_at: now, updated_by: p.id });
    } else if (before.version !== input.version || !(await repo.updateProvinceConfig(trx, provinceId, input.version, { config, updated_at: now, updated_by: p.id }))) {
      throw staleVersion(before.version);
    }
    await recordAudit(trx, { at: now, actor: p, action: 'grading.province_config.update', subjectType: 'grading_province_config', subjectId: provinceId, unitId: provinceId, before: before ? JSON.parse(before.config) : null, after: input.levels });
    return presentProvinceConfig(trx, province);
  });
}
