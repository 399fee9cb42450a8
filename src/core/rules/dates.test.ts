import { describe, expect, it } from 'vitest';
import { addPeriod, isValidDate, windowCutoff } from './dates';
import type { Period } from './types';

describe('dates', () => {
  it.each([
    ['2025-08-31', { months: 6 }, '2026-02-28'],
    ['2024-02-29', { years: 1 }, '2025-02-28'],
    ['2023-07-10', { years: 3 }, '2026-07-10'],
    ['2025-12-31', { days: 1 }, '2026-01-01'],
    ['2024-03-01', { days: -1 }, '2024-02-29'],
    ['2025-01-31', { months: 1 }, '2025-02-28'],
  ] as [string, Period, string][])('adds calendar periods with month-end clamping: %s + %o = %s', (d, p, want) => {
    expect(addPeriod(d, p)).toBe(want);
  });

  it.each([
    ['2026-03-02', { years: 1 }, '2025-03-02'],
    ['2026-02-28', { months: 6 }, '2025-08-31'],
    ['2026-02-27', { months: 6 }, '2025-08-27'],
    ['2025-02-28', { years: 1 }, '2024-02-29'],
    ['2026-03-30', { months: 1 }, '2026-02-28'],
    ['2026-03-01', { days: 1 }, '2026-02-28'],
  ] as [string, Period, string][])('puts the window cutoff for %s minus %o at %s', (asOf, p, want) => {
    expect(windowCutoff(asOf, p)).toBe(want);
  });

  it('agrees with "asOf < event + period" for every event and as-of date over four years', () => {
    const periods: Period[] = [{ years: 1 }, { years: 2 }, { years: 3 }, { months: 6 }, { months: 1 }, { days: 30 }];
    const dates: string[] = [];
    for (let d = '2023-01-01'; d <= '2026-12-31'; d = addPeriod(d, { days: 1 })) dates.push(d);
    const mismatches: string[] = [];
    for (const p of periods) {
      const ends = dates.map((e) => addPeriod(e, p));
      for (let i = 365; i < dates.length; i += 2) {
        const asOf = dates[i];
        const cut = windowCutoff(asOf, p);
        for (let j = 0; j <= i; j++) {
          if (dates[j] > cut !== asOf < ends[j]) mismatches.push(`${dates[j]} ${JSON.stringify(p)} ${asOf}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-04-31', '', 20260101])('rejects %s as a calendar date', (d) => {
    expect(isValidDate(d)).toBe(false);
  });

  it('accepts a leap day', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
  });
});
