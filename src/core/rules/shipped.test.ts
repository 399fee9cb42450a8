// The shipped packs: embedded text up to date with policies/rules, every pack valid, ids and facts as other
// modules expect them.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRulePack } from './parse';
import { shippedPack, shippedPackText, shippedPacks } from './shipped';
import { GENERATED_PATH, renderShippedPacks } from './shipped-render';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = `${root}policies/rules/`;

describe('shipped packs', () => {
  it('embeds exactly the current policies/rules/*.yaml (run npx tsx scripts/generate-shipped-packs.ts)', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((file) => ({ file, text: readFileSync(dir + file, 'utf8') }));
    expect(readFileSync(root + GENERATED_PATH, 'utf8')).toBe(renderShippedPacks(files));
  });

  it('validates every YAML file in policies/rules', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const r = parseRulePack(readFileSync(dir + file, 'utf8'), file);
      expect(r.ok ? [] : r.errors, file).toEqual([]);
      if (r.ok) expect(`${r.pack.id}.yaml`).toBe(file);
    }
  });

  it('ships the six packs by id', () => {
    expect(shippedPacks().map((p) => p.id).sort()).toEqual([
      'accident-management',
      'coal-mine-2020',
      'complaint-severity-pedal',
      'complaint-severity-qa',
      'quality-accidents',
      'staff-waiter',
    ]);
    expect(shippedPack('nope')).toBeUndefined();
    expect(shippedPackText('staff-waiter')).toMatch(/^# 餐饮服务员等级划分标准/);
  });

  it.each([
    ['coal-mine-2020', ['mineType', 'basicConditionsMet', 'partScores', 'weightedScore', 'shiftHeadcountOverLimit', 'coalMiningOutsourced', 'strippingContractors', 'illegalDispatchedLabour', 'blacklisted', 'events'], ['一级', '二级', '三级'], '不达标'],
    ['complaint-severity-pedal', ['defectRate', 'lineStopped', 'functionalFailure', 'affectsFutureOrders', 'sameProblemCountThisMonth'], ['严重', '批量'], '一般'],
    ['complaint-severity-qa', ['formalImprovementRequested', 'customerStoppage', 'functionalDefect', 'repeated', 'nature'], ['严重', '一般'], '偶发'],
    ['accident-management', ['deaths', 'seriousInjuries', 'minorInjuries', 'treatmentWorkingDays', 'injuryLeaveMonths', 'strikers', 'affectsOperations', 'affectsProduction', 'affectsTaskOnly'], ['一级', '二级', '三级'], '无'],
    ['quality-accidents', ['verifiedPoorPerformance', 'outOfInternalSpec', 'sameBatchEndUsers', 'foreignMatterFromProduction', 'shortWeight', 'packagingFaultSameBatchUsers'], ['超内控', '异物', '短重', '同批两家', '包装烂袋'], '无'],
    ['staff-waiter', ['tenureMonths', 'praiseLetters', 'complaints', 'passedTests', 'certificates', 'attitudeGood', 'handlesSimpleComplaints', 'currentLevel'], ['星级', '高级', '中级', '初级'], '无'],
  ])('keeps the fixed facts and levels of %s', (id, facts, levels, fallback) => {
    const p = shippedPack(id)!;
    expect(Object.keys(p.facts)).toEqual(facts);
    expect(p.levels.map((l) => l.id)).toEqual(levels);
    expect(p.fallback).toBe(fallback);
  });

  it('keeps the coal event types other modules record', () => {
    expect(shippedPack('coal-mine-2020')!.facts.events.eventTypes).toEqual(
      expect.arrayContaining(['fatal_accident', 'failed_level1_inspection', 'downgraded_management_slide', 'downgraded_major_hidden_danger', 'revoked_major_hidden_danger']),
    );
  });

  it('hands out frozen packs', () => {
    expect(Object.isFrozen(shippedPack('coal-mine-2020')!.levels[0])).toBe(true);
  });
});
