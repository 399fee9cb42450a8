import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendar, toEpochDay } from '../calendar';
import { cellsOf, factsOf, planBuckets, quarterOf, rollupDay, rollupDelta, type RollupBucket, type RollupWorkOrder } from './rollups';

const WO: RollupWorkOrder = {
  unit_path: '/c/',
  department_path: null,
  receiving_unit_path: '/c/cc/',
  kind: 'complaint',
  channel: 'phone',
  severity: null,
  department_id: null,
  product_code: 'P1',
  customer_key: 'c-1',
  customer_name: '客户',
  problem_category: '短装',
  status: 'received',
  received_at: '2026-02-28T17:00:00.000Z',
  received_month: '2026-03',
};

/** How many times each local day is counted by the buckets (days of a month bucket and of a quarter bucket included). */
function coverage(bs: RollupBucket[], lo: string, hi: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let d = lo; d <= hi; d = addCalendar(d, 1, 'days')) {
    let n = 0;
    for (const b of bs) {
      const p = b.grain === 'd' ? d : b.grain === 'm' ? d.slice(0, 7) : quarterOf(d);
      if (p >= b.lo && p <= b.hi && (b.grain !== 'q' || p.length === b.lo.length)) n += b.sign;
    }
    m.set(d, n);
  }
  return m;
}

describe('rollup buckets (docs/performance.md "Reports from rollups")', () => {
  it.each<[string, string, RollupBucket[]]>([
    ['2026-03-02', '2026-03-02', [{ grain: 'd', lo: '2026-03-02', hi: '2026-03-02', sign: 1 }]],
    ['2026-01-01', '2026-12-31', [{ grain: 'q', lo: '2026-Q1', hi: '2026-Q4', sign: 1 }]],
    [
      '2025-12-07',
      '2026-12-07',
      [
        { grain: 'm', lo: '2025-12', hi: '2025-12', sign: 1 },
        { grain: 'd', lo: '2025-12-01', hi: '2025-12-06', sign: -1 },
        { grain: 'q', lo: '2026-Q1', hi: '2026-Q3', sign: 1 },
        { grain: 'm', lo: '2026-10', hi: '2026-11', sign: 1 },
        { grain: 'd', lo: '2026-12-01', hi: '2026-12-07', sign: 1 },
      ],
    ],
  ])('%s … %s', (from, to, expected) => {
    expect(planBuckets(from, to)).toEqual(expected);
  });

  it('reads months where the dimension has no quarter rows', () => {
    expect(planBuckets('2026-01-01', '2026-06-30', false)).toEqual([{ grain: 'm', lo: '2026-01', hi: '2026-06', sign: 1 }]);
  });

  it('counts every day of the period once and no day outside it', () => {
    const day = fc.integer({ min: toEpochDay('2024-11-01'), max: toEpochDay('2027-02-28') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), fc.boolean(), (start, len, quarters) => {
        const from = addCalendar('1970-01-01', start, 'days');
        const to = addCalendar(from, len, 'days');
        const bs = planBuckets(from, to, quarters);
        if (!quarters) expect(bs.every((b) => b.grain !== 'q')).toBe(true);
        const cov = coverage(bs, addCalendar(from, -100, 'days'), addCalendar(to, 100, 'days'));
        for (const [d, n] of cov) expect(n, d).toBe(d >= from && d <= to ? 1 : 0);
      }),
      { seed: 20261207, numRuns: 150 },
    );
  });
});

describe('rollup facts', () => {
  it('counts the day of receipt in China time and the month the intake recorded', () => {
    expect(rollupDay(WO.received_at)).toBe('2026-03-01');
    const facts = factsOf(WO, [{ name: 'reply', state: 'paused' }], [{ event: 'callback_satisfied', at: '2026-03-05T01:00:00.000Z' }]);
    expect(facts).toContainEqual({ day: '2026-03-01', dim: 'deadline', value: 'reply', label: 'open' });
    expect(facts).toContainEqual({ day: '2026-03-05', dim: 'callback', value: 'satisfied', label: '' });
    expect(facts).toContainEqual({ day: '2026-03-01', dim: 'repeat', value: 'P1', label: '短装' });
    expect(facts.some((f) => f.dim === 'overdue')).toBe(false);
  });

  it('leaves invalid work orders out of repeats and counts open ones with a missed deadline as overdue', () => {
    expect(factsOf({ ...WO, status: 'invalid' }, [], []).some((f) => f.dim === 'repeat')).toBe(false);
    expect(factsOf(WO, [{ name: 'reply', state: 'missed' }], []).filter((f) => f.dim === 'overdue')).toEqual([{ day: null, dim: 'overdue', value: '', label: '' }]);
    expect(factsOf({ ...WO, status: 'closed' }, [{ name: 'reply', state: 'missed' }], []).some((f) => f.dim === 'overdue')).toBe(false);
  });

  it('moves every count to the new scope when the work order is dispatched', () => {
    const before = cellsOf(WO, factsOf(WO, [], []));
    const moved = { ...WO, department_path: '/c/d/', department_id: 'd' };
    const delta = rollupDelta(before, cellsOf(moved, factsOf(moved, [], [])));
    expect(delta.filter((d) => d.n < 0).every((d) => d.cell.scope === '/c/||/c/cc/')).toBe(true);
    // The whole-unit rows of products, customers and repeats do not move, except the department's own count.
    expect(delta.some((d) => d.cell.scope === '/c/|*')).toBe(false);
    expect(rollupDelta(before, before)).toEqual([]);
  });
});
