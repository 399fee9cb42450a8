import { describe, expect, it } from 'vitest';
import { erlangC, serviceLevel, staffFor } from './erlang';

// Reference values: callcentrehelper.com's worked Erlang C example — 100 calls in 30 minutes, AHT 180 s
// (10 Erlangs), 80 % answered in 20 s: with 11 agents P(wait) = 68.21 % and SL = 38.96 %; 13 agents give
// 79.56 % and 14 agents 88.84 %, so 14 is the answer.
describe('Erlang C', () => {
  it('reproduces the published 10-Erlang example: 14 agents for 80/20', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(serviceLevel(11, 10, 20, 180)).toBeCloseTo(0.3896, 4);
    expect(serviceLevel(13, 10, 20, 180)).toBeCloseTo(0.7956, 4);
    const r = staffFor({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, answerSeconds: 20 });
    expect(r.trafficErlangs).toBeCloseTo(10, 9);
    expect(r.agents).toBe(14);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.waitProbability).toBeCloseTo(0.1741, 4);
    expect(r.occupancy).toBeCloseTo(10 / 14, 9);
    expect(r.averageSpeedOfAnswer).toBeCloseTo((0.1741 * 180) / 4, 1);
  });

  it('is 1 when agents do not exceed the traffic and falls as agents are added', () => {
    expect(erlangC(2, 2)).toBe(1);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
    let prev = 1;
    for (let n = 3; n < 12; n++) {
      const c = erlangC(n, 2.5);
      expect(c).toBeLessThan(prev);
      prev = c;
    }
  });

  it('needs nobody when nothing arrives, and one agent for a trickle', () => {
    expect(staffFor({ arrivals: 0, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 0.8, answerSeconds: 20 }).agents).toBe(0);
    expect(staffFor({ arrivals: 1, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 0.8, answerSeconds: 20 }).agents).toBe(1);
  });

  it('stays finite for large traffic (no factorial overflow)', () => {
    const r = staffFor({ arrivals: 20_000, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 0.9, answerSeconds: 15 });
    expect(Number.isFinite(r.serviceLevel)).toBe(true);
    expect(r.agents).toBeGreaterThan(3334);
  });

  it('refuses a target outside (0, 1) and negative inputs', () => {
    expect(() => staffFor({ arrivals: 10, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 1, answerSeconds: 20 })).toThrow(RangeError);
    expect(() => staffFor({ arrivals: -1, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 0.8, answerSeconds: 20 })).toThrow(RangeError);
  });
});
