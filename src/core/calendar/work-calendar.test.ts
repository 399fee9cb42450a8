import { describe, expect, it } from 'vitest';
import { formatLocal } from './dates';
import { loadShippedYears } from './shipped';
import type { DurationUnit, Interval } from './types';
import { WorkCalendar } from './work-calendar';

// Every instant is pinned with an explicit offset; nothing reads the clock or the process time zone.
const cal = new WorkCalendar({ years: loadShippedYears() });
const at = (local: string) => new Date(local.length === 16 ? `${local}:00+08:00` : local);
const fmt = (d: Date) => formatLocal(d);
const pause = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });

type AddCase = [label: string, start: string, amount: number, unit: DurationUnit, due: string];

describe('WorkCalendar days', () => {
  it.each([
    ['2026-10-10', true, 'adjusted_workday', '国庆节'],
    ['2026-10-07', false, 'holiday', '国庆节'],
    ['2026-10-03', false, 'holiday', '国庆节'], // a Saturday inside the break keeps the holiday's name
    ['2026-10-17', false, 'weekend', undefined],
    ['2026-10-12', true, 'workday', undefined],
    ['2026-02-14', true, 'adjusted_workday', '春节'],
    ['2025-10-06', false, 'holiday', '国庆节、中秋节'],
    ['2025-10-11', true, 'adjusted_workday', '国庆节、中秋节'],
    ['2023-01-02', false, 'holiday', '元旦'],
  ] as const)('reads %s as working=%s (%s) from the notice, which beats the weekday rule', (date, working, kind, name) => {
    expect(cal.day(date)).toEqual({ date, working, kind, provisional: false, ...(name ? { name } : {}) });
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['2027-01-01', false, 'holiday', '元旦'],
    ['2027-02-05', false, 'holiday', '春节'], // 除夕, a Friday
    ['2027-02-08', false, 'holiday', '春节'], // 初三, a Monday
    ['2027-02-09', true, 'workday', undefined],
    ['2027-10-04', true, 'workday', undefined], // no 调休 or 补假 guessed beyond Oct 1–3
    ['2027-10-09', false, 'weekend', undefined],
  ] as const)('marks %s provisional (working=%s) because no 2027 notice is published yet', (date, working, kind, name) => {
    expect(cal.day(date)).toEqual({ date, working, kind, provisional: true, ...(name ? { name } : {}) });
  });

  it('lists a range of days in order, both ends included', () => {
    const days = cal.days('2025-09-27', '2025-10-12');
    expect(days.map((d) => `${d.date.slice(5)}${d.working ? 'W' : '-'}`).join(' ')).toBe(
      '09-27- 09-28W 09-29W 09-30W 10-01- 10-02- 10-03- 10-04- 10-05- 10-06- 10-07- 10-08- 10-09W 10-10W 10-11W 10-12-',
    );
    expect(cal.days('2026-01-02', '2026-01-01')).toEqual([]);
  });

  it('refuses dates outside its tables instead of guessing', () => {
    expect(cal.firstDate).toBe('2000-01-01');
    expect(cal.lastDate).toBe('2040-12-31');
    expect(() => cal.day('1999-12-31')).toThrow(/outside the working calendar/);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(/invalid date/);
    expect(() => cal.add(at('2040-12-28T10:00'), 5, 'working_days')).toThrow(RangeError);
  });

  it('gives the local date of an instant at +08:00', () => {
    expect(cal.localDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
  });
});

describe('WorkCalendar.add in working days', () => {
  it.each<AddCase>([
    // The example: 10-08 Thu, 10-09 Fri, 10-10 adjusted Sat.
    ['国庆 2026: counts the adjusted Saturday as a full working day', '2026-09-30T17:00', 3, 'working_days', '2026-10-10T18:00:00+08:00'],
    ['国庆 2026: one day after the break ends is its first weekday', '2026-09-30T17:00', 1, 'working_days', '2026-10-08T18:00:00+08:00'],
    ['国庆+中秋 2025: the adjusted Sunday 09-28 is the first working day', '2025-09-26T15:00', 1, 'working_days', '2025-09-28T18:00:00+08:00'],
    ['国庆+中秋 2025: skips 10-01..10-08', '2025-09-26T15:00', 4, 'working_days', '2025-10-09T18:00:00+08:00'],
    ['国庆+中秋 2025: the adjusted Saturday 10-11 counts', '2025-09-26T15:00', 6, 'working_days', '2025-10-11T18:00:00+08:00'],
    ['国庆+中秋 2025: then Monday 10-13', '2025-09-26T15:00', 7, 'working_days', '2025-10-13T18:00:00+08:00'],
    ['春节 2026: the adjusted Saturday 02-14 is working day 2', '2026-02-12T10:00', 2, 'working_days', '2026-02-14T18:00:00+08:00'],
    ['春节 2026: 02-15..02-23 are skipped', '2026-02-12T10:00', 3, 'working_days', '2026-02-24T18:00:00+08:00'],
    ['春节 2026: the adjusted Saturday 02-28 counts', '2026-02-12T10:00', 7, 'working_days', '2026-02-28T18:00:00+08:00'],
    ['春节 2026: a start on a holiday counts from the next working day', '2026-02-18T10:00', 1, 'working_days', '2026-02-24T18:00:00+08:00'],
    ['劳动节 2026: skips 05-01..05-05', '2026-04-30T09:00', 1, 'working_days', '2026-05-06T18:00:00+08:00'],
    ['劳动节 2026: the adjusted Saturday 05-09 counts', '2026-04-30T09:00', 4, 'working_days', '2026-05-09T18:00:00+08:00'],
    ['year end 2024→2025: 元旦 2025-01-01 is skipped', '2024-12-31T10:00', 1, 'working_days', '2025-01-02T18:00:00+08:00'],
    ['year end 2024→2025: across the weekend and 元旦', '2024-12-27T19:00', 3, 'working_days', '2025-01-02T18:00:00+08:00'],
    ['a start before 09:00 still does not count its own day', '2026-03-02T08:00', 1, 'working_days', '2026-03-03T18:00:00+08:00'],
    ['a start at the 18:00 close does not count its own day', '2026-03-02T18:00', 1, 'working_days', '2026-03-03T18:00:00+08:00'],
    ['a start on a Saturday counts from Monday', '2026-03-07T10:00', 1, 'working_days', '2026-03-09T18:00:00+08:00'],
    ['a start at 23:30 is still the same local day', '2026-03-02T23:30', 1, 'working_days', '2026-03-03T18:00:00+08:00'],
    ['60 working days jump over 春节 2026 in one step', '2026-01-10T10:00', 60, 'working_days', '2026-04-10T18:00:00+08:00'],
    ['zero working days is the start itself', '2026-03-02T10:15', 0, 'working_days', '2026-03-02T10:15:00+08:00'],
    ['−1 from a close: the working day before it ends at its close', '2026-10-10T18:00', -1, 'working_days', '2026-10-09T18:00:00+08:00'],
    ['−1 before the close: that day is not yet a full working day', '2026-10-10T17:00', -1, 'working_days', '2026-10-08T18:00:00+08:00'],
    ['−2 back over 国庆 2026', '2026-10-08T18:00', -2, 'working_days', '2026-09-29T18:00:00+08:00'],
  ])('%s', (_label, start, amount, unit, due) => {
    const result = cal.add(at(start), amount, unit);
    expect(fmt(result.due)).toBe(due);
    expect(result.provisional).toBe(false);
  });

  it('explains the 国庆 2026 example: the start day, the counted days, the adjusted Saturday and the break', () => {
    const { explain } = cal.add(at('2026-09-30T17:00'), 3, 'working_days');
    expect(explain).toContain('3个工作日：起算日2026-09-30不计；依次计2026-10-08、2026-10-09、2026-10-10，其中2026-10-10为调休上班日');
    expect(explain).toContain('跳过2026-10-01至2026-10-07（国庆节）');
    expect(explain).toContain('3 working days: start day 2026-09-30 not counted');
    expect(explain).toContain('due 2026-10-10T18:00:00+08:00');
  });

  it('counts weekend days only as a number in the explanation of a long span', () => {
    const { explain } = cal.add(at('2026-01-10T10:00'), 60, 'working_days');
    expect(explain).toContain('2026-02-15至2026-02-23（春节）');
    expect(explain).toContain('其中2026-02-14、2026-02-28为调休上班日');
    expect(explain).toMatch(/周末\d+天/);
  });
});

describe('WorkCalendar.add in working hours', () => {
  it.each<AddCase>([
    // The example: 1.5 h Friday, then 09–12 and 13:00–16:30 on the adjusted Saturday.
    ['春节 2026: Friday 16:30 + 8 h ends on the adjusted Saturday', '2026-02-13T16:30', 8, 'working_hours', '2026-02-14T16:30:00+08:00'],
    ['a fractional amount is consumed to the minute', '2026-03-02T09:00', 1.25, 'working_hours', '2026-03-02T10:15:00+08:00'],
    ['the lunch break is skipped', '2026-03-02T11:45', 0.5, 'working_hours', '2026-03-02T13:15:00+08:00'],
    ['a start before 09:00 begins at 09:00', '2026-03-02T07:30', 2, 'working_hours', '2026-03-02T11:00:00+08:00'],
    ['a start at 12:00 begins at 13:00', '2026-03-02T12:00', 1, 'working_hours', '2026-03-02T14:00:00+08:00'],
    ['a start in the lunch break begins at 13:00', '2026-03-02T12:30', 1, 'working_hours', '2026-03-02T14:00:00+08:00'],
    ['a start at 18:00 begins next working morning', '2026-03-02T18:00', 1, 'working_hours', '2026-03-03T10:00:00+08:00'],
    ['landing exactly on 12:00 stays at 12:00, not 13:00', '2026-03-02T09:00', 3, 'working_hours', '2026-03-02T12:00:00+08:00'],
    ['landing exactly on 18:00 stays at 18:00, not next morning', '2026-03-02T13:00', 5, 'working_hours', '2026-03-02T18:00:00+08:00'],
    ['a whole working day from 09:00 ends at 18:00', '2026-03-02T09:00', 8, 'working_hours', '2026-03-02T18:00:00+08:00'],
    ['two whole working days end at the second close', '2026-03-02T09:00', 16, 'working_hours', '2026-03-03T18:00:00+08:00'],
    ['a start on a holiday begins after the break', '2026-10-03T10:00', 2, 'working_hours', '2026-10-08T11:00:00+08:00'],
    ['year end 2024→2025 skips 元旦', '2024-12-31T17:00', 2, 'working_hours', '2025-01-02T10:00:00+08:00'],
    ['480 h (60 working days) jump whole days through the prefix table', '2026-01-09T18:00', 480, 'working_hours', '2026-04-10T18:00:00+08:00'],
    ['back 1 h from 10:00 lands on 09:00, the start of the period', '2026-03-03T10:00', -1, 'working_hours', '2026-03-03T09:00:00+08:00'],
    ['back 2 h from 10:00 crosses to the previous afternoon', '2026-03-03T10:00', -2, 'working_hours', '2026-03-02T17:00:00+08:00'],
    ['back 1.5 h from 13:30 crosses the lunch break', '2026-03-03T13:30', -1.5, 'working_hours', '2026-03-03T11:00:00+08:00'],
  ])('%s', (_label, start, amount, unit, due) => {
    const result = cal.add(at(start), amount, unit);
    expect(fmt(result.due)).toBe(due);
    expect(result.provisional).toBe(false);
  });

  it('explains the 春节 example as 1.5 h on Friday and 6.5 h on the adjusted Saturday', () => {
    const { explain } = cal.add(at('2026-02-13T16:30'), 8, 'working_hours');
    expect(explain).toContain('2026-02-13计1.5小时，2026-02-14（调休上班）计6.5小时');
    expect(explain).toContain('2026-02-13 1.5 h, 2026-02-14 (adjusted workday) 6.5 h');
  });

  it('equals N working days when started at a close, because a working day is 8 working hours', () => {
    const start = at('2026-01-05T18:00');
    for (const n of [1, 5, 23, 60, 250]) {
      expect(fmt(cal.add(start, 8 * n, 'working_hours').due), `${n}`).toBe(fmt(cal.add(start, n, 'working_days').due));
    }
  });
});

describe('WorkCalendar.add in hours, days, months and years', () => {
  it.each<AddCase>([
    ['24 hours is elapsed time, holidays included', '2026-09-30T17:00', 24, 'hours', '2026-10-01T17:00:00+08:00'],
    ['1.5 hours is 90 minutes', '2026-09-30T17:00', 1.5, 'hours', '2026-09-30T18:30:00+08:00'],
    ['3 days is 72 hours, the same clock time', '2026-09-30T17:00', 3, 'days', '2026-10-03T17:00:00+08:00'],
    ['1 week written as 7 days', '2026-02-13T16:30', 7, 'days', '2026-02-20T16:30:00+08:00'],
    ['docs/grading.md#date-conventions: a grade of 2023-07-10 expires 3 years later', '2023-07-10T00:00', 3, 'years', '2026-07-10T00:00:00+08:00'],
    ['docs/grading.md#date-conventions: re-application is due 3 months before expiry', '2026-07-10T00:00', -3, 'months', '2026-04-10T00:00:00+08:00'],
    ['a month from 01-31 clamps to 02-28 and keeps the time', '2026-01-31T10:00', 1, 'months', '2026-02-28T10:00:00+08:00'],
    ['a year from 2024-02-29 clamps to 2025-02-28', '2024-02-29T09:30', 1, 'years', '2025-02-28T09:30:00+08:00'],
    ['a month is taken on the local date, not the UTC date', '2026-01-31T07:00', 1, 'months', '2026-02-28T07:00:00+08:00'],
  ])('%s', (_label, start, amount, unit, due) => {
    const result = cal.add(at(start), amount, unit);
    expect(fmt(result.due)).toBe(due);
    expect(result.provisional).toBe(false);
  });

  it('refuses fractional months and working days, which have no defined length', () => {
    expect(() => cal.add(at('2026-01-31T10:00'), 1.5, 'months')).toThrow(/whole number/);
    expect(() => cal.add(at('2026-01-31T10:00'), 0.5, 'working_days')).toThrow(/whole number/);
    expect(() => cal.add(at('2026-01-31T10:00'), Number.NaN, 'hours')).toThrow(/finite/);
    expect(() => cal.add(new Date('nope'), 1, 'hours')).toThrow(/valid Date/);
    expect(() => cal.add(at('2026-01-31T10:00'), 1, 'weeks' as DurationUnit)).toThrow(/unknown duration unit/);
  });
});

describe('WorkCalendar pauses', () => {
  it.each<[string, string, number, DurationUnit, Interval[], string]>([
    ['hours: a 3 h pause pushes the due 3 h out', '2026-03-02T10:00', 24, 'hours', [pause('2026-03-02T12:00', '2026-03-02T15:00')], '2026-03-03T13:00:00+08:00'],
    ['hours: only the part of a pause after the start counts', '2026-03-02T10:00', 24, 'hours', [pause('2026-03-02T09:00', '2026-03-02T11:00')], '2026-03-03T11:00:00+08:00'],
    ['hours: a pause after the due is ignored', '2026-03-02T10:00', 2, 'hours', [pause('2026-03-02T13:00', '2026-03-02T15:00')], '2026-03-02T12:00:00+08:00'],
    [
      'hours: the extension that meets a second pause is extended again',
      '2026-03-02T10:00',
      24,
      'hours',
      [pause('2026-03-02T12:00', '2026-03-02T15:00'), pause('2026-03-03T12:00', '2026-03-03T14:00')],
      '2026-03-03T15:00:00+08:00',
    ],
    ['days: a one-day pause makes 3 days end a day later', '2026-03-02T10:00', 3, 'days', [pause('2026-03-03T00:00', '2026-03-04T00:00')], '2026-03-06T10:00:00+08:00'],
    ['working hours: paused working time is not consumed', '2026-02-13T16:30', 8, 'working_hours', [pause('2026-02-14T09:00', '2026-02-14T10:00')], '2026-02-14T17:30:00+08:00'],
    ['working hours: a pause outside working hours costs nothing', '2026-02-13T16:30', 8, 'working_hours', [pause('2026-02-13T18:00', '2026-02-14T09:00')], '2026-02-14T16:30:00+08:00'],
    ['working hours: overlapping pauses count once', '2026-03-02T09:00', 2, 'working_hours', [pause('2026-03-02T09:00', '2026-03-02T10:00'), pause('2026-03-02T09:30', '2026-03-02T10:30')], '2026-03-02T13:30:00+08:00'],
    ['working days: a paused full working day extends by 8 working hours', '2026-09-30T17:00', 3, 'working_days', [pause('2026-10-08T09:00', '2026-10-08T18:00')], '2026-10-12T18:00:00+08:00'],
    ['working days: a 2 h pause extends into the next working morning', '2026-09-30T17:00', 3, 'working_days', [pause('2026-10-09T14:00', '2026-10-09T16:00')], '2026-10-12T11:00:00+08:00'],
    ['working days: a pause over holidays loses no working time', '2026-09-30T17:00', 3, 'working_days', [pause('2026-10-02T00:00', '2026-10-06T00:00')], '2026-10-10T18:00:00+08:00'],
    [
      'working days: the extension meeting a second pause is extended again',
      '2026-09-30T17:00',
      3,
      'working_days',
      [pause('2026-10-08T09:00', '2026-10-08T18:00'), pause('2026-10-12T09:00', '2026-10-12T12:00')],
      '2026-10-13T12:00:00+08:00',
    ],
    ['months: paused elapsed days extend the deadline', '2026-01-10T10:00', 1, 'months', [pause('2026-01-15T00:00', '2026-01-17T00:00')], '2026-02-12T10:00:00+08:00'],
    ['years: a pause before the start changes nothing', '2023-07-10T00:00', 3, 'years', [pause('2023-01-01T00:00', '2023-02-01T00:00')], '2026-07-10T00:00:00+08:00'],
  ])('%s', (_label, start, amount, unit, pauses, due) => {
    const result = cal.add(at(start), amount, unit, { pauses });
    expect(fmt(result.due)).toBe(due);
    expect(cal.between(at(start), result.due, unit, { pauses }).amount).toBe(amount);
  });

  it('says how much paused time was added in the explanation', () => {
    const { explain } = cal.add(at('2026-09-30T17:00'), 3, 'working_days', { pauses: [pause('2026-10-08T09:00', '2026-10-08T18:00')] });
    expect(explain).toContain('暂停期间8个工作小时不计时，截止顺延至2026-10-12T18:00:00+08:00');
    expect(explain).toContain('8 working hours fell in pauses');
  });

  it('refuses a pause that ends before it starts, naming it', () => {
    expect(() => cal.add(at('2026-03-02T10:00'), 1, 'hours', { pauses: [pause('2026-03-02T12:00', '2026-03-02T11:00')] })).toThrow(
      /pauses\[0\]: end is before start/,
    );
  });

  it('refuses pauses on a count of working days backwards, which has no defined extension', () => {
    expect(() => cal.add(at('2026-03-02T10:00'), -1, 'working_days', { pauses: [pause('2026-03-02T12:00', '2026-03-02T13:00')] })).toThrow(
      /forward in time/,
    );
  });
});

describe('WorkCalendar.between', () => {
  it.each<[string, string, string, DurationUnit, number]>([
    ['the third working day counts only from its 18:00 close', '2026-09-30T17:00', '2026-10-10T17:59', 'working_days', 2],
    ['the third working day counts at its 18:00 close', '2026-09-30T17:00', '2026-10-10T18:00', 'working_days', 3],
    ['holidays between two instants count for nothing', '2026-10-01T09:00', '2026-10-07T18:00', 'working_days', 0],
    ['the start day never counts, even from 08:00', '2026-03-02T08:00', '2026-03-02T18:00', 'working_days', 0],
    ['backwards is the negative of forwards', '2026-10-10T18:00', '2026-09-30T17:00', 'working_days', -3],
    ['working hours are fractional', '2026-02-13T16:30', '2026-02-14T16:30', 'working_hours', 8],
    ['working hours skip lunch', '2026-03-02T11:30', '2026-03-02T13:30', 'working_hours', 1],
    ['hours are elapsed time', '2026-03-02T11:30', '2026-03-02T13:15', 'hours', 1.75],
    ['days are elapsed 24 h units', '2026-03-02T12:00', '2026-03-05T00:00', 'days', 2.5],
    ['docs/grading.md#date-conventions: the day before the anniversary is still within 3 years', '2023-07-10T00:00', '2026-07-09T23:59', 'years', 2],
    ['docs/grading.md#date-conventions: on the anniversary the window has passed', '2023-07-10T00:00', '2026-07-10T00:00', 'years', 3],
    ['months count whole calendar months', '2026-01-31T10:00', '2026-02-28T10:00', 'months', 1],
    ['months backwards', '2026-07-10T00:00', '2026-04-10T00:00', 'months', -3],
  ])('%s', (_label, start, end, unit, amount) => {
    expect(cal.between(at(start), at(end), unit)).toEqual({ amount, provisional: false });
  });

  it('subtracts paused working time from working hours', () => {
    const r = cal.between(at('2026-02-13T16:30'), at('2026-02-14T16:30'), 'working_hours', {
      pauses: [pause('2026-02-14T08:00', '2026-02-14T10:00')],
    });
    expect(r.amount).toBe(7);
  });

  const starts = [
    '2026-09-30T17:00', // before a holiday break
    '2026-10-03T10:00', // on a holiday
    '2026-02-13T16:30', // before an adjusted Saturday
    '2026-02-14T12:00', // at lunch on the adjusted Saturday
    '2026-03-02T08:00', // before opening
    '2026-03-02T18:00', // at the close
    '2026-03-02T20:00', // after the close
    '2026-03-07T11:00', // Saturday
    '2024-12-31T17:30', // year end
    '2025-09-28T09:00', // adjusted Sunday
  ];
  const pauses = [pause('2026-03-03T10:00', '2026-03-04T15:00'), pause('2026-10-08T11:00', '2026-10-09T10:00')];

  it.each<[DurationUnit, number[], boolean]>([
    ['working_days', [0, 1, 2, 3, 5, 10, 60, 250, -1, -3, -60], false],
    ['working_days', [1, 3, 7, 60], true],
    ['working_hours', [0.25, 1, 1.5, 3, 8, 9.75, 40, 480, -0.5, -8, -13.25], false],
    ['working_hours', [0.25, 3, 8, 9.75, 40, -2, -9.5], true],
    ['hours', [1, 24, 72.5, -24], false],
    ['hours', [1, 24, 72.5, -24], true],
    ['days', [1, 3, 7, -7], true],
    ['months', [1, 3, 11, 12, -1, -3], false],
    ['months', [1, 3, 11], true],
    ['years', [1, 3, -3], false],
  ])('inverts add in %s for amounts %j (pauses: %s), so between(s, add(s, n).due) = n', (unit, amounts, withPauses) => {
    for (const start of starts) {
      for (const n of amounts) {
        const opts = withPauses ? { pauses } : undefined;
        const due = cal.add(at(start), n, unit, opts).due;
        expect(cal.between(at(start), due, unit, opts).amount, `${start} ${n} ${unit} → ${fmt(due)}`).toBe(n);
      }
    }
  });
});

describe('WorkCalendar horizon (provisional)', () => {
  it('marks a deadline that reaches into 2027 provisional and explains the assumption', () => {
    const result = cal.add(at('2026-12-30T10:00'), 3, 'working_days');
    expect(fmt(result.due)).toBe('2027-01-05T18:00:00+08:00'); // 2026-12-31, then 元旦 2027-01-01 off, 01-04, 01-05
    expect(result.provisional).toBe(true);
    expect(result.explain).toContain('自2027-01-01起为暂定结果：2027年放假安排尚未发布');
    expect(result.explain).toContain('no holiday notice published for 2027');
  });

  it('skips the assumed 春节 2027 (除夕 02-05 to 初三 02-08) with no adjusted weekend guessed', () => {
    const result = cal.add(at('2027-02-03T10:00'), 3, 'working_days');
    expect(fmt(result.due)).toBe('2027-02-10T18:00:00+08:00');
    expect(result.provisional).toBe(true);
    expect(cal.between(at('2027-02-03T10:00'), result.due, 'working_days')).toEqual({ amount: 3, provisional: true });
    expect(cal.add(at('2026-12-31T17:00'), 2, 'working_hours')).toMatchObject({ provisional: true });
  });

  it('stays definite when the span ends on the last published day', () => {
    expect(cal.add(at('2026-12-28T10:00'), 3, 'working_days')).toMatchObject({ provisional: false });
    expect(cal.between(at('2026-12-28T10:00'), at('2026-12-31T18:00'), 'working_days').provisional).toBe(false);
  });

  it('never marks calendar-time units provisional, because they do not depend on the holiday schedule', () => {
    expect(cal.add(at('2026-12-30T10:00'), 5, 'days').provisional).toBe(false);
    expect(cal.add(at('2026-12-30T10:00'), 2, 'years').provisional).toBe(false);
  });

  it('takes the last published date from the contiguous run of years, so a gap year is provisional', () => {
    const years = loadShippedYears().filter((y) => y.year !== 2025);
    const gap = new WorkCalendar({ years });
    expect(gap.lastPublishedDate).toBe('2024-12-31');
    expect(gap.day('2025-10-08')).toMatchObject({ working: true, provisional: true }); // notice said off
    expect(gap.day('2025-10-02')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节', provisional: true });
    expect(gap.day('2026-10-10')).toMatchObject({ working: true, kind: 'adjusted_workday', provisional: false });
  });

  it('treats an unpublished year before 2025 as plain Monday–Friday', () => {
    expect(cal.day('2019-10-01')).toEqual({ date: '2019-10-01', working: true, kind: 'workday', provisional: true });
  });
});

describe('WorkCalendar overrides and settings', () => {
  it('lets an override make a holiday a working day, which beats the notice', () => {
    const withOverride = new WorkCalendar({
      years: loadShippedYears(),
      overrides: [{ date: '2026-10-05', working: true, note: '值班' }],
    });
    expect(withOverride.day('2026-10-05')).toEqual({ date: '2026-10-05', working: true, kind: 'override', name: '值班', provisional: false });
    expect(fmt(withOverride.add(at('2026-09-30T17:00'), 1, 'working_days').due)).toBe('2026-10-05T18:00:00+08:00');
  });

  it('lets an override make a working day a day off, which moves deadlines', () => {
    const withOverride = new WorkCalendar({
      years: loadShippedYears(),
      overrides: [{ date: '2026-10-08', working: false, note: '停电' }],
    });
    expect(withOverride.isWorkingDay('2026-10-08')).toBe(false);
    const result = withOverride.add(at('2026-09-30T17:00'), 3, 'working_days');
    expect(fmt(result.due)).toBe('2026-10-12T18:00:00+08:00');
    expect(result.explain).toContain('停电');
  });

  it('makes an overridden day in the horizon definite', () => {
    const withOverride = new WorkCalendar({ years: loadShippedYears(), overrides: [{ date: '2027-02-09', working: false }] });
    expect(withOverride.day('2027-02-09')).toEqual({ date: '2027-02-09', working: false, kind: 'override', provisional: false });
  });

  it('uses the configured periods and offset for working hours', () => {
    const utc = new WorkCalendar({
      years: loadShippedYears(),
      settings: { utcOffsetMinutes: 0, periods: [{ start: '08:30', end: '17:30' }] },
    });
    expect(utc.settings).toEqual({ utcOffsetMinutes: 0, periods: [{ start: '08:30', end: '17:30' }] });
    expect(utc.add(new Date('2026-09-30T17:00:00Z'), 3, 'working_days').due.toISOString()).toBe('2026-10-10T17:30:00.000Z');
    expect(utc.add(new Date('2026-03-02T16:30:00Z'), 2, 'working_hours').due.toISOString()).toBe('2026-03-03T09:30:00.000Z');
  });

  it('defaults to +08:00 with 09:00–12:00 and 13:00–18:00', () => {
    expect(cal.settings).toEqual({
      utcOffsetMinutes: 480,
      periods: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
    });
  });

  it.each([
    ['periods overlap', { periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '18:00' }] }, /periods\[1\]/],
    ['a period ends before it starts', { periods: [{ start: '18:00', end: '09:00' }] }, /periods\[0\]/],
    ['there is no period', { periods: [] }, /at least one/],
    ['the offset is not whole minutes in range', { utcOffsetMinutes: 900 }, /utcOffsetMinutes/],
  ])('refuses settings where %s', (_label, settings, message) => {
    expect(() => new WorkCalendar({ years: loadShippedYears(), settings })).toThrow(message);
  });

  it('refuses an invalid or repeated notice file at construction, naming the year and field', () => {
    const years = loadShippedYears();
    years[6].holidays[0].end = '2026-02-30';
    expect(() => new WorkCalendar({ years })).toThrow(/calendar year 2026 is invalid: holidays\[0\]\.end/);
    expect(() => new WorkCalendar({ years: [...loadShippedYears(), loadShippedYears()[0]] })).toThrow(/2020 is given twice/);
    expect(() => new WorkCalendar({ years: loadShippedYears(), overrides: [{ date: '2026-13-01', working: true }] })).toThrow(/invalid date/);
  });

  it('works without any published year as a provisional Monday–Friday calendar with statutory holidays', () => {
    const bare = new WorkCalendar({ years: [] });
    expect(bare.lastPublishedDate).toBe('1999-12-31');
    expect(bare.day('2026-10-01')).toMatchObject({ working: false, kind: 'holiday', provisional: true });
    expect(bare.add(at('2026-03-02T10:00'), 1, 'working_days')).toMatchObject({ provisional: true });
  });
});
