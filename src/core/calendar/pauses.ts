// Pause intervals (暂停计时, docs/calendar.md "Pauses"): validated and merged once per call, then consumed as a
// flat sorted array so that skipping paused time needs no allocation.

import { validTime } from './dates';
import type { Interval } from './types';

/** Merged, sorted pause intervals as [start0, end0, start1, end1, …] in epoch milliseconds. */
export type Pauses = number[];

/** Validates, sorts and merges overlapping pauses; empty intervals are dropped. */
export function normalizePauses(intervals: Interval[]): Pauses {
  const list = intervals.map((p, k) => {
    const start = validTime(p?.start, `pauses[${k}].start`);
    const end = validTime(p?.end, `pauses[${k}].end`);
    if (end < start) throw new RangeError(`pauses[${k}]: end is before start`);
    return [start, end] as const;
  });
  list.sort((a, b) => a[0] - b[0]);
  const merged: Pauses = [];
  for (const [start, end] of list) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
    else if (end > start) merged.push(start, end);
  }
  return merged;
}

/** Elapsed milliseconds of [a, b] that fall inside the pauses. */
export function pausedElapsedMs(a: number, b: number, pauses: Pauses): number {
  let sum = 0;
  for (let p = 0; p < pauses.length; p += 2) {
    const from = Math.max(a, pauses[p]);
    const to = Math.min(b, pauses[p + 1]);
    if (from < to) sum += to - from;
  }
  return sum;
}
