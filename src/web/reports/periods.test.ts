import { describe, expect, it } from 'vitest';
import { monthOf, quarterOf, rate } from './periods';

describe('report periods', () => {
  it.each([
    ['2026-01-01', '2026-01', '2026-Q1'],
    ['2026-03-31', '2026-03', '2026-Q1'],
    ['2026-04-01', '2026-04', '2026-Q2'],
    ['2026-12-31', '2026-12', '2026-Q4'],
  ])('%s falls in month %s and quarter %s because quarters are calendar quarters', (d, m, q) => {
    expect(monthOf(d)).toBe(m);
    expect(quarterOf(d)).toBe(q);
  });

  it('shows a rate with one decimal and a dash when nothing was due', () => {
    expect(rate(1)).toBe('100%');
    expect(rate(2 / 3)).toBe('66.7%');
    expect(rate(null)).toBe('—');
  });
});
