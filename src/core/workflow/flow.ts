// The complaint desk's state machine as data (DOMAIN §2.4). Pure: no I/O. The service looks up the row for an
// action, checks its `from` statuses and guards, and applies `to`. docs/workorders.md draws this table.

export type FlowStatus = 'received' | 'accepted' | 'dispatched' | 'in_progress' | 'review_8d' | 'approved' | 'replied' | 'closed' | 'invalid';

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
  | 'close';

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
  /** DOMAIN §2.4 step 4: a quality complaint is handled through an 8D before the reply. */
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
} as const;
export type GuardName = keyof typeof GUARDS;

export const OPEN_STATUSES: readonly FlowStatus[] = ['received', 'accepted', 'dispatched', 'in_progress', 'review_8d', 'approved', 'replied'];

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
  accept: [{ from: ['received'], to: 'accepted', publicText: { zh: '已受理', en: 'Accepted' } }],
  reject_invalid: [{ from: ['received', 'accepted'], to: 'invalid', publicText: { zh: '经核实不属于有效投诉', en: 'Reviewed: not a valid complaint' } }],
  set_severity: [{ from: OPEN_STATUSES, to: 'same' }],
  // Dispatch straight from `received` implies acceptance (DOMAIN §2.4 step 3: the form goes out within 1 hour).
  dispatch: [{ from: ['received', 'accepted'], to: 'dispatched', publicText: { zh: '已转责任部门处理', en: 'Passed to the responsible department' } }],
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
    { from: ['received', 'accepted'], to: 'replied', guards: ['notComplaint'], publicText: { zh: '已答复客户', en: 'Replied to the customer' } },
  ],
  // satisfied → closed; not satisfied → back to handling (DOMAIN §2.4 step 6).
  callback: [{ from: ['replied'], to: 'branch', publicText: { zh: '已回访', en: 'Follow-up call made' } }],
  // The customer refuses the result: an upgraded complaint restarts the flow (DOMAIN §2.4 step 5).
  reopen: [{ from: ['replied', 'closed'], to: 'accepted', publicText: { zh: '客户不接受处理结果，升级投诉', en: 'Reopened as an upgraded complaint' } }],
  close: [
    { from: ['replied'], to: 'closed', publicText: { zh: '已结案', en: 'Closed' } },
    { from: ['invalid'], to: 'closed', publicText: { zh: '已归档', en: 'Archived' } },
    { from: ['received', 'accepted'], to: 'closed', guards: ['notComplaint'], publicText: { zh: '已结案', en: 'Closed' } },
  ],
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
 * the receiving department for intake steps, the responsible department for its own steps (DOMAIN §2.4).
 */
export const ACTION_SCOPE: Record<FlowAction, 'owning' | 'department' | 'receiving'> = {
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
};

/** Statuses in which nothing runs any more: every open deadline is settled on entering them. */
export const TERMINAL_STATUSES: readonly FlowStatus[] = ['closed', 'invalid'];
