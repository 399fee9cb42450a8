import { describe, expect, it } from 'vitest';
import { WorkCalendar, loadShippedYears } from '../calendar';
import { computeDue, extensionTooLate, warnAt, type DeadlineClock } from './deadlines';

const cal = new WorkCalendar({ years: loadShippedYears() });
const clock = (over: Partial<DeadlineClock>): DeadlineClock => ({ name: 'reply', startedAt: '2026-03-02T02:00:00.000Z', amount: 3, unit: 'working_days', pauses: [], extensions: [], ...over });

describe('computeDue (DOMAIN §2.5)', () => {
  it.each<[string, Partial<DeadlineClock>, string]>([
    ['3 working days from Monday 10:00 → Thursday 18:00', {}, '2026-03-05T10:00:00.000Z'],
    ['1 hour', { amount: 1, unit: 'hours' }, '2026-03-02T03:00:00.000Z'],
    ['8 working hours across the lunch break', { amount: 8, unit: 'working_hours' }, '2026-03-03T02:00:00.000Z'],
    ['7 days', { amount: 7, unit: 'days' }, '2026-03-09T02:00:00.000Z'],
    ['3 working days across 国庆 and the adjusted Saturday', { startedAt: '2026-09-30T02:00:00.000Z' }, '2026-10-10T10:00:00.000Z'],
    ['a closed pause of one working day moves the due a working day', { pauses: [{ start: '2026-03-02T06:00:00.000Z', end: '2026-03-03T06:00:00.000Z' }] }, '2026-03-06T10:00:00.000Z'],
    ['an open pause is not yet counted', { pauses: [{ start: '2026-03-02T06:00:00.000Z', end: null }] }, '2026-03-05T10:00:00.000Z'],
    ['an extension replaces the due', { extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }] }, '2026-03-10T10:00:00.000Z'],
    [
      'a pause after the extension pushes it on by the paused hours',
      {
        extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }],
        pauses: [{ start: '2026-03-04T02:00:00.000Z', end: '2026-03-04T08:00:00.000Z' }],
      },
      '2026-03-10T16:00:00.000Z',
    ],
  ])('%s', (_n, over, due) => {
    expect(computeDue(cal, clock(over)).due.toISOString()).toBe(due);
  });

  it('explains itself in local time', () => {
    expect(computeDue(cal, clock({})).explain).toContain('reply: 3 working_days after 2026-03-02 10:00 → 2026-03-05 18:00');
  });
});

describe('extensionTooLate (DOMAIN §2.5: at least 1 working day before)', () => {
  const due = new Date('2026-03-05T10:00:00.000Z'); // Thursday 18:00
  it.each([
    ['Wednesday 18:00 is exactly one working day before', '2026-03-04T10:00:00.000Z', false],
    ['Tuesday is in time', '2026-03-03T02:00:00.000Z', false],
    ['Wednesday 18:01 is too late', '2026-03-04T10:01:00.000Z', true],
    ['after the due time is too late', '2026-03-06T02:00:00.000Z', true],
  ])('%s', (_n, now, late) => {
    expect(extensionTooLate(cal, new Date(now), due, 1) !== null).toBe(late);
  });
});

describe('warnAt', () => {
  it('is the given share of the span', () => {
    expect(warnAt('2026-03-02T00:00:00.000Z', new Date('2026-03-03T00:00:00.000Z'), 0.8).toISOString()).toBe('2026-03-02T19:12:00.000Z');
  });
});
