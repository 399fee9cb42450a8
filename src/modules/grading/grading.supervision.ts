import {
  checkExtension,
  gradeHeldOn,
  isLevel,
  isOverdue,
  openShutdownSince,
  periodOf,
  periodsOf,
  proposeForEvent,
  reapplyBy,
  scopeOfPeriod,
  validUntil as validUntilOf,
  type Level,
  type Scope,
} from '../../core/grading';
import { addCalendar } from '../../core/calendar';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, fieldError, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import type { Job } from '../../platform/jobs/runner';
import { recordAudit } from '../audit';
import { calendarToday } from '../calendar';
import { coversUnit, hasRole, scopePaths, type Principal } from '../auth';
import { emitEvent } from '../integrations';
import { notify } from '../notifications';
import { actedOn, tell } from './grading.notices';
import * as repo from './grading.repository';
import type {
  BulletinView,
  ExtensionActionInput,
  ExtensionCreateInput,
  ExtensionView,
  Level1SelfInspectionSummary,
  ProposalConfirmInput,
  ProposalView,
  SelfAssessment,
  SelfInspectionCreateInput,
  SelfInspectionSlot,
  SupervisionEventCreateInput,
  SupervisionEventResult,
} from './grading.schemas';
import {
  actsFor,
  AUTHORITY_ROLES,
  canSeeMine,
  GRADING_ROLES,
  isMineSide,
  loadMine,
  loadMines,
  mineTypeOf,
  MINE_SIDE_ROLES,
  namesOf,
  presentProposal,
  requireVisibleMine,
} from './grading.service';
import { evaluateFacts, factsFor } from './grading.applications';
import { checkScores, resolveTemplate } from './grading.templates';

// Supervision after grading (Art. 8–11, docs/grading.md#supervision-art-11): events → proposals → confirmation by the granting
// body; the validity reminder; direct extension; self-inspections; the yearly bulletin.

// ——— supervision events and proposals ———

export async function recordEvent(ctx: AppContext, p: Principal, mineId: string, input: SupervisionEventCreateInput, idempotencyKey?: string): Promise<SupervisionEventResult> {
  const mine = await requireVisibleMine(ctx.db, p, mineId);
  // Authorities record supervision findings (Art. 11); the mine's own side does not.
  if (!coversUnit(p, mine.unit.path, AUTHORITY_ROLES)) throw forbidden('Supervision events are recorded by the authorities', '监管事件由主管部门或监管部门录入');
  const today = await calendarToday(ctx);
  if (input.date > today) throw invalid([fieldError('date', '日期不能晚于今天', 'cannot be in the future')]);
  if (input.type === 'fatal_accident' && !input.class) throw invalid([fieldError('class', '请选择事故等级', 'the accident class is required')]);
  const [grade, history] = await Promise.all([repo.findGrade(ctx.db, mineId), repo.listHistory(ctx.db, mineId)]);
  // Art. 11 judges the event by the grade held on its date — from the history when the current grade was
  // announced after it (docs/grading.md "Supervision") — and the proposal acts on the grade held now.
  const held: Level | null = gradeHeldOn(history, input.date, grade && { level: grade.level, since: grade.since, validUntil: grade.valid_until });
  const current: Level | null = grade && isLevel(grade.level) && today < grade.valid_until ? grade.level : null;

  let supportedLevel: Level | '不达标' | null = null;
  if ((input.type === 'failed_inspection' || input.type === 'spot_check_failed') && input.partScores && held && grade) {
    // With the scores found, the downgrade goes to the level they support under the grade's own standard.
    const resolved = await resolveTemplate(ctx.db, grade.standard);
    if (!resolved) throw invalid([fieldError('partScores', `未知的评分标准 ${grade.standard}`, `unknown scoring standard ${grade.standard}`)]);
    const scores = checkScores(resolved.template, mine.mineType, input.partScores, input.weightedScore, 'event');
    if (scores.errors.length || scores.weightedScore === null) throw invalid(scores.errors);
    const lastApp = (await repo.listApplications(ctx.db, { mineIds: [mineId], status: 'announced' }))[0];
    const sa: SelfAssessment = lastApp ? { ...(JSON.parse(lastApp.self_assessment) as SelfAssessment), partScores: input.partScores } : { partScores: input.partScores, basicConditionsMet: true };
    const ev = await evaluateFacts(ctx, resolved.template.rulesPack, factsFor(mine, sa, scores.weightedScore, history), input.date);
    supportedLevel = ev.level;
  }
  const proposal = proposeForEvent({ type: input.type, date: input.date, class: input.class, level: held, current, shutdownSince: openShutdownSince(history), supportedLevel });
  const now = ctx.clock.now();
  const at = now.toISOString();
  const eventId = newId(now.getTime());
  const proposalId = newId(now.getTime());
  const status = proposal.action === 'none' ? 'not_needed' : 'pending';
  // A resent accident report (same Idempotency-Key) must not record a second event and a second proposal.
  const result: SupervisionEventResult = { eventId, proposal: { id: proposalId, action: proposal.action, ...(proposal.toLevel && { toLevel: proposal.toLevel }), reason: proposal.reason, reasonZh: proposal.reasonZh, status, version: 1 } };
  const { body } = await idempotent<SupervisionEventResult>(ctx, `grading.events:${p.id}`, idempotencyKey, { mineId, ...input }, async (trx) => {
    await repo.insertHistory(trx, { id: eventId, mine_id: mineId, date: input.date, kind: 'event', level: held, from_level: null, event_type: input.type, event_class: input.class ?? null, reason: input.note ?? null, standard: grade?.standard ?? null, application_id: null, proposal_id: proposalId, authority_id: p.roles.find((g) => AUTHORITY_ROLES.includes(g.role) && mine.unit.path.startsWith(g.unitPath))?.unitId ?? null, stop_order: null, data: input.partScores ? JSON.stringify({ partScores: input.partScores, weightedScore: input.weightedScore ?? null }) : null, created_at: at, created_by: p.id });
    await repo.insertProposal(trx, { id: proposalId, mine_id: mineId, event_id: eventId, action: proposal.action, from_level: proposal.action === 'none' ? held : current, to_level: proposal.toLevel ?? null, reason: proposal.reason, reason_zh: proposal.reasonZh, status, authority_id: grade?.granted_by ?? null, decided_at: null, decided_by: null, decision_reason: null, stop_order: null, created_at: at });
    await recordAudit(trx, { at, actor: p, action: 'grading.event.record', subjectType: 'grading_mine', subjectId: mineId, unitId: mineId, after: { type: input.type, date: input.date, class: input.class, proposal } });
    if (status === 'pending' && grade?.granted_by) {
      // Art. 11(3): the body that granted the grade confirms the change (docs/notifications.md "Proposals").
      await tell(trx, now, { bodyIds: [grade.granted_by] }, p, proposalId, {
        title: `待确认：${mine.unit.name}${proposal.action === 'revoke' ? '撤消等级' : `降为${proposal.toLevel}`}`,
        body: proposal.reasonZh,
        titleEn: `To confirm: ${mine.unit.name} ${proposal.action === 'revoke' ? 'revoked' : `downgraded to ${proposal.toLevel}`}`,
        bodyEn: proposal.reason,
        link: `/grading/mines/${mineId}`,
      });
    }
    return { status: 201, body: result };
  });
  return body;
}

export async function listProposals(ctx: AppContext, p: Principal, status?: string): Promise<ProposalView[]> {
  const mines = await repo.listMineUnits(ctx.db, scopePaths(p, GRADING_ROLES));
  const names = new Map(mines.map((m) => [m.id, m.name]));
  const rows = await repo.listProposals(ctx.db, { mineIds: mines.map((m) => m.id), status });
  const authorities = await namesOf(ctx.db, rows.map((r) => r.authority_id));
  return rows.map((r) => presentProposal(r, names.get(r.mine_id) ?? r.mine_id, authorities));
}

async function decideProposal(ctx: AppContext, p: Principal, id: string, input: { reason: string; version: number; stopProductionOrder?: string }, confirm: boolean): Promise<ProposalView> {
  const row = await repo.findProposal(ctx.db, id);
  if (!row) throw notFound('Proposal', '处理建议', 'proposal_not_found');
  // Outside the caller's subtree the proposal does not exist for them (404, as on every read), not 403.
  const mine = await loadMine(ctx.db, row.mine_id);
  if (!canSeeMine(p, mine)) throw notFound('Proposal', '处理建议', 'proposal_not_found');
  // Art. 11(3): changes go to the body that granted the grade, which decides and announces.
  const provinceFallback = !row.authority_id && mine.province && actsFor(p, mine.province.id);
  if (!actsFor(p, row.authority_id) && !provinceFallback) {
    const names = await namesOf(ctx.db, [row.authority_id]);
    const who = row.authority_id ? (names.get(row.authority_id) ?? row.authority_id) : '省级主管部门';
    throw forbidden(`Only the body that granted the grade (${who}) confirms its change`, `须由原等级考核定级部门（${who}）确认`);
  }
  if (input.version !== row.version) throw staleVersion(row.version);
  if (row.status !== 'pending') throw conflict('proposal_decided', `The proposal is already ${row.status}`, '该处理建议已处理');
  if (confirm && row.action === 'revoke' && !input.stopProductionOrder) {
    throw invalid([{ field: 'stopProductionOrder', message: '撤消等级须同时责令停产整改（第十一条第四项）/ a revocation records the stop-production order (Art. 11(4))' }]);
  }
  const today = await calendarToday(ctx);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const event = (await repo.listHistory(ctx.db, row.mine_id)).find((h) => h.id === row.event_id);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateProposal(trx, id, row.version, { status: confirm ? 'confirmed' : 'dismissed', decided_at: at, decided_by: p.id, decision_reason: input.reason, stop_order: confirm ? (input.stopProductionOrder ?? null) : null }))) throw staleVersion(row.version);
    if (confirm) {
      const grade = await repo.findGrade(trx, row.mine_id);
      if (!grade || grade.level !== row.from_level) throw conflict('grade_changed', 'The mine’s grade changed since the proposal was made', '提出建议后该矿等级已变化，请重新评估');
      // The change takes effect from the event date ("自事故发生之日起", Art. 11(2)); bans run from it (docs/grading.md).
      const date = event?.date ?? today;
      const authority = row.authority_id ?? mine.province?.id ?? '';
      if (row.action === 'downgrade' && isLevel(row.to_level)) {
        if (!(await repo.updateGrade(trx, row.mine_id, grade.version, { level: row.to_level, updated_at: at }))) throw staleVersion(grade.version);
      } else if (!(await repo.deleteGrade(trx, row.mine_id, grade.version))) {
        throw staleVersion(grade.version);
      }
      const kind = row.action === 'downgrade' ? 'downgraded' : 'revoked';
      await repo.insertHistory(trx, { id: newId(now.getTime()), mine_id: row.mine_id, date, kind, level: row.action === 'downgrade' ? row.to_level : null, from_level: grade.level, event_type: event?.event_type ?? null, event_class: event?.event_class ?? null, reason: `${row.reason_zh}；确认理由：${input.reason}`, standard: grade.standard, application_id: null, proposal_id: id, authority_id: authority, stop_order: input.stopProductionOrder ?? null, data: JSON.stringify({ reasonEn: `${row.reason}; confirmed: ${input.reason}` }), created_at: at, created_by: p.id });
      await emitEvent(ctx, trx, 'grading.announced', row.mine_id, { mineId: row.mine_id, mineName: mine.unit.name, kind, level: row.action === 'downgrade' ? row.to_level : null, fromLevel: grade.level, since: date, validUntil: row.action === 'downgrade' ? grade.valid_until : null, proposalId: id });
      await repo.insertAnnouncement(trx, { id: newId(now.getTime()), mine_id: row.mine_id, kind, level: row.action === 'downgrade' ? row.to_level : null, from_level: grade.level, since: date, valid_until: row.action === 'downgrade' ? grade.valid_until : null, authority_id: authority, announced_at: at, reason: row.reason_zh, application_id: null, proposal_id: id });
      await tell(trx, now, { mine }, p, id, {
        title: `${mine.unit.name}${kind === 'revoked' ? '等级被撤消' : `降为${row.to_level}`}`,
        body: `${row.reason_zh}${input.stopProductionOrder ? `；责令停产整改：${input.stopProductionOrder}` : ''}`,
        titleEn: `${mine.unit.name} ${kind === 'revoked' ? 'grade revoked' : `downgraded to ${row.to_level}`}`,
        bodyEn: `${row.reason}${input.stopProductionOrder ? `; ordered to stop production and rectify: ${input.stopProductionOrder}` : ''}`,
        link: `/grading/mines/${row.mine_id}`,
      });
    }
    await actedOn(trx, p, id, now);
    await recordAudit(trx, { at, actor: p, action: confirm ? 'grading.proposal.confirm' : 'grading.proposal.dismiss', subjectType: 'grading_proposal', subjectId: id, unitId: row.mine_id, before: { status: row.status }, after: { status: confirm ? 'confirmed' : 'dismissed', reason: input.reason, stopProductionOrder: input.stopProductionOrder ?? null } });
  });
  const updated = (await repo.findProposal(ctx.db, id))!;
  return presentProposal(updated, mine.unit.name, await namesOf(ctx.db, [updated.authority_id]));
}

export const confirmProposal = (ctx: AppContext, p: Principal, id: string, input: ProposalConfirmInput) => decideProposal(ctx, p, id, input, true);
export const dismissProposal = (ctx: AppContext, p: Principal, id: string, input: { reason: string; version: number }) => decideProposal(ctx, p, id, input, false);

// ——— validity reminder and expiry (Art. 8) ———

/**
 * Reminds each graded mine once, on or after the day 3 months before expiry (validUntil − 3 months, docs/grading.md#date-conventions), and
 * records expiry on the day the grade runs out. Safe with several instances: rows are claimed FOR UPDATE SKIP
 * LOCKED on PostgreSQL and marked in the same transaction; SQLite serialises writers.
 */
export async function runValidityReminders(ctx: AppContext): Promise<{ reminded: number; expired: number }> {
  const today = await calendarToday(ctx);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const postgres = ctx.dialect === 'postgres';
  // validUntil − 3 months ≤ today ⇔ validUntil ≤ today + 3 months, give or take month-end clamping: select a
  // few days more and filter exactly below.
  const horizon = addCalendar(addCalendar(today, 3, 'months'), 3, 'days');
  let reminded = 0;
  let expired = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const g of await repo.claimableReminders(trx, horizon, postgres)) {
      if (reapplyBy(g.valid_until) > today || g.valid_until <= today) continue;
      if (!(await repo.markReminded(trx, g.mine_id, g.valid_until))) continue;
      const mine = await repo.findUnit(trx, g.mine_id);
      const ancestorIds = (mine?.path ?? '').split('/').filter(Boolean);
      await notify(trx, now, {
        userIds: await repo.userIdsWithRolesOn(trx, ancestorIds, [...MINE_SIDE_ROLES]),
        title: `${mine?.name ?? ''}的${g.level}将于${g.valid_until}到期`,
        body: `请于${reapplyBy(g.valid_until)}前重新自评申报${g.level === '一级' ? '或申请直接延期' : ''}（第八条）。`,
        titleEn: `${mine?.name ?? ''}: ${g.level} expires on ${g.valid_until}`,
        bodyEn: `Re-apply by ${reapplyBy(g.valid_until)}${g.level === '一级' ? ' or request a direct extension' : ''} (Art. 8).`,
        link: `/grading/mines/${g.mine_id}`,
        subject: { module: 'grading', id: g.mine_id },
      });
      await recordAudit(trx, { at, actor: null, action: 'grading.grade.remind', subjectType: 'grading_mine', subjectId: g.mine_id, unitId: g.mine_id, after: { validUntil: g.valid_until, reapplyBy: reapplyBy(g.valid_until) } });
      reminded++;
    }
    for (const g of await repo.expiredGrades(trx, today, postgres)) {
      if (!(await repo.deleteGrade(trx, g.mine_id, g.version))) continue;
      await repo.insertHistory(trx, { id: newId(now.getTime()), mine_id: g.mine_id, date: g.valid_until, kind: 'expired', level: null, from_level: g.level, event_type: null, event_class: null, reason: `${g.level}有效期至${g.valid_until}届满，等级失效`, standard: g.standard, application_id: null, proposal_id: null, authority_id: g.granted_by, stop_order: null, data: JSON.stringify({ reasonEn: `${g.level} expired: valid until ${g.valid_until}` }), created_at: at, created_by: null });
      await recordAudit(trx, { at, actor: null, action: 'grading.grade.expire', subjectType: 'grading_mine', subjectId: g.mine_id, unitId: g.mine_id, before: { level: g.level, validUntil: g.valid_until } });
      expired++;
    }
  });
  return { reminded, expired };
}

export const gradingValidityJob: Job = { name: 'grading.validity', run: (ctx) => runValidityReminders(ctx) };

// ——— direct extension (Art. 9, 10) ———

function presentExtension(r: repo.ExtensionRow, mineName: string, mineType: 'underground' | 'open_pit'): ExtensionView {
  const checklist = JSON.parse(r.checklist) as ExtensionView['checklist'];
  return {
    id: r.id,
    mineId: r.mine_id,
    mineName,
    status: r.status as ExtensionView['status'],
    checklist,
    checks: checkExtension(checklist, mineType),
    evidence: JSON.parse(r.evidence) as ExtensionView['evidence'],
    localSupervisionOpinion: r.local_opinion,
    validUntilBefore: r.valid_until_before,
    validUntilAfter: r.valid_until_after,
    reason: r.reason,
    version: r.version,
    createdAt: r.created_at,
  };
}

export async function getExtension(ctx: AppContext, p: Principal, id: string): Promise<ExtensionView> {
  const row = await repo.findExtension(ctx.db, id);
  if (!row) throw notFound('Extension', '直接延期申请', 'extension_not_found');
  const mine = await requireVisibleMine(ctx.db, p, row.mine_id);
  return presentExtension(row, mine.unit.name, mine.mineType);
}

export async function listExtensions(ctx: AppContext, p: Principal): Promise<ExtensionView[]> {
  const mines = await repo.listMineUnits(ctx.db, scopePaths(p, GRADING_ROLES));
  const byId = new Map(mines.map((m) => [m.id, m]));
  return (await repo.listExtensions(ctx.db, mines.map((m) => m.id))).map((r) => presentExtension(r, byId.get(r.mine_id)!.name, mineTypeOf(byId.get(r.mine_id)!)));
}

export async function createExtension(ctx: AppContext, p: Principal, input: ExtensionCreateInput, idempotencyKey?: string): Promise<ExtensionView> {
  const mine = await requireVisibleMine(ctx.db, p, input.mineId);
  if (!isMineSide(p, mine)) throw forbidden('Only the mine or its enterprise applies for extension', '只有煤矿或其企业可以申请直接延期');
  const today = await calendarToday(ctx);
  const grade = await repo.findGrade(ctx.db, mine.unit.id);
  // Art. 10: "未达到安全生产标准化管理体系一级的煤矿不执行延期制度".
  if (!grade || grade.level !== '一级' || grade.valid_until <= today) throw conflict('not_level1', 'Only a mine holding a valid 一级 grade may extend directly', '只有持有有效一级等级的煤矿可以直接延期');
  // Art. 10 (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10): "期满前3个月" the mine applies for extension — the window opens on validUntil − 3 months
  // (the same day as the re-application reminder); an earlier request is refused with the day it may apply from.
  const opensOn = reapplyBy(grade.valid_until);
  if (today < opensOn) {
    throw new AppError(422, 'extension_too_early', `Direct extension may be requested from ${opensOn} (3 months before the grade expires on ${grade.valid_until})`, `一级等级有效期至${grade.valid_until}，须在期满前3个月内申请直接延期，${opensOn}起方可申请`, { opensOn, validUntil: grade.valid_until });
  }
  const checks = checkExtension(input.checklist, mine.mineType);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) throw invalid(failed.map((c) => fieldError(`checklist.${c.item}`, c.zh, c.en)), 'The direct-extension conditions are not met', '不满足直接延期条件');
  const ids = input.evidence.flatMap((e) => e.attachmentIds);
  const metas = await repo.attachmentsMeta(ctx.db, ids);
  if (metas.length !== new Set(ids).size || metas.some((m) => m.mine_id !== mine.unit.id)) throw invalid([fieldError('evidence', '附件不存在或不属于该矿', 'unknown attachment')]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const { body } = await idempotent<{ id: string }>(ctx, `grading.extensions:${p.id}`, idempotencyKey, input, async (trx) => {
    const id = newId(now.getTime());
    await repo.insertExtension(trx, { id, mine_id: mine.unit.id, status: 'submitted', checklist: JSON.stringify(input.checklist), evidence: JSON.stringify(input.evidence), local_opinion: null, valid_until_before: grade.valid_until, valid_until_after: null, reason: null, created_at: at, created_by: p.id, updated_at: at });
    await recordAudit(trx, { at, actor: p, action: 'grading.extension.submit', subjectType: 'grading_extension', subjectId: id, unitId: mine.unit.id, after: input });
    await tell(trx, now, { bodyIds: [mine.province?.id] }, p, id, {
      title: `一级直接延期待审核：${mine.unit.name}`,
      body: '请审核延期条件并征求当地监管部门意见（第十条）。',
      titleEn: `Direct extension of 一级 to review: ${mine.unit.name}`,
      bodyEn: 'Review the conditions and ask the local supervision for its opinion (Art. 10).',
      link: `/grading/extensions/${id}`,
    });
    return { status: 201, body: { id } };
  });
  return getExtension(ctx, p, body.id);
}

export async function actOnExtension(ctx: AppContext, p: Principal, id: string, input: ExtensionActionInput): Promise<ExtensionView> {
  const row = await repo.findExtension(ctx.db, id);
  if (!row) throw notFound('Extension', '直接延期申请', 'extension_not_found');
  // Outside the caller's subtree the extension does not exist for them (404, as on every read).
  const mine = await loadMine(ctx.db, row.mine_id);
  if (!canSeeMine(p, mine)) throw notFound('Extension', '直接延期申请', 'extension_not_found');
  const provinceStaff = actsFor(p, mine.province?.id ?? null);
  const nationalStaff = actsFor(p, mine.national?.id ?? null);
  if (input.action === 'national_file' ? !nationalStaff : !provinceStaff) {
    throw forbidden(input.action === 'national_file' ? 'The national authority files an extension (Art. 10)' : 'The provincial authority reviews an extension (Art. 10)', input.action === 'national_file' ? '直接延期由国家煤矿安全监察局备案（第十条）' : '直接延期由省级主管部门审核（第十条）');
  }
  if (row.version !== input.version) throw staleVersion(row.version);
  const wanted = input.action === 'national_file' ? 'province_approved' : 'submitted';
  if (row.status !== wanted) throw conflict('invalid_transition', `${input.action} is not possible while the extension is ${row.status}`, `当前状态（${row.status}）下不能执行该操作`);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = await calendarToday(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    if (input.action === 'province_approve') {
      if (!(await repo.updateExtension(trx, id, row.version, { status: 'province_approved', local_opinion: input.localSupervisionOpinion, updated_at: at }))) throw staleVersion(row.version);
    } else if (input.action === 'province_reject') {
      if (!(await repo.updateExtension(trx, id, row.version, { status: 'rejected', reason: input.reason, updated_at: at }))) throw staleVersion(row.version);
    } else {
      const grade = await repo.findGrade(trx, row.mine_id);
      if (!grade || grade.level !== '一级' || grade.valid_until !== row.valid_until_before) throw conflict('grade_changed', 'The mine’s grade changed since the extension was requested', '申请延期后该矿等级已变化');
      // Art. 9: the grade is extended by another 3-year period, from the end of the current one.
      const after = validUntilOf(grade.valid_until);
      if (!(await repo.updateGrade(trx, row.mine_id, grade.version, { valid_until: after, extended: 1, reminded_for: null, updated_at: at }))) throw staleVersion(grade.version);
      if (!(await repo.updateExtension(trx, id, row.version, { status: 'filed', valid_until_after: after, reason: input.note ?? null, updated_at: at }))) throw staleVersion(row.version);
      const authority = mine.national?.id ?? '';
      await repo.insertHistory(trx, { id: newId(now.getTime()), mine_id: row.mine_id, date: today, kind: 'extended', level: '一级', from_level: '一级', event_type: null, event_class: null, reason: `一级直接延期经国家局备案，有效期延至${after}`, standard: grade.standard, application_id: null, proposal_id: null, authority_id: authority, stop_order: null, data: JSON.stringify({ extensionId: id, reasonEn: `Direct extension of 一级 filed by the national authority; valid until ${after}` }), created_at: at, created_by: p.id });
      await repo.insertAnnouncement(trx, { id: newId(now.getTime()), mine_id: row.mine_id, kind: 'extended', level: '一级', from_level: null, since: grade.since, valid_until: after, authority_id: authority, announced_at: at, reason: null, application_id: null, proposal_id: null });
    }
    await recordAudit(trx, { at, actor: p, action: `grading.extension.${input.action}`, subjectType: 'grading_extension', subjectId: id, unitId: row.mine_id, before: { status: row.status }, after: input });
    // The national authority files what the province approved; the mine side hears of each decision (docs/notifications.md).
    await actedOn(trx, p, id, now);
    const link = `/grading/extensions/${id}`;
    if (input.action === 'province_approve') {
      await tell(trx, now, { bodyIds: [mine.national?.id] }, p, id, { title: `一级直接延期待备案：${mine.unit.name}`, body: '省级主管部门已审核同意，请备案（第十条）。', titleEn: `Direct extension to file: ${mine.unit.name}`, bodyEn: 'The province approved it; please file it (Art. 10).', link });
      await tell(trx, now, { mine }, p, id, { title: `直接延期省级审核通过：${mine.unit.name}`, body: '已报国家煤矿安全监察局备案。', titleEn: `Direct extension approved by the province: ${mine.unit.name}`, bodyEn: 'It went to the national authority for filing.', link });
    } else if (input.action === 'province_reject') {
      await tell(trx, now, { mine }, p, id, { title: `直接延期未通过：${mine.unit.name}`, body: input.reason, titleEn: `Direct extension refused: ${mine.unit.name}`, bodyEn: input.reason, link });
    } else {
      await tell(trx, now, { mine }, p, id, { title: `直接延期已备案：${mine.unit.name}`, body: '一级有效期延长3年（第九条）。', titleEn: `Direct extension filed: ${mine.unit.name}`, bodyEn: 'The 一级 grade is extended by 3 years (Art. 9).', link });
    }
  });
  return getExtension(ctx, p, id);
}

// ——— self-inspections (Art. 11(6)) ———

export async function recordSelfInspection(ctx: AppContext, p: Principal, input: SelfInspectionCreateInput): Promise<SelfInspectionSlot> {
  const mine = await requireVisibleMine(ctx.db, p, input.mineId);
  const scope = input.scope as Scope;
  // Art. 11(6): a mine without a parent enterprise runs the half-yearly inspection itself.
  const allowed =
    scope === 'mine' || !mine.enterprise ? coversUnit(p, mine.unit.path, ['mine_user', 'enterprise_user']) : coversUnit(p, mine.enterprise.path, ['enterprise_user']);
  if (!allowed) throw forbidden(scope === 'mine' ? 'The mine records its own self-inspection' : 'The enterprise records its half-yearly self-inspection', scope === 'mine' ? '季度自查由煤矿录入' : '半年自查由上级企业录入');
  if (scopeOfPeriod(input.period) !== scope) throw invalid([{ field: 'period', message: scope === 'mine' ? '煤矿按季度自查，如 2026-Q1 / a mine inspects quarterly' : '企业按半年自查，如 2026-H1 / an enterprise inspects half-yearly' }]);
  const today = await calendarToday(ctx);
  if (input.inspectedOn > today) throw invalid([fieldError('inspectedOn', '日期不能晚于今天', 'cannot be in the future')]);
  if (periodOf(input.inspectedOn, scope) !== input.period) throw invalid([fieldError('inspectedOn', `日期不在${input.period}内`, `not within ${input.period}`)]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    if (await repo.findSelfInspection(trx, mine.unit.id, scope, input.period)) throw conflict('self_inspection_exists', `The ${input.period} self-inspection is already recorded`, `${input.period}的自查已录入`);
    await repo.insertSelfInspection(trx, { id, mine_id: mine.unit.id, scope, period: input.period, inspected_on: input.inspectedOn, summary: input.summary, weighted_score: input.weightedScore ?? null, created_at: at, created_by: p.id });
    await recordAudit(trx, { at, actor: p, action: 'grading.self_inspection.record', subjectType: 'grading_mine', subjectId: mine.unit.id, unitId: mine.unit.id, after: input });
  });
  const due = periodsOf(Number(input.period.slice(0, 4)), scope).find((x) => x.period === input.period)!;
  return { mineId: mine.unit.id, mineName: mine.unit.name, scope, period: input.period, dueDate: due.dueDate, overdue: false, done: { id, inspectedOn: input.inspectedOn, summary: input.summary, weightedScore: input.weightedScore ?? null, recordedAt: at } };
}

/**
 * The schedule of self-inspections for graded mines in the caller's scope: quarterly for the mine and half-yearly
 * for its enterprise, from the period in which the grade began; a period past its last day without a record is overdue.
 */
export async function selfInspectionSchedule(ctx: AppContext, p: Principal, q: { mineId?: string; year?: number }): Promise<SelfInspectionSlot[]> {
  const today = await calendarToday(ctx);
  const year = q.year ?? Number(today.slice(0, 4));
  const mines = (await repo.listMineUnits(ctx.db, scopePaths(p, GRADING_ROLES))).filter((m) => !q.mineId || m.id === q.mineId);
  const grades = new Map((await repo.gradesOf(ctx.db, mines.map((m) => m.id))).map((g) => [g.mine_id, g]));
  const done = await repo.selfInspectionsOf(ctx.db, mines.map((m) => m.id), [String(year)]);
  const slots: SelfInspectionSlot[] = [];
  for (const m of mines) {
    const grade = grades.get(m.id);
    if (!grade || grade.valid_until <= today) continue;
    for (const scope of ['mine', 'enterprise'] as const) {
      for (const period of periodsOf(year, scope)) {
        if (period.dueDate < grade.since) continue;
        const rec = done.find((d) => d.mine_id === m.id && d.scope === scope && d.period === period.period);
        slots.push({
          mineId: m.id,
          mineName: m.name,
          scope,
          period: period.period,
          dueDate: period.dueDate,
          overdue: isOverdue(period.dueDate, today, !!rec),
          done: rec ? { id: rec.id, inspectedOn: rec.inspected_on, summary: rec.summary, weightedScore: rec.weighted_score, recordedAt: rec.created_at } : null,
        });
      }
    }
  }
  return slots;
}

export async function overdueSelfInspections(ctx: AppContext, p: Principal): Promise<SelfInspectionSlot[]> {
  const year = Number((await calendarToday(ctx)).slice(0, 4));
  const slots = [...(await selfInspectionSchedule(ctx, p, { year: year - 1 })), ...(await selfInspectionSchedule(ctx, p, { year }))];
  return slots.filter((s) => s.overdue);
}

// ——— yearly bulletin (Art. 11(7)) ———

/** The authority a yearly report is for: the one asked for, or the caller's own; within the caller's reach. */
async function reportAuthority(ctx: AppContext, p: Principal, authorityId?: string): Promise<repo.UnitRow> {
  const id = authorityId ?? p.roles.find((g) => AUTHORITY_ROLES.includes(g.role))?.unitId;
  if (!id) throw invalid([fieldError('authorityId', '请指定主管部门', 'give the authority')]);
  const authority = await repo.findUnit(ctx.db, id);
  if (!authority || !['national_authority', 'provincial_authority', 'local_supervision'].includes(authority.kind)) throw notFound('Authority', '主管部门', 'authority_not_found');
  if (!coversUnit(p, authority.path, ['admin', ...AUTHORITY_ROLES]) && !hasRole(p, ['national_assessor'])) throw forbidden();
  return authority;
}

export async function bulletin(ctx: AppContext, p: Principal, q: { authorityId?: string; year: number }): Promise<BulletinView> {
  const authority = await reportAuthority(ctx, p, q.authorityId);
  // The bulletin covers the mines within the authority's jurisdiction (its subtree), whoever granted the grade.
  const rows = await repo.historyInSubtree(ctx.db, authority.path, `${q.year}-01-01`, `${q.year}-12-31`, ['graded', 'extended', 'downgraded', 'revoked']);
  const parents = await namesOf(ctx.db, rows.map((r) => r.mine_path.split('/').filter(Boolean).slice(-2, -1)[0]));
  const toRow = (r: (typeof rows)[number]) => ({
    mineId: r.mine_id,
    mineName: r.mine_name,
    enterpriseName: parents.get(r.mine_path.split('/').filter(Boolean).slice(-2, -1)[0] ?? '') ?? null,
    mineType: (JSON.parse(r.mine_attrs || '{}') as { mineType?: string }).mineType === 'open_pit' ? ('open_pit' as const) : ('underground' as const),
    date: r.date,
    level: isLevel(r.level) ? r.level : null,
    fromLevel: isLevel(r.from_level) ? r.from_level : null,
    reason: r.reason,
  });
  return {
    authorityId: authority.id,
    authorityName: authority.name,
    year: q.year,
    gradings: rows.filter((r) => r.kind === 'graded').map(toRow),
    extensions: rows.filter((r) => r.kind === 'extended').map(toRow),
    downgrades: rows.filter((r) => r.kind === 'downgraded').map(toRow),
    revocations: rows.filter((r) => r.kind === 'revoked').map(toRow),
    generatedAt: ctx.clock.now().toISOString(),
  };
}

// ——— yearly summary of 一级 self-inspections (Art. 11(6), docs/grading.md#supervision-art-11) ———

/**
 * "一级煤矿的自查结果每年汇总上报国家局": for each mine in the authority's jurisdiction holding 一级 during the
 * year, the quarterly (mine) and half-yearly (enterprise) self-inspections of that year — done, missed (past the
 * period without a record) or pending — with the lowest score recorded. Periods before the grade began are left out.
 */
export async function level1SelfInspectionSummary(ctx: AppContext, p: Principal, q: { authorityId?: string; year: number }): Promise<Level1SelfInspectionSummary> {
  const authority = await reportAuthority(ctx, p, q.authorityId);
  const today = await calendarToday(ctx);
  const yearStart = `${q.year}-01-01`;
  const yearEnd = `${q.year}-12-31`;
  const units = await repo.listMineUnits(ctx.db, [authority.path]);
  const grades = (await repo.gradesOf(ctx.db, units.map((u) => u.id))).filter((g) => g.level === '一级' && g.since <= yearEnd && g.valid_until > yearStart);
  const ids = grades.map((g) => g.mine_id);
  const [mines, done] = await Promise.all([loadMines(ctx.db, ids), repo.selfInspectionsOf(ctx.db, ids, [String(q.year)])]);
  const rows: Level1SelfInspectionSummary['mines'] = [];
  for (const g of grades) {
    const mine = mines.get(g.mine_id);
    if (!mine) continue;
    const periods = (['mine', 'enterprise'] as const).flatMap((scope) =>
      periodsOf(q.year, scope)
        .filter((x) => x.dueDate >= g.since && x.start < g.valid_until)
        .map((x) => {
          const rec = done.find((d) => d.mine_id === g.mine_id && d.scope === scope && d.period === x.period);
          const status: 'done' | 'missed' | 'pending' = rec ? 'done' : isOverdue(x.dueDate, today, false) ? 'missed' : 'pending';
          return { scope, period: x.period, dueDate: x.dueDate, status, inspectedOn: rec?.inspected_on ?? null, weightedScore: rec?.weighted_score ?? null };
        }),
    );
    const scores = periods.map((x) => x.weightedScore).filter((x): x is number => x !== null);
    rows.push({
      mineId: g.mine_id,
      mineName: mine.unit.name,
      enterpriseName: mine.enterprise?.name ?? null,
      provinceName: mine.province?.name ?? null,
      since: g.since,
      validUntil: g.valid_until,
      extended: g.extended === 1,
      periods,
      done: periods.filter((x) => x.status === 'done').length,
      missed: periods.filter((x) => x.status === 'missed').length,
      pending: periods.filter((x) => x.status === 'pending').length,
      lowestScore: scores.length ? Math.min(...scores) : null,
    });
  }
  rows.sort((a, b) => a.mineName.localeCompare(b.mineName, 'zh-CN'));
  return { authorityId: authority.id, authorityName: authority.name, year: q.year, mines: rows, generatedAt: ctx.clock.now().toISOString() };
}
