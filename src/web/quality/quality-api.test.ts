import { describe, expect, it } from 'vitest';
import { cumulativeShares } from './quality-api';

describe('cumulativeShares', () => {
  it('runs up to 100 % over the bars, in order', () => {
    expect(cumulativeShares([{ count: 2 }, { count: 1 }])).toEqual([66.7, 100]);
    expect(cumulativeShares([])).toEqual([]);
  });
});
