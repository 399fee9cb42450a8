import { describe, expect, it } from 'vitest';
import { isSimilar, jaccard, similarScore, similarity, trigrams } from './trigram';

describe('trigrams', () => {
  it.each([
    ['', []],
    ['  ', []],
    ['ab', [' ab', 'ab ']],
    ['螺纹不良', [' 螺纹', '螺纹不', '纹不良', '不良 ']],
    ['A-b', [' a ', 'a b', ' b ']],
  ])('cuts %j into padded code-point windows', (text, want) => {
    expect([...trigrams(text)].sort()).toEqual([...want].sort());
  });

  it('normalises full-width letters and case', () => {
    expect(trigrams('ＡＢＣ')).toEqual(trigrams('abc'));
  });
});

describe('similarity', () => {
  it.each([
    ['identical texts', '螺纹牙纹不良，通规不过', '螺纹牙纹不良，通规不过', 1],
    ['nothing in common', '螺纹不良', '包装破损', 0],
    ['two empty texts', '', '', 0],
  ])('%s', (_n, a, b, want) => {
    expect(similarity(a, b)).toBe(want);
  });

  it('ranks a close rewording above an unrelated complaint', () => {
    const q = '螺纹牙纹不良，通规不过';
    expect(similarity(q, '牙纹不良 通规不过')).toBeGreaterThan(0.4);
    expect(similarity(q, '主轴断裂')).toBe(0);
  });

  it('is symmetric', () => {
    expect(jaccard(trigrams('面粉有异物'), trigrams('面粉中发现异物'))).toBe(jaccard(trigrams('面粉中发现异物'), trigrams('面粉有异物')));
  });
});

describe('similarScore', () => {
  const none = { sameCustomer: false, sameProduct: false, sameBatch: false, text: 0 };
  it('weighs batch over customer over product, text up to half', () => {
    expect(similarScore({ ...none, sameBatch: true })).toBe(0.25);
    expect(similarScore({ ...none, sameCustomer: true })).toBe(0.15);
    expect(similarScore({ ...none, sameProduct: true })).toBe(0.1);
    expect(similarScore({ sameBatch: true, sameCustomer: true, sameProduct: true, text: 1 })).toBe(1);
  });

  it('shows a candidate sharing nothing only when its text is close enough', () => {
    expect(isSimilar({ ...none, text: 0.19 })).toBe(false);
    expect(isSimilar({ ...none, text: 0.2 })).toBe(true);
    expect(isSimilar({ ...none, sameProduct: true })).toBe(true);
  });
});
