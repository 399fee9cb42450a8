import { describe, expect, it } from 'vitest';
import { deriveFacts, packFacts, severityRank } from './severity';

describe('deriveFacts (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity)', () => {
  it.each([
    ['the recorded rate wins', { defectRate: 0.4, lotSize: 100, defectCount: 1, earlierSameProblemThisMonth: 0 }, { defectRate: 0.4, sameProblemCountThisMonth: 1, repeatedThisMonth: false }],
    ['count ÷ lot', { lotSize: 200, defectCount: 70, earlierSameProblemThisMonth: 0 }, { defectRate: 0.35, sameProblemCountThisMonth: 1, repeatedThisMonth: false }],
    ['no rate without a lot', { defectCount: 5, earlierSameProblemThisMonth: 2 }, { sameProblemCountThisMonth: 3, repeatedThisMonth: true }],
    ['zero defects', { lotSize: 10, defectCount: 0, earlierSameProblemThisMonth: 1 }, { defectRate: 0, sameProblemCountThisMonth: 2, repeatedThisMonth: true }],
  ])('%s', (_n, rec, facts) => {
    expect(deriveFacts(rec)).toEqual(facts);
  });
});

describe('packFacts', () => {
  const derive = { defectRate: 'defectRate', sameProblemCountThisMonth: 'sameProblemCountThisMonth', repeated: 'repeatedThisMonth' } as const;
  it('passes derived values only under facts the pack declares, and the caller’s facts as given', () => {
    const out = packFacts(derive, { defectRate: 0.1, sameProblemCountThisMonth: 3, repeatedThisMonth: true }, { functionalFailure: true }, ['defectRate', 'sameProblemCountThisMonth', 'functionalFailure']);
    expect(out).toEqual({ functionalFailure: true, defectRate: 0.1, sameProblemCountThisMonth: 3 });
  });
  it('lets the record win over a typed-in derived fact', () => {
    expect(packFacts(derive, { defectRate: 0.1 }, { defectRate: 0.9 }, ['defectRate'])).toEqual({ defectRate: 0.1 });
  });
});

describe('severityRank', () => {
  it.each([
    ['严重', 3],
    ['批量', 2],
    ['一般', 1],
    [null, 0],
    ['unknown', 0],
  ] as const)('ranks %s as %i', (level, rank) => {
    expect(severityRank(['严重', '批量'], '一般', level)).toBe(rank);
  });
});
