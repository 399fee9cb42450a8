// The shipped coal-mine-2020 pack: docs/grading.md#grades-and-conditions-art-4-5 (定级办法 Art. 4, 5) and the date conventions of docs/grading.md#date-conventions.
import { describe, expect, it } from 'vitest';
import { compilePack, evaluate } from './compile';
import { shippedPack } from './shipped';
import { validateFacts } from './facts';

const pack = shippedPack('coal-mine-2020')!;
const compiled = compilePack(pack);
const AS_OF = '2026-06-01';

type Ev = { type: string; date: string; class?: string };
function facts(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mineType: 'underground',
    basicConditionsMet: true,
    weightedScore: 95,
    partScores: { 通风: 95, 采煤: 93, 掘进: 91.5 },
    shiftHeadcountOverLimit: false,
    coalMiningOutsourced: false,
    strippingContractors: 0,
    illegalDispatchedLabour: false,
    blacklisted: false,
    events: [] as Ev[],
    ...over,
  };
}
const level = (f: Record<string, unknown>, asOf = AS_OF) => evaluate(compiled, f, asOf).level;
const fatal = (cls: string, date: string): Ev => ({ type: 'fatal_accident', class: cls, date });

describe('coal-mine-2020 pack', () => {
  it('accepts the typical facts used below', () => {
    expect(validateFacts(pack, facts({ events: [fatal('general', '2025-01-01')] }))).toEqual([]);
  });

  describe('score thresholds (unrounded)', () => {
    it.each([
      [89.99, '二级'],
      [90, '一级'],
      [90.01, '一级'],
      [89.999, '二级'],
      [79.99, '三级'],
      [80, '二级'],
      [80.01, '二级'],
      [69.99, '不达标'],
      [70, '三级'],
      [70.01, '三级'],
    ])('grants the level for weighted score %s with parts at 95: %s', (w, want) => {
      expect(level(facts({ weightedScore: w, partScores: { 通风: 95, 采煤: 95 } }))).toBe(want);
    });

    it.each([
      [89.99, '二级'],
      [90, '一级'],
      [90.01, '一级'],
      [79.99, '三级'],
      [80, '二级'],
      [80.01, '二级'],
      [69.99, '不达标'],
      [70, '三级'],
      [70.01, '三级'],
    ])('grants the level for one part at %s with the rest at 95: %s', (p, want) => {
      expect(level(facts({ partScores: { 通风: p, 采煤: 95, 掘进: 99 } }))).toBe(want);
    });

    it('refuses 一级 naming the weighted score when it is 89.99', () => {
      const r = evaluate(compiled, facts({ weightedScore: 89.99 }), AS_OF);
      expect(r.refused).toEqual([
        { level: '一级', reasons: [{ ok: false, path: 'levels[0].when.all[1]', zh: '加权总分 89.99 ≥ 90 不成立', en: 'weighted score 89.99 is not ≥ 90' }] },
      ]);
    });

    it('shows unrounded values when rounding would contradict the verdict (89.999 is not ≥ 90)', () => {
      const r = evaluate(compiled, facts({ weightedScore: 89.999 }), AS_OF);
      expect(r.refused[0].reasons[0].zh).toBe('加权总分 89.999 ≥ 90 不成立');
    });

    it('refuses 一级 naming every part below 90', () => {
      const r = evaluate(compiled, facts({ partScores: { 通风: 88, 采煤: 95, 机电: 89.99 } }), AS_OF);
      expect(r.level).toBe('二级');
      expect(r.refused[0].reasons.map((x) => x.zh)).toEqual(['部分得分 通风 88 ≥ 90 不成立', '部分得分 机电 89.99 ≥ 90 不成立']);
      expect(r.refused[0].reasons.map((x) => x.en)).toEqual(['part score 通风 88 is not ≥ 90', 'part score 机电 89.99 is not ≥ 90']);
    });

    it('refuses every level when no part scores are given', () => {
      const r = evaluate(compiled, facts({ partScores: {} }), AS_OF);
      expect(r.level).toBe('不达标');
      expect(r.refused[2].reasons.map((x) => x.zh)).toEqual(['部分得分：未填写']);
    });
  });

  describe('basic conditions (Art. 4)', () => {
    it('is 不达标 without the basic conditions, each level refused for that reason', () => {
      const r = evaluate(compiled, facts({ basicConditionsMet: false }), AS_OF);
      expect(r.level).toBe('不达标');
      expect(r.explain).toEqual([]);
      expect(r.outputs).toEqual({});
      expect(r.refused.map((x) => x.level)).toEqual(['一级', '二级', '三级']);
      for (const [i, x] of r.refused.entries()) {
        expect(x.reasons).toEqual([
          {
            ok: false,
            path: `levels[${i}].when.all[0]`,
            zh: '具备《管理体系》总则规定的全部基本条件：否（要求：是）',
            en: "meets every basic condition of the standard's general part: no (required: yes)",
          },
        ]);
      }
    });
  });

  describe('each disqualifier alone', () => {
    it.each([
      ['underground single-shift headcount over the limit excludes 一级 and 二级', { shiftHeadcountOverLimit: true }, '三级'],
      ['headcount over the limit does not count for an open-pit mine', { mineType: 'open_pit', shiftHeadcountOverLimit: true }, '一级'],
      ['general fatal accident 2 months ago excludes 一级 and 二级', { events: [fatal('general', '2026-04-01')] }, '三级'],
      ['general fatal accident 9 months ago excludes 一级 only', { events: [fatal('general', '2025-09-01')] }, '二级'],
      ['larger fatal accident 18 months ago excludes 一级 only', { events: [fatal('larger', '2024-12-01')] }, '二级'],
      ['larger fatal accident 11 months ago excludes 二级 too', { events: [fatal('larger', '2025-07-01')] }, '三级'],
      ['major fatal accident 18 months ago excludes 一级 only', { events: [fatal('major', '2024-12-01')] }, '二级'],
      ['major fatal accident 11 months ago excludes 二级 too', { events: [fatal('major', '2025-07-01')] }, '三级'],
      ['especially major fatal accident 2.5 years ago excludes 一级 and 二级', { events: [fatal('especially_major', '2023-12-01')] }, '三级'],
      ['failed 一级 inspection 11 months ago excludes 一级', { events: [{ type: 'failed_level1_inspection', date: '2025-07-01' }] }, '二级'],
      ['downgrade for a management slide 11 months ago excludes 一级', { events: [{ type: 'downgraded_management_slide', date: '2025-07-01' }] }, '二级'],
      ['revocation for a management slide 11 months ago excludes 一级', { events: [{ type: 'revoked_management_slide', date: '2025-07-01' }] }, '二级'],
      ['downgrade for a major hidden danger 11 months ago excludes 一级', { events: [{ type: 'downgraded_major_hidden_danger', date: '2025-07-01' }] }, '二级'],
      ['revocation for a major hidden danger 7 months ago excludes 一级 only', { events: [{ type: 'revoked_major_hidden_danger', date: '2025-11-01' }] }, '二级'],
      ['revocation for a major hidden danger 5 months ago excludes 二级 too', { events: [{ type: 'revoked_major_hidden_danger', date: '2026-01-01' }] }, '三级'],
      ['open-pit coal mining contracted out excludes 一级', { mineType: 'open_pit', coalMiningOutsourced: true }, '二级'],
      ['open-pit stripping with 3 contractors excludes 一级', { mineType: 'open_pit', strippingContractors: 3 }, '二级'],
      ['open-pit stripping with 2 contractors is allowed ("2家(不含)以上")', { mineType: 'open_pit', strippingContractors: 2 }, '一级'],
      ['contracting rules do not apply to an underground mine', { coalMiningOutsourced: true, strippingContractors: 5 }, '一级'],
      ['blacklist excludes 一级 and 二级', { blacklisted: true }, '三级'],
      ['illegal dispatched labour excludes 一级 only (Art. 5 二级 does not list it)', { illegalDispatchedLabour: true }, '二级'],
      ['an event dated after the as-of date is ignored', { events: [fatal('especially_major', '2026-06-02')] }, '一级'],
      ['a fatal accident on the as-of date itself counts', { events: [fatal('general', AS_OF)] }, '三级'],
    ])('%s', (_name, over, want) => {
      expect(level(facts(over))).toBe(want);
    });

    it('names the disqualifying situation and its facts for a labelled case', () => {
      const r = evaluate(compiled, facts({ mineType: 'open_pit', strippingContractors: 3 }), AS_OF);
      expect(r.refused[0].reasons).toEqual([
        {
          ok: false,
          path: 'levels[0].when.all[12]',
          zh: '存在：露天煤矿采煤对外承包或将剥离工程承包给2家以上施工单位（情形5）（矿井类型：露天；剥离工程承包施工单位数 3 > 2）',
          en: 'applies: open-pit mine with coal mining contracted out or stripping contracted to more than 2 contractors (case 5) (mine type: open-pit; stripping contractors 3 > 2)',
        },
      ]);
    });
  });

  describe('date windows: the anniversary ends the window (docs/grading.md#date-conventions)', () => {
    it.each([
      ['general fatal 2025-03-02, the day before the 1st anniversary', [fatal('general', '2025-03-02')], '2026-03-01', '二级'],
      ['general fatal 2025-03-02, on the 1st anniversary', [fatal('general', '2025-03-02')], '2026-03-02', '一级'],
      ['larger fatal 2024-03-02, the day before the 2nd anniversary', [fatal('larger', '2024-03-02')], '2026-03-01', '二级'],
      ['larger fatal 2024-03-02, on the 2nd anniversary', [fatal('larger', '2024-03-02')], '2026-03-02', '一级'],
      ['major fatal 2025-03-02, the day before the 1st anniversary (二级 window)', [fatal('major', '2025-03-02')], '2026-03-01', '三级'],
      ['major fatal 2025-03-02, on the 1st anniversary (二级 window)', [fatal('major', '2025-03-02')], '2026-03-02', '二级'],
      ['especially major fatal 2023-03-02, the day before the 3rd anniversary', [fatal('especially_major', '2023-03-02')], '2026-03-01', '三级'],
      ['especially major fatal 2023-03-02, on the 3rd anniversary', [fatal('especially_major', '2023-03-02')], '2026-03-02', '一级'],
      ['general fatal 2025-09-02, the day before 6 months', [fatal('general', '2025-09-02')], '2026-03-01', '三级'],
      ['general fatal 2025-09-02, on 6 months', [fatal('general', '2025-09-02')], '2026-03-02', '二级'],
      ['general fatal 2025-08-31 + 6 months clamps to 2026-02-28: the day before', [fatal('general', '2025-08-31')], '2026-02-27', '三级'],
      ['general fatal 2025-08-31 + 6 months clamps to 2026-02-28: on it', [fatal('general', '2025-08-31')], '2026-02-28', '二级'],
      ['revoked for a major hidden danger 2025-08-31: the day before 6 months', [{ type: 'revoked_major_hidden_danger', date: '2025-08-31' }], '2026-02-27', '三级'],
      ['revoked for a major hidden danger 2025-08-31: on 6 months', [{ type: 'revoked_major_hidden_danger', date: '2025-08-31' }], '2026-02-28', '二级'],
      ['failed 一级 inspection 2025-03-02: the day before the anniversary', [{ type: 'failed_level1_inspection', date: '2025-03-02' }], '2026-03-01', '二级'],
      ['failed 一级 inspection 2025-03-02: on the anniversary', [{ type: 'failed_level1_inspection', date: '2025-03-02' }], '2026-03-02', '一级'],
      ['downgrade 2024-02-29 + 1 year = 2025-02-28: the day before', [{ type: 'downgraded_management_slide', date: '2024-02-29' }], '2025-02-27', '二级'],
      ['downgrade 2024-02-29 + 1 year = 2025-02-28: on it', [{ type: 'downgraded_management_slide', date: '2024-02-29' }], '2025-02-28', '一级'],
    ])('%s (as of %3$s) → %4$s', (_name, events, asOf, want) => {
      expect(level(facts({ events }), asOf as string)).toBe(want);
    });

    it('names the event date in the reason', () => {
      const r = evaluate(compiled, facts({ events: [fatal('general', '2026-03-02')] }), AS_OF);
      expect(r.refused[0].reasons).toEqual([
        {
          ok: false,
          path: 'levels[0].when.all[4].not',
          zh: '一般生产安全死亡事故 2026-03-02 距评定日未满1年',
          en: 'general fatal accident on 2026-03-02 is less than 1 year before the as-of date',
        },
      ]);
      expect(r.refused[1].reasons[0].zh).toBe('一般生产安全死亡事故 2026-03-02 距评定日未满6个月');
    });

    it('names the latest event and the count when several fall in the window', () => {
      const r = evaluate(compiled, facts({ events: [fatal('larger', '2025-01-05'), fatal('major', '2025-11-20')] }), AS_OF);
      expect(r.refused[0].reasons[0].zh).toBe('较大/重大生产安全死亡事故 2025-11-20 距评定日未满2年（共2起）');
    });
  });

  describe('explanation', () => {
    it('explains a granted 一级 with every condition that held', () => {
      const r = evaluate(compiled, facts(), AS_OF);
      expect(r.level).toBe('一级');
      expect(r.refused).toEqual([]);
      expect(r.explain.every((x) => x.ok)).toBe(true);
      expect(r.explain.map((x) => x.zh)).toEqual([
        '具备《管理体系》总则规定的全部基本条件：是',
        '加权总分 95 ≥ 90',
        '各部分得分均 ≥ 90（最低：掘进 91.5）',
        '不存在：井工煤矿井下单班作业人数超过有关限员规定（情形1）',
        '评定日前1年内无一般生产安全死亡事故',
        '评定日前2年内无较大/重大生产安全死亡事故',
        '评定日前3年内无特别重大生产安全死亡事故',
        '评定日前1年内无一级检查考核未通过',
        '评定日前1年内无因管理滑坡被降级',
        '评定日前1年内无因管理滑坡被撤消等级',
        '评定日前1年内无因存在重大事故隐患且组织生产被降级',
        '评定日前1年内无因存在重大事故隐患且组织生产被撤消等级',
        '不存在：露天煤矿采煤对外承包或将剥离工程承包给2家以上施工单位（情形5）',
        '被列入安全生产“黑名单”或在联合惩戒期内：否',
        '井下违规使用劳务派遣工：否',
      ]);
    });

    it('lists every failed condition of every refused level, highest first', () => {
      const r = evaluate(
        compiled,
        facts({ weightedScore: 75, partScores: { 通风: 78, 采煤: 85 }, blacklisted: true, shiftHeadcountOverLimit: true, events: [fatal('general', '2026-04-01')] }),
        AS_OF,
      );
      expect(r.level).toBe('三级');
      expect(r.refused.map((x) => [x.level, x.reasons.map((y) => y.path)])).toEqual([
        ['一级', ['levels[0].when.all[1]', 'levels[0].when.all[2]', 'levels[0].when.all[2]', 'levels[0].when.all[3]', 'levels[0].when.all[4].not', 'levels[0].when.all[13]']],
        ['二级', ['levels[1].when.all[1]', 'levels[1].when.all[2]', 'levels[1].when.all[3]', 'levels[1].when.all[4].not', 'levels[1].when.all[8]']],
      ]);
      expect(r.refused[1].reasons.map((x) => x.zh)).toEqual([
        '加权总分 75 ≥ 80 不成立',
        '部分得分 通风 78 ≥ 80 不成立',
        '存在：井工煤矿井下单班作业人数超过有关限员规定（情形1）（矿井类型：井工；井下单班作业人数超过有关限员规定：是）',
        '一般生产安全死亡事故 2026-04-01 距评定日未满6个月',
        '被列入安全生产“黑名单”或在联合惩戒期内：是（要求：否）',
      ]);
      expect(r.refused.flatMap((x) => x.reasons).every((x) => !x.ok)).toBe(true);
    });

    it('takes weightedScore as given (no recomputation from the part scores)', () => {
      expect(level(facts({ weightedScore: 90, partScores: { 通风: 90, 采煤: 100 } }))).toBe('一级');
      expect(level(facts({ weightedScore: 85, partScores: { 通风: 100, 采煤: 100 } }))).toBe('二级');
    });
  });
});
