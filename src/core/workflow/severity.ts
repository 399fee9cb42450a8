import type { DerivedFact } from './policy';

// The facts the desk derives for a severity pack (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity): the defect rate from the record, and the
// repeat count from history. Pure; the service supplies the history count.

export interface SeverityRecord {
  defectRate?: number | null;
  lotSize?: number | null;
  defectCount?: number | null;
  /** Earlier work orders with the same product code and problem category in the same calendar month. */
  earlierSameProblemThisMonth: number;
}

/** defectRate as recorded, else defectCount ÷ lotSize; the repeat count includes this work order. */
export function deriveFacts(r: SeverityRecord): Partial<Record<DerivedFact, number | boolean>> {
  const out: Partial<Record<DerivedFact, number | boolean>> = {};
  if (r.defectRate !== null && r.defectRate !== undefined) out.defectRate = r.defectRate;
  else if (r.lotSize && r.defectCount !== null && r.defectCount !== undefined) out.defectRate = Math.min(1, r.defectCount / r.lotSize);
  out.sameProblemCountThisMonth = r.earlierSameProblemThisMonth + 1;
  out.repeatedThisMonth = r.earlierSameProblemThisMonth > 0;
  return out;
}

/**
 * The facts handed to the pack: the caller's own facts, then each derived value under the pack's fact name
 * (derived values win: they come from the record, not from a form). A derived value is passed only when the
 * pack declares that fact; the caller's facts all pass, so the pack's validation refuses unknown ones (422).
 */
export function packFacts(
  derive: Record<string, DerivedFact>,
  derived: Partial<Record<DerivedFact, number | boolean>>,
  given: Record<string, unknown>,
  declared: readonly string[],
): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) facts[k] = v;
  for (const [packFact, source] of Object.entries(derive)) {
    const v = derived[source];
    if (v !== undefined && declared.includes(packFact)) facts[packFact] = v;
  }
  return facts;
}

/**
 * Sort rank of a level (docs/workorders.md#deadlines (顾客抱怨办法 cl. 4.3.2(a)) "When several complaints compete, severity decides the order"): the pack
 * lists its levels highest first; the highest gets levels.length + 1, the fallback 1, no severity 0.
 */
export function severityRank(levels: readonly string[], fallback: string, level: string | null): number {
  if (level === null) return 0;
  const i = levels.indexOf(level);
  if (i >= 0) return levels.length - i + 1;
  return level === fallback ? 1 : 0;
}
