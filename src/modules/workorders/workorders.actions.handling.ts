import { conflict, invalid } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { newPlan, need, statusOnly, type ActionEnv, type ActionHandlers, type Plan } from './workorders.actions.plan';
import { classifyRootCause, proposeFromApproval } from './workorders.quality';
import * as repo from './workorders.repository';

// The responsible department's steps (docs/workorders.md "Flow"): sign, object to the assignment and the
// leader's decision, and the 8D report — submitted by the department, returned or passed by QE, approved by
// the manager.

type ReviewAction = 'return_8d' | 'pass_8d' | 'approve_8d';

const REVIEW_STATUS: Record<ReviewAction, 'returned' | 'passed' | 'approved'> = { return_8d: 'returned', pass_8d: 'passed', approve_8d: 'approved' };

/** The decision on the latest 8D revision; 409 when none was submitted. */
async function reviewLatest({ ctx, p, wo, at }: ActionEnv, action: ReviewAction, reason: string | null): Promise<{ plan: Plan; revision: number }> {
  const reports = await repo.reportsOf(ctx.db, wo.id);
  const last = reports[reports.length - 1];
  if (!last) throw conflict('no_8d_report', 'No 8D report has been submitted', '尚未提交 8D 报告');
  const status = REVIEW_STATUS[action];
  const plan = newPlan({ data: { revision: last.revision } });
  plan.effects.push((trx) => repo.updateReport(trx, last.id, { status, outcome: status, reason, decided_by: p.displayName, decided_at: at }));
  return { plan, revision: last.revision };
}

export const HANDLING_HANDLERS: ActionHandlers<'sign' | 'object' | 'decide_objection' | 'submit_8d' | ReviewAction> = {
  sign: statusOnly,

  async object({ ctx, p, policy, cal, wo, now, at, tag }, req) {
    // An objection to the assignment is raised on the day of the (last) dispatch (docs/workorders.md "Flow").
    const dispatched = await repo.lastEvent(ctx.db, wo.id, 'dispatch');
    const decided = await repo.lastEvent(ctx.db, wo.id, 'decide_objection');
    const assignedAt = [dispatched?.at, decided?.at].filter((x): x is string => !!x).sort().pop();
    if (assignedAt && cal.localDate(new Date(assignedAt)) !== cal.localDate(now)) {
      throw invalid([{ field: 'reason', message: `异议须在派单当天（${cal.localDate(new Date(assignedAt))}）提出 / an objection must be raised on the day of dispatch` }], 'Too late to object', '已超过异议期限');
    }
    return newPlan({
      patch: { objection: JSON.stringify({ reason: req.reason, by: p.displayName, at }) },
      note: req.reason,
      notices: [{ roles: policy.actions.decide_objection ?? [], unitPath: wo.unit_path, title: `【派单异议】${tag}`, body: req.reason, titleEn: `[Objection to dispatch] ${tag}` }],
    });
  },

  async decide_objection(env, req) {
    const { ctx, wo, tag } = env;
    if (req.outcome === 'keep') {
      const notices = [{ roles: ['dept_head'], unitPath: env.dept, title: `【异议未采纳】${tag}`, body: '派单维持不变，请继续处理', titleEn: `[Objection not upheld] ${tag}`, bodyEn: 'The assignment stands; please handle it' }];
      return newPlan({ patch: { objection: null }, branch: 'in_progress', data: { outcome: 'keep' }, notices });
    }
    const d = req.departmentId ? await repo.unitById(ctx.db, req.departmentId) : undefined;
    if (!d || !d.path.startsWith(wo.unit_path) || d.id === wo.unit_id || d.id === wo.department_id) {
      throw invalid([{ field: 'departmentId', message: '改派须指定另一个部门 / reassigning needs another department' }]);
    }
    return newPlan({
      patch: { objection: null, department_id: d.id, department_path: d.path },
      branch: 'dispatched',
      data: { outcome: 'reassign', departmentId: d.id, departmentName: d.name },
      notices: [{ roles: ['dept_head'], unitPath: d.path, title: `【客诉处理单（改派）】${tag}`, body: `请签收并处理：${wo.problem ?? ''}`, titleEn: `[Complaint form (reassigned)] ${tag}`, bodyEn: `Please sign for and handle: ${wo.problem ?? ''}` }],
    });
  },

  async submit_8d({ ctx, p, policy, wo, now, at, tag }, req) {
    const r = req.report;
    const errors = [
      ...need(r.d2Problem, 'report.d2Problem', 'D2 问题描述必填 / D2 problem description is required'),
      ...need(r.d3Containment, 'report.d3Containment', 'D3 围堵措施必填 / D3 containment is required'),
      ...need(r.d4RootCause, 'report.d4RootCause', 'D4 根本原因必填 / D4 root cause is required'),
      ...need(r.d5Actions, 'report.d5Actions', 'D5 纠正措施必填 / D5 corrective actions are required'),
    ];
    if (errors.length) throw invalid(errors);
    const reports = await repo.reportsOf(ctx.db, wo.id);
    const revision = reports.length + 1;
    // D4 classified against the company's root-cause list (docs/quality-loop.md#root-causes).
    const rootCause = await classifyRootCause(ctx, wo.unit_id, r);
    const plan = newPlan({ patch: { qe_passed: 0 }, data: { revision } });
    plan.effects.push((trx) =>
      repo.insertReport(trx, { id: newId(now.getTime()), work_order_id: wo.id, revision, fields: JSON.stringify(r), status: 'submitted', submitted_by: p.displayName, submitted_at: at, outcome: null, reason: null, decided_by: null, decided_at: null, ...rootCause }),
    );
    plan.notices.push({ roles: policy.actions.return_8d ?? ['qe'], unitPath: wo.unit_path, title: `【8D 待审核】${tag}`, body: `第 ${revision} 版 8D 报告已提交，请审核`, titleEn: `[8D to review] ${tag}`, bodyEn: `8D revision ${revision} submitted; please review it` });
    return plan;
  },

  async return_8d(env, req) {
    const { plan } = await reviewLatest(env, 'return_8d', req.reason);
    plan.patch = { qe_passed: 0 };
    plan.note = req.reason;
    plan.start = 'return_8d';
    plan.notices.push({ roles: ['dept_head'], unitPath: env.dept, title: `【8D 退回】${env.tag}`, body: req.reason, titleEn: `[8D returned] ${env.tag}` });
    return plan;
  },

  async pass_8d(env) {
    const { plan, revision } = await reviewLatest(env, 'pass_8d', null);
    plan.patch = { qe_passed: 1 };
    plan.notices.push({ roles: env.policy.actions.approve_8d ?? ['manager'], unitPath: env.wo.unit_path, title: `【8D 待批准】${env.tag}`, body: `QE 已审核通过第 ${revision} 版，请批准`, titleEn: `[8D to approve] ${env.tag}`, bodyEn: `QE passed revision ${revision}; please approve it` });
    return plan;
  },

  async approve_8d(env, req) {
    const { plan, revision } = await reviewLatest(env, 'approve_8d', null);
    // The approved 8D is the customer's answer: whoever registered the case replies (docs/notifications.md); a
    // portal filing has no registrant, so the reply roles of the owning unit are told.
    const registrant = env.wo.created_by ? [env.wo.created_by] : undefined;
    plan.notices.push({ roles: registrant ? [] : (env.policy.actions.reply ?? []), unitPath: env.wo.unit_path, userIds: registrant, title: `【待答复客户】${env.tag}`, body: `8D 报告第 ${revision} 版已批准，请答复客户`, titleEn: `[Reply due] ${env.tag}`, bodyEn: `8D revision ${revision} approved; please reply to the customer` });
    // The approver's verification facts: the quality-accidents pack may propose a quality accident, written in
    // the same transaction as the approval (事故扣分标准 cl. 2; docs/quality-loop.md).
    const proposal = req.verification ? await proposeFromApproval(env, req.verification) : null;
    if (proposal) {
      plan.effects.push(proposal.write);
      plan.data = { ...plan.data, qualityAccident: proposal.level };
    }
    return plan;
  },
};
