import { availableActions, bansAgainst, FINAL_STATUSES, isLevel, packEventsFrom, beijingMinute, type Actor, type ApplicationStatus, type Level } from '../../core/grading';
import { localInstant, type WorkCalendar } from '../../core/calendar';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, fieldError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import { evaluatePack } from '../rules';
import * as repo from './grading.repository';
import type {
  ApplicationCreated,
  ApplicationCreateInput,
  ApplicationSummary,
  ApplicationView,
  AssessmentView,
  DecisionView,
  Evaluation,
  HiddenDangerView,
  SelfAssessment,
} from './grading.schemas';
import {
  actsFor,
  bodiesFor,
  canSeeMine,
  isMineSide,
  loadMine,
  namesOf,
  requireVisibleMine,
  GRADING_ROLES,
  AUTHORITY_ROLES,
  pipelineClock,
  PIPELINE_WORKING_DAYS,
  summaryOf,
  type MineContext,
} from './grading.service';
import { tell } from './grading.notices';
import { checkScores, resolveTemplate } from './grading.templates';
import { coversUnit, scopePaths } from '../auth';

// Applications through the pipeline of Art. 7 (docs/grading.md#the-pipeline-art-7): 自评申报 → 初审 → 考核 → 公示 → 公告, within 60
// working days of receipt. This file receives an application, shows and lists them and keeps their deadlines
// after a calendar change; the steps after receipt (initial review … announcement) are grading.steps.ts.

/** Art. 7: the whole pipeline within 60 working days of receipt (PIPELINE_WORKING_DAYS); the public notice at least 5 working days. */
export { PIPELINE_WORKING_DAYS };
export const NOTICE_WORKING_DAYS = 5;

/** A date means the start of that local day; an instant is taken as it is. */
export function parseWhen(s: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? localInstant(s) : new Date(s);
}

type Facts = Record<string, unknown>;

/** The coal-mine-2020 pack's facts from a self-assessment, the mine type and the mine's recorded history. */
export function factsFor(mine: MineContext, sa: SelfAssessment, weightedScore: number, history: repo.HistoryRow[]): Facts {
  const facts: Facts = { mineType: mine.mineType, basicConditionsMet: sa.basicConditionsMet, partScores: sa.partScores, weightedScore, events: packEventsFrom(history) };
  for (const k of ['shiftHeadcountOverLimit', 'coalMiningOutsourced', 'strippingContractors', 'illegalDispatchedLabour', 'blacklisted'] as const) {
    if (sa[k] !== undefined) facts[k] = sa[k];
  }
  return facts;
}

export async function evaluateFacts(ctx: AppContext, packId: string, facts: Facts, asOf: string): Promise<Evaluation> {
  const r = await evaluatePack(ctx, packId, facts, asOf);
  return { packId: r.packId, packVersion: r.version, asOf, level: r.level as Evaluation['level'], explain: r.explain, refused: r.refused };
}

export function actorsOf(p: Principal, mine: MineContext, row: repo.ApplicationRow): Actor[] {
  const actors: Actor[] = [];
  if (isMineSide(p, mine)) actors.push('mine');
  if (actsFor(p, row.initial_body_id)) actors.push('initial_body');
  if (actsFor(p, row.assessment_body_id)) actors.push('assessment_body');
  return actors;
}

const WITHHELD = '（保密）';

export function canSeeApplication(p: Principal, mine: MineContext, row: repo.ApplicationRow): boolean {
  return canSeeMine(p, mine) || actorsOf(p, mine, row).length > 0;
}

// ——— presenters ———

async function present(ctx: AppContext, p: Principal, row: repo.ApplicationRow, mine: MineContext, cal: WorkCalendar): Promise<ApplicationView> {
  const [notice, objections] = await Promise.all([repo.latestNoticeOf(ctx.db, row.id), repo.objectionsOf(ctx.db, row.id)]);
  const names = await namesOf(ctx.db, [row.initial_body_id, row.assessment_body_id]);
  const now = ctx.clock.now();
  const clock = pipelineClock(cal, row, now);
  const evaluation = JSON.parse(row.evaluation) as Evaluation;
  const sa = JSON.parse(row.self_assessment) as SelfAssessment;
  const attachments = (await repo.attachmentsMeta(ctx.db, sa.attachmentIds ?? [])).map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, uploadedAt: a.uploaded_at }));
  // Who objected is for the authorities that resolve it; the mine objected to sees what was said, never by whom
  // (公示 practice: 为反映人保密), so nobody is exposed to the party they reported.
  const actors = actorsOf(p, mine, row);
  const seesObjectors = actors.includes('initial_body') || actors.includes('assessment_body') || coversUnit(p, mine.unit.path, ['admin', ...AUTHORITY_ROLES]);
  return {
    ...summaryOf(row, mine.unit.name, cal, now),
    mineType: mine.mineType,
    enterpriseName: mine.enterprise?.name ?? null,
    provinceId: mine.province?.id ?? null,
    provinceName: mine.province?.name ?? null,
    deadlineClock: {
      due: row.deadline_at,
      provisional: clock.provisional,
      explain: `自收到申请之日起${PIPELINE_WORKING_DAYS}个工作日内完成考核定级（第七条），截止时间：北京时间${beijingMinute(clock.due)}${clock.provisional ? '（日历未发布，暂按周末推算）' : ''}`,
      explainEn: `Within ${PIPELINE_WORKING_DAYS} working days of receipt (Art. 7): due ${beijingMinute(clock.due)} Beijing time${clock.provisional ? ' (provisional: the working calendar is not yet published)' : ''}`,
      workingDaysUsed: clock.used,
      workingDaysLeft: clock.left,
      overdue: clock.overdue,
      stoppedAt: row.closed_at,
    },
    selfAssessment: sa,
    attachments,
    weightedScore: row.weighted_score,
    evaluation,
    explain: evaluation.explain,
    initialReviewBody: { id: row.initial_body_id, name: names.get(row.initial_body_id) ?? row.initial_body_id },
    assessmentBody: { id: row.assessment_body_id, name: names.get(row.assessment_body_id) ?? row.assessment_body_id },
    hiddenDangers: JSON.parse(row.hidden_dangers) as HiddenDangerView[],
    assessment: row.assessment ? (JSON.parse(row.assessment) as AssessmentView) : null,
    decisions: JSON.parse(row.decisions) as DecisionView[],
    notice: notice
      ? { id: notice.id, level: notice.level as Level, publishedAt: notice.published_at, runsUntil: notice.runs_until, provisional: notice.provisional === 1, status: notice.status as 'open' | 'closed' | 'withdrawn', text: notice.text }
      : null,
    objections: objections.map((o) => ({ id: o.id, receivedAt: o.received_at, name: seesObjectors ? o.name : WITHHELD, contact: seesObjectors ? o.contact : WITHHELD, withheld: !seesObjectors, text: o.text, status: o.status as 'open' | 'upheld' | 'dismissed', resolution: o.resolution, resolvedAt: o.resolved_at })),
    grantedLevel: isLevel(row.granted_level) ? row.granted_level : null,
    announcedAt: row.announced_at,
    closedReason: row.closed_reason,
    allowedActions: availableActions(row.status as ApplicationStatus, actors),
  };
}

export async function getApplication(ctx: AppContext, p: Principal, id: string): Promise<ApplicationView> {
  const row = await repo.findApplication(ctx.db, id);
  if (!row) throw notFound('Application', '定级申请', 'application_not_found');
  const mine = await loadMine(ctx.db, row.mine_id);
  if (!canSeeApplication(p, mine, row)) throw notFound('Application', '定级申请', 'application_not_found');
  return present(ctx, p, row, mine, await getCalendar(ctx));
}

export async function listApplications(ctx: AppContext, p: Principal, q: { mineId?: string; status?: string }): Promise<ApplicationSummary[]> {
  const mines = (await repo.listMineUnits(ctx.db, scopePaths(p, GRADING_ROLES))).filter((m) => !q.mineId || m.id === q.mineId);
  const byId = new Map(mines.map((m) => [m.id, m.name]));
  // Bodies configured outside the caller's subtree (e.g. a local supervision unit doing a 三级 review) also see theirs.
  const bodyIds = p.roles.filter((g) => AUTHORITY_ROLES.includes(g.role)).map((g) => g.unitId);
  const rows = await repo.listApplications(ctx.db, { status: q.status, ...(bodyIds.length === 0 && { mineIds: [...byId.keys()] }) });
  const visible = rows.filter((r) => (byId.has(r.mine_id) || bodyIds.includes(r.initial_body_id) || bodyIds.includes(r.assessment_body_id)) && (!q.mineId || r.mine_id === q.mineId));
  const missing = visible.filter((r) => !byId.has(r.mine_id)).map((r) => r.mine_id);
  for (const u of await repo.unitsByIds(ctx.db, missing)) byId.set(u.id, u.name);
  const cal = await getCalendar(ctx);
  const now = ctx.clock.now();
  return visible.map((r) => summaryOf(r, byId.get(r.mine_id) ?? r.mine_id, cal, now));
}

// ——— create ———

export async function createApplication(ctx: AppContext, p: Principal, input: ApplicationCreateInput, idempotencyKey?: string): Promise<ApplicationCreated> {
  const mine = await requireVisibleMine(ctx.db, p, input.mineId);
  if (!isMineSide(p, mine)) throw forbidden('Only the mine or its enterprise applies (Art. 7(1))', '只有煤矿或其隶属企业可以申报（第七条第一项）');
  const resolved = await resolveTemplate(ctx.db, input.standard);
  if (!resolved) throw invalid([fieldError('standard', `未知的评分标准 ${input.standard}`, 'unknown scoring standard')]);
  const scores = checkScores(resolved.template, mine.mineType, input.selfAssessment.partScores, input.selfAssessment.weightedScore);
  if (scores.errors.length || scores.weightedScore === null) throw invalid(scores.errors);
  const evidenceIds = input.selfAssessment.attachmentIds ?? [];
  const evidence = await repo.attachmentsMeta(ctx.db, evidenceIds);
  // Evidence of a self-assessment is the mine's own: an id of another mine's file (or an unknown one) is refused.
  if (evidence.length !== new Set(evidenceIds).size || evidence.some((m) => m.mine_id !== mine.unit.id)) {
    throw invalid([fieldError('selfAssessment.attachmentIds', '附件不存在或不属于该矿', 'unknown attachment for this mine')]);
  }
  const cal = await getCalendar(ctx);
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? parseWhen(input.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime()) throw invalid([fieldError('receivedAt', '收件时间不能晚于现在', 'cannot be in the future')]);
  const asOf = cal.localDate(receivedAt);
  const history = await repo.listHistory(ctx.db, mine.unit.id);
  // Art. 7(3), Art. 11(5): bans are checked when the mine applies, as of the day of receipt (docs/grading.md#date-conventions anniversaries).
  const bans = bansAgainst(history, input.targetLevel, asOf);
  if (bans.length) {
    throw new AppError(422, 'application_banned', `The mine may not apply for ${input.targetLevel}: ${bans.map((b) => b.reason).join('; ')}`, `该矿不得申报${input.targetLevel}：${bans.map((b) => b.reasonZh).join('；')}`, {
      bans: bans.map((b) => ({ scope: b.scope, until: b.until, reason: b.reason, reasonZh: b.reasonZh, cause: b.cause, since: b.since })),
    });
  }
  const evaluation = await evaluateFacts(ctx, resolved.template.rulesPack, factsFor(mine, input.selfAssessment, scores.weightedScore, history), asOf);
  const bodies = (await bodiesFor(ctx.db, mine))[input.targetLevel];
  const deadline = cal.add(receivedAt, PIPELINE_WORKING_DAYS, 'working_days');
  // A retry with the same Idempotency-Key gets the first application back instead of 409 application_open.
  const { body } = await idempotent<{ id: string }>(ctx, `grading.applications:${p.id}`, idempotencyKey, input, async (trx) => {
    const id = newId(now.getTime());
    const open = await repo.openApplicationOf(trx, mine.unit.id, FINAL_STATUSES);
    if (open) throw conflict('application_open', 'The mine already has an application in progress', '该矿已有进行中的定级申请', { applicationId: open.id });
    const at = now.toISOString();
    const inserted = await repo.insertApplication(trx, {
      id,
      mine_id: mine.unit.id,
      target_level: input.targetLevel,
      current_level: input.targetLevel,
      standard: input.standard,
      status: 'submitted',
      received_at: receivedAt.toISOString(),
      deadline_at: deadline.due.toISOString(),
      deadline_provisional: deadline.provisional ? 1 : 0,
      self_assessment: JSON.stringify(input.selfAssessment),
      weighted_score: scores.weightedScore!,
      evaluation: JSON.stringify(evaluation),
      initial_body_id: bodies.initialReviewBodyId,
      assessment_body_id: bodies.assessmentBodyId,
      hidden_dangers: '[]',
      assessment: null,
      decisions: '[]',
      granted_level: null,
      announced_at: null,
      closed_at: null,
      closed_reason: null,
      created_at: at,
      created_by: p.id,
      updated_at: at,
    });
    if (!inserted) throw conflict('application_open', 'The mine already has an application in progress', '该矿已有进行中的定级申请');
    await recordAudit(trx, { at, actor: p, action: 'grading.application.submit', subjectType: 'grading_application', subjectId: id, unitId: mine.unit.id, after: { targetLevel: input.targetLevel, standard: input.standard, weightedScore: scores.weightedScore, proposedLevel: evaluation.level, packVersion: evaluation.packVersion } });
    const link = `/grading/applications/${id}`;
    await tell(trx, now, { bodyIds: [bodies.initialReviewBodyId] }, p, id, {
      title: `定级申请待初审：${mine.unit.name}（${input.targetLevel}）`,
      body: `收到${mine.unit.name}的${input.targetLevel}申请，须在北京时间${beijingMinute(deadline.due)}前完成考核定级。`,
      titleEn: `Application for initial review: ${mine.unit.name} (${input.targetLevel})`,
      bodyEn: `${mine.unit.name} applied for ${input.targetLevel}; grading is due by ${beijingMinute(deadline.due)} Beijing time.`,
      link,
    });
    await tell(trx, now, { mine }, p, id, {
      title: `定级申请已受理：${mine.unit.name}（${input.targetLevel}）`,
      body: `申请已提交初审部门，须在北京时间${beijingMinute(deadline.due)}前完成考核定级（第七条）。`,
      titleEn: `Application received: ${mine.unit.name} (${input.targetLevel})`,
      bodyEn: `The application went to the initial-review body; grading is due by ${beijingMinute(deadline.due)} Beijing time (Art. 7).`,
      link,
    });
    return { status: 201, body: { id } };
  });
  const id = body.id;
  const view = await getApplication(ctx, p, id);
  return { id, status: view.status, version: view.version, deadline: view.deadline, proposedLevel: view.proposedLevel, explain: view.explain, application: view };
}

/**
 * After the working calendar changed (a year imported, a day overridden), the 60-working-day deadlines of open
 * applications and the end of open notices are computed again (docs/calendar.md#rules-and-their-sources). They are derived values, so the
 * rows' versions do not change; the change is audited once.
 */
export async function recomputeGradingDeadlines(ctx: AppContext): Promise<void> {
  const cal = await getCalendar(ctx);
  const apps = await repo.openApplicationDeadlines(ctx.db, FINAL_STATUSES);
  const notices = await repo.openNoticeRuns(ctx.db);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const changed: { id: string; from: string; to: string }[] = [];
    for (const a of apps) {
      const r = cal.add(new Date(a.received_at), PIPELINE_WORKING_DAYS, 'working_days');
      await repo.setApplicationDeadline(trx, a.id, r.due.toISOString(), r.provisional ? 1 : 0);
      if (r.due.toISOString() !== a.deadline_at) changed.push({ id: a.id, from: a.deadline_at, to: r.due.toISOString() });
    }
    for (const n of notices) {
      const r = cal.add(new Date(n.published_at), NOTICE_WORKING_DAYS, 'working_days');
      await repo.setNoticeRunsUntil(trx, n.id, r.due.toISOString(), r.provisional ? 1 : 0);
      if (r.due.toISOString() !== n.runs_until) changed.push({ id: n.id, from: n.runs_until, to: r.due.toISOString() });
    }
    if (changed.length) await recordAudit(trx, { at, actor: null, action: 'grading.deadlines.recompute', subjectType: 'system', after: changed });
  });
}
