// The shipped accident-management pack: docs/accountability.md#levels-and-deductions (事故扣分标准 cl. 1) (事故等级划分及扣分标准, 管理事故).
import { describe, expect, it } from 'vitest';
import { evaluate } from './compile';
import { shippedPack } from './shipped';

const pack = shippedPack('accident-management')!;
const run = (f: Record<string, unknown>) => evaluate(pack, f, '2026-05-20');

describe('accident-management pack', () => {
  it.each([
    ['三级 for 2 minor injuries treated 15 working days (not 二级)', { minorInjuries: 2, treatmentWorkingDays: 15 }, '三级'],
    ['三级 for treatment of exactly 20 working days ("未超过20(含)")', { minorInjuries: 1, treatmentWorkingDays: 20 }, '三级'],
    ['二级 for 21 working days of treatment', { minorInjuries: 1, treatmentWorkingDays: 21 }, '二级'],
    ['二级 for 3 minor injuries', { minorInjuries: 3, treatmentWorkingDays: 5 }, '二级'],
    ['二级 for 5 minor injuries ("5人以下")', { minorInjuries: 5 }, '二级'],
    ['一级 for 6 minor injuries (beyond 二级)', { minorInjuries: 6 }, '一级'],
    ['二级 for treatment of exactly 50 working days', { minorInjuries: 1, treatmentWorkingDays: 50 }, '二级'],
    ['一级 for 51 working days of treatment', { minorInjuries: 1, treatmentWorkingDays: 51 }, '一级'],
    ['三级 for 2 months of injury leave', { minorInjuries: 1, injuryLeaveMonths: 2 }, '三级'],
    ['二级 for 2.5 months of injury leave', { minorInjuries: 1, injuryLeaveMonths: 2.5 }, '二级'],
    ['二级 for 6 months of injury leave', { minorInjuries: 1, injuryLeaveMonths: 6 }, '二级'],
    ['一级 for more than 6 months of injury leave', { minorInjuries: 1, injuryLeaveMonths: 6.5 }, '一级'],
    ['一级 for a death', { deaths: 1 }, '一级'],
    ['一级 for a serious injury', { seriousInjuries: 1, treatmentWorkingDays: 10 }, '一级'],
    ['一级 for a strike of 15 affecting operations (the ranges touch: graver wins)', { strikers: 15, affectsOperations: true }, '一级'],
    ['一级 for a strike of 15 affecting production (15 is in both ranges)', { strikers: 15, affectsProduction: true }, '一级'],
    ['二级 for a strike of 14 affecting production', { strikers: 14, affectsProduction: true }, '二级'],
    ['二级 for a strike of 5 (5 is in both ranges)', { strikers: 5, affectsTaskOnly: true }, '二级'],
    ['三级 for a strike of 4 affecting one task', { strikers: 4, affectsTaskOnly: true }, '三级'],
    ['二级 for a strike of 3 that affects production (三级 is "不影响生产")', { strikers: 3, affectsProduction: true }, '二级'],
    ['一级 for a strike of 3 that affects the company\'s operations', { strikers: 3, affectsOperations: true }, '一级'],
    ['无 when nothing happened', {}, '无'],
    ['无 for impact flags without any striker', { affectsProduction: true }, '无'],
  ])('%s', (_name, facts, want) => {
    expect(run(facts).level).toBe(want);
  });

  it.each([
    ['一级', { deaths: 1 }, { responsible: 15, departmentHead: 10, directSuperior: 8, superiorsSuperior: 5 }],
    ['二级', { minorInjuries: 3 }, { responsible: 10, departmentHead: 8, directSuperior: 5, superiorsSuperior: 3 }],
    ['三级', { minorInjuries: 1 }, { responsible: 5, departmentHead: 3, directSuperior: 2, superiorsSuperior: 0 }],
  ])('outputs the %s deductions', (_lvl, facts, deductions) => {
    expect(run(facts).outputs).toEqual({ deductions });
  });

  it('outputs nothing for 无', () => {
    expect(run({}).outputs).toEqual({});
  });

  it('explains 三级 and refuses 一级 and 二级 with all their alternatives', () => {
    const r = run({ minorInjuries: 2, treatmentWorkingDays: 15 });
    expect(r.explain.map((x) => x.zh)).toEqual(['轻伤人数 2 > 0', '治疗工作日 15 > 0']);
    expect(r.refused.map((x) => x.level)).toEqual(['一级', '二级']);
    expect(r.refused[1].reasons).toHaveLength(1);
    expect(r.refused[1].reasons[0].zh).toBe(
      '以下条件均不成立：轻伤人数 2 > 2 不成立；治疗工作日 15 > 20 不成立；受伤者合计工伤假（月） 0 > 2 不成立；罢工人数 0 ≥ 5 不成立；罢工人数 0 > 0 不成立；直接影响生产：否（要求：是）',
    );
  });
});
