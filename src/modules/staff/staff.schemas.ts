import { z } from 'zod';

// Zod schemas of the staff-levels API (DOMAIN §5) and their inferred types, shared with the web app.

const LocalText = z.object({ zh: z.string(), en: z.string() });
const isoDate = z.iso.date();
const name = z.string().trim().min(1).max(100);
const idList = z.array(z.string().trim().min(1).max(60)).max(20);

export const StaffIdParams = z.object({ id: z.string().min(1) });
export const StaffListQuery = z.object({ unitId: z.string().min(1).optional() });
export const AssessmentQuery = z.object({ asOf: isoDate.optional() });
export const DeleteQuery = z.object({ version: z.coerce.number().int() });

export const StaffCreate = z.object({
  unitId: z.string().min(1),
  name,
  hiredOn: isoDate,
  passedTests: idList.default([]),
  certificates: idList.default([]),
  attitudeGood: z.boolean().default(false),
  handlesSimpleComplaints: z.boolean().default(false),
  /** The level held when the member is entered (a level decided before this system); default 无. */
  currentLevel: z.string().trim().min(1).max(20).optional(),
});
export type StaffCreate = z.infer<typeof StaffCreate>;

export const StaffUpdate = z.object({
  version: z.number().int(),
  name: name.optional(),
  hiredOn: isoDate.optional(),
  passedTests: idList.optional(),
  certificates: idList.optional(),
  attitudeGood: z.boolean().optional(),
  handlesSimpleComplaints: z.boolean().optional(),
});
export type StaffUpdate = z.infer<typeof StaffUpdate>;

export const PromoteBody = z.object({
  level: z.string().trim().min(1).max(20),
  /** Required when the level is above the one the rules give (early promotion, DOMAIN §5). */
  note: z.string().trim().max(1000).optional(),
  version: z.number().int(),
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
