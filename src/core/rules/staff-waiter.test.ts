// The shipped staff-waiter pack: docs/staff-levels.md#levels (服务员等级标准 cl. 1–4) (餐饮服务员等级划分标准).
import { describe, expect, it } from 'vitest';
import { evaluate } from './compile';
import { shippedPack } from './shipped';

const pack = shippedPack('staff-waiter')!;
const AS_OF = '2026-05-20';
const junior = {
  tenureMonths: 3,
  praiseLetters: 5,
  complaints: 1,
  passedTests: ['taste_basic', 'rules_exam', 'six_skills_basic'],
};
const intermediate = {
  tenureMonths: 6.5,
  praiseLetters: 8,
  complaints: 1,
  passedTests: ['taste_basic', 'rules_exam', 'six_skills_basic', 'taste_intermediate'],
  certificates: ['skills_level2'],
  attitudeGood: true,
  handlesSimpleComplaints: true,
};
const run = (f: Record<string, unknown>) => evaluate(pack, f, AS_OF);

describe('staff-waiter pack', () => {
  describe('初级', () => {
    it.each([
      ['初级 with 5 praise letters and 1 complaint (5 − 1 = 4 > 3)', {}, '初级'],
      ['无 with 4 praise letters and 1 complaint (4 − 1 = 3 is not > 3)', { praiseLetters: 4 }, '无'],
      ['初级 with 4 praise letters and no complaint', { praiseLetters: 4, complaints: 0 }, '初级'],
      ['无 with 3 praise letters and no complaint', { praiseLetters: 3, complaints: 0 }, '无'],
      ['无 with 2 complaints however many praise letters', { praiseLetters: 20, complaints: 2 }, '无'],
      ['初级 at exactly 3 months in the store', { tenureMonths: 3 }, '初级'],
      ['无 just below 3 months in the store', { tenureMonths: 2.99 }, '无'],
      ['初级 long after 6 months ("不满半年" is not an upper bound)', { tenureMonths: 30 }, '初级'],
      ['无 without the rules exam', { passedTests: ['taste_basic', 'six_skills_basic'] }, '无'],
    ])('%s', (_name, over, want) => {
      expect(run({ ...junior, ...over }).level).toBe(want);
    });

    it('pays 1800 without social insurance', () => {
      expect(run(junior).outputs).toEqual({ basePay: 1800, socialInsurance: false });
    });

    it('explains the praise offset with the figures', () => {
      const r = run(junior);
      expect(r.explain[1]).toEqual({
        ok: true,
        path: 'levels[3].when.all[1]',
        zh: '表扬信（扣除投诉抵消） = 5 − 1 = 4 > 3',
        en: 'praise letters net of complaints = 5 − 1 = 4 > 3',
      });
    });

    it('refuses 初级 naming each failure', () => {
      const r = run({ ...junior, praiseLetters: 4, tenureMonths: 2, passedTests: ['taste_basic'] });
      expect(r.refused.find((x) => x.level === '初级')!.reasons.map((x) => x.zh)).toEqual([
        '来店时间（月） 2 ≥ 3 不成立',
        '表扬信（扣除投诉抵消） = 4 − 1 = 3 > 3 不成立',
        '已通过的测试：缺少 制度考试、初级六大技能培训考试',
      ]);
    });
  });

  describe('中级', () => {
    it.each([
      ['中级 with more than 6 months and 8 − 1 = 7 > 6', {}, '中级'],
      ['初级 at exactly 6 months ("超过半年" is more than 6)', { tenureMonths: 6 }, '初级'],
      ['初级 with 7 praise letters and 1 complaint (6 is not > 6)', { praiseLetters: 7 }, '初级'],
      ['初级 without the level-2 certificate', { certificates: [] }, '初级'],
      ['初级 without a good attitude', { attitudeGood: false }, '初级'],
      ['初级 when not handling simple complaints', { handlesSimpleComplaints: false }, '初级'],
      ['中级 through the current level 初级 when the 初级 tests are not on record', { passedTests: ['taste_intermediate'], currentLevel: '初级' }, '中级'],
      ['无 when neither 初级 holds nor the current level is 初级', { passedTests: ['taste_intermediate'], currentLevel: '无' }, '无'],
      ['中级 through a current level above the prerequisite', { passedTests: ['taste_intermediate'], currentLevel: '高级' }, '中级'],
    ])('%s', (_name, over, want) => {
      expect(run({ ...intermediate, ...over }).level).toBe(want);
    });

    it('pays 2000 with social insurance', () => {
      expect(run(intermediate).outputs).toEqual({ basePay: 2000, socialInsurance: true });
    });

    it('explains how the prerequisite was met', () => {
      expect(run(intermediate).explain.at(-1)).toEqual({
        ok: true,
        path: 'levels[2].requires',
        zh: '同时达到前置等级 初级服务员',
        en: 'also meets the prerequisite level junior waiter',
      });
      expect(run({ ...intermediate, passedTests: ['taste_intermediate'], currentLevel: '初级' }).explain.at(-1)!.zh).toBe(
        '现有等级 初级服务员，不低于前置等级 初级服务员',
      );
    });

    it('refuses 中级 for the missing prerequisite alone', () => {
      const r = run({ ...intermediate, passedTests: ['taste_intermediate'] });
      expect(r.refused.find((x) => x.level === '中级')!.reasons).toEqual([
        { ok: false, path: 'levels[2].requires', zh: '未达到前置等级 初级服务员（现有等级：无等级）', en: 'prerequisite level junior waiter not met (current level: no level)' },
      ]);
    });
  });

  describe('incomplete levels', () => {
    const senior = { ...intermediate, tenureMonths: 13, praiseLetters: 12, complaints: 1, currentLevel: '中级' };

    it('never grants 高级 even when every known condition holds', () => {
      const r = run(senior);
      expect(r.level).toBe('中级');
      expect(r.refused.find((x) => x.level === '高级')!.reasons).toEqual([
        {
          ok: false,
          path: 'levels[1].incomplete',
          zh: '标准不完整，需管理员补充：原文在“累积被客人表扬超过10次”之后截断',
          en: 'standard incomplete, the administrator must complete it: the source text is cut after "more than 10 praise letters"',
        },
      ]);
    });

    it('lists the known 高级 conditions that fail next to the incompleteness', () => {
      const r = run({ ...senior, praiseLetters: 11 });
      expect(r.refused.find((x) => x.level === '高级')!.reasons.map((x) => x.path)).toEqual(['levels[1].incomplete', 'levels[1].when.all[2]']);
    });

    it('refuses 星级 as incomplete and for its prerequisite, highest first', () => {
      const r = run(senior);
      expect(r.refused.map((x) => x.level)).toEqual(['星级', '高级']);
      expect(r.refused[0].reasons.map((x) => x.path)).toEqual(['levels[0].incomplete', 'levels[0].requires']);
    });
  });
});
