import { isRepairKind } from '../../core/workflow/flow';
import { offerLimit } from '../../core/workflow/policy';
import { AppError, fieldError, invalid, type FieldError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { mailReplyTarget, queueReplyMail } from './workorders.mail';
import { newPlan, statusOnly, type ActionHandlers } from './workorders.actions.plan';
import { repairCallback } from './workorders.actions.repair';
import * as repo from './workorders.repository';

// Answering and closing (docs/workorders.md "Flow"): the reply (with an offer within the replier's authority),
// the callback, reopening as an upgraded complaint (升级投诉), closing.

export const CLOSING_HANDLERS: ActionHandlers<'reply' | 'callback' | 'reopen' | 'close'> = {
  async reply({ ctx, p, policy, wo, tag, now }, req) {
    const errors: FieldError[] = [];
    // The reply to a suggestion states whether it was adopted.
    if (wo.kind === 'suggestion' && req.adopted === undefined) errors.push({ field: 'adopted', message: '请说明建议是否采纳 / state whether the suggestion was adopted' });
    if (errors.length) throw invalid(errors);
    if (req.offer) {
      // Never promise beyond one's authority: above the replier's limit the offer is refused (docs/workorders.md "Offers").
      const limit = offerLimit(policy, p.roles.map((g) => g.role));
      if (limit !== null && req.offer.amount > limit) {
        const zh = `补偿 ${req.offer.amount} 元超出您的权限 ${limit} 元，请由更高权限人员答复`;
        const en = `the offer ${req.offer.amount} exceeds your limit ${limit}`;
        throw new AppError(422, 'offer_above_limit', en, zh, { limit, amount: req.offer.amount }, [fieldError('offer.amount', zh, en)]);
      }
    }
    // A work order that came in by mail is answered by mail too, in its thread (docs/integrations-mail.md "Replies").
    const mailTo = await mailReplyTarget(ctx.db, wo);
    const mailId = mailTo ? newId(now.getTime()) : null;
    return newPlan({
      patch: { reply_text: req.message, adopted: req.adopted === undefined ? null : req.adopted ? 1 : 0, offer: req.offer ? JSON.stringify(req.offer) : null },
      note: req.message,
      data: { adopted: req.adopted ?? null, offer: req.offer ?? null, ...(mailId ? { mailId } : {}) },
      start: 'reply',
      effects: mailTo && mailId ? [(trx) => queueReplyMail(ctx, trx, wo, mailTo, mailId, req.message, now)] : [],
      notices: [{ roles: policy.actions.callback ?? ['callback_agent'], unitPath: wo.unit_path, title: `【待回访】${tag}`, body: req.message, titleEn: `[Callback due] ${tag}` }],
    });
  },

  callback(env, req) {
    // A repair's callback confirms the repair or sends it back to the crew (docs/callcenter.md "Emergency repairs").
    if (isRepairKind(env.wo.kind)) return repairCallback(env, req);
    const { wo, tag, dept } = env;
    const plan = newPlan({ patch: { satisfied: req.satisfied ? 1 : 0 }, event: req.satisfied ? 'callback_satisfied' : 'callback_unsatisfied' });
    if (req.satisfied) {
      plan.branch = 'closed';
      // A key customer leaves the watch list only after a satisfied callback (docs/workorders.md "Watch list").
      if (wo.customer_key) plan.effects.push((trx) => repo.removeFromWatch(trx, wo.customer_key!));
      plan.patch.key_customer = 0;
    } else {
      plan.branch = 'in_progress';
      plan.patch.qe_passed = 0;
      plan.start = 'callback_unsatisfied';
      plan.notices.push({ roles: ['dept_head'], unitPath: dept, title: `【回访不满意】${tag}`, body: req.note ?? '客户不满意，请重新处理', titleEn: `[Callback: not satisfied] ${tag}`, bodyEn: req.note ?? 'The customer is not satisfied; please handle it again' });
    }
    return plan;
  },

  reopen({ wo, tag }, req) {
    // An upgraded complaint (升级投诉) restarts the flow; the count is kept (docs/workorders.md "Flow").
    return newPlan({
      patch: { kind: 'complaint', upgrade_count: wo.upgrade_count + 1, satisfied: null, qe_passed: 0, objection: null, reply_text: null },
      note: req.reason,
      data: { upgradeCount: wo.upgrade_count + 1 },
      restart: true,
      // The director hears of it, and the intake clerk dispatches the reopened case again (docs/notifications.md).
      notices: [
        { roles: ['director'], unitPath: wo.unit_path, title: `【升级投诉】${tag}`, body: req.reason, titleEn: `[Upgraded complaint] ${tag}` },
        { roles: ['intake_clerk'], unitPath: wo.unit_path, title: `【升级投诉待派单】${tag}`, body: req.reason, titleEn: `[Upgraded complaint to dispatch] ${tag}` },
      ],
    });
  },

  close: statusOnly,
};
