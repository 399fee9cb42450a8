import { z } from 'zod';
import type { DurationUnit } from '../../core/calendar';
import { id, int32, int32Query } from '../../platform/http/bounds';

// Zod schemas of the calendar API (docs/calendar.md#administration-and-api) and their inferred types, shared with the web app.

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
/** An instant with an explicit offset or Z, e.g. 2026-09-30T09:00:00Z or the same instant in the calendar's local offset. */
const instant = z.iso.datetime({ offset: true, local: false });

const UNITS = ['working_days', 'working_hours', 'hours', 'days', 'months', 'years'] as const satisfies readonly DurationUnit[];
export const DurationUnitSchema = z.enum(UNITS);

export const DaysQuery = z.object({ from: localDate, to: localDate, unitId: id().optional() });
export const DayView = z.object({
  date: z.string(),
  working: z.boolean(),
  name: z.string().optional(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday', 'override']),
  provisional: z.boolean(),
});
export type DayViewOutput = z.infer<typeof DayView>;

const Pause = z.object({ start: instant, end: instant });

export const AddBody = z.object({
  start: instant,
  amount: z.number().finite(),
  unit: DurationUnitSchema,
  pauses: z.array(Pause).max(1000).optional(),
  unitId: id().optional(),
});
export type AddInput = z.infer<typeof AddBody>;
export const AddView = z.object({ due: z.string(), provisional: z.boolean(), explain: z.string() });
export type AddViewOutput = z.infer<typeof AddView>;

export const BetweenBody = z.object({
  start: instant,
  end: instant,
  unit: DurationUnitSchema,
  pauses: z.array(Pause).max(1000).optional(),
  unitId: id().optional(),
});
export type BetweenInput = z.infer<typeof BetweenBody>;
export const BetweenView = z.object({ amount: z.number(), provisional: z.boolean() });

export const CalendarYearSource = z.object({
  title: z.string(),
  docNo: z.string(),
  published: z.string().optional(),
  urls: z.array(z.string()).optional(),
});

export const CalendarYearView = z.object({
  year: z.number().int(),
  /** 'shipped': from the release; 'database': imported by an administrator (it replaces a shipped year). */
  origin: z.enum(['shipped', 'database']),
  source: CalendarYearSource,
  holidays: z.array(z.object({ name: z.string(), start: z.string(), end: z.string(), note: z.string().optional() })),
  workdays: z.array(z.object({ date: z.string(), name: z.string(), note: z.string().optional() })),
  importedFrom: z.string().optional(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  version: z.number().int().nullable(),
});
export type CalendarYearViewOutput = z.infer<typeof CalendarYearView>;

export const ValidationIssueView = z.object({ path: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) });

/** Import: the notice file itself (validated by the core, so errors carry paths into the file). */
export const YearImportBody = z.unknown();
export const YearImportQuery = z.object({
  /** The version of the database row being replaced; required when the year was already imported. */
  version: int32Query(1).optional(),
});
export const YearImportView = z.object({ year: CalendarYearView, warnings: z.array(ValidationIssueView) });

export const DateParams = z.object({ date: localDate });
export const OverrideBody = z.object({
  working: z.boolean(),
  note: z.string().trim().max(200).optional(),
  /** The version read; required when the date already has an override. */
  version: int32(1).optional(),
});
export type OverrideInput = z.infer<typeof OverrideBody>;
export const OverrideDeleteQuery = z.object({ version: int32Query(1) });
export const OverrideView = z.object({
  date: z.string(),
  working: z.boolean(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  version: z.number().int(),
});
export type OverrideViewOutput = z.infer<typeof OverrideView>;
export const OverridesQuery = z.object({ from: localDate.optional(), to: localDate.optional() });

export const CalendarSettingsBody = z.object({
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  periods: z.array(z.object({ start: time, end: time })).min(1).max(6),
});
export type CalendarSettingsInput = z.infer<typeof CalendarSettingsBody>;
export const SettingsQuery = z.object({ unitId: id().optional() });
export const SettingsPut = CalendarSettingsBody.extend({
  /** Per-organisation working hours (docs/calendar.md#rules-and-their-sources); omitted = the global setting. */
  unitId: id().optional(),
  /** The version read; omitted only when the setting has never been saved. */
  version: int32(1).optional(),
});
export type SettingsPutInput = z.infer<typeof SettingsPut>;
export const SettingsView = CalendarSettingsBody.extend({
  unitId: z.string().nullable(),
  /** True when these are the built-in defaults (09:00–12:00, 13:00–18:00, Asia/Shanghai time) or inherited. */
  inherited: z.boolean(),
  version: z.number().int().nullable(),
  unitSettings: z.array(z.object({ unitId: z.string(), unitName: z.string().nullable() })),
});
export type SettingsViewOutput = z.infer<typeof SettingsView>;

export const StatusView = z.object({
  today: z.string(),
  lastPublishedDate: z.string(),
  nextYear: z.number().int(),
  nextYearMissing: z.boolean(),
  bannerFrom: z.string(),
  showBanner: z.boolean(),
});
export type StatusViewOutput = z.infer<typeof StatusView>;
