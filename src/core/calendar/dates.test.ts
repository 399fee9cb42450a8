import { describe, expect, it } from 'vitest';
import {
  addCalendar,
  formatLocal,
  fromEpochDay,
  isValidLocalDate,
  localDateOf,
  localInstant,
  parseLocalDate,
  parseTimeOfDay,
  toEpochDay,
  weekdayOf,
} from './dates';

describe('addCalendar', () => {
  it.each([
    // docs/grading.md#date-conventions: a grade issued 2023-07-10 expires 2026-07-10; re-application is due by 2026-04-10.
    ['2023-07-10', 3, 'years', '2026-07-10'],
    ['2026-07-10', -3, 'months', '2026-04-10'],
    ['2024-02-29', 1, 'years', '2025-02-28'],
    ['2024-02-29', 4, 'years', '2028-02-29'],
    ['2026-01-31', 1, 'months', '2026-02-28'],
    ['2024-01-31', 1, 'months', '2024-02-29'],
    ['2026-03-31', -1, 'months', '2026-02-28'],
    ['2026-05-31', 1, 'months', '2026-06-30'],
    ['2026-12-15', 1, 'months', '2027-01-15'],
    ['2026-01-15', -1, 'months', '2025-12-15'],
    ['2026-01-15', -13, 'months', '2024-12-15'],
    ['2026-12-31', 1, 'days', '2027-01-01'],
    ['2024-03-01', -1, 'days', '2024-02-29'],
  ] as const)('%s plus %d %s is %s: calendar arithmetic clamped at the month end', (date, amount, unit, expected) => {
    expect(addCalendar(date, amount, unit)).toBe(expected);
  });

  it('refuses a fractional number of months because calendar months cannot be split', () => {
    expect(() => addCalendar('2026-01-01', 1.5, 'months')).toThrow(RangeError);
  });
});

describe('local dates and instants', () => {
  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '', '2026-04-31'])(
    'rejects %j because it is not a real calendar date YYYY-MM-DD',
    (date) => {
      expect(isValidLocalDate(date)).toBe(false);
      expect(() => parseLocalDate(date)).toThrow(/invalid date/);
    },
  );

  it('round-trips epoch days and knows the weekday of dates across leap years', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(fromEpochDay(toEpochDay('2024-02-29'))).toBe('2024-02-29');
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(weekdayOf('2026-10-10')).toBe(6); // an adjusted working Saturday
    expect(weekdayOf('1999-12-31')).toBe(5);
  });

  it('formats instants at the fixed +08:00 offset whatever the process time zone', () => {
    expect(formatLocal(new Date('2026-10-10T10:00:00Z'))).toBe('2026-10-10T18:00:00+08:00');
    expect(formatLocal(new Date('2026-10-10T10:00:00.250Z'))).toBe('2026-10-10T18:00:00.250+08:00');
    expect(formatLocal(new Date('2026-10-10T10:00:00Z'), 0)).toBe('2026-10-10T10:00:00+00:00');
    expect(formatLocal(new Date('2026-10-10T10:00:00Z'), -330)).toBe('2026-10-10T04:30:00-05:30');
  });

  it('puts 23:30 UTC on the next local date in Shanghai because local midnight is 16:00 UTC', () => {
    expect(localDateOf(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(localDateOf(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(localInstant('2026-09-30', '17:00').toISOString()).toBe('2026-09-30T09:00:00.000Z');
    expect(localInstant('2026-09-30', '24:00').toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it.each(['24:01', '9:00', '12:60', 'noon'])('rejects the time %j because it is not HH:MM within a day', (time) => {
    expect(() => parseTimeOfDay(time)).toThrow(RangeError);
  });
});
