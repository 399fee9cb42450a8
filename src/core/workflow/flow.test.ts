import { describe, expect, it } from 'vitest';
import { FLOW_ACTIONS, allowedActions, nextStatus, scopeOf, transitionFor, type FlowAction, type FlowStatus, type FlowSubject } from './flow';

const subject = (over: Partial<FlowSubject> = {}): FlowSubject => ({
  status: 'received',
  kind: 'complaint',
  category: 'quality',
  paused: false,
  objectionPending: false,
  qePassed: false,
  ...over,
});

describe('the work-order flow table (docs/workorders.md#handling-steps)', () => {
  it.each<[string, Partial<FlowSubject>, FlowAction, FlowStatus | null]>([
    ['accept a new complaint', {}, 'accept', 'accepted'],
    ['dispatch straight from received (implies acceptance)', {}, 'dispatch', 'dispatched'],
    ['reject a received complaint as invalid', {}, 'reject_invalid', 'invalid'],
    ['no sign before dispatch', { status: 'accepted' }, 'sign', null],
    ['sign a dispatched form', { status: 'dispatched' }, 'sign', 'in_progress'],
    ['no sign while an objection awaits the leader', { status: 'dispatched', objectionPending: true }, 'sign', null],
    ['no second objection', { status: 'dispatched', objectionPending: true }, 'object', null],
    ['decide only a pending objection', { status: 'dispatched' }, 'decide_objection', null],
    ['a quality complaint goes to 8D', { status: 'in_progress' }, 'submit_8d', 'review_8d'],
    ['a quality complaint is not replied before 8D approval', { status: 'in_progress' }, 'reply', null],
    ['a service complaint is replied from handling', { status: 'in_progress', category: 'service' }, 'reply', 'replied'],
    ['a service complaint has no 8D', { status: 'in_progress', category: 'service' }, 'submit_8d', null],
    ['no 8D submission while paused', { status: 'in_progress', paused: true }, 'submit_8d', null],
    ['the QE returns an 8D', { status: 'review_8d' }, 'return_8d', 'in_progress'],
    ['no approval before the QE passed it', { status: 'review_8d' }, 'approve_8d', null],
    ['approval after the QE passed it', { status: 'review_8d', qePassed: true }, 'approve_8d', 'approved'],
    ['no return after the QE passed it', { status: 'review_8d', qePassed: true }, 'return_8d', null],
    ['reply after approval', { status: 'approved' }, 'reply', 'replied'],
    ['a suggestion is replied directly', { kind: 'suggestion', category: null }, 'reply', 'replied'],
    ['a complaint is not replied at intake', {}, 'reply', null],
    ['reopen a replied case', { status: 'replied' }, 'reopen', 'accepted'],
    ['reopen a closed case', { status: 'closed' }, 'reopen', 'accepted'],
    ['close after the reply', { status: 'replied' }, 'close', 'closed'],
    ['archive an invalid one', { status: 'invalid' }, 'close', 'closed'],
    ['close praise at intake', { kind: 'praise', category: null }, 'close', 'closed'],
    ['no closing a complaint in handling', { status: 'in_progress' }, 'close', null],
    ['pause handling', { status: 'in_progress' }, 'pause', 'in_progress'],
    ['no second pause', { status: 'in_progress', paused: true }, 'pause', null],
    ['resume a pause', { status: 'in_progress', paused: true }, 'resume', 'in_progress'],
    ['no resume without a pause', { status: 'in_progress' }, 'resume', null],
    ['no action on a closed case but reopen', { status: 'closed' }, 'escalate', null],
    // The repair path (呼叫中心岗位职责 cl. 3.1(2); docs/callcenter.md "Emergency repairs").
    ['the team lead takes a reported emergency repair', { kind: 'emergency_repair', category: null }, 'take', 'taken'],
    ['an ordinary repair is taken the same way', { kind: 'repair', category: null }, 'take', 'taken'],
    ['a complaint is not taken', {}, 'take', null],
    ['a repair is not accepted at the desk', { kind: 'emergency_repair', category: null }, 'accept', null],
    ['a repair is not dispatched to a department', { kind: 'emergency_repair', category: null }, 'dispatch', null],
    ['a repair is not replied at intake', { kind: 'repair', category: null }, 'reply', null],
    ['a repair is not closed without its callback', { kind: 'repair', category: null }, 'close', null],
    ['a repair report may be rejected as invalid', { kind: 'emergency_repair', category: null }, 'reject_invalid', 'invalid'],
    ['a repair has no severity to re-rate', { kind: 'emergency_repair', category: null }, 'set_severity', null],
    ['the people concerned are told after the take', { kind: 'emergency_repair', category: null, status: 'taken' }, 'notify', 'notified'],
    ['no crew before the people concerned are told', { kind: 'emergency_repair', category: null, status: 'taken' }, 'assign_crew', null],
    ['the crew is sent after the notice', { kind: 'emergency_repair', category: null, status: 'notified' }, 'assign_crew', 'crew_assigned'],
    ['the crew may be changed before it arrives', { kind: 'emergency_repair', category: null, status: 'crew_assigned' }, 'assign_crew', 'crew_assigned'],
    ['arrival is recorded for a sent crew', { kind: 'emergency_repair', category: null, status: 'crew_assigned' }, 'record_arrival', 'on_site'],
    ['no completion before arrival', { kind: 'emergency_repair', category: null, status: 'crew_assigned' }, 'complete_repair', null],
    ['completion after arrival', { kind: 'emergency_repair', category: null, status: 'on_site' }, 'complete_repair', 'repaired'],
    ['no callback before completion', { kind: 'emergency_repair', category: null, status: 'on_site' }, 'callback', null],
    ['a repair is escalated at any open step', { kind: 'emergency_repair', category: null, status: 'on_site' }, 'escalate', 'on_site'],
    ['a repair is not paused', { kind: 'emergency_repair', category: null, status: 'on_site' }, 'pause', null],
  ])('%s', (_name, over, action, expected) => {
    const s = subject(over);
    const t = transitionFor(action, s);
    if (expected === null) {
      expect(t).toBeNull();
      return;
    }
    expect(t).not.toBeNull();
    expect(nextStatus(t!, s.status, t!.to === 'branch' ? expected : undefined)).toBe(expected);
  });

  it('branches callback by the outcome: satisfied closes, not satisfied returns to handling', () => {
    const t = transitionFor('callback', subject({ status: 'replied' }))!;
    expect(nextStatus(t, 'replied', 'closed')).toBe('closed');
    expect(nextStatus(t, 'replied', 'in_progress')).toBe('in_progress');
    expect(() => nextStatus(t, 'replied')).toThrow();
  });

  it('branches a repair’s callback: confirmed completes it, not repaired sends it back to the crew', () => {
    const t = transitionFor('callback', subject({ kind: 'emergency_repair', category: null, status: 'repaired' }))!;
    expect(nextStatus(t, 'repaired', 'closed')).toBe('closed');
    expect(nextStatus(t, 'repaired', 'crew_assigned')).toBe('crew_assigned');
  });

  it('puts every step of a repair on the call centre that received it', () => {
    expect(scopeOf('callback', 'emergency_repair')).toBe('receiving');
    expect(scopeOf('request_extension', 'repair')).toBe('receiving');
    expect(scopeOf('callback', 'complaint')).toBe('owning');
    expect(scopeOf('sign', 'complaint')).toBe('department');
  });

  it('lists only the actions the status allows', () => {
    expect(allowedActions(subject({ status: 'closed' }))).toEqual(['reopen']);
    expect(allowedActions(subject({ status: 'dispatched' }))).toEqual(
      expect.arrayContaining(['sign', 'object', 'pause', 'escalate', 'set_severity', 'request_extension', 'grant_extension']),
    );
    expect(allowedActions(subject({ status: 'dispatched' }))).not.toContain('reply');
  });

  it('has a row for every action', () => {
    expect(FLOW_ACTIONS).toHaveLength(25);
  });
});
