// The shipped quality-accidents pack: docs/accountability.md#quality-accidents (事故扣分标准 cl. 2, 二、质量事故).
// Every boundary of the source's cases, and several cases at once (the gravest deductions win, every case named).
import { describe, expect, it } from 'vitest';
import { evaluate } from './compile';
import { shippedPack } from './shipped';

const pack = shippedPack('quality-accidents')!;
const run = (f: Record<string, unknown>) => evaluate(pack, f, '2026-03-02');
const D = (responsible: number, departmentHead: number, directSuperior: number, superiorsSuperior: number) => ({ responsible, departmentHead, directSuperior, superiorsSuperior });

describe('quality-accidents pack', () => {
  it.each([
    ['⑴ poor performance and out of internal spec', { verifiedPoorPerformance: true, outOfInternalSpec: true }, '超内控', D(10, 5, 3, 2)],
    ['not ⑴ when only the performance is poor (in spec, one end user)', { verifiedPoorPerformance: true }, '无', null],
    ['not ⑴ when out of spec but the performance was not verified poor', { outOfInternalSpec: true }, '无', null],
    ['⑵ in spec, the same batch complained of by two end users', { sameBatchEndUsers: 2 }, '同批两家', D(5, 3, 2, 0)],
    ['not ⑵ with one end user only', { sameBatchEndUsers: 1 }, '无', null],
    ['not ⑵ with no end user counted', { sameBatchEndUsers: 0 }, '无', null],
    ['⑵ with three end users', { sameBatchEndUsers: 3, verifiedPoorPerformance: true }, '同批两家', D(5, 3, 2, 0)],
    ['not ⑵ when out of spec (two end users, performance not verified poor)', { outOfInternalSpec: true, sameBatchEndUsers: 2 }, '无', null],
    ['⑶ foreign matter from production', { foreignMatterFromProduction: true }, '异物', D(10, 5, 2, 0)],
    ['⑷ short weight', { shortWeight: true }, '短重', D(10, 5, 2, 0)],
    ['nothing verified', {}, '无', null],
  ])('%s', (_name, facts, level, deductions) => {
    const r = run(facts);
    expect(r.level).toBe(level);
    expect((r.outputs as { deductions?: unknown }).deductions ?? null).toEqual(deductions);
  });

  it('names the departments the source books each case to', () => {
    expect(run({ foreignMatterFromProduction: true }).outputs.departments).toEqual(['生产部']);
    expect(run({ shortWeight: true }).outputs.departments).toEqual(['生产部', '品保部']);
  });

  it('takes the gravest deductions when several cases hold and names every case that held', () => {
    const r = run({ verifiedPoorPerformance: true, outOfInternalSpec: true, foreignMatterFromProduction: true, shortWeight: true });
    expect(r.level).toBe('超内控');
    expect(r.outputs.deductions).toEqual(D(10, 5, 3, 2));
    expect(r.cases!.map((c) => c.level)).toEqual(['超内控', '异物', '短重']);
    expect(r.cases![1].reasons.map((x) => x.zh)).toEqual(['内部异物可判定为生产流程进入：是']);
  });

  it('takes ⑶ over ⑵ (10/5/2/0 over 5/3/2/0) and still names ⑵', () => {
    const r = run({ foreignMatterFromProduction: true, sameBatchEndUsers: 2 });
    expect(r.level).toBe('异物');
    expect(r.cases!.map((c) => c.level)).toEqual(['异物', '同批两家']);
    expect(r.cases![1].reasons.map((x) => x.zh)).toEqual(['产品指标不在内控标准范围内：否', '同批次类似问题投诉的终端用户数 2 ≥ 2']);
  });

  it('lists the cases gravest first: the order of the levels is the order of the deductions', () => {
    const total = (l: (typeof pack.levels)[number]) => {
      const d = (l.outputs as { deductions?: Record<string, number> } | undefined)?.deductions;
      return d ? [d.responsible, d.departmentHead, d.directSuperior, d.superiorsSuperior] : [-1];
    };
    const seq = pack.levels.map(total);
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1], seq[i]];
      const k = a.findIndex((x, j) => x !== b[j]);
      expect(k < 0 || a[k] > b[k], `${pack.levels[i - 1].id} before ${pack.levels[i].id}`).toBe(true);
    }
  });

  describe('the broken-bag case (source cut, deductions left to the administrator)', () => {
    it('is named as holding with two users but never granted', () => {
      const r = run({ packagingFaultSameBatchUsers: 2 });
      expect(r.level).toBe('无');
      expect(r.cases).toEqual([expect.objectContaining({ level: '包装烂袋', incomplete: true })]);
      const refused = r.refused.find((x) => x.level === '包装烂袋')!;
      expect(refused.reasons[0].zh).toMatch(/^标准不完整，需管理员补充/);
    });

    it('does not hold with one user', () => {
      const r = run({ packagingFaultSameBatchUsers: 1 });
      expect(r.cases).toEqual([]);
    });

    it('is named beside a granted case', () => {
      const r = run({ shortWeight: true, packagingFaultSameBatchUsers: 2 });
      expect(r.level).toBe('短重');
      expect(r.cases!.map((c) => [c.level, c.incomplete])).toEqual([
        ['短重', false],
        ['包装烂袋', true],
      ]);
    });

    it('says so in the pack', () => {
      expect(pack.levels.at(-1)!.incomplete?.zh).toMatch(/管理员补充/);
      expect(pack.notes!.some((n) => /包装烂袋/.test(n.zh) && /管理员/.test(n.zh))).toBe(true);
    });
  });

  it('gives no cases list for packs without allCases', () => {
    expect(evaluate(shippedPack('accident-management')!, { deaths: 1 }, '2026-03-02').cases).toBeUndefined();
  });
});
