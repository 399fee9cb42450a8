import { describe, expect, it } from 'vitest';
import { monthGrid, noticeYear, parseNoticeText } from './calendar-utils';

describe('monthGrid', () => {
  it.each([
    // year, month, weeks, first row, last row — the grid starts on Monday
    [2026, 10, 5, [null, null, null, '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'], ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', null]],
    [2026, 2, 5, [null, null, null, null, null, null, '2026-02-01'], ['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', null]],
    [2026, 3, 6, [null, null, null, null, null, null, '2026-03-01'], ['2026-03-30', '2026-03-31', null, null, null, null, null]],
    [2024, 2, 5, [null, null, null, '2024-02-01', '2024-02-02', '2024-02-03', '2024-02-04'], ['2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29', null, null, null]],
  ])('lays out %i-%i Monday first in %i weeks', (year, month, weeks, first, last) => {
    const grid = monthGrid(year, month);
    expect(grid).toHaveLength(weeks);
    expect(grid[0]).toEqual(first);
    expect(grid[grid.length - 1]).toEqual(last);
    expect(grid.every((w) => w.length === 7)).toBe(true);
  });
});

describe('parseNoticeText / noticeYear', () => {
  it.each([
    ['{"year": 2027, "holidays": []}', true, 2027],
    ['{"year": "2027"}', true, undefined],
    ['[1, 2]', true, undefined],
    ['{year: 2027}', false, undefined],
    ['', false, undefined],
  ])('reads %j as ok=%s with year %s', (text, ok, year) => {
    const r = parseNoticeText(text);
    expect(r.ok).toBe(ok);
    expect(r.ok ? noticeYear(r.value) : undefined).toBe(year);
  });
});
