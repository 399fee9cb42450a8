import { describe, expect, it } from 'vitest';
import { loadShippedYears } from './shipped';
import type { CalendarYearFile } from './types';
import { validateCalendarYear } from './validate';

const year2026 = (): CalendarYearFile => structuredClone(loadShippedYears().find((y) => y.year === 2026)!);

function errorsOf(input: unknown) {
  return validateCalendarYear(input).issues.filter((i) => i.severity === 'error');
}

describe('validateCalendarYear', () => {
  it('accepts every shipped notice file without errors, warning only on 2020 whose 春节 was extended', () => {
    for (const file of loadShippedYears()) {
      const result = validateCalendarYear(file);
      expect(result.ok, `${file.year}`).toBe(true);
      const warnings = result.issues.filter((i) => i.severity === 'warning');
      if (file.year === 2020) {
        expect(warnings).toHaveLength(1);
        expect(warnings[0].message).toMatch(/= 13, expected 11/);
      } else {
        expect(warnings, `${file.year}`).toEqual([]);
      }
    }
  });

  it('returns a clean copy of a valid file, keeping notes and dropping unknown fields with a warning', () => {
    const input = { ...year2026(), comment: 'typed by hand' };
    const result = validateCalendarYear(input);
    expect(result.ok).toBe(true);
    expect(result.year).toEqual(year2026());
    expect(result.year).not.toHaveProperty('comment');
    expect(result.issues).toEqual([{ path: 'comment', message: 'unknown field "comment" is ignored', severity: 'warning' }]);
  });

  it('accepts a 元旦 range that begins in December of the previous year, as the 2023 notice wrote it', () => {
    const file2023 = loadShippedYears().find((y) => y.year === 2023)!;
    expect(file2023.holidays[0]).toMatchObject({ name: '元旦', start: '2022-12-31', end: '2023-01-02' });
    expect(validateCalendarYear(file2023).ok).toBe(true);
  });

  type Case = [string, (f: CalendarYearFile) => unknown, string, RegExp];
  it.each<Case>([
    ['the input is not an object', () => 'nope', '', /expected an object/],
    ['year is not a whole number', (f) => ({ ...f, year: '2026' }), 'year', /whole number/],
    ['source is missing', (f) => ({ ...f, source: undefined }), 'source', /source must be an object/],
    ['docNo is empty', (f) => ({ ...f, source: { ...f.source, docNo: '' } }), 'source.docNo', /non-empty/],
    ['holidays is not a list', (f) => ({ ...f, holidays: {} }), 'holidays', /must be a list/],
    [
      'a date does not exist',
      (f) => ({ ...f, holidays: [{ name: '春节', start: '2026-02-15', end: '2026-02-30' }] }),
      'holidays[0].end',
      /not a real date/,
    ],
    [
      'a date is outside the year',
      (f) => ({ ...f, workdays: [...f.workdays, { date: '2025-10-11', name: '国庆节' }] }),
      'workdays[6].date',
      /outside 2026/,
    ],
    [
      'a range ends before it starts',
      (f) => ({ ...f, holidays: [{ name: '国庆节', start: '2026-10-07', end: '2026-10-01' }] }),
      'holidays[0]',
      /before start/,
    ],
    [
      'two holiday ranges overlap',
      (f) => ({ ...f, holidays: [...f.holidays, { name: '中秋节', start: '2026-10-01', end: '2026-10-01' }] }),
      'holidays[7]',
      /overlaps holidays\[6\] on 2026-10-01/,
    ],
    [
      'a day is both off and working',
      (f) => ({ ...f, workdays: [...f.workdays, { date: '2026-10-03', name: '国庆节' }] }),
      'workdays[6]',
      /both a day off/,
    ],
    [
      'an adjusted workday is listed twice',
      (f) => ({ ...f, workdays: [...f.workdays, { date: '2026-10-10', name: '国庆节' }] }),
      'workdays[6]',
      /repeats workdays\[5\]/,
    ],
    ['a workday has no name', (f) => ({ ...f, workdays: [{ date: '2026-10-10' }] }), 'workdays[0].name', /non-empty/],
  ])('refuses the file when %s', (_label, mutate, path, message) => {
    const result = validateCalendarYear(mutate(year2026()));
    expect(result.ok).toBe(false);
    expect(result.year).toBeUndefined();
    expect(errorsOf(mutate(year2026()))).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  });

  it('warns but accepts when weekday days off minus adjusted workdays is not 13 from 2025', () => {
    const f = year2026();
    f.workdays = f.workdays.slice(1); // drop 2026-01-04: 14 net days off
    const result = validateCalendarYear(f);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'holidays', severity: 'warning', message: expect.stringMatching(/= 14, expected 13 for 2026/) }),
    ]);
  });

  it('expects 11 statutory days before 2025, so a 2024 file with 13 is flagged', () => {
    const f = loadShippedYears().find((y) => y.year === 2024)!;
    f.holidays.push({ name: '测试', start: '2024-03-04', end: '2024-03-05' });
    const result = validateCalendarYear(f);
    expect(result.ok).toBe(true);
    expect(result.issues[0].message).toMatch(/= 13, expected 11 for 2024/);
  });

  it('warns about an adjusted workday that is already a weekday, since 调休 swaps a weekend day', () => {
    const f = year2026();
    f.workdays.push({ date: '2026-03-03', name: '测试' });
    const result = validateCalendarYear(f);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'workdays[6]', severity: 'warning', message: expect.stringMatching(/Monday–Friday already/) }),
      expect.objectContaining({ path: 'holidays', severity: 'warning', message: expect.stringMatching(/= 12, expected 13/) }),
    ]);
  });
});
