import type { FlowAction } from '../../core/workflow/flow';
import { newId } from '../../platform/ids';
import type { Principal } from '../auth';
import type { EventRow } from './workorders.repository';

// Timeline entries of a work order, and which of them the customer may follow on the public portal.

export const eventRow = (woId: string, at: Date, event: string, actor: Principal | null, extra: Partial<EventRow> = {}): EventRow => ({
  id: newId(at.getTime()),
  work_order_id: woId,
  at: at.toISOString(),
  event,
  actor_id: actor?.id ?? null,
  actor_name: actor?.displayName ?? null,
  from_status: null,
  to_status: null,
  note: null,
  public: 0,
  data: null,
  ...extra,
});

/**
 * The steps the customer sees on the portal, in their words. An action listed here is recorded as a public
 * timeline entry; internal ones (objections, the 8D review) are not (docs/workorders.md "API", public portal).
 */
export const PUBLIC_ACTION_TEXT: Partial<Record<FlowAction, { zh: string; en: string }>> = {
  accept: { zh: '已受理', en: 'Accepted' },
  reject_invalid: { zh: '经核实不属于有效投诉', en: 'Reviewed: not a valid complaint' },
  dispatch: { zh: '已转责任部门处理', en: 'Passed to the responsible department' },
  sign: { zh: '责任部门已签收，处理中', en: 'Being handled' },
  approve_8d: { zh: '纠正预防措施已批准', en: 'Corrective actions approved' },
  pause: { zh: '试验及制样中，期限暂停', en: 'Paused for tests or samples' },
  resume: { zh: '继续处理', en: 'Handling resumed' },
  grant_extension: { zh: '经您同意，处理期限已延长', en: 'Deadline extended with your agreement' },
  reply: { zh: '已答复', en: 'Replied' },
  callback: { zh: '已回访', en: 'Follow-up call made' },
  reopen: { zh: '升级投诉，重新处理', en: 'Reopened as an upgraded complaint' },
  close: { zh: '已结案', en: 'Closed' },
  // A repair's customer follows it too (the SMS gives them the tracking number; docs/callcenter.md "Emergency repairs").
  take: { zh: '已接单，正在安排抢修', en: 'Taken on; a crew is being arranged' },
  assign_crew: { zh: '已派出抢修人员', en: 'Repair crew sent' },
  record_arrival: { zh: '抢修人员已到场', en: 'Crew on site' },
  complete_repair: { zh: '已修复，待回访确认', en: 'Repaired, to be confirmed by a call' },
};

/** Whether an action's timeline entry is shown on the portal. */
export const isPublicAction = (action: FlowAction): boolean => PUBLIC_ACTION_TEXT[action] !== undefined;
