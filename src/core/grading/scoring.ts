// Scoring-sheet arithmetic of docs/grading.md#scoring-templates — pure functions over plain data.
// Findings deduct from an item down to 0, never below; 缺项 items leave both sums; a part with no applicable
// item drops out and the remaining weights are re-scaled. Values stay unrounded: thresholds compare them as
// they are, and only the display rounds to two decimals.

export type MineTypeCode = 'underground' | 'open_pit';

export interface ItemSpec {
  id: string;
  standardScore: number;
}

export interface ItemEntry {
  itemId: string;
  notApplicable?: boolean;
  /** Points per finding; null = 不得分 (the item earns nothing). */
  deductions?: { points: number | null }[];
}

export interface PartResult {
  earned: number;
  applicable: number;
  /** Earned ÷ applicable × 100, or null when every item is 缺项 (the part drops out). */
  score: number | null;
}

/** Points an item earns: its standard score less the deductions, floored at 0 (docs/grading.md#scoring-templates). */
export function itemEarned(standardScore: number, deductions: { points: number | null }[] = []): number {
  if (deductions.some((d) => d.points === null)) return 0;
  const total = deductions.reduce((s, d) => s + (d.points ?? 0), 0);
  return Math.max(0, standardScore - total);
}

/** Part score = earned ÷ applicable standard points × 100; 缺项 items leave both sums. */
export function partScore(items: ItemSpec[], entries: ItemEntry[]): PartResult {
  const byId = new Map(entries.map((e) => [e.itemId, e]));
  let earned = 0;
  let applicable = 0;
  for (const item of items) {
    const e = byId.get(item.id);
    if (e?.notApplicable) continue;
    applicable += item.standardScore;
    earned += itemEarned(item.standardScore, e?.deductions);
  }
  return { earned, applicable, score: applicable > 0 ? (earned / applicable) * 100 : null };
}

/** Same rescaling when only the sums are known: 2508 ÷ (4000 − 343) × 100 = 68.58. */
export function rescaledScore(earned: number, total: number, notApplicable: number): number | null {
  const applicable = total - notApplicable;
  return applicable > 0 ? (earned / applicable) * 100 : null;
}

export interface WeightedResult {
  /** Σ wᵢ·sᵢ ÷ Σ wᵢ over the parts that have a score, or null when a weight is missing. */
  total: number | null;
  /** Weights actually used after re-weighting (they sum to 1). */
  usedWeights: Record<string, number>;
  missingWeights: string[];
  missingScores: string[];
}

/**
 * Weighted total over the parts of one mine type. A part whose score is null (wholly 缺项) drops out and the
 * rest are re-weighted; a part with no weight makes the total unknown (weights are never invented, docs/grading.md#scoring-templates).
 */
export function weightedTotal(
  parts: { id: string; weight: number | null | undefined }[],
  scores: Record<string, number | null | undefined>,
): WeightedResult {
  const missingWeights = parts.filter((p) => p.weight === null || p.weight === undefined).map((p) => p.id);
  const missingScores = parts.filter((p) => !(p.id in scores)).map((p) => p.id);
  const scored = parts.filter((p) => typeof scores[p.id] === 'number');
  if (missingWeights.length > 0 || scored.length === 0) return { total: null, usedWeights: {}, missingWeights, missingScores };
  const sumW = scored.reduce((s, p) => s + (p.weight as number), 0);
  if (sumW <= 0) return { total: null, usedWeights: {}, missingWeights, missingScores };
  const usedWeights: Record<string, number> = {};
  let total = 0;
  for (const p of scored) {
    usedWeights[p.id] = (p.weight as number) / sumW;
    total += usedWeights[p.id] * (scores[p.id] as number);
  }
  return { total, usedWeights, missingWeights, missingScores };
}

const WEIGHT_TOLERANCE = 1e-9;

/** Weights of one mine type must all be present and sum to 1 (docs/grading.md#scoring-templates). Returns the problems, [] when valid. */
export function validateWeights(parts: { id: string; weight: number | null | undefined }[]): string[] {
  const problems: string[] = [];
  const missing = parts.filter((p) => p.weight === null || p.weight === undefined);
  if (missing.length > 0) problems.push(`weights missing for: ${missing.map((p) => p.id).join(', ')}`);
  const negative = parts.filter((p) => typeof p.weight === 'number' && (p.weight < 0 || p.weight > 1));
  if (negative.length > 0) problems.push(`weights must lie between 0 and 1: ${negative.map((p) => p.id).join(', ')}`);
  if (missing.length === 0) {
    const sum = parts.reduce((s, p) => s + (p.weight as number), 0);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) problems.push(`weights sum to ${roundHalfUp(sum, 6)}, not 1`);
  }
  return problems;
}

/** Round half up at `digits` decimals, immune to binary artefacts such as 1.005 → 1.00. */
export function roundHalfUp(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round((x + Math.sign(x) * Number.EPSILON * Math.abs(x)) * f) / f;
}

/** Two-decimal display of a score (docs/grading.md#scoring-arithmetic-srccoregradingscoringts "two-decimal display"); comparisons never use this value. */
export function displayScore(x: number | null | undefined): string | null {
  if (x === null || x === undefined) return null;
  return roundHalfUp(x, 2).toFixed(2);
}
