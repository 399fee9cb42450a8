import {
  checkTransition,
  isLevel,
  rank,
  TRANSITIONS,
  validUntil as validUntilOf,
  beijingMinute,
  type Actor,
  type ApplicationStatus,
  type Level,
} from '../../core/grading';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { conflict, fieldError, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import { emitEvent } from '../integrations';
import * as repo from './grading.repository';
import type { ApplicationActionInput, ApplicationView, AssessmentView, DecisionView, HiddenDangerView, SelfAssessment } from './grading.schemas';
import { bodiesFor, loadMine, namesOf, type MineContext } from './grading.service';
import { actedOn, tell, type Message, type Told } from './grading.notices';
import { checkScores, resolveTemplate } from './grading.templates';
import { actorsOf, canSeeApplication, evaluateFacts, factsFor, getApplication, NOTICE_WORKING_DAYS, parseWhen } from './grading.applications';

// The steps of an application after it was received (docs/grading.md#the-pipeline-art-7): initial review and its
// hidden dangers, assessment (and the next grade down, Art. 7(5)), public notice and objections, announcement,
// fraud and withdrawal. The transition table is core/grading/pipeline.ts; each step here adds the guards that
// need records, runs in one transaction with its audit entry, and tells the next actor and the mine side.


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
      if (metas.length !== attachmentIds.length || metas.some((m) => m.mine_id !== mine.unit.id)) throw invalid([fieldError('attachmentIds', '附件不存在或不属于该矿', 'unknown attachment for this mine')]);
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
      break;
    }
    case 'initial_review_fail':
      close('rejected', input.reason);
      break;
    case 'assess': {
      const resolved = await resolveTemplate(ctx.db, row.standard);
      if (!resolved) throw invalid([fieldError('standard', `未知的评分标准 ${row.standard}`, `unknown scoring standard ${row.standard}`)]);
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
      if (Number.isNaN(publishedAt.getTime()) || publishedAt.getTime() > now.getTime()) throw invalid([fieldError('publishedAt', '公示时间不能晚于现在', 'cannot be in the future')]);
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
        await emitEvent(ctx, trx, 'grading.announced', mine.unit.id, { mineId: mine.unit.id, mineName: mine.unit.name, kind: 'graded', level, since, validUntil: until, applicationId: id });
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

  const notices = applicationNotices(input, row, { ...row, ...patch } as repo.ApplicationRow, mine, today);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateApplication(trx, id, input.version, patch))) {
      const current = await repo.findApplication(trx, id);
      throw staleVersion(current?.version ?? input.version);
    }
    await after(trx);
    // The next actor and the mine side are told (docs/notifications.md "Grading"); the actor's own notices are read.
    await actedOn(trx, p, id, now);
    for (const n of notices) await tell(trx, now, n.who, p, id, n.m);
    await recordAudit(trx, { at, actor: p, action: `grading.application.${input.action}`, subjectType: 'grading_application', subjectId: id, unitId: mine.unit.id, before: audit.before ?? { status: row.status, version: row.version }, after: audit.after ?? { status: patch.status ?? row.status }, note: audit.note ?? null });
  });
  return getApplication(ctx, p, id);
}

/**
 * Who hears of one application step (docs/notifications.md "Grading"): the body whose step comes next, and the mine
 * side at every step. `next` is the row as the step leaves it (status, level and bodies after a step down).
 */
function applicationNotices(input: ApplicationActionInput, row: repo.ApplicationRow, next: repo.ApplicationRow, mine: MineContext, today: string): { who: Told; m: Message }[] {
  const link = `/grading/applications/${row.id}`;
  const name = mine.unit.name;
  const level = next.current_level;
  const m = (title: string, body: string, titleEn: string, bodyEn: string): Message => ({ title, body, titleEn, bodyEn, link });
  const mineSide = (title: string, body: string, titleEn: string, bodyEn: string) => ({ who: { mine }, m: m(title, body, titleEn, bodyEn) });
  const body = (id: string, title: string, text: string, titleEn: string, textEn: string) => ({ who: { bodyIds: [id] }, m: m(title, text, titleEn, textEn) });
  switch (input.action) {
    case 'record_hidden_danger':
      return [mineSide(`初审发现隐患：${name}`, `${input.description}。请整改后提交整改报告（第七条第二项）。`, `Hidden danger found: ${name}`, `${input.description}. Rectify it and submit the rectification report (Art. 7(2)).`)];
    case 'rectify_hidden_danger':
      return [body(row.initial_body_id, `隐患已整改待复核：${name}`, input.report, `Hidden danger rectified, to check: ${name}`, input.report)];
    case 'initial_review_pass':
      return [
        body(next.assessment_body_id, `定级申请待考核：${name}（${level}）`, '初审合格，请组织考核。', `Application to assess: ${name} (${level})`, 'The initial review passed; please organise the assessment.'),
        mineSide(`初审通过：${name}（${level}）`, '申请已转考核定级部门考核。', `Initial review passed: ${name} (${level})`, 'The application went to the assessing body.'),
      ];
    case 'initial_review_fail':
      return [mineSide(`初审未通过：${name}`, input.reason, `Initial review failed: ${name}`, input.reason)];
    case 'assess':
      if (next.status === 'rejected') return [mineSide(`考核不达标：${name}`, '考核得分不达任何等级，申请结束。', `Assessed below every grade: ${name}`, 'The assessed scores meet no grade; the application is closed.')];
      if (next.current_level !== row.current_level) {
        return [
          ...(next.assessment_body_id !== row.assessment_body_id ? [body(next.assessment_body_id, `定级申请按${level}继续考核：${name}`, `考核未达到${row.current_level}，按${level}继续（第七条第五项）。`, `Application continues at ${level}: ${name}`, `Assessed below ${row.current_level}; continues at ${level} (Art. 7(5)).`)] : []),
          mineSide(`按${level}继续考核：${name}`, `考核未达到${row.current_level}要求，按${level}继续考核定级（第七条第五项）。`, `Continues at ${level}: ${name}`, `Assessed below ${row.current_level}; grading continues at ${level} (Art. 7(5)).`),
        ];
      }
      return [mineSide(`考核完成：${name}（${level}）`, '考核结果已录入，待公示。', `Assessed: ${name} (${level})`, 'The assessment is recorded; the public notice follows.')];
    case 'publish_notice':
      return [mineSide(`公示中：${name}（${level}）`, '考核结果已在官方网站公示，公示期不少于5个工作日（第七条第四项）。', `Public notice: ${name} (${level})`, 'The result is published for at least 5 working days (Art. 7(4)).')];
    case 'resolve_objection':
      return input.upheld
        ? [mineSide(`公示异议成立：${name}`, `${input.resolution}。公示撤回，重新考核。`, `Objection upheld: ${name}`, `${input.resolution}. The notice is withdrawn; the application is assessed again.`)]
        : [mineSide(`公示异议不成立：${name}`, input.resolution, `Objection dismissed: ${name}`, input.resolution)];
    case 'announce':
      return [mineSide(`${name}确认为${level}`, `有效期至${validUntilOf(today)}，请于期满前3个月重新申报（第八条）。`, `${name} graded ${level}`, `Valid until ${validUntilOf(today)}; re-apply 3 months before it expires (Art. 8).`)];
    case 'find_fraud':
      return [mineSide(`申报弄虚作假，取消资格：${name}`, `${input.reason}。1年内不得申报二级及以上（第七条第三项）。`, `Disqualified for fraud: ${name}`, `${input.reason}. No application for 二级 or above for 1 year (Art. 7(3)).`)];
    case 'withdraw':
      return [
        { who: { bodyIds: [row.initial_body_id, row.assessment_body_id] }, m: m(`定级申请已撤回：${name}`, input.reason ?? '申报单位撤回申请。', `Application withdrawn: ${name}`, input.reason ?? 'The applicant withdrew the application.') },
        mineSide(`定级申请已撤回：${name}`, input.reason ?? '申请已撤回。', `Application withdrawn: ${name}`, input.reason ?? 'The application was withdrawn.'),
      ];
  }
}

