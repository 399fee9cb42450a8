// The shipped complaint-severity packs: 客诉程度预案 cl. 1–2 and 顾客抱怨办法 cl. 4.2 (docs/workorders.md#severity).
import { describe, expect, it } from 'vitest';
import { evaluate } from './compile';
import { shippedPack } from './shipped';
import { validateFacts } from './facts';

describe('complaint-severity-pedal pack', () => {
  const pack = shippedPack('complaint-severity-pedal')!;
  const level = (f: Record<string, unknown>) => evaluate(pack, f, '2026-05-20').level;

  it.each([
    ['一般 for a defect rate of 0.2999 (below 30 %)', { defectRate: 0.2999 }, '一般'],
    ['批量 for a defect rate of exactly 0.30', { defectRate: 0.3 }, '批量'],
    ['批量 for a defect rate of 0.3001', { defectRate: 0.3001 }, '批量'],
    ['批量 when the lot cannot go on the line without full inspection or exchange', { defectRate: 0.05, lineStopped: true }, '批量'],
    ['严重 when functional requirements are not met', { defectRate: 0.01, functionalFailure: true }, '严重'],
    ['严重 when later orders are harmed', { affectsFutureOrders: true }, '严重'],
    ['not 严重 for the 2nd same problem this month', { sameProblemCountThisMonth: 2 }, '一般'],
    ['严重 for the 3rd same problem this month', { sameProblemCountThisMonth: 3 }, '严重'],
    ['严重 over 批量 when both hold', { defectRate: 0.5, sameProblemCountThisMonth: 4 }, '严重'],
    ['一般 when nothing is recorded (a missing defect rate never reaches 30 %)', {}, '一般'],
  ])('%s', (_name, facts, want) => {
    expect(level(facts)).toBe(want);
  });

  it('shows the unrounded rate when rounding would contradict the verdict', () => {
    const r = evaluate(pack, { defectRate: 0.2999 }, '2026-05-20');
    expect(r.refused[1]).toEqual({
      level: '批量',
      reasons: [
        {
          ok: false,
          path: 'levels[1].when',
          zh: '以下条件均不成立：不良率 0.2999 ≥ 0.3 不成立；整批无法正常上线（需全检或调换）：否（要求：是）',
          en: 'none of these holds: defect rate 0.2999 is not ≥ 0.3; lot cannot go on the line without full inspection or exchange: no (required: yes)',
        },
      ],
    });
  });

  it('explains 严重 by the alternatives that held', () => {
    const r = evaluate(pack, { sameProblemCountThisMonth: 3, functionalFailure: true }, '2026-05-20');
    expect(r.explain.map((x) => [x.path, x.zh])).toEqual([
      ['levels[0].when.any[0]', '功能性能无法满足客户要求：是'],
      ['levels[0].when.any[2]', '当月同一问题发生次数（含本次） 3 ≥ 3'],
    ]);
  });

  it('rejects a defect rate given as a percentage', () => {
    expect(validateFacts(pack, { defectRate: 30 })).toEqual([{ field: 'defectRate', message: 'must be ≤ 1, got 30' }]);
  });
});

describe('complaint-severity-qa pack', () => {
  const pack = shippedPack('complaint-severity-qa')!;
  const level = (f: Record<string, unknown>) => evaluate(pack, f, '2026-05-20').level;

  it.each([
    ['严重 when the customer demands a formal improvement document', { formalImprovementRequested: true, nature: 'packaging' }, '严重'],
    ['严重 when the customer had a stoppage', { customerStoppage: true }, '严重'],
    ['严重 for a functional defect', { functionalDefect: true, nature: 'appearance' }, '严重'],
    ['严重 when the same problem recurs', { repeated: true, nature: 'quantity' }, '严重'],
    ['一般 for an appearance complaint', { nature: 'appearance' }, '一般'],
    ['一般 for a complaint of another nature', { nature: 'other' }, '一般'],
    ['一般 when the nature is not recorded (defaults to other)', {}, '一般'],
    ['偶发 for a quantity complaint', { nature: 'quantity' }, '偶发'],
    ['偶发 for a packaging complaint', { nature: 'packaging' }, '偶发'],
    ['偶发 for a labelling complaint', { nature: 'labelling' }, '偶发'],
  ])('%s', (_name, facts, want) => {
    expect(level(facts)).toBe(want);
  });

  it('refuses 一般 for a quantity complaint naming the nature', () => {
    const r = evaluate(pack, { nature: 'quantity' }, '2026-05-20');
    expect(r.refused[1].reasons).toEqual([
      {
        ok: false,
        path: 'levels[1].when',
        zh: '抱怨性质：数量（要求：外观、其他 之一）',
        en: 'nature of the complaint: quantity (required: one of appearance, other)',
      },
    ]);
  });
});
