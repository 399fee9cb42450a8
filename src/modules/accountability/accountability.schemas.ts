import { z } from 'zod';
import { businessDate, id } from '../../platform/http/bounds';

// Request and response shapes of the accountability API (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions).

// A real date from 2000 (docs/security.md, V5); "not in the future" is checked in the service against the clock.
const Day = businessDate();
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const AccidentCreateBody = z.object({
  unitId: id(),
  occurredOn: Day,
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  // Checked field by field against the rule pack's fact schema (422 names each bad fact).
  facts: z.record(z.string().max(100), z.unknown()),
  responsibleUserId: id(),
});
export type AccidentCreateInput = z.infer<typeof AccidentCreateBody>;

export const IdParams = z.object({ id: z.string().min(1).max(100) });

const ReasonView = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });

export const DeductionEntryView = z.object({
  id: z.string(),
  accidentId: z.string(),
  accidentTitle: z.string(),
  accidentLevel: z.string(),
  /** management (事故扣分标准 cl. 1) or quality (cl. 2, from a work order; docs/quality-loop.md). */
  accidentKind: z.enum(['management', 'quality']),
  workOrderId: z.string().nullable(),
  workOrderNumber: z.string().nullable(),
  occurredOn: z.string(),
  userId: z.string(),
  userName: z.string(),
  roleInChain: z.enum(['responsible', 'departmentHead', 'directSuperior', 'superiorsSuperior']),
  points: z.number(),
  month: z.string(),
  unitId: z.string(),
  unitName: z.string(),
});
export type DeductionEntryViewOutput = z.infer<typeof DeductionEntryView>;

export const AccidentView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  occurredOn: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()),
  level: z.string(),
  kind: z.enum(['management', 'quality']),
  workOrderId: z.string().nullable(),
  workOrderNumber: z.string().nullable(),
  packVersion: z.number(),
  explain: z.array(ReasonView),
  refused: z.array(z.object({ level: z.string(), reasons: z.array(ReasonView) })),
  responsibleUserId: z.string(),
  responsibleName: z.string(),
  recordedBy: z.string(),
  createdAt: z.string(),
  version: z.number(),
  totalPoints: z.number(),
  entries: z.array(DeductionEntryView),
});
export type AccidentViewOutput = z.infer<typeof AccidentView>;

export const AccidentSummary = AccidentView.omit({ facts: true, explain: true, refused: true, entries: true });
export type AccidentSummaryOutput = z.infer<typeof AccidentSummary>;

export const LedgerQuery = z.object({ month: Month.optional(), userId: z.string().max(100).optional(), unitId: z.string().max(100).optional() });
export type LedgerFilter = z.infer<typeof LedgerQuery>;

export const LedgerView = z.object({
  entries: z.array(DeductionEntryView),
  totals: z.array(z.object({ userId: z.string(), userName: z.string(), month: z.string(), points: z.number(), accidents: z.number() })),
});
export type LedgerViewOutput = z.infer<typeof LedgerView>;

export const ReportQuery = z.object({ from: Month.optional(), to: Month.optional(), groupBy: z.enum(['person', 'department', 'month']).default('person') });
export type ReportFilter = z.infer<typeof ReportQuery>;

export const ReportView = z.object({
  groupBy: z.enum(['person', 'department', 'month']),
  rows: z.array(z.object({ key: z.string(), label: z.string(), points: z.number(), entries: z.number(), accidents: z.number() })),
  totalPoints: z.number(),
});
export type ReportViewOutput = z.infer<typeof ReportView>;

export const PeopleQuery = z.object({ unitId: z.string().min(1).max(100).optional() });

export const PersonOption = z.object({ id: z.string(), displayName: z.string(), unitId: z.string(), unitName: z.string() });
export type PersonOptionOutput = z.infer<typeof PersonOption>;
