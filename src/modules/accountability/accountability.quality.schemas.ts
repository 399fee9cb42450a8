import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';

// Quality accidents proposed from approved 8D reports (事故扣分标准 cl. 2; docs/quality-loop.md).

const ReasonView = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });
const Deductions = z.object({ responsible: z.number(), departmentHead: z.number(), directSuperior: z.number(), superiorsSuperior: z.number() });

export const QualityProposalStatus = z.enum(['proposed', 'confirmed', 'dismissed']);

export const QualityProposalView = z.object({
  id: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  responsibleUserId: z.string().nullable(),
  responsibleName: z.string().nullable(),
  /** The local day of the 8D approval; its month is the month booked. */
  occurredOn: z.string(),
  facts: z.record(z.string(), z.unknown()),
  /** The gravest case that held (a level of the quality-accidents pack), or 无. */
  level: z.string(),
  levelLabel: z.string(),
  packVersion: z.number(),
  explain: z.array(ReasonView),
  /** Every case that held, gravest first; `incomplete` — its deductions are still the administrator's to set. */
  cases: z.array(z.object({ level: z.string(), label: z.string(), incomplete: z.boolean(), reasons: z.array(ReasonView) })),
  deductions: Deductions.nullable(),
  /** The departments the source books the case to (生产部, 品保部). */
  departments: z.array(z.string()),
  status: QualityProposalStatus,
  reason: z.string().nullable(),
  accidentId: z.string().nullable(),
  proposedByName: z.string(),
  proposedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number(),
});
export type QualityProposalViewOutput = z.infer<typeof QualityProposalView>;

export const QualityProposalQuery = z.object({ status: QualityProposalStatus.optional(), workOrderId: id().optional() });
export type QualityProposalFilter = z.infer<typeof QualityProposalQuery>;

export const QualityConfirmBody = z.object({
  version: version(),
  /** The unit to book on (default: the proposal's); inside the work order's company. */
  unitId: id().optional(),
  /** The directly responsible person (default: the proposal's); required when the proposal names none. */
  responsibleUserId: id().optional(),
  note: z.string().trim().max(2000).optional(),
});
export type QualityConfirmInput = z.infer<typeof QualityConfirmBody>;

export const QualityDismissBody = z.object({ version: version(), reason: z.string().trim().min(1).max(2000) });
export type QualityDismissInput = z.infer<typeof QualityDismissBody>;
