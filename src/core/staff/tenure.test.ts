import { describe, expect, it } from 'vitest';
import { tenureMonths } from './tenure';

describe('tenureMonths (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels 来店时间)', () => {
  it.each([
    ['2026-01-10', '2026-01-10', 0, 'the hiring day itself is no tenure'],
    ['2026-01-10', '2025-12-01', 0, 'an as-of date before hiring is clamped to 0'],
    ['2026-01-10', '2026-04-10', 3, 'the third monthly anniversary is exactly 3 months'],
    ['2026-01-10', '2026-04-09', 2.96, 'one day before the anniversary is still under 3'],
    ['2026-01-31', '2026-02-28', 1, 'a month-end hire reaches a month on the clamped last day'],
    ['2025-03-01', '2026-03-01', 12, 'a year is 12 months'],
    ['2025-03-01', '2026-03-16', 12.48, 'half a March past a year is 12 and a fraction'],
  ])('hired %s, as of %s → %s months (%s)', (hired, asOf, months) => {
    expect(tenureMonths(hired, asOf)).toBe(months);
  });
});
