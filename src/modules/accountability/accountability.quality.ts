import { buildChain, readDeductions, type Deductions } from '../../core/accountability/chain';
import type { Evaluation, Reason, RulePack } from '../../core/rules';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { updateVersioned } from '../../platform/db/versioned';
import { conflict, fieldError, forbidden, invalid, notFound, type FieldError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, scopePaths, type Principal } from '../auth';
import { notify } from '../notifications';
import * as orgRepo from '../org';
import type { RoleCode } from '../org';
import { evaluatePack, getActivePack } from '../rules';
import type { QualityConfirmInput, QualityDismissInput, QualityProposalFilter, QualityProposalViewOutput } from './accountability.quality.schemas';
import * as qrepo from './accountability.quality.repository';
import * as repo from './accountability.repository';
import { bookChain, chainHolders } from './accountability.service';

// Quality accidents from verified complaints (事故扣分标准 cl. 2, 二、质量事故; docs/quality-loop.md).
// When a manager approves an 8D with verification facts, the quality-accidents pack proposes an accident (the
// gravest case that held, every case named); the QA manager confirms it — the chain of deductions is booked on
// the same ledger as management accidents, for the month of the approval, linked to the work order — or
// dismisses it with a reason.

export const QUALITY_PACK_ID = 'quality-accidents';
/** Who confirms or dismisses: the head of QA (品保经理), within the subtree of the unit they hold it on. */
export const CONFIRM_ROLES: readonly RoleCode[] = ['qa_manager'];
/** Who sees the proposals: the QA manager and those who see the management accidents of the company. */
export const READ_ROLES: readonly RoleCode[] = ['qa_manager', 'dept_head', 'manager', 'director', 'admin'];

/** The verification facts as the approver recorded them, plus the count the work-order module made. */
export interface QualityFacts {
  verifiedPoorPerformance: boolean;
  outOfInternalSpec: boolean;
  foreignMatterFromProduction: boolean;
  shortWeight: boolean;
  packagingFaultSameBatchUsers: number;
  /** Distinct end users (customers) of the same product and batch, this one included — counted, never entered. */
  sameBatchEndUsers: number;
}

export interface QualityProposalInput {
  workOrder: { id: string; number: string; unitId: string; unitPath: string; departmentId: string | null };
  facts: QualityFacts;
  responsibleUserId?: string;
  /** The local day of the approval. */
  occurredOn: string;
  proposedBy: Principal;
  /** Where validation errors point (e.g. 'verification'). */
  fieldPrefix: string;
}

interface StoredExplain {
  levelLabel: string;
  explain: Reason[];
  refused: Evaluation['refused'];
  cases: { level: string; label: string; incomplete: boolean; reasons: Reason[] }[];
}

const labelOf = (pack: RulePack, level: string) => pack.levels.find((l) => l.id === level)?.label.zh ?? pack.fallbackLabel?.zh ?? level;

function storedExplain(pack: RulePack, ev: Evaluation): StoredExplain {
  return {
    levelLabel: labelOf(pack, ev.level),
    explain: ev.explain,
    refused: ev.refused,
    cases: (ev.cases ?? []).map((c) => ({ level: c.level, label: labelOf(pack, c.level), incomplete: c.incomplete, reasons: c.reasons })),
  };
}

/** An active member of the subtree at `path`, or undefined (unknown, inactive and outside all look the same). */
async function memberOf(ctx: AppContext, userId: string, path: string): Promise<{ id: string; unitId: string } | undefined> {
  const person = await orgRepo.findActiveUserWithUnit(ctx.db, userId);
  if (!person || !person.unit_path.startsWith(path)) return undefined;
  return { id: person.id, unitId: person.unit_id };
}

/**
 * Evaluates the verification facts (before the caller's transaction: on SQLite the one connection is held by it)
 * and returns the writer of the proposal, or null when no case held — nothing to propose. 422 names each bad
 * fact and an unknown responsible person under `fieldPrefix`.
 */
export async function prepareQualityProposal(ctx: AppContext, input: QualityProposalInput): Promise<{ level: string; write: (trx: Trx) => Promise<void> } | null> {
  const errors: FieldError[] = [];
  const wo = input.workOrder;
  let unitId = wo.departmentId ?? wo.unitId;
  if (input.responsibleUserId) {
    const m = await memberOf(ctx, input.responsibleUserId, wo.unitPath);
    if (!m) errors.push(fieldError(`${input.fieldPrefix}.responsibleUserId`, '责任人须为本公司在职人员', 'must be an active member of the work order’s company'));
    // The accident is booked on the responsible person's own unit, so the chain above it is theirs.
    else unitId = m.unitId;
  }
  let ev: Evaluation;
  try {
    ev = await evaluatePack(ctx, QUALITY_PACK_ID, { ...input.facts }, input.occurredOn);
  } catch (e) {
    const err = e as { errors?: FieldError[] };
    if (!err.errors) throw e;
    errors.push(...err.errors.map((x) => ({ ...x, field: x.field.replace(/^facts/, input.fieldPrefix) })));
    throw invalid(errors);
  }
  if (errors.length) throw invalid(errors);
  const { pack } = await getActivePack(ctx, QUALITY_PACK_ID);
  if (ev.level === pack.fallback && !(ev.cases ?? []).length) return null;
  const owningUnitPath = wo.unitPath;
  const qaHolders = await orgRepo.roleHolders(ctx.db, owningUnitPath.split('/').filter(Boolean), CONFIRM_ROLES);
  const explain = storedExplain(pack, ev);
  return {
    level: ev.level,
    write: async (trx) => {
      const id = newId(ctx.clock.now().getTime());
      const at = ctx.clock.now().toISOString();
      await qrepo.insertProposal(trx, {
        id,
        work_order_id: wo.id,
        work_order_number: wo.number,
        owning_unit_id: wo.unitId,
        unit_id: unitId,
        responsible_user_id: input.responsibleUserId ?? null,
        occurred_on: input.occurredOn,
        facts: JSON.stringify(input.facts),
        level: ev.level,
        pack_version: ev.version,
        explain: JSON.stringify(explain),
        outputs: JSON.stringify(ev.outputs),
        status: 'proposed',
        reason: null,
        accident_id: null,
        proposed_by: input.proposedBy.id,
        proposed_at: at,
        decided_by: null,
        decided_at: null,
      });
      await notify(trx, ctx.clock.now(), {
        userIds: qaHolders.map((h) => h.user_id),
        title: `【质量事故待认定】${wo.number}`,
        body: `${explain.levelLabel}；成立情形：${explain.cases.map((c) => c.label).join('、') || '无'}`,
        link: `/accountability/quality/${id}`,
      });
      await recordAudit(trx, {
        at,
        actor: input.proposedBy,
        action: 'quality_accident.propose',
        subjectType: 'quality_accident',
        subjectId: id,
        unitId: wo.unitId,
        after: { workOrderId: wo.id, level: ev.level, packVersion: ev.version, cases: explain.cases.map((c) => c.level), facts: input.facts },
      });
    },
  };
}

function present(r: qrepo.ProposalListRow): QualityProposalViewOutput {
  const ex = JSON.parse(r.explain) as StoredExplain;
  const outputs = JSON.parse(r.outputs) as Record<string, unknown>;
  const hasDeductions = typeof outputs.deductions === 'object' && outputs.deductions !== null;
  return {
    id: r.id,
    workOrderId: r.work_order_id,
    workOrderNumber: r.work_order_number,
    unitId: r.unit_id,
    unitName: r.unit_name,
    responsibleUserId: r.responsible_user_id,
    responsibleName: r.responsible_name,
    occurredOn: r.occurred_on,
    facts: JSON.parse(r.facts) as Record<string, unknown>,
    level: r.level,
    levelLabel: ex.levelLabel,
    packVersion: Number(r.pack_version),
    explain: ex.explain,
    cases: ex.cases,
    deductions: hasDeductions ? readDeductions(outputs) : null,
    departments: Array.isArray(outputs.departments) ? outputs.departments.map(String) : [],
    status: r.status as QualityProposalViewOutput['status'],
    reason: r.reason,
    accidentId: r.accident_id,
    proposedByName: r.proposed_by_name,
    proposedAt: r.proposed_at,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    version: Number(r.version),
  };
}

async function visibleProposal(ctx: AppContext, p: Principal, id: string): Promise<qrepo.ProposalListRow> {
  const r = await qrepo.findProposal(ctx.db, id);
  // Outside the caller's subtree a proposal does not exist (404, as the accidents).
  if (!r || !coversUnit(p, r.owning_unit_path, READ_ROLES)) throw notFound('Quality accident', '质量事故');
  return r;
}

export async function listQualityProposals(ctx: AppContext, p: Principal, f: QualityProposalFilter): Promise<QualityProposalViewOutput[]> {
  return (await qrepo.listProposals(ctx.db, scopePaths(p, READ_ROLES), f)).map(present);
}

export async function getQualityProposal(ctx: AppContext, p: Principal, id: string): Promise<QualityProposalViewOutput> {
  return present(await visibleProposal(ctx, p, id));
}

function mayDecide(p: Principal, r: qrepo.ProposalListRow): void {
  if (!coversUnit(p, r.owning_unit_path, CONFIRM_ROLES)) throw forbidden('Only the QA manager may confirm or dismiss a quality accident', '仅品保经理可认定或驳回质量事故');
  if (r.status !== 'proposed') throw conflict('quality_accident_decided', `The proposal is already ${r.status}`, r.status === 'confirmed' ? '该质量事故已认定' : '该质量事故已驳回', { status: r.status });
}

/**
 * Confirms a proposal: books the chain of deductions on the ledger (the same `accidents` and `deduction_entries`
 * as management accidents, kind `quality`) in the month of the approval, linked to the work order. The latest
 * pack version is evaluated again with the stored facts, so a case the administrator has completed since (the
 * broken-bag case) can be booked; a proposal whose cases carry no deductions yet answers 409.
 */
export async function confirmQualityProposal(ctx: AppContext, p: Principal, id: string, input: QualityConfirmInput): Promise<QualityProposalViewOutput> {
  const r = await visibleProposal(ctx, p, id);
  mayDecide(p, r);
  const errors: FieldError[] = [];
  const unit = await orgRepo.findUnit(ctx.db, input.unitId ?? r.unit_id);
  if (!unit || !unit.path.startsWith(r.owning_unit_path)) errors.push(fieldError('unitId', '须为该工单所属公司内的单位', 'must be a unit of the work order’s company'));
  const responsibleId = input.responsibleUserId ?? r.responsible_user_id;
  if (!responsibleId) errors.push(fieldError('responsibleUserId', '请指定直接责任人', 'name the directly responsible person'));
  else if (unit && !(await memberOf(ctx, responsibleId, unit.path))) {
    errors.push(fieldError('responsibleUserId', '责任人须为该单位（含下级单位）的在职人员', 'must be an active member of the unit or a unit below it'));
  }
  if (errors.length || !unit || !responsibleId) throw invalid(errors, 'The quality accident cannot be confirmed', '质量事故信息有误，无法认定');
  const ev = await evaluatePack(ctx, QUALITY_PACK_ID, JSON.parse(r.facts) as Record<string, unknown>, r.occurred_on);
  const { pack } = await getActivePack(ctx, QUALITY_PACK_ID);
  if (ev.level === pack.fallback) {
    throw conflict('quality_accident_incomplete', 'No case with deductions holds: the administrator must complete the pack first', '成立的情形尚无扣分标准，需管理员补充规则包后方可认定');
  }
  const deductions: Deductions = readDeductions(ev.outputs);
  const chain = buildChain(await chainHolders(ctx.db, unit, responsibleId), deductions);
  const explain = storedExplain(pack, ev);
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    const accidentId = newId(ctx.clock.now().getTime());
    await repo.insertAccident(trx, {
      id: accidentId,
      unit_id: unit.id,
      occurred_on: r.occurred_on,
      title: explain.levelLabel,
      description: input.note ?? null,
      facts: r.facts,
      level: ev.level,
      pack_version: ev.version,
      explain: JSON.stringify({ explain: ev.explain, refused: ev.refused, cases: explain.cases }),
      responsible_user_id: responsibleId,
      recorded_by: p.id,
      created_at: at,
      kind: 'quality',
      work_order_id: r.work_order_id,
      work_order_number: r.work_order_number,
    });
    // The proposal row names the accident, so it is updated after the accident exists (foreign key); a stale
    // version rolls the whole booking back.
    if (!(await updateVersioned(trx, 'quality_accident_proposals', { id: r.id }, input.version, { status: 'confirmed', reason: input.note ?? null, decided_by: p.id, decided_at: at, accident_id: accidentId, unit_id: unit.id, responsible_user_id: responsibleId }))) {
      throw notFound('Quality accident', '质量事故');
    }
    await bookChain(ctx, trx, { accidentId, chain, occurredOn: r.occurred_on, unitId: unit.id, at });
    await recordAudit(trx, {
      at,
      actor: p,
      action: 'quality_accident.confirm',
      subjectType: 'quality_accident',
      subjectId: r.id,
      unitId: r.owning_unit_id,
      before: { status: r.status, version: r.version },
      after: { status: 'confirmed', accidentId, level: ev.level, packVersion: ev.version, unitId: unit.id, responsibleUserId: responsibleId, deductions: chain },
      note: input.note ?? null,
    });
  });
  return getQualityProposal(ctx, p, id);
}

/** People the QA manager may name as responsible: active members of `unitId`'s subtree (default: the proposal's unit), inside the company. */
export async function proposalPeople(ctx: AppContext, p: Principal, id: string, unitId: string | undefined): Promise<{ id: string; displayName: string; unitId: string; unitName: string }[]> {
  const r = await visibleProposal(ctx, p, id);
  const unit = await orgRepo.findUnit(ctx.db, unitId ?? r.unit_id);
  if (!unit || !unit.path.startsWith(r.owning_unit_path)) throw invalid([fieldError('unitId', '须为该工单所属公司内的单位', 'must be a unit of the work order’s company')]);
  const users = await orgRepo.listUsers(ctx.db, [unit.path]);
  return users.filter((u) => u.active).map((u) => ({ id: u.id, displayName: u.display_name, unitId: u.unit_id, unitName: u.unit_name }));
}

export async function dismissQualityProposal(ctx: AppContext, p: Principal, id: string, input: QualityDismissInput): Promise<QualityProposalViewOutput> {
  const r = await visibleProposal(ctx, p, id);
  mayDecide(p, r);
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    if (!(await updateVersioned(trx, 'quality_accident_proposals', { id: r.id }, input.version, { status: 'dismissed', reason: input.reason, decided_by: p.id, decided_at: at }))) {
      throw notFound('Quality accident', '质量事故');
    }
    await recordAudit(trx, {
      at,
      actor: p,
      action: 'quality_accident.dismiss',
      subjectType: 'quality_accident',
      subjectId: r.id,
      unitId: r.owning_unit_id,
      before: { status: r.status, version: r.version },
      after: { status: 'dismissed' },
      note: input.reason,
    });
  });
  return getQualityProposal(ctx, p, id);
}

