import { STATUS_LABELS } from '../../core/workflow/labels';
import { TERMINAL_STATUSES, isRepairKind, nextStatus, transitionFor, type FlowAction, type FlowStatus } from '../../core/workflow/flow';
import { repairSendsSms, specsFor } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound, staleVersion } from '../../platform/http/errors';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import { useKnowledgeEntry, type KnowledgeUse } from '../knowledge';
import { markSubjectRead, notify } from '../notifications';
import { actionsFor, canAct, subjectOf } from './workorders.access';
import { CLOSING_HANDLERS } from './workorders.actions.closing';
import { HANDLING_HANDLERS } from './workorders.actions.handling';
import { INTAKE_HANDLERS } from './workorders.actions.intake';
import { OPEN_STAGE_HANDLERS } from './workorders.actions.openstage';
import { REPAIR_HANDLERS } from './workorders.actions.repair';
import { envFor, type ActionHandler, type ActionHandlers } from './workorders.actions.plan';
import { settleDeadlines, startDeadlines } from './workorders.deadlines';
import { eventRow, isPublicAction } from './workorders.events';
import { announceChange } from './workorders.integrations';
import { holdersCovering } from './workorders.people';
import { policyVersion } from './workorders.policy';
import { getWorkOrder, visibleWorkOrder } from './workorders.register';
import * as repo from './workorders.repository';
import { recordRollupChange, rollupState, rollupStateWith } from './workorders.rollups';
import type { ActionRequest, WorkOrderView } from './workorders.schemas';

// Flow actions on a work order (docs/workorders.md "Flow"). The flow table (src/core/workflow/flow.ts) says
// which status an action may start from and where it leads; the policy says who may take it; one handler per
// action (the table below) checks the action's own input and plans its changes; `performAction` applies every
// plan the same way.

/** One handler per action; the type makes a missing action a compile error. */
export const ACTION_HANDLERS: ActionHandlers<FlowAction> = { ...INTAKE_HANDLERS, ...HANDLING_HANDLERS, ...OPEN_STAGE_HANDLERS, ...CLOSING_HANDLERS, ...REPAIR_HANDLERS };

/** Where a 话术库 entry picked in an action's dialog is counted as used (docs/knowledge.md "Using an entry"). */
const KNOWLEDGE_USE: Partial<Record<FlowAction, KnowledgeUse>> = { reply: 'reply', callback: 'callback', notify: 'sms' };

/** The handler of the request's action, taking that request (the table is keyed by the same discriminant). */
const handlerFor = (action: FlowAction) => ACTION_HANDLERS[action] as ActionHandler;

/**
 * One action on a work order: 404 when the caller cannot see it, 409 stale_version, 403 when the caller's roles
 * may not, 409 action_not_allowed (with the allowed actions) when the status does not allow it, 422 for missing
 * or invalid input. The change, its timeline entry, deadlines, audit and notifications commit together.
 */
export async function performAction(ctx: AppContext, p: Principal, id: string, req: ActionRequest): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  if (wo.version !== req.version) throw staleVersion(wo.version);
  const policy = await policyVersion(ctx, wo.policy_version);
  if (!canAct(p, policy, req.action, wo)) throw forbidden(`Your roles may not ${req.action} this work order`, '您的角色无权执行此操作');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const cal = await getCalendar(ctx, { unitId: wo.unit_id });
  const deadlines = await repo.deadlinesOf(ctx.db, wo.id);
  const t = transitionFor(req.action, subjectOf(wo));
  if (!t) {
    // The status in words (已受理, not "accepted"), and only what this caller may do now — the view's allowedActions.
    const st = STATUS_LABELS[wo.status] ?? { zh: wo.status, en: wo.status };
    throw conflict('action_not_allowed', `${req.action} is not allowed while the work order is ${st.en}`, `工单当前状态（${st.zh}）不允许此操作`, {
      status: wo.status,
      allowed: actionsFor(p, policy, wo, { deadlines, cal, now }),
    });
  }
  const plan = await handlerFor(req.action)(envFor(ctx, p, policy, cal, wo, deadlines, now), req);
  const knowledgeEntryId = 'knowledgeEntryId' in req ? req.knowledgeEntryId : undefined;
  const to = nextStatus(t, wo.status as FlowStatus, plan.branch);

  await ctx.db.transaction().execute(async (trx) => {
    const patch = { ...plan.patch, status: to, updated_at: at };
    if (!(await repo.updateWorkOrder(trx, wo.id, wo.version, patch))) throw notFound('Work order', '工单', 'workorder_not_found');
    // What the report counters hold for it now: read once the update above holds the row (docs/performance.md).
    const countedBefore = await rollupStateWith(trx, wo);
    const updated: repo.WorkOrderRow = { ...wo, ...patch, version: wo.version + 1 };
    await settleDeadlines(ctx, trx, policy, updated, now, req.action, plan.doneAt);
    // Entering a terminal status, or restarting as an upgraded complaint, settles whatever is still open.
    if (TERMINAL_STATUSES.includes(to) || plan.restart) await settleDeadlines(ctx, trx, policy, updated, now, 'all');
    for (const effect of plan.effects) await effect(trx);
    // The 话术库 entry the step was written from counts with the step, or not at all (docs/knowledge.md "Usage").
    if (knowledgeEntryId && KNOWLEDGE_USE[req.action]) await useKnowledgeEntry(trx, p, { entryId: knowledgeEntryId, use: KNOWLEDGE_USE[req.action]!, workOrderId: wo.id, at });
    if (plan.start) await startDeadlines(trx, cal, policy, updated, specsFor(policy, plan.start, updated), at, { restart: plan.restart });
    if (plan.restart) await startDeadlines(trx, cal, policy, updated, specsFor(policy, 'created', updated), at, { restart: true });
    if (plan.severityChanged && !TERMINAL_STATUSES.includes(to)) {
      const existing = new Set((await repo.deadlinesOf(trx, wo.id)).map((d) => d.name));
      const missing = specsFor(policy, 'created', updated).filter((s) => s.severities && !existing.has(s.name));
      await startDeadlines(trx, cal, policy, updated, missing, at);
    }
    await repo.insertEvent(
      trx,
      eventRow(wo.id, now, plan.event ?? req.action, p, {
        from_status: wo.status,
        to_status: to,
        note: plan.note ?? req.note ?? null,
        // Steps the customer may follow appear on the portal; internal ones (objections, 8D review) do not.
        public: isPublicAction(req.action) ? 1 : 0,
        data: plan.data || knowledgeEntryId ? JSON.stringify({ ...plan.data, ...(knowledgeEntryId ? { knowledgeEntryId } : {}) }) : null,
      }),
    );
    await recordRollupChange(trx, countedBefore, await rollupState(trx, wo.id));
    // The next actor is told (docs/notifications.md); the actor's own notifications about this work order are read.
    const subject = { module: 'workorders', id: wo.id };
    await markSubjectRead(trx, p.id, subject, now);
    for (const n of plan.notices) {
      const users = [...(n.userIds ?? []), ...(await holdersCovering(trx, n.roles, n.unitPath))].filter((u) => u !== p.id);
      await notify(trx, now, { userIds: users, title: n.title, body: n.body, titleEn: n.titleEn, bodyEn: n.bodyEn, link: `/workorders/${wo.id}`, subject });
    }
    // An ordinary repair sends no SMS, at its completion either (docs/callcenter.md "Emergency repairs").
    await announceChange(ctx, trx, wo, updated, { sms: !isRepairKind(updated.kind) || repairSendsSms(policy, updated.kind) });
    await recordAudit(trx, {
      at,
      actor: p,
      action: `workorder.${req.action}`,
      subjectType: 'work_order',
      subjectId: wo.id,
      unitId: wo.unit_id,
      before: { status: wo.status, version: wo.version, ...pick(wo, Object.keys(plan.patch)) },
      after: { status: to, version: wo.version + 1, ...plan.patch },
      note: plan.note ?? req.note ?? null,
    });
  });
  return getWorkOrder(ctx, p, wo.id);
}

function pick(row: repo.WorkOrderRow, keys: string[]): Record<string, unknown> {
  const r = row as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}
