import { describe, expect, it } from 'vitest';
import { availableActions, checkTransition, type ActionName, type Actor, type ApplicationStatus } from './pipeline';
import { checkExtension } from './extension';
import { isOverdue, periodOf, periodsOf } from './self-inspection';

describe('pipeline transitions (Art. 7, docs/grading.md#the-pipeline-art-7)', () => {
  it.each<[ActionName, ApplicationStatus, Actor[], string]>([
    ['initial_review_pass', 'submitted', ['initial_body'], 'ok'],
    ['initial_review_pass', 'submitted', ['assessment_body'], 'wrong_actor'],
    ['initial_review_pass', 'assessment', ['initial_body'], 'wrong_status'],
    ['assess', 'assessment', ['assessment_body'], 'ok'],
    ['assess', 'assessment', ['mine'], 'wrong_actor'],
    ['publish_notice', 'initial_review', ['assessment_body'], 'wrong_status'],
    ['announce', 'public_notice', ['assessment_body'], 'ok'],
    ['announce', 'announced', ['assessment_body'], 'wrong_status'],
    ['find_fraud', 'public_notice', ['initial_body'], 'ok'],
    ['find_fraud', 'announced', ['initial_body'], 'wrong_status'],
    ['withdraw', 'assessment', ['mine'], 'ok'],
    ['withdraw', 'assessment', ['assessment_body'], 'wrong_actor'],
    ['rectify_hidden_danger', 'initial_review', ['mine'], 'ok'],
  ])('%s in %s by %j → %s', (action, status, actors, expected) => {
    const r = checkTransition(action, status, actors);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
  it('offers nothing once an application is final', () => {
    for (const s of ['announced', 'rejected', 'disqualified', 'withdrawn'] as const) {
      expect(availableActions(s, ['mine', 'initial_body', 'assessment_body'])).toEqual([]);
    }
  });
});

describe('direct-extension checklist (Art. 9)', () => {
  const all = { commitment: true, zeroGasOverLimit: true, zeroOutburst: true, zeroWaterInrush: true, zeroSpontaneousCombustion: true, zeroRockBurst: true, mechanisationPercent: 100 };
  it.each([
    { name: 'underground, one face, fully mechanised', c: { ...all, faceMode: 'one_face' as const }, type: 'underground' as const, ok: true },
    { name: 'underground, three faces', c: { ...all, faceMode: 'other' as const }, type: 'underground' as const, ok: false },
    { name: 'underground, 98 % mechanised', c: { ...all, faceMode: 'two_faces' as const, mechanisationPercent: 98 }, type: 'underground' as const, ok: false },
    { name: 'open pit without face mode', c: all, type: 'open_pit' as const, ok: true },
    { name: 'one water inrush', c: { ...all, zeroWaterInrush: false }, type: 'open_pit' as const, ok: false },
  ])('$name → passes: $ok', ({ c, type, ok }) => {
    expect(checkExtension(c, type).every((l) => l.ok)).toBe(ok);
  });
});

describe('self-inspection schedule (Art. 11(6))', () => {
  it('gives a mine four quarters and an enterprise two half-years, due on the last day', () => {
    expect(periodsOf(2026, 'mine').map((p) => p.dueDate)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']);
    expect(periodsOf(2026, 'enterprise').map((p) => p.period)).toEqual(['2026-H1', '2026-H2']);
  });
  it.each([
    ['2026-05-10', 'mine', '2026-Q2'],
    ['2026-07-01', 'enterprise', '2026-H2'],
  ] as const)('%s belongs to the %s period %s', (date, scope, period) => expect(periodOf(date, scope)).toBe(period));
  it.each([
    ['2026-03-31', '2026-03-31', false, false],
    ['2026-03-31', '2026-04-01', false, true],
    ['2026-03-31', '2026-04-01', true, false],
  ] as const)('due %s, today %s, done %s → overdue %s', (due, today, done, overdue) => expect(isOverdue(due, today, done)).toBe(overdue));
});
