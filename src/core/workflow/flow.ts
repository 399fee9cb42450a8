// The complaint desk's state machine as data (docs/workorders.md#handling-steps). Pure: no I/O. The service looks up the row for an
// action, checks its `from` statuses and guards, and applies `to`. docs/workorders.md draws this table; the repair
// path (报修, 抢修单) is drawn in docs/callcenter.md "Emergency repairs".

export type FlowStatus =
  | 'received'
  | 'accepted'
  | 'dispatched'
  | 'in_progress'
  | 'review_8d'
  | 'approved'
  | 'replied'
  // The repair path (呼叫中心岗位职责 cl. 3.1(2); docs/callcenter.md "Emergency repairs").
  | 'taken'
  | 'notified'
  | 'crew_assigned'
  | 'on_site'
  | 'repaired'
  | 'closed'
  | 'invalid';

export type FlowAction =
  | 'accept'
  | 'reject_invalid'
  | 'set_severity'
  | 'dispatch'
  | 'sign'
  | 'object'
  | 'decide_objection'
  | 'submit_8d'
  | 'return_8d'
  | 'pass_8d'
  | 'approve_8d'
  | 'pause'
  | 'resume'
  | 'request_extension'
  | 'grant_extension'
  | 'escalate'
  | 'reply'
  | 'callback'
  | 'reopen'
  | 'close'
  | 'take'
  | 'notify'
  | 'assign_crew'
  | 'record_arrival'
  | 'complete_repair';

/**
 * Kinds that run the repair path instead of the complaint desk's (docs/callcenter.md "Emergency repairs"): the team
 * lead takes the report, tells the people concerned, sends a crew, records arrival and completion, and an agent's
 * callback completes it. Which of them send SMS, who acts and the deadlines are the policy's `repairs` and
 * `deadlines` (policy data); that these kinds take this path is the flow's.
 */
export const REPAIR_KINDS: readonly string[] = ['repair', 'emergency_repair'];
export const isRepairKind = (kind: string): boolean => REPAIR_KINDS.includes(kind);

/** Actions that exist only on the repair path; their roles are the policy's `repairs.actions`. */
export const REPAIR_ACTIONS: readonly FlowAction[] = ['take', 'notify', 'assign_crew', 'record_arrival', 'complete_repair'];

/** What a guard may look at: the work order's facts, not the database. */
export interface FlowSubject {
  status: FlowStatus;
  kind: string;
  category: string | null;
  paused: boolean;
  /** An objection to the assignment awaits the leader's decision. */
  objectionPending: boolean;
  /** The QE passed the current 8D revision. */
  qePassed: boolean;
}

/** Named guards, so the table stays data and each refusal can say why. */
export const GUARDS = {
  /** docs/workorders.md#handling-steps, step 4 (顾客抱怨办法 cl. 4.1): a quality complaint is handled through an 8D before the reply. */
  needs8d: (s: FlowSubject) => s.kind === 'complaint' && s.category === 'quality',
  no8d: (s: FlowSubject) => !(s.kind === 'complaint' && s.category === 'quality'),
  objectionPending: (s: FlowSubject) => s.objectionPending,
  noObjectionPending: (s: FlowSubject) => !s.objectionPending,
  paused: (s: FlowSubject) => s.paused,
  notPaused: (s: FlowSubject) => !s.paused,
  qePassed: (s: FlowSubject) => s.qePassed,
  notQePassed: (s: FlowSubject) => !s.qePassed,
  /** Complaints go to a responsible department; suggestions, inquiries and praise may be answered directly. */
  notComplaint: (s: FlowSubject) => s.kind !== 'complaint',
  /** A repair (报修, 抢修) runs the call centre's path, not the desk's intake and reply steps. */
  repair: (s: FlowSubject) => isRepairKind(s.kind),
  notRepair: (s: FlowSubject) => !isRepairKind(s.kind),
} as const;
export type GuardName = keyof typeof GUARDS;

/** Open statuses of the complaint desk's path. */
const DESK_OPEN: readonly FlowStatus[] = ['received', 'accepted', 'dispatched', 'in_progress', 'review_8d', 'approved', 'replied'];
/** Open statuses of the repair path after the report (docs/callcenter.md "Emergency repairs"). */
const REPAIR_OPEN: readonly FlowStatus[] = ['taken', 'notified', 'crew_assigned', 'on_site', 'repaired'];
export const OPEN_STATUSES: readonly FlowStatus[] = [...DESK_OPEN, ...REPAIR_OPEN];

export interface Transition {
  from: readonly FlowStatus[];
  /** The next status; 'same' keeps it; a function of the request's outcome for branching actions. */
  to: FlowStatus | 'same' | 'branch';
  /** Every guard must hold. For 'or' semantics use two rows of the same action. */
  guards?: readonly GuardName[];
  /** Public portal wording of the event (no staff names). */
  publicText?: { zh: string; en: string };
}

/** One or more rows per action; the first whose `from` and guards hold applies. */
export const FLOW: Record<FlowAction, readonly Transition[]> = {
  accept: [{ from: ['received'], to: 'accepted', guards: ['notRepair'], publicText: { zh: '已受理', en: 'Accepted' } }],
  // A repair report that is a mistake or a duplicate is recorded as invalid too (from `received` only).
  reject_invalid: [{ from: ['received', 'accepted'], to: 'invalid', publicText: { zh: '经核实不属于有效投诉', en: 'Reviewed: not a valid complaint' } }],
  set_severity: [{ from: DESK_OPEN, to: 'same', guards: ['notRepair'] }],
  // Dispatch straight from `received` implies acceptance (投诉作业流程 cl. 5.2.2; 投诉处理制度 cl. 5.2; docs/workorders.md#handling-steps, step 3: the form goes out within 1 hour).
  dispatch: [{ from: ['received', 'accepted'], to: 'dispatched', guards: ['notRepair'], publicText: { zh: '已转责任部门处理', en: 'Passed to the responsible department' } }],
  sign: [{ from: ['dispatched'], to: 'in_progress', guards: ['noObjectionPending'], publicText: { zh: '责任部门已签收，处理中', en: 'Being handled' } }],
  object: [{ from: ['dispatched'], to: 'same', guards: ['noObjectionPending'] }],
  // keep → the department handles it (as if signed); reassign → dispatched to the other department.
  decide_objection: [{ from: ['dispatched'], to: 'branch', guards: ['objectionPending'] }],
  submit_8d: [{ from: ['in_progress'], to: 'review_8d', guards: ['needs8d', 'notPaused'] }],
  return_8d: [{ from: ['review_8d'], to: 'in_progress', guards: ['notQePassed'] }],
  pass_8d: [{ from: ['review_8d'], to: 'same', guards: ['notQePassed'] }],
  approve_8d: [{ from: ['review_8d'], to: 'approved', guards: ['qePassed'], publicText: { zh: '纠正预防措施已批准', en: 'Corrective actions approved' } }],
  pause: [{ from: ['accepted', 'dispatched', 'in_progress', 'review_8d', 'approved'], to: 'same', guards: ['notPaused'] }],
  resume: [{ from: ['accepted', 'dispatched', 'in_progress', 'review_8d', 'approved'], to: 'same', guards: ['paused'] }],
  request_extension: [{ from: OPEN_STATUSES, to: 'same' }],
  grant_extension: [{ from: OPEN_STATUSES, to: 'same' }],
  escalate: [{ from: OPEN_STATUSES, to: 'same' }],
  reply: [
    { from: ['approved'], to: 'replied', guards: ['notPaused'], publicText: { zh: '已答复客户', en: 'Replied to the customer' } },
    { from: ['in_progress'], to: 'replied', guards: ['no8d', 'notPaused'], publicText: { zh: '已答复客户', en: 'Replied to the customer' } },
    { from: ['received', 'accepted'], to: 'replied', guards: ['notComplaint', 'notRepair'], publicText: { zh: '已答复客户', en: 'Replied to the customer' } },
  ],
  // satisfied → closed; not satisfied → back to handling (用户抱怨制度 cl. 7-2; docs/workorders.md#handling-steps, step 6).
  // A repair: the callback confirms it → closed; not repaired → back to the crew (呼叫中心岗位职责 cl. 3.1(2)).
  callback: [
    { from: ['replied'], to: 'branch', publicText: { zh: '已回访', en: 'Follow-up call made' } },
    { from: ['repaired'], to: 'branch', guards: ['repair'], publicText: { zh: '已回访', en: 'Follow-up call made' } },
  ],
  // The customer refuses the result: an upgraded complaint restarts the flow (投诉处理制度 cl. 6.3; docs/workorders.md#handling-steps, step 5).
  reopen: [{ from: ['replied', 'closed'], to: 'accepted', publicText: { zh: '客户不接受处理结果，升级投诉', en: 'Reopened as an upgraded complaint' } }],
  close: [
    { from: ['replied'], to: 'closed', publicText: { zh: '已结案', en: 'Closed' } },
    { from: ['invalid'], to: 'closed', publicText: { zh: '已归档', en: 'Archived' } },
    { from: ['received', 'accepted'], to: 'closed', guards: ['notComplaint', 'notRepair'], publicText: { zh: '已结案', en: 'Closed' } },
  ],
  // The repair path (呼叫中心岗位职责 cl. 3.1(2): 对于各部门发起的抢修，及时创建抢修单，并通过短信方式通知相关人员。在得知
  // 抢修结束信息后，及时安排坐席回访，并在回访确认后，完成抢修单; docs/callcenter.md "Emergency repairs").
  take: [{ from: ['received'], to: 'taken', guards: ['repair'], publicText: { zh: '已接单，正在安排抢修', en: 'Taken on; a crew is being arranged' } }],
  notify: [{ from: ['taken'], to: 'notified', guards: ['repair'] }],
  // A crew is sent after the people concerned were told; it may be changed until it has arrived.
  assign_crew: [
    { from: ['notified'], to: 'crew_assigned', guards: ['repair'], publicText: { zh: '已派出抢修人员', en: 'Repair crew sent' } },
    { from: ['crew_assigned'], to: 'same', guards: ['repair'] },
  ],
  record_arrival: [{ from: ['crew_assigned'], to: 'on_site', guards: ['repair'], publicText: { zh: '抢修人员已到场', en: 'Crew on site' } }],
  complete_repair: [{ from: ['on_site'], to: 'repaired', guards: ['repair'], publicText: { zh: '已修复，待回访确认', en: 'Repaired, to be confirmed by a call' } }],
};

export const FLOW_ACTIONS = Object.keys(FLOW) as FlowAction[];

/** The row that applies to `action` for `subject`, or null when the status or a guard forbids it. */
export function transitionFor(action: FlowAction, subject: FlowSubject): Transition | null {
  return FLOW[action].find((t) => t.from.includes(subject.status) && (t.guards ?? []).every((g) => GUARDS[g](subject))) ?? null;
}

/** Actions the flow allows now, in table order (roles are checked separately). */
export function allowedActions(subject: FlowSubject): FlowAction[] {
  return FLOW_ACTIONS.filter((a) => transitionFor(a, subject) !== null);
}

/** The next status after `action`, resolving branches by the request's outcome. */
export function nextStatus(t: Transition, current: FlowStatus, branch?: FlowStatus): FlowStatus {
  if (t.to === 'same') return current;
  if (t.to === 'branch') {
    if (!branch) throw new Error('branching transition needs an outcome');
    return branch;
  }
  return t.to;
}

/**
 * Where a role must be held for an action, besides the owning unit (a company-wide role always counts):
 * the receiving department for intake steps, the responsible department for its own steps (docs/workorders.md#handling-steps).
 */
export type ActionScope = 'owning' | 'department' | 'receiving';

export const ACTION_SCOPE: Record<FlowAction, ActionScope> = {
  accept: 'receiving',
  reject_invalid: 'receiving',
  dispatch: 'receiving',
  set_severity: 'owning',
  sign: 'department',
  object: 'department',
  decide_objection: 'owning',
  submit_8d: 'department',
  return_8d: 'owning',
  pass_8d: 'owning',
  approve_8d: 'owning',
  pause: 'department',
  resume: 'department',
  request_extension: 'department',
  grant_extension: 'owning',
  escalate: 'department',
  reply: 'owning',
  callback: 'owning',
  reopen: 'owning',
  close: 'owning',
  take: 'receiving',
  notify: 'receiving',
  assign_crew: 'receiving',
  record_arrival: 'receiving',
  complete_repair: 'receiving',
};

/**
 * Where a role counts for an action on a work order of `kind`. A repair is run by the call centre that received it
 * (its receiving unit, docs/callcenter.md "Emergency repairs"), so on a repair every step belongs there.
 */
export function scopeOf(action: FlowAction, kind: string): ActionScope {
  return isRepairKind(kind) ? 'receiving' : ACTION_SCOPE[action];
}

/** Statuses in which nothing runs any more: every open deadline is settled on entering them. */
export const TERMINAL_STATUSES: readonly FlowStatus[] = ['closed', 'invalid'];
