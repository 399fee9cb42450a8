// The deduction chain of one accident (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions): who is booked how many points. Pure; the service finds
// the people (docs/accountability.md "Who is booked").

export const CHAIN_ROLES = ['responsible', 'departmentHead', 'directSuperior', 'superiorsSuperior'] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

export type Deductions = Record<ChainRole, number>;

export interface ChainEntry {
  userId: string;
  roleInChain: ChainRole;
  points: number;
}

/** Reads `outputs.deductions` of an evaluation; a missing or non-numeric value counts as 0 (the fallback level has none). */
export function readDeductions(outputs: Record<string, unknown>): Deductions {
  const d = outputs.deductions;
  const rec = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
  const num = (k: ChainRole) => (typeof rec[k] === 'number' && Number.isFinite(rec[k]) ? (rec[k] as number) : 0);
  return { responsible: num('responsible'), departmentHead: num('departmentHead'), directSuperior: num('directSuperior'), superiorsSuperior: num('superiorsSuperior') };
}

/**
 * The entries to book: a link with no holder or with 0 points is skipped; a person reached by several links is
 * booked once, for the link with the most points (earlier link wins a tie), so nobody pays twice for one accident.
 */
export function buildChain(holders: Partial<Record<ChainRole, string | null>>, deductions: Deductions): ChainEntry[] {
  const byUser = new Map<string, ChainEntry>();
  for (const role of CHAIN_ROLES) {
    const userId = holders[role];
    const points = deductions[role];
    if (!userId || !(points > 0)) continue;
    const seen = byUser.get(userId);
    if (!seen || points > seen.points) byUser.set(userId, { userId, roleInChain: role, points });
  }
  return CHAIN_ROLES.flatMap((r) => [...byUser.values()].filter((e) => e.roleInChain === r));
}
