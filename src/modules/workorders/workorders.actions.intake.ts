import { isRepairKind } from '../../core/workflow/flow';
import { severityRank } from '../../core/workflow/severity';
import { invalid } from '../../platform/http/errors';
import { getActivePack, validatePackFacts } from '../rules';
import { newPlan, need, statusOnly, type ActionHandlers } from './workorders.actions.plan';
import * as repo from './workorders.repository';
import type { SeverityExplain } from './workorders.schemas';
import { proposeSeverity } from './workorders.severity';

// Intake steps (docs/workorders.md "Flow"): accept, reject as invalid, set the severity, dispatch to the
// responsible department.

export const INTAKE_HANDLERS: ActionHandlers<'accept' | 'reject_invalid' | 'set_severity' | 'dispatch'> = {
  accept: statusOnly,

  async reject_invalid({ ctx, policy, wo, now }, req) {
    const plan = newPlan({ patch: { invalid_reason: req.reason }, note: req.reason });
    // Recurring invalid complaints are flagged for a supervisor (docs/workorders.md "Invalid complaints that
    // recur"). The count is the customer's, whoever sees the earlier ones.
    // A repair report rejected as a mistake or duplicate is no invalid complaint of the customer's.
    if (wo.customer_key && !isRepairKind(wo.kind)) {
      const since = new Date(now.getTime() - policy.invalidRecurrence.days * 86_400_000).toISOString();
      const earlier = (await repo.invalidOfCustomer(ctx.db, wo.customer_key, since)).filter((r) => r.id !== wo.id);
      const count = earlier.length + 1;
      if (count >= policy.invalidRecurrence.count) {
        plan.data = { invalidRecurrence: { customer: wo.customer_name ?? wo.customer_key, count, days: policy.invalidRecurrence.days } };
        plan.notices.push({
          roles: policy.invalidRecurrence.notifyRoles,
          unitPath: wo.unit_path,
          title: `【无效投诉重复】${wo.customer_name ?? wo.customer_key} ${policy.invalidRecurrence.days} 天内 ${count} 次`,
          body: `客户 ${wo.customer_name ?? wo.customer_key} 在 ${policy.invalidRecurrence.days} 天内有 ${count} 次无效投诉（最新 ${wo.number}）。`,
          titleEn: `[Recurring invalid complaints] ${wo.customer_name ?? wo.customer_key}: ${count} within ${policy.invalidRecurrence.days} days`,
          bodyEn: `Customer ${wo.customer_name ?? wo.customer_key} has ${count} invalid complaints within ${policy.invalidRecurrence.days} days (latest ${wo.number}).`,
        });
      }
    }
    return plan;
  },

  async set_severity({ ctx, p, policy, cal, wo, at }, req) {
    const plan = newPlan();
    if (req.level !== undefined) {
      const { pack } = await getActivePack(ctx, policy.severity.pack);
      const levels = [...pack.levels.map((l) => l.id), pack.fallback];
      const errors = [
        ...need(levels.includes(req.level), 'level', `不是 ${pack.id} 的等级 / not a level of ${pack.id}: ${levels.join(', ')}`),
        ...need(req.reason && req.reason.trim().length > 0, 'reason', '改判须说明理由 / an override needs a reason'),
      ];
      if (errors.length) throw invalid(errors);
      const prev = wo.severity_explain ? (JSON.parse(wo.severity_explain) as SeverityExplain) : null;
      const explain: SeverityExplain = {
        ...(prev ?? { packId: pack.id, packVersion: pack.version, proposed: wo.severity ?? pack.fallback, reasons: [], refused: [], facts: {} }),
        override: { level: req.level, reason: req.reason!, by: p.displayName, at },
      };
      plan.patch = { severity: req.level, severity_explain: JSON.stringify(explain), severity_rank: severityRank(pack.levels.map((l) => l.id), pack.fallback, req.level) };
      plan.note = req.reason ?? null;
      plan.data = { from: wo.severity, to: req.level, override: true };
    } else {
      const facts = { ...(JSON.parse(wo.facts) as Record<string, unknown>), ...(req.facts ?? {}) };
      const issues = await validatePackFacts(ctx, policy.severity.pack, req.facts ?? {});
      if (issues.length) throw invalid(issues.map((e) => ({ field: e.field ? `facts.${e.field}` : 'facts', message: e.message })));
      const sev = await proposeSeverity(
        ctx,
        policy,
        { kind: wo.kind, productCode: wo.product_code, problemCategory: wo.problem_category, defectRate: wo.defect_rate, lotSize: wo.lot_size, defectCount: wo.defect_count, receivedMonth: wo.received_month, asOf: cal.localDate(new Date(wo.received_at)), excludeSelf: true },
        facts,
      );
      plan.patch = { severity: sev.severity, severity_rank: sev.rank, severity_explain: sev.explain ? JSON.stringify(sev.explain) : null, facts: JSON.stringify(facts) };
      plan.data = { from: wo.severity, to: sev.severity, override: false };
    }
    plan.severityChanged = plan.patch.severity !== wo.severity;
    return plan;
  },

  async dispatch({ ctx, wo, tag }, req) {
    const d = await repo.unitById(ctx.db, req.departmentId);
    if (!d || !d.path.startsWith(wo.unit_path) || d.id === wo.unit_id) throw invalid([{ field: 'departmentId', message: '须为本单位下属部门 / must be a department of the owning unit' }]);
    return newPlan({
      patch: { department_id: d.id, department_path: d.path, objection: null },
      data: { departmentId: d.id, departmentName: d.name },
      notices: [{ roles: ['dept_head'], unitPath: d.path, title: `【客诉处理单】${tag}`, body: `请签收并处理：${wo.problem ?? ''}（严重度 ${wo.severity ?? '-'}）`, titleEn: `[Complaint form] ${tag}`, bodyEn: `Please sign for and handle: ${wo.problem ?? ''} (severity ${wo.severity ?? '-'})` }],
    });
  },
};
