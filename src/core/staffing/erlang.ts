// Erlang C staffing for the call centre's 话务量预测和排班 (呼叫中心岗位职责 cl. 2.1 (1): the deputy supervisor
// forecasts the call volume and sets the schedule from it; docs/callcenter.md#forecast-and-staffing).
// Pure: no I/O, no clock.

export interface ErlangInput {
  /** Arrivals expected in the interval. */
  arrivals: number;
  /** Length of the interval in seconds (1 800 for a half-hour slot). */
  intervalSeconds: number;
  /** Average handling time in seconds. */
  ahtSeconds: number;
  /** Share of contacts to answer within `answerSeconds` (0 < target < 1), e.g. 0.8. */
  targetServiceLevel: number;
  /** The service level's answer time in seconds, e.g. 20 (the classic 80/20). */
  answerSeconds: number;
  /** Upper bound on the agents searched for, so absurd inputs cannot loop for long. */
  maxAgents?: number;
}

export interface ErlangResult {
  /** Offered traffic in Erlangs (arrivals × AHT ÷ interval). */
  trafficErlangs: number;
  /** Fewest agents that reach the target service level (0 when nothing arrives). */
  agents: number;
  /** Service level reached with `agents`. */
  serviceLevel: number;
  /** Probability that a contact waits at all, with `agents`. */
  waitProbability: number;
  /** Average speed of answer in seconds, with `agents`. */
  averageSpeedOfAnswer: number;
  /** Agents ÷ traffic: how busy each agent is. */
  occupancy: number;
}

/**
 * Erlang C probability of waiting for `n` agents and traffic `a` (Erlangs), through the Erlang B recursion
 * B(k) = a·B(k−1) / (k + a·B(k−1)), which stays finite where a^n/n! would overflow.
 */
export function erlangC(n: number, a: number): number {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return (n * b) / (n - a * (1 - b));
}

/** Share answered within `t` seconds with `n` agents: 1 − C(n, a)·e^(−(n−a)·t/AHT). */
export function serviceLevel(n: number, a: number, t: number, aht: number): number {
  if (a <= 0) return 1;
  if (n <= a) return 0;
  return 1 - erlangC(n, a) * Math.exp((-(n - a) * t) / aht);
}

export function staffFor(input: ErlangInput): ErlangResult {
  const { arrivals, intervalSeconds, ahtSeconds, targetServiceLevel, answerSeconds } = input;
  for (const [name, v] of Object.entries({ arrivals, intervalSeconds, ahtSeconds, answerSeconds })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0`);
  }
  if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) throw new RangeError('targetServiceLevel must lie strictly between 0 and 1');
  if (intervalSeconds === 0 || ahtSeconds === 0) throw new RangeError('intervalSeconds and ahtSeconds must be > 0');
  const a = (arrivals * ahtSeconds) / intervalSeconds;
  if (a === 0) return { trafficErlangs: 0, agents: 0, serviceLevel: 1, waitProbability: 0, averageSpeedOfAnswer: 0, occupancy: 0 };
  const max = input.maxAgents ?? 10_000;
  for (let n = Math.max(1, Math.floor(a) + 1); n <= max; n++) {
    const sl = serviceLevel(n, a, answerSeconds, ahtSeconds);
    if (sl >= targetServiceLevel) {
      const c = erlangC(n, a);
      return { trafficErlangs: a, agents: n, serviceLevel: sl, waitProbability: c, averageSpeedOfAnswer: (c * ahtSeconds) / (n - a), occupancy: a / n };
    }
  }
  throw new RangeError(`more than ${max} agents would be needed`);
}
