import { z } from 'zod';
import { version } from '../../platform/http/bounds';
import { REPORT_GROUP_BY } from './workorders.schemas.codes';
import { isoDate } from './workorders.schemas.fields';
import { InvalidRecurrence } from './workorders.schemas.register';

// ---------- reports (docs/workorders.md "API") ----------

export const ReportGroupBy = z.enum(REPORT_GROUP_BY);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

export const ReportQuery = z.object({
  from: isoDate,
  to: isoDate,
  /**
   * One grouping (`groupBy=kind`, the original form) or several, comma-separated (`groupBy=kind,channel,severity`)
   * so the dashboard makes one request; duplicates are dropped, the order is kept.
   */
  groupBy: z
    .string()
    .default('kind')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(ReportGroupBy).min(1).max(REPORT_GROUP_BY.length)),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const OnTimeRow = z.object({ deadline: z.string(), total: z.number(), met: z.number(), missed: z.number(), open: z.number(), rate: z.number().nullable() });
export type OnTimeRow = z.infer<typeof OnTimeRow>;

export const ReportGroup = z.object({ key: z.string(), label: z.string(), count: z.number() });

export const WorkOrderReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The first grouping asked for, and its groups (the single-groupBy form of the response). */
  groupBy: ReportGroupBy,
  total: z.number(),
  groups: z.array(ReportGroup),
  /** Every grouping asked for, in the order asked: `groupBy=kind,channel` → [{groupBy: 'kind', …}, {groupBy: 'channel', …}]. */
  groupings: z.array(z.object({ groupBy: ReportGroupBy, groups: z.array(ReportGroup) })),
  onTime: z.array(OnTimeRow),
  repeats: z.array(z.object({ productCode: z.string(), problemCategory: z.string(), count: z.number() })),
  satisfaction: z.object({ callbacks: z.number(), satisfied: z.number(), rate: z.number().nullable() }),
  overdueNow: z.number(),
});
export type WorkOrderReport = z.infer<typeof WorkOrderReport>;

export const PeriodReportQuery = z.object({
  /** 'YYYY-MM' for monthly, 'YYYY-Qn' for quarterly. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/),
});

export const PeriodReport = z.object({
  period: z.string(),
  kind: z.enum(['monthly', 'quarterly']),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  byKind: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  bySeverity: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  byDepartment: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  onTime: z.array(OnTimeRow),
  satisfaction: z.object({ callbacks: z.number(), satisfied: z.number(), rate: z.number().nullable() }),
  repeats: z.array(z.object({ productCode: z.string(), problemCategory: z.string(), count: z.number() })),
  /** Root causes and corrective actions from the period's approved 8D reports (纠正预防措施). */
  correctiveActions: z.array(z.object({ id: z.string(), number: z.string(), productCode: z.string().nullable(), problem: z.string().nullable(), rootCause: z.string().nullable(), actions: z.string().nullable(), prevention: z.string().nullable() })),
  invalidRecurring: z.array(InvalidRecurrence),
  overdueNow: z.number(),
});
export type PeriodReport = z.infer<typeof PeriodReport>;

// ---------- policy ----------

export const PolicyVersionView = z.object({
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  note: z.string().nullable(),
  /** The policy document (format: docs/workorders.md). */
  document: z.record(z.string(), z.unknown()),
  yaml: z.string(),
});
export type PolicyVersionView = z.infer<typeof PolicyVersionView>;

export const PolicyPut = z.object({
  /** The version the editor read (optimistic concurrency). */
  baseVersion: version(),
  /** Either the YAML text or the parsed document. */
  yaml: z.string().max(200_000).optional(),
  document: z.record(z.string().max(100), z.unknown()).optional(),
  note: z.string().trim().max(1000).optional(),
});
export type PolicyPut = z.infer<typeof PolicyPut>;
