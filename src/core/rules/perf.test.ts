// Throughput of evaluate on the compiled coal-mine-2020 pack with typical facts. Printed, not asserted
// (the target is > 100,000 evaluations/s on one core; machines and runs vary by ±20 %).
import { describe, expect, it } from 'vitest';
import { compilePack, evaluate } from './compile';
import { shippedPack } from './shipped';

const PARTS = [
  '理念目标和矿长安全承诺', '组织机构', '安全生产责任制及安全管理制度', '从业人员素质', '安全风险分级管控', '事故隐患排查治理', '通风',
  '地质灾害防治与测量', '采煤', '掘进', '机电', '运输', '调度和应急管理', '职业病危害防治和地面设施', '持续改进',
];

/** Evaluations per second of wall time and of process CPU time (steadier on a loaded machine). */
function measure(facts: Record<string, unknown>, asOf: string, n: number): { wall: number; cpu: number } {
  const compiled = compilePack(shippedPack('coal-mine-2020')!);
  for (let i = 0; i < 20_000; i++) evaluate(compiled, facts, asOf);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += evaluate(compiled, facts, asOf).explain.length;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  expect(sink).toBeGreaterThan(0);
  return { wall: Math.round((n / ms) * 1000), cpu: Math.round((n / (cpu.user + cpu.system)) * 1e6) };
}
const fmt = (r: { wall: number; cpu: number }) => `${r.cpu.toLocaleString('en')}/s CPU (${r.wall.toLocaleString('en')}/s wall)`;

describe('evaluate throughput (coal-mine-2020, compiled)', () => {
  it('prints evaluations per second for typical facts', () => {
    const scores = Object.fromEntries(PARTS.map((p, i) => [p, 84.5 + (i % 8) * 1.75]));
    const typical = {
      mineType: 'underground',
      basicConditionsMet: true,
      weightedScore: 88.37,
      partScores: scores,
      events: [
        { type: 'fatal_accident', class: 'general', date: '2024-03-02' },
        { type: 'failed_level1_inspection', date: '2025-09-01' },
      ],
    };
    const granted1 = { ...typical, weightedScore: 93.2, partScores: Object.fromEntries(PARTS.map((p, i) => [p, 90 + i * 0.5])), events: [] };
    const r1 = measure(typical, '2026-06-01', 100_000);
    const r2 = measure(granted1, '2026-06-01', 100_000);
    console.log(`coal-mine-2020 evaluations: ${fmt(r1)} for 二级 with 一级 refused · ${fmt(r2)} for 一级 granted (15 reasons)`);
  });
});
