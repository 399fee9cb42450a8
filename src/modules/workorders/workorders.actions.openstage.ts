import { extensionTooLate, shortLocal } from '../../core/workflow/deadlines';
import { rolesFor } from '../../core/workflow/policy';
import { DEADLINE_LABELS, labelOf } from '../../core/workflow/labels';
import { AppError, fieldError, invalid } from '../../platform/http/errors';
import { newPlan, type ActionHandlers } from './workorders.actions.plan';
import { parseExtensions, pauseDeadlines, recomputed, resumeDeadlines, type ExtensionRecord, type ExtensionRequest } from './workorders.deadlines';
import * as repo from './workorders.repository';

// Actions at any open stage (docs/workorders.md "Flow" and "Deadlines"): pause and resume the clocks for tests
// or samples, ask for and grant an extension, escalate to the director.

function findOpenDeadline(deadlines: repo.DeadlineRow[], name: string): repo.DeadlineRow | undefined {
  return [...deadlines].reverse().find((d) => d.name === name && (d.state === 'running' || d.state === 'paused'));
}

export const OPEN_STAGE_HANDLERS: ActionHandlers<'pause' | 'resume' | 'request_extension' | 'grant_extension' | 'escalate'> = {
  pause({ wo, at }, req) {
    return newPlan({ patch: { paused: 1 }, note: req.reason, effects: [(trx) => pauseDeadlines(trx, wo.id, at)] });
  },

  resume({ policy, cal, wo, at }) {
    return newPlan({ patch: { paused: 0 }, effects: [(trx) => resumeDeadlines(trx, cal, policy, wo.id, at)] });
  },

  request_extension({ p, policy, cal, wo, deadlines, now, at, tag }, req) {
    const d = findOpenDeadline(deadlines, req.deadline);
    if (!d) throw invalid([{ field: 'deadline', message: `没有进行中的期限 ${req.deadline} / no open deadline ${req.deadline}` }]);
    const until = new Date(req.until);
    if (until.toISOString() <= d.due_at) throw invalid([{ field: 'until', message: `须晚于当前期限 ${shortLocal(d.due_at)} / must be after the current due time` }]);
    // At least `extensionNoticeWorkingDays` working days before the deadline (docs/workorders.md "Deadlines").
    const late = extensionTooLate(cal, now, new Date(d.due_at), policy.extensionNoticeWorkingDays);
    if (late) throw new AppError(422, 'extension_too_late', late.en, late.zh, { deadline: d.name, due: d.due_at }, [fieldError('deadline', late.zh, late.en)]);
    const request: ExtensionRequest = { to: until.toISOString(), reason: req.reason, requestedBy: p.displayName, at };
    return newPlan({
      effects: [(trx) => repo.updateDeadline(trx, d.id, { extension_request: JSON.stringify(request) })],
      note: req.reason,
      data: { deadline: d.name, from: d.due_at, to: request.to },
      notices: [{ roles: rolesFor(policy, 'grant_extension', wo.severity, wo.kind), unitPath: wo.unit_path, title: `【延期申请】${tag} ${labelOf(DEADLINE_LABELS, d.name)}`, body: `${shortLocal(d.due_at)} → ${shortLocal(request.to)}：${req.reason}`, titleEn: `[Extension requested] ${tag} ${labelOf(DEADLINE_LABELS, d.name, 'en')}`, bodyEn: `${shortLocal(d.due_at)} → ${shortLocal(request.to)}: ${req.reason}` }],
    });
  },

  grant_extension({ p, policy, cal, wo, deadlines, at, tag }, req) {
    const d = [...deadlines].reverse().find((x) => x.name === req.deadline && x.extension_request !== null && (x.state === 'running' || x.state === 'paused'));
    if (!d) throw invalid([{ field: 'deadline', message: `期限 ${req.deadline} 没有待批的延期申请 / no pending extension request` }]);
    const r = JSON.parse(d.extension_request!) as ExtensionRequest;
    const ext: ExtensionRecord = { from: d.due_at, to: r.to, at, reason: r.reason, customerAgreement: req.customerAgreement, requestedBy: r.requestedBy, grantedBy: p.displayName };
    const next = { ...d, extensions: JSON.stringify([...parseExtensions(d), ext]), extension_request: null };
    return newPlan({
      effects: [(trx) => repo.updateDeadline(trx, d.id, { extensions: next.extensions, extension_request: null, ...recomputed(cal, next, policy.warnAtFraction) })],
      note: req.customerAgreement,
      data: { deadline: d.name, from: d.due_at, to: r.to, customerAgreement: req.customerAgreement },
      // The deadline moves and the supervisor is informed (docs/workorders.md "Deadlines", extension).
      notices: [{ roles: ['supervisor'], unitPath: wo.unit_path, title: `【已延期】${tag} ${labelOf(DEADLINE_LABELS, d.name)}`, body: `${shortLocal(d.due_at)} → ${shortLocal(r.to)}（客户同意：${req.customerAgreement}）`, titleEn: `[Extended] ${tag} ${labelOf(DEADLINE_LABELS, d.name, 'en')}`, bodyEn: `${shortLocal(d.due_at)} → ${shortLocal(r.to)} (customer agreement: ${req.customerAgreement})` }],
    });
  },

  escalate({ wo, tag }, req) {
    return newPlan({
      patch: { escalated: 1 },
      note: req.reason,
      start: 'escalate',
      notices: [{ roles: ['director'], unitPath: wo.unit_path, title: `【升级至总监】${tag}`, body: req.reason, titleEn: `[Escalated to the director] ${tag}` }],
    });
  },
};
