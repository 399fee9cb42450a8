import {
  availableActions,
  bansAgainst,
  checkTransition,
  FINAL_STATUSES,
  isLevel,
  packEventsFrom,
  rank,
  TRANSITIONS,
  validUntil as validUntilOf,
  beijingMinute,
  type Actor,
  type ApplicationStatus,
  type Level,
} from '../../core/grading';
import { localInstant, type WorkCalendar } from '../../core/calendar';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { AppError, conflict, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { getCalendar } from '../calendar/calendar.service';
import { notify } from '../notifications/notifications.service';
import { evaluatePack } from '../rules/rules.service';
import * as repo from './grading.repository';
import type {
  ApplicationActionInput,
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
  MINE_SIDE_ROLES,
  pipelineClock,
  PIPELINE_WORKING_DAYS,
  summaryOf,
  type MineContext,
} from './grading.service';
import { checkScores, resolveTemplate } from './grading.templates';
import { coversUnit, scopePaths } from '../auth/principal';

// Applications through the pipeline of Art. 7 (DOMAIN §3.3): 自评申报 → 初审 → 考核 → 公示 → 公告, within 60
// working days of receipt. The transition table is core/grading/pipeline.ts; this file adds the guards that
// need records and performs each step in one transaction with its audit entry.

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

function actorsOf(p: Principal, mine: MineContext, row: repo.ApplicationRow): Actor[] {
  const actors: Actor[] = [];
  if (isMineSide(p, mine)) actors.push('mine');
  if (actsFor(p, row.initial_body_id)) actors.push('initial_body');
  if (actsFor(p, row.assessment_body_id)) actors.push('assessment_body');
  return actors;
}

const WITHHELD = '（保密）';

function canSeeApplication(p: Principal, mine: MineContext, row: repo.ApplicationRow): boolean {
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
  if (!resolved) throw invalid([{ field: 'standard', message: `未知的评分标准 ${input.standard} / unknown scoring standard` }]);
  const scores = checkScores(resolved.template, mine.mineType, input.selfAssessment.partScores, input.selfAssessment.weightedScore);
  if (scores.errors.length || scores.weightedScore === null) throw invalid(scores.errors);
  const evidenceIds = input.selfAssessment.attachmentIds ?? [];
  const evidence = await repo.attachmentsMeta(ctx.db, evidenceIds);
  // Evidence of a self-assessment is the mine's own: an id of another mine's file (or an unknown one) is refused.
  if (evidence.length !== new Set(evidenceIds).size || evidence.some((m) => m.mine_id !== mine.unit.id)) {
    throw invalid([{ field: 'selfAssessment.attachmentIds', message: '附件不存在或不属于该矿 / unknown attachment for this mine' }]);
  }
  const cal = await getCalendar(ctx);
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? parseWhen(input.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime()) throw invalid([{ field: 'receivedAt', message: '收件时间不能晚于现在 / cannot be in the future' }]);
  const asOf = cal.localDate(receivedAt);
  const history = await repo.listHistory(ctx.db, mine.unit.id);
  // Art. 7(3), Art. 11(5): bans are checked when the mine applies, as of the day of receipt (§3.7 anniversaries).
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
    await notify(trx, now, {
      userIds: await repo.userIdsWithRolesOn(trx, [bodies.initialReviewBodyId], [...AUTHORITY_ROLES]),
      title: `定级申请待初审：${mine.unit.name}（${input.targetLevel}）`,
      body: `收到${mine.unit.name}的${input.targetLevel}申请，须在北京时间${beijingMinute(deadline.due)}前完成考核定级。`,
      link: `/grading/applications/${id}`,
    });
    return { status: 201, body: { id } };
  });
  const id = body.id;
  const view = await getApplication(ctx, p, id);
  return { id, status: view.status, version: view.version, deadline: view.deadline, proposedLevel: view.proposedLevel, explain: view.explain, application: view };
}

// ——— actions ———

const ACTOR_ZH: Record<Actor, string> = { mine: '申报煤矿或其企业', initial_body: '初审部门', assessment_body: '考核定级部门' };
const ACTOR_EN: Record<Actor, string> = { mine: 'the mine or its enterprise', initial_body: 'the initial-review body', assessment_body: 'the assessing body' };

export async function applyAction(ctx: AppContext, p: Principal, id: string, input: ApplicationActionInput): Promise<ApplicationView> {
  const row = await repo.findApplication(ctx.db, id);
  if (!row) throw notFound('Application', '定级申请', 'application_not_found');
  const mine = await loadMine(ctx.db, row.mine_id);
  if (!canSeeApplication(p, mine, row)) throw notFound('Application', '定级申请', 'application_not_found');
  const actors = actorsOf(p, mine, row);
  const t = TRANSITIONS[input.action];
  if (!t.actors.some((a) => actors.includes(a))) {
    const names = await namesOf(ctx.db, [row.initial_body_id, row.assessment_body_id]);
    const who = t.actors.map((a) => (a === 'initial_body' ? names.get(row.initial_body_id) : a === 'assessment_body' ? names.get(row.assessment_body_id) : undefined) ?? ACTOR_ZH[a]);
    throw forbidden(`${input.action} is done by ${t.actors.map((a) => ACTOR_EN[a]).join(' or ')} (${who.join(', ')})`, `此操作须由${who.join('或')}执行`);
  }
  if (row.version !== input.version) throw staleVersion(row.version);
  const check = checkTransition(input.action, row.status as ApplicationStatus, actors);
  if (!check.ok) throw conflict('invalid_transition', `${input.action} is not possible while the application is ${row.status}`, `申请当前状态（${row.status}）下不能执行${input.action}`, { status: row.status });

  const cal = await getCalendar(ctx);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = cal.localDate(now);
  const hidden = JSON.parse(row.hidden_dangers) as HiddenDangerView[];
  const decisions = JSON.parse(row.decisions) as DecisionView[];
  const patch: Parameters<typeof repo.updateApplication>[3] = { updated_at: at };
  let after: (trx: Trx) => Promise<void> = async () => undefined;
  const audit: { before?: unknown; after?: unknown; note?: string } = {};
  const close = (status: ApplicationStatus, reason: string | null) => Object.assign(patch, { status, closed_at: at, closed_reason: reason });

  switch (input.action) {
    case 'record_hidden_danger': {
      const hd: HiddenDangerView = { id: newId(now.getTime()), description: input.description, foundAt: at, rectified: false, report: null, attachmentIds: [], rectifiedAt: null };
      patch.hidden_dangers = JSON.stringify([...hidden, hd]);
      patch.status = 'initial_review';
      audit.after = hd;
      break;
    }
    case 'rectify_hidden_danger': {
      const hd = hidden.find((h) => h.id === input.hiddenDangerId);
      if (!hd) throw notFound('Hidden danger', '隐患', 'hidden_danger_not_found');
      const attachmentIds = input.attachmentIds ?? [];
      const metas = await repo.attachmentsMeta(ctx.db, attachmentIds);
      if (metas.length !== attachmentIds.length || metas.some((m) => m.mine_id !== mine.unit.id)) throw invalid([{ field: 'attachmentIds', message: '附件不存在或不属于该矿 / unknown attachment for this mine' }]);
      const updated = { ...hd, rectified: true, report: input.report, attachmentIds, rectifiedAt: at };
      patch.hidden_dangers = JSON.stringify(hidden.map((h) => (h.id === hd.id ? updated : h)));
      audit.before = hd;
      audit.after = updated;
      break;
    }
    case 'initial_review_pass': {
      // Art. 7(2): "检查发现的隐患整改合格后上报" — every hidden danger rectified before passing.
      const open = hidden.filter((h) => !h.rectified);
      if (open.length) {
        throw conflict('hidden_dangers_open', `Hidden dangers not yet rectified: ${open.map((h) => h.description).join('; ')}`, `以下隐患尚未整改：${open.map((h) => h.description).join('；')}`, { open: open.map((h) => ({ id: h.id, description: h.description })) });
      }
      patch.status = 'assessment';
      audit.note = input.note;
      after = async (trx) =>
        notify(trx, now, { userIds: await repo.userIdsWithRolesOn(trx, [row.assessment_body_id], [...AUTHORITY_ROLES]), title: `定级申请待考核：${mine.unit.name}（${row.current_level}）`, body: '初审合格，请组织考核。', link: `/grading/applications/${id}` });
      break;
    }
    case 'initial_review_fail':
      close('rejected', input.reason);
      break;
    case 'assess': {
      const resolved = await resolveTemplate(ctx.db, row.standard);
      if (!resolved) throw invalid([{ field: 'standard', message: `未知的评分标准 ${row.standard}` }]);
      const scores = checkScores(resolved.template, mine.mineType, input.partScores, input.weightedScore, 'assessment');
      if (scores.errors.length || scores.weightedScore === null) throw invalid(scores.errors);
      const sa = JSON.parse(row.self_assessment) as SelfAssessment;
      const history = await repo.listHistory(ctx.db, mine.unit.id);
      const evaluation = await evaluateFacts(ctx, resolved.template.rulesPack, factsFor(mine, { ...sa, partScores: input.partScores }, scores.weightedScore, history), today);
      const assessment: AssessmentView = { method: input.method, partScores: input.partScores, weightedScore: scores.weightedScore, assessedAt: at, assessedById: row.assessment_body_id, evaluation, note: input.note ?? null };
      patch.assessment = JSON.stringify(assessment);
      audit.after = { weightedScore: scores.weightedScore, level: evaluation.level, packVersion: evaluation.packVersion };
      const current = row.current_level as Level;
      if (!isLevel(evaluation.level)) {
        decisions.push({ at, kind: 'not_graded', fromLevel: current, toLevel: null, reason: 'the assessed scores meet no grade (不达标)', reasonZh: '考核得分不达任何等级，认定不达标' });
        close('rejected', '考核不达标 / assessed 不达标');
      } else if (rank(evaluation.level) < rank(current)) {
        // Art. 7(5): "对考核未达到一、二级等级要求的申报煤矿,初审部门组织按下一个标准化管理体系等级进行考核定级".
        // The application continues at the grade the assessed scores support, with that grade's bodies; the
        // assessed scores stand as that grade's assessment (docs/grading.md "Next grade down").
        const lower = evaluation.level;
        const bodies = (await bodiesFor(ctx.db, mine))[lower];
        decisions.push({ at, kind: 'step_down', fromLevel: current, toLevel: lower, reason: `assessed below ${current}; continues at ${lower} (Art. 7(5))`, reasonZh: `考核未达到${current}要求，按${lower}继续考核定级（第七条第五项）` });
        Object.assign(patch, { current_level: lower, initial_body_id: bodies.initialReviewBodyId, assessment_body_id: bodies.assessmentBodyId });
      }
      patch.decisions = JSON.stringify(decisions);
      break;
    }
    case 'publish_notice': {
      const assessment = row.assessment ? (JSON.parse(row.assessment) as AssessmentView) : null;
      if (!assessment) throw conflict('not_assessed', 'Record the assessment before publishing the notice', '请先录入考核结果再公示');
      const publishedAt = input.publishedAt ? parseWhen(input.publishedAt) : now;
      if (Number.isNaN(publishedAt.getTime()) || publishedAt.getTime() > now.getTime()) throw invalid([{ field: 'publishedAt', message: '公示时间不能晚于现在 / cannot be in the future' }]);
      const runs = cal.add(publishedAt, NOTICE_WORKING_DAYS, 'working_days');
      const noticeId = newId(now.getTime());
      const text =
        input.text ??
        `经考核，${mine.unit.name}（${mine.enterprise?.name ?? ''}）拟确认为煤矿安全生产标准化管理体系${row.current_level}。公示期${NOTICE_WORKING_DAYS}个工作日，至北京时间${beijingMinute(runs.due)}止。如有异议，请通过公示页面提出。`;
      patch.status = 'public_notice';
      audit.after = { noticeId, publishedAt: publishedAt.toISOString(), runsUntil: runs.due.toISOString() };
      after = async (trx) =>
        repo.insertNotice(trx, { id: noticeId, application_id: id, mine_id: mine.unit.id, level: row.current_level, authority_id: row.assessment_body_id, published_at: publishedAt.toISOString(), runs_until: runs.due.toISOString(), provisional: runs.provisional ? 1 : 0, status: 'open', text, created_at: at });
      break;
    }
    case 'resolve_objection': {
      const objection = (await repo.objectionsOf(ctx.db, id)).find((o) => o.id === input.objectionId);
      if (!objection) throw notFound('Objection', '异议', 'objection_not_found');
      if (objection.status !== 'open') throw conflict('objection_resolved', 'The objection was already resolved', '该异议已处理');
      const notice = await repo.latestNoticeOf(ctx.db, id);
      audit.after = { objectionId: objection.id, upheld: input.upheld, resolution: input.resolution };
      if (input.upheld) {
        // An upheld objection means the result does not stand: the notice is withdrawn and the assessing body assesses again.
        decisions.push({ at, kind: 'objection_upheld', fromLevel: row.current_level as Level, toLevel: null, reason: `objection upheld: ${input.resolution}`, reasonZh: `异议成立：${input.resolution}` });
        Object.assign(patch, { status: 'assessment', assessment: null, decisions: JSON.stringify(decisions) });
      }
      after = async (trx) => {
        if (!(await repo.resolveObjection(trx, objection.id, { status: input.upheld ? 'upheld' : 'dismissed', resolution: input.resolution, resolved_at: at, resolved_by: p.id }))) throw conflict('objection_resolved', 'The objection was already resolved', '该异议已处理');
        if (input.upheld && notice) await repo.setNoticeStatus(trx, notice.id, 'withdrawn');
      };
      break;
    }
    case 'announce': {
      const notice = await repo.latestNoticeOf(ctx.db, id);
      if (!notice || notice.status !== 'open') throw conflict('no_open_notice', 'There is no open public notice to confirm', '没有进行中的公示');
      // Art. 7(4): the notice runs at least 5 working days — it has run at the close of the 5th working day after publication.
      if (now.getTime() < new Date(notice.runs_until).getTime()) {
        throw conflict('notice_period_running', `The public notice must run ${NOTICE_WORKING_DAYS} working days: it may be announced from ${beijingMinute(notice.runs_until)} Beijing time`, `公示期不少于${NOTICE_WORKING_DAYS}个工作日，北京时间${beijingMinute(notice.runs_until)}后方可公告`, { runsUntil: notice.runs_until });
      }
      const open = (await repo.objectionsOf(ctx.db, id)).filter((o) => o.status === 'open');
      if (open.length) throw conflict('objection_unresolved', `${open.length} objection(s) to the notice are not resolved yet`, `公示期间收到的${open.length}条异议尚未处理`, { objectionIds: open.map((o) => o.id) });
      const level = row.current_level as Level;
      const since = today;
      const until = validUntilOf(since);
      Object.assign(patch, { status: 'announced', granted_level: level, announced_at: at, closed_at: at, closed_reason: null });
      audit.after = { level, since, validUntil: until };
      after = async (trx) => {
        const grade = await repo.findGrade(trx, mine.unit.id);
        const values = { level, since, valid_until: until, standard: row.standard, granted_by: row.assessment_body_id, extended: 0, reminded_for: null, updated_at: at };
        if (grade) {
          if (!(await repo.updateGrade(trx, mine.unit.id, grade.version, values))) throw staleVersion(grade.version);
        } else {
          await repo.insertGrade(trx, { mine_id: mine.unit.id, ...values });
        }
        await repo.insertHistory(trx, { id: newId(now.getTime()), mine_id: mine.unit.id, date: since, kind: 'graded', level, from_level: isLevel(grade?.level) ? grade!.level : null, event_type: null, event_class: null, reason: `经公示（${beijingMinute(notice.published_at)}起）无异议，公告确认为${level}，有效期至${until}`, standard: row.standard, application_id: id, proposal_id: null, authority_id: row.assessment_body_id, stop_order: null, data: JSON.stringify({ reasonEn: `Announced as ${level} after the public notice from ${beijingMinute(notice.published_at)} (Beijing time); valid until ${until}` }), created_at: at, created_by: p.id });
        await repo.insertAnnouncement(trx, { id: newId(now.getTime()), mine_id: mine.unit.id, kind: 'graded', level, from_level: null, since, valid_until: until, authority_id: row.assessment_body_id, announced_at: at, reason: null, application_id: id, proposal_id: null });
        await repo.setNoticeStatus(trx, notice.id, 'closed');
        await notify(trx, now, { userIds: await repo.userIdsWithRolesOn(trx, [mine.unit.id, ...(mine.enterprise ? [mine.enterprise.id] : [])], [...MINE_SIDE_ROLES]), title: `${mine.unit.name}确认为${level}`, body: `有效期至${until}，请于期满前3个月重新申报。`, link: `/grading/mines/${mine.unit.id}` });
      };
      break;
    }
    case 'find_fraud': {
      // Art. 7(3): disqualified and judged 不达标; no 二级 or above for 1 year (the ban is read from this history entry).
      close('disqualified', input.reason);
      after = async (trx) => {
        await repo.insertHistory(trx, { id: newId(now.getTime()), mine_id: mine.unit.id, date: today, kind: 'fraud', level: null, from_level: null, event_type: null, event_class: null, reason: input.reason, standard: row.standard, application_id: id, proposal_id: null, authority_id: actors.includes('assessment_body') ? row.assessment_body_id : row.initial_body_id, stop_order: null, data: null, created_at: at, created_by: p.id });
        const notice = await repo.latestNoticeOf(trx, id);
        if (notice?.status === 'open') await repo.setNoticeStatus(trx, notice.id, 'withdrawn');
      };
      break;
    }
    case 'withdraw': {
      close('withdrawn', input.reason ?? null);
      after = async (trx) => {
        const notice = await repo.latestNoticeOf(trx, id);
        if (notice?.status === 'open') await repo.setNoticeStatus(trx, notice.id, 'withdrawn');
      };
      break;
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateApplication(trx, id, input.version, patch))) {
      const current = await repo.findApplication(trx, id);
      throw staleVersion(current?.version ?? input.version);
    }
    await after(trx);
    await recordAudit(trx, { at, actor: p, action: `grading.application.${input.action}`, subjectType: 'grading_application', subjectId: id, unitId: mine.unit.id, before: audit.before ?? { status: row.status, version: row.version }, after: audit.after ?? { status: patch.status ?? row.status }, note: audit.note ?? null });
  });
  return getApplication(ctx, p, id);
}

/**
 * After the working calendar changed (a year imported, a day overridden), the 60-working-day deadlines of open
 * applications and the end of open notices are computed again (DOMAIN §1.2). They are derived values, so the
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
