// The grading pipeline of Art. 7 (docs/grading.md#the-pipeline-art-7) as data: which action may run in which status, who may run it,
// and where it leads. Guards that need records (hidden dangers, notice period, objections) live in the service.

export type ApplicationStatus =
  | 'submitted'
  | 'initial_review'
  | 'assessment'
  | 'public_notice'
  | 'announced'
  | 'rejected'
  | 'disqualified'
  | 'withdrawn';

export type Actor = 'mine' | 'initial_body' | 'assessment_body';

export type ActionName =
  | 'record_hidden_danger'
  | 'rectify_hidden_danger'
  | 'initial_review_pass'
  | 'initial_review_fail'
  | 'assess'
  | 'publish_notice'
  | 'resolve_objection'
  | 'announce'
  | 'find_fraud'
  | 'withdraw';

export const FINAL_STATUSES: readonly ApplicationStatus[] = ['announced', 'rejected', 'disqualified', 'withdrawn'];
const OPEN: ApplicationStatus[] = ['submitted', 'initial_review', 'assessment', 'public_notice'];

export interface Transition {
  from: readonly ApplicationStatus[];
  actors: readonly Actor[];
  /** The status after the action; 'same' keeps it; 'computed' is decided by the service (assess, objection). */
  to: ApplicationStatus | 'same' | 'computed';
}

export const TRANSITIONS: Record<ActionName, Transition> = {
  // 初审: document review and on-site check; hidden dangers are listed and each rectified before passing.
  record_hidden_danger: { from: ['submitted', 'initial_review'], actors: ['initial_body'], to: 'initial_review' },
  rectify_hidden_danger: { from: ['submitted', 'initial_review'], actors: ['mine', 'initial_body'], to: 'same' },
  initial_review_pass: { from: ['submitted', 'initial_review'], actors: ['initial_body'], to: 'assessment' },
  initial_review_fail: { from: ['submitted', 'initial_review'], actors: ['initial_body'], to: 'rejected' },
  // 考核: document audit, then on-site check or spot-check; below the level sought → next grade down.
  assess: { from: ['assessment'], actors: ['assessment_body'], to: 'computed' },
  // 公示 ≥ 5 working days; anyone may object.
  publish_notice: { from: ['assessment'], actors: ['assessment_body'], to: 'public_notice' },
  resolve_objection: { from: ['public_notice'], actors: ['assessment_body'], to: 'computed' },
  // 公告
  announce: { from: ['public_notice'], actors: ['assessment_body'], to: 'announced' },
  // Fraud may be found at any step (Art. 7(3)), by either authority.
  find_fraud: { from: OPEN, actors: ['initial_body', 'assessment_body'], to: 'disqualified' },
  withdraw: { from: OPEN, actors: ['mine'], to: 'withdrawn' },
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'wrong_status' | 'wrong_actor' };

export function checkTransition(action: ActionName, status: ApplicationStatus, actors: readonly Actor[]): TransitionCheck {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) return { ok: false, reason: 'wrong_status' };
  if (!t.actors.some((a) => actors.includes(a))) return { ok: false, reason: 'wrong_actor' };
  return { ok: true };
}

/** The actions a caller holding `actors` may attempt in `status` (for the UI; guards still apply). */
export function availableActions(status: ApplicationStatus, actors: readonly Actor[]): ActionName[] {
  return (Object.keys(TRANSITIONS) as ActionName[]).filter((a) => checkTransition(a, status, actors).ok);
}
