import { describe, expect, it } from 'vitest';
import { buildChain, readDeductions } from './chain';

const L1 = { responsible: 15, departmentHead: 10, directSuperior: 8, superiorsSuperior: 5 };
const L3 = { responsible: 5, departmentHead: 3, directSuperior: 2, superiorsSuperior: 0 };

describe('buildChain (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions)', () => {
  it.each([
    ['books every link of a full 一级 chain', { responsible: 'r', departmentHead: 'h', directSuperior: 's', superiorsSuperior: 'ss' }, L1, [['r', 15], ['h', 10], ['s', 8], ['ss', 5]]],
    ['skips a 0-point link (三级 superior’s superior)', { responsible: 'r', departmentHead: 'h', directSuperior: 's', superiorsSuperior: 'ss' }, L3, [['r', 5], ['h', 3], ['s', 2]]],
    ['skips a link without a holder', { responsible: 'r', departmentHead: null, directSuperior: 's' }, L1, [['r', 15], ['s', 8]]],
    ['books a person once, for their highest link', { responsible: 'h', departmentHead: 'h', directSuperior: 's', superiorsSuperior: 's' }, L1, [['h', 15], ['s', 8]]],
  ])('%s', (_name, holders, deductions, expected) => {
    expect(buildChain(holders, deductions).map((e) => [e.userId, e.points])).toEqual(expected);
  });

  it('reads no deductions from the fallback level’s empty outputs', () => {
    expect(readDeductions({})).toEqual({ responsible: 0, departmentHead: 0, directSuperior: 0, superiorsSuperior: 0 });
  });
});
