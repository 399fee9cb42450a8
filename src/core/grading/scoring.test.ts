import { describe, expect, it } from 'vitest';
import { displayScore, itemEarned, partScore, rescaledScore, validateWeights, weightedTotal } from './scoring';

describe('itemEarned (docs/grading.md#scoring-templates: deductions floor at 0)', () => {
  it.each([
    { standard: 10, deductions: [], expected: 10 },
    { standard: 10, deductions: [{ points: 1 }, { points: 2 }], expected: 7 },
    { standard: 5, deductions: [{ points: 3 }, { points: 3 }], expected: 0 },
    { standard: 5, deductions: [{ points: 1 }, { points: null }], expected: 0 },
  ])('standard $standard with $deductions.length findings earns $expected', ({ standard, deductions, expected }) => {
    expect(itemEarned(standard, deductions)).toBe(expected);
  });
});

describe('partScore (缺项 items leave both sums)', () => {
  const items = [
    { id: 'a', standardScore: 40 },
    { id: 'b', standardScore: 30 },
    { id: 'c', standardScore: 30 },
  ];
  it.each([
    { name: 'all applicable, no findings', entries: [], score: 100 },
    { name: 'c not applicable, a loses 10', entries: [{ itemId: 'a', deductions: [{ points: 10 }] }, { itemId: 'c', notApplicable: true }], score: (60 / 70) * 100 },
    { name: 'b zeroed by 不得分', entries: [{ itemId: 'b', deductions: [{ points: null }] }], score: 70 },
  ])('$name → $score', ({ entries, score }) => {
    expect(partScore(items, entries).score).toBeCloseTo(score, 10);
  });
  it('returns null when every item is 缺项, so the part drops out', () => {
    expect(partScore(items, items.map((i) => ({ itemId: i.id, notApplicable: true }))).score).toBeNull();
  });
  it('rescales like the metal/non-metal scheme: 2508 ÷ (4000 − 343) × 100 = 68.58', () => {
    expect(displayScore(rescaledScore(2508, 4000, 343))).toBe('68.58');
  });
});

describe('weightedTotal (re-weighting when a part is wholly not applicable)', () => {
  const parts = [
    { id: 'x', weight: 0.5 },
    { id: 'y', weight: 0.3 },
    { id: 'z', weight: 0.2 },
  ];
  it.each([
    { name: 'all parts scored', scores: { x: 90, y: 80, z: 70 }, total: 83 },
    { name: 'z drops out, x and y re-weighted 5:3', scores: { x: 90, y: 80, z: null }, total: (0.5 * 90 + 0.3 * 80) / 0.8 },
  ])('$name → $total', ({ scores, total }) => {
    expect(weightedTotal(parts, scores).total).toBeCloseTo(total, 10);
  });
  it('gives no total while a weight is missing, instead of inventing one', () => {
    const r = weightedTotal([{ id: 'x', weight: null }, { id: 'y', weight: 1 }], { x: 90, y: 90 });
    expect(r.total).toBeNull();
    expect(r.missingWeights).toEqual(['x']);
  });
});

describe('validateWeights (weights sum to 1)', () => {
  it.each([
    { weights: [0.5, 0.5], ok: true },
    { weights: [0.1, 0.2, 0.7], ok: true },
    { weights: [0.5, 0.4], ok: false },
    { weights: [0.5, null], ok: false },
  ])('$weights → valid: $ok', ({ weights, ok }) => {
    expect(validateWeights(weights.map((w, i) => ({ id: `p${i}`, weight: w }))).length === 0).toBe(ok);
  });
});

describe('displayScore (two decimals, half up)', () => {
  it.each([
    { x: 89.995, s: '90.00' },
    { x: 89.994, s: '89.99' },
    { x: 1.005, s: '1.01' },
    { x: 70, s: '70.00' },
  ])('$x → $s', ({ x, s }) => expect(displayScore(x)).toBe(s));
});
