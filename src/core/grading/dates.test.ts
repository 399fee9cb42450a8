import { describe, expect, it } from 'vitest';
import { activeBans, bansAgainst, beijingMinute, reapplyBy, shutdownExceeds, validUntil, withinWindow } from './dates';

describe('validity and re-application dates (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10, docs/grading.md#date-conventions)', () => {
  it.each([
    { since: '2023-07-10', until: '2026-07-10', reapply: '2026-04-10' },
    { since: '2024-05-20', until: '2027-05-20', reapply: '2027-02-20' },
    { since: '2024-02-29', until: '2027-02-28', reapply: '2026-11-28' },
    { since: '2023-05-31', until: '2026-05-31', reapply: '2026-02-28' },
  ])('a grade from $since is valid until $until and due for re-application by $reapply', ({ since, until, reapply }) => {
    expect(validUntil(since)).toBe(until);
    expect(reapplyBy(validUntil(since))).toBe(reapply);
  });
});

describe('windows end on the anniversary (docs/grading.md#date-conventions "未满1年")', () => {
  it.each([
    { from: '2025-03-02', asOf: '2026-03-01', inside: true },
    { from: '2025-03-02', asOf: '2026-03-02', inside: false },
    { from: '2025-03-02', asOf: '2025-03-02', inside: true },
    { from: '2025-03-02', asOf: '2025-03-01', inside: false },
  ])('1 year from $from, as of $asOf → inside: $inside', ({ from, asOf, inside }) => {
    expect(withinWindow(from, asOf, 1, 'years')).toBe(inside);
  });
});

describe('shutdownExceeds (more than six calendar months)', () => {
  it.each([
    { start: '2025-01-15', end: '2025-07-15', more: false },
    { start: '2025-01-15', end: '2025-07-16', more: true },
    { start: '2025-08-31', end: '2026-02-28', more: false },
    { start: '2025-08-31', end: '2026-03-01', more: true },
  ])('$start → $end: more than 6 months = $more', ({ start, end, more }) => {
    expect(shutdownExceeds(start, end)).toBe(more);
  });
});

describe('application bans (Art. 7(3), Art. 11(5))', () => {
  const history = (kind: string, date: string) => [{ kind, date }];
  it.each([
    { kind: 'fraud', date: '2025-06-01', level: '一级', asOf: '2026-05-31', barred: true },
    { kind: 'fraud', date: '2025-06-01', level: '二级', asOf: '2026-05-31', barred: true },
    { kind: 'fraud', date: '2025-06-01', level: '三级', asOf: '2026-05-31', barred: false },
    { kind: 'fraud', date: '2025-06-01', level: '二级', asOf: '2026-06-01', barred: false },
    { kind: 'downgraded', date: '2025-06-01', level: '一级', asOf: '2026-05-31', barred: true },
    { kind: 'downgraded', date: '2025-06-01', level: '二级', asOf: '2025-07-01', barred: false },
    { kind: 'downgraded', date: '2025-06-01', level: '一级', asOf: '2026-06-01', barred: false },
    { kind: 'revoked', date: '2024-06-01', level: '一级', asOf: '2026-05-31', barred: true },
    { kind: 'revoked', date: '2024-06-01', level: '一级', asOf: '2026-06-01', barred: false },
    { kind: 'revoked', date: '2024-06-01', level: '三级', asOf: '2024-07-01', barred: false },
    { kind: 'graded', date: '2025-06-01', level: '一级', asOf: '2025-07-01', barred: false },
  ] as const)('$kind on $date bars $level on $asOf: $barred', ({ kind, date, level, asOf, barred }) => {
    expect(bansAgainst(history(kind, date), level, asOf).length > 0).toBe(barred);
  });
  it('names the first day an application is accepted again', () => {
    expect(activeBans(history('revoked', '2024-06-01'), '2025-01-01')[0]).toMatchObject({ scope: '一级', until: '2026-06-01' });
  });
});

describe('times shown to people are Beijing local minutes, not UTC ISO (docs/calendar.md#rules-and-their-sources)', () => {
  it.each([
    { at: '2026-11-27T14:40:00.000Z', shown: '2026-11-27 22:40' },
    { at: '2026-11-27T16:30:00.000Z', shown: '2026-11-28 00:30' },
    { at: '2026-12-04T09:30:00.000Z', shown: '2026-12-04 17:30' },
  ])('$at is shown as $shown', ({ at, shown }) => {
    expect(beijingMinute(at)).toBe(shown);
    expect(beijingMinute(new Date(at))).toBe(shown);
  });
});
