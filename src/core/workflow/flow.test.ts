import { describe, expect, it } from 'vitest';
import { FLOW_ACTIONS, allowedActions, nextStatus, transitionFor, type FlowAction, type FlowStatus, type FlowSubject } from './flow';

const subject = (over: Partial<FlowSubject> = {}): FlowSubject => ({
  status: 'received',
  kind: 'complaint',
  category: 'quality',
  paused: false,
  objectionPending: false,
  qePassed: false,
  ...over,
});

describe('the work-order flow table (DOMAIN §2.4)', () => {
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

  it('lists only the actions the status allows', () => {
    expect(allowedActions(subject({ status: 'closed' }))).toEqual(['reopen']);
    expect(allowedActions(subject({ status: 'dispatched' }))).toEqual(
      expect.arrayContaining(['sign', 'object', 'pause', 'escalate', 'set_severity', 'request_extension', 'grant_extension']),
    );
    expect(allowedActions(subject({ status: 'dispatched' }))).not.toContain('reply');
  });

  it('has a row for every action', () => {
    expect(FLOW_ACTIONS).toHaveLength(20);
  });
});
