import { z } from 'zod';
import { businessDate, id, int32Query, version } from '../../platform/http/bounds';

// Zod schemas of the staff-levels API (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels) and their inferred types, shared with the web app.

const LocalText = z.object({ zh: z.string(), en: z.string() });
// A hire date may predate the system by decades (bounded at 1950, older than anyone still serving); whether it
// lies in the future depends on "now" and is checked in the service. Assessment dates are business dates.
const hireDate = z.iso.date().refine((d) => d >= '1950-01-01', { message: '须不早于 1950-01-01 / must not be before 1950-01-01' });
const name = z.string().trim().min(1).max(100);
const idList = z.array(z.string().trim().min(1).max(60)).max(20);

export const StaffIdParams = z.object({ id: id() });
export const StaffListQuery = z.object({ unitId: id().optional() });
export const AssessmentQuery = z.object({ asOf: businessDate().optional() });
export const DeleteQuery = z.object({ version: int32Query(0) });

export const StaffCreate = z.object({
  unitId: id(),
  name,
  hiredOn: hireDate,
  passedTests: idList.default([]),
  certificates: idList.default([]),
  attitudeGood: z.boolean().default(false),
  handlesSimpleComplaints: z.boolean().default(false),
  /** The level held when the member is entered (a level decided before this system); default 无. */
  currentLevel: z.string().trim().min(1).max(20).optional(),
});
export type StaffCreate = z.infer<typeof StaffCreate>;

export const StaffUpdate = z.object({
  version: version(),
  name: name.optional(),
  hiredOn: hireDate.optional(),
  passedTests: idList.optional(),
  certificates: idList.optional(),
  attitudeGood: z.boolean().optional(),
  handlesSimpleComplaints: z.boolean().optional(),
});
export type StaffUpdate = z.infer<typeof StaffUpdate>;

export const PromoteBody = z.object({
  level: z.string().trim().min(1).max(20),
  /** Required when the level is above the one the rules give (early promotion, docs/staff-levels.md#levels (服务员等级标准 cl. 1–4)). */
  note: z.string().trim().max(1000).optional(),
  version: version(),
});
export type PromoteBody = z.infer<typeof PromoteBody>;

export const Reason = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });

export const StaffView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  hiredOn: z.string(),
  passedTests: z.array(z.string()),
  certificates: z.array(z.string()),
  attitudeGood: z.boolean(),
  handlesSimpleComplaints: z.boolean(),
  currentLevel: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffViewOutput = z.infer<typeof StaffView>;

export const StaffListItem = StaffView.extend({ computedLevel: z.string() });
export type StaffListItemOutput = z.infer<typeof StaffListItem>;

export const Facts = z.object({
  tenureMonths: z.number(),
  praiseLetters: z.number(),
  complaints: z.number(),
  passedTests: z.array(z.string()),
  certificates: z.array(z.string()),
  attitudeGood: z.boolean(),
  handlesSimpleComplaints: z.boolean(),
  currentLevel: z.string(),
});
export type FactsOutput = z.infer<typeof Facts>;

export const Option = z.object({ id: z.string(), label: LocalText });

export const AssessmentView = z.object({
  staff: StaffView,
  asOf: z.string(),
  facts: Facts,
  packId: z.string(),
  packVersion: z.number(),
  level: z.string(),
  levelLabel: LocalText,
  explain: z.array(Reason),
  refused: z.array(z.object({ level: z.string(), label: LocalText, reasons: z.array(Reason) })),
  outputs: z.record(z.string(), z.unknown()),
  /** Every level, highest first, then the fallback; with the pack's test and certificate choices. */
  levels: z.array(z.object({ id: z.string(), label: LocalText, incomplete: z.boolean() })),
  testOptions: z.array(Option),
  certificateOptions: z.array(Option),
  factLabels: z.record(z.string(), LocalText),
  decisions: z.array(
    z.object({ id: z.string(), level: z.string(), previousLevel: z.string(), packVersion: z.number(), computedLevel: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string(), note: z.string().nullable() }),
  ),
});
export type AssessmentViewOutput = z.infer<typeof AssessmentView>;
