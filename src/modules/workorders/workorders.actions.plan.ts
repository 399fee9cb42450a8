import type { WorkCalendar } from '../../core/calendar';
import type { FlowAction, FlowStatus } from '../../core/workflow/flow';
import type { ComplaintPolicy, DeadlineTrigger } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import type { FieldError } from '../../platform/http/errors';
import type { Principal } from '../auth';
import type { DeadlineRow, WorkOrderRow } from './workorders.repository';
import type { ActionOf } from './workorders.schemas';

// What an action handler receives and returns. A handler checks the action's own input and says what changes
// (the plan); `performAction` (workorders.actions.ts) applies every plan the same way, in one transaction:
// the row, the deadlines, the timeline entry, the audit and the notifications.

/** What one action changes, decided before the transaction opens. */
export interface Plan {
  patch: Partial<WorkOrderRow>;
  /** For actions with several outcomes (callback, decide_objection): which next status of the flow table. */
  branch?: FlowStatus;
  note?: string | null;
  data?: Record<string, unknown>;
  /** The timeline event, when not the action's own name. */
  event?: string;
  /** Deadlines this action starts (docs/workorders.md "Deadlines": after a reply, after an escalation …). */
  start?: DeadlineTrigger;
  /** An upgraded complaint: open deadlines are settled and the `created` ones start afresh. */
  restart?: boolean;
  /** Severity changed: start the severity-bound deadlines that are not yet running. */
  severityChanged?: boolean;
  /**
   * When the step was actually done, if earlier than now (a repair crew's arrival or completion, recorded after the
   * call): the deadlines it meets are met or missed by this instant (docs/callcenter.md "Emergency repairs").
   */
  doneAt?: Date;
  /** Writes of the action's own (8D reports, deadline requests, the watch list), run inside the transaction. */
  effects: ((trx: Trx) => Promise<void>)[];
  /** Who is told (docs/notifications.md): holders of `roles` covering `unitPath`, or the named `userIds`; Chinese text with its English. */
  notices: { roles: string[]; unitPath: string; userIds?: string[]; title: string; body: string; titleEn?: string; bodyEn?: string }[];
}

/** The work order and everything read for it before the handler runs. */
export interface ActionEnv {
  ctx: AppContext;
  p: Principal;
  policy: ComplaintPolicy;
  cal: WorkCalendar;
  wo: WorkOrderRow;
  deadlines: DeadlineRow[];
  now: Date;
  /** `now` as ISO text. */
  at: string;
  /** Number and customer, the start of every notification title. */
  tag: string;
  /** The responsible department's path, else the owning unit's: where department steps are notified. */
  dept: string;
}

/** One action's handler, typed with that action's request body. */
export type ActionHandler<A extends FlowAction = FlowAction> = (env: ActionEnv, req: ActionOf<A>) => Plan | Promise<Plan>;

/** Handlers of a group of actions; the full table (every FlowAction) is `ACTION_HANDLERS` in workorders.actions.ts. */
export type ActionHandlers<A extends FlowAction> = { [K in A]: ActionHandler<K> };

export const newPlan = (init: Partial<Plan> = {}): Plan => ({ patch: {}, effects: [], notices: [], ...init });

/** An action that changes nothing but the status (the flow table decides where to). */
export const statusOnly = (): Plan => newPlan();

export const need = (cond: unknown, field: string, message: string): FieldError[] => (cond ? [] : [{ field, message }]);

export function envFor(ctx: AppContext, p: Principal, policy: ComplaintPolicy, cal: WorkCalendar, wo: WorkOrderRow, deadlines: DeadlineRow[], now: Date): ActionEnv {
  return { ctx, p, policy, cal, wo, deadlines, now, at: now.toISOString(), tag: `${wo.number} ${wo.customer_name ?? ''}`.trim(), dept: wo.department_path ?? wo.unit_path };
}
