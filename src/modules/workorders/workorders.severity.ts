import { deriveFacts, packFacts, severityRank } from '../../core/workflow/severity';
import type { ComplaintPolicy } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import { evaluatePack, getActivePack } from '../rules';
import * as repo from './workorders.repository';
import type { SeverityExplain } from './workorders.schemas';

// The proposed severity of a work order (docs/workorders.md "Severity"), at intake and on `set_severity`.

export interface SeverityResult {
  severity: string | null;
  rank: number;
  explain: SeverityExplain | null;
  facts: Record<string, unknown>;
}

/**
 * docs/workorders.md "Severity": the policy's pack proposes the level from the recorded facts — defectRate from the record (or
 * defectCount ÷ lotSize), the same-month repeat count from history — with its explanation.
 */
export async function proposeSeverity(
  ctx: AppContext,
  policy: ComplaintPolicy,
  rec: { kind: string; productCode?: string | null; problemCategory?: string | null; defectRate?: number | null; lotSize?: number | null; defectCount?: number | null; receivedMonth: string; asOf: string; excludeSelf?: boolean; earlierInBatch?: number },
  given: Record<string, unknown>,
): Promise<SeverityResult> {
  if (!policy.severity.kinds.includes(rec.kind)) return { severity: null, rank: 0, explain: null, facts: given };
  const packId = policy.severity.pack;
  const { pack } = await getActivePack(ctx, packId);
  let earlier = 0;
  if (rec.productCode && rec.problemCategory) {
    earlier = await repo.countSameProblem(ctx.db, rec.productCode, rec.problemCategory, rec.receivedMonth);
    if (rec.excludeSelf) earlier = Math.max(0, earlier - 1);
    earlier += rec.earlierInBatch ?? 0;
  }
  const derived = deriveFacts({ defectRate: rec.defectRate, lotSize: rec.lotSize, defectCount: rec.defectCount, earlierSameProblemThisMonth: earlier });
  const facts = packFacts(policy.severity.derive, derived, given, Object.keys(pack.facts));
  // The version just read: one lookup of the latest version per intake, and the level comes from the pack whose facts were checked.
  const ev = await evaluatePack(ctx, packId, facts, rec.asOf, { version: pack.version });
  return {
    severity: ev.level,
    rank: severityRank(pack.levels.map((l) => l.id), pack.fallback, ev.level),
    facts,
    explain: { packId: ev.packId, packVersion: ev.version, proposed: ev.level, reasons: ev.explain, refused: ev.refused, facts, override: null },
  };
}
