import { z } from 'zod';
import { ROOT_CAUSE_CATEGORIES } from '../../core/workflow/root-causes';
import { id, version } from '../../platform/http/bounds';
import { isoDate, isoDateTime, longText, shortText } from './workorders.schemas.fields';

// ---------- closing the loop (docs/quality-loop.md): batch number, root causes, Pareto, similar complaints ----------

export const RootCauseCategory = z.enum(ROOT_CAUSE_CATEGORIES);
export type RootCauseCategory = z.infer<typeof RootCauseCategory>;

/** One sub-cause of a company's controlled list. */
export const RootCauseView = z.object({ id: z.string(), unitId: z.string(), category: RootCauseCategory, name: z.string(), active: z.boolean(), version: z.number() });
export type RootCauseView = z.infer<typeof RootCauseView>;

export const RootCauseListQuery = z.object({
  /** The company whose list (default: the caller's company). */
  unitId: id().optional(),
  /** Also the inactive ones (the administrator's page). */
  all: z.enum(['true', 'false']).optional(),
});
export const RootCauseList = z.object({
  unitId: z.string(),
  categories: z.array(z.object({ code: RootCauseCategory, zh: z.string(), en: z.string() })),
  items: z.array(RootCauseView),
});
export type RootCauseList = z.infer<typeof RootCauseList>;

export const RootCauseCreate = z.object({ unitId: id().optional(), category: RootCauseCategory, name: z.string().trim().min(1).max(100) });
export type RootCauseCreate = z.infer<typeof RootCauseCreate>;
export const RootCausePatch = z.object({ version: version(), name: z.string().trim().min(1).max(100).optional(), active: z.boolean().optional() });
export type RootCausePatch = z.infer<typeof RootCausePatch>;

/** GET /api/reports/root-causes: approved 8D reports of work orders received from..to (local days, inclusive). */
export const RootCauseParetoQuery = z.object({
  from: isoDate,
  to: isoDate,
  productCode: shortText.optional(),
  departmentId: id().optional(),
  /** cause: category and sub-cause (default); category: 人/机/料/法/环/测 only. */
  by: z.enum(['cause', 'category']).default('cause'),
});
export type RootCauseParetoQuery = z.infer<typeof RootCauseParetoQuery>;

export const RootCauseParetoRow = z.object({
  /** 机 · 搓丝板磨损, or 机 alone. */
  cause: z.string(),
  category: RootCauseCategory,
  causeId: z.string().nullable(),
  count: z.number(),
  /** count ÷ all classified reports of the period, 0 … 1. */
  share: z.number(),
  /** The repeats behind the bar. */
  workOrderIds: z.array(z.string()),
  /** Their numbers (KS-…), in the same order. */
  workOrderNumbers: z.array(z.string()),
});
export const RootCausePareto = z.array(RootCauseParetoRow);
export type RootCauseParetoRow = z.infer<typeof RootCauseParetoRow>;

/** GET /api/workorders/similar while a complaint is typed in. */
export const SimilarQuery = z.object({
  customerName: shortText.optional(),
  customerCode: shortText.optional(),
  productCode: shortText.optional(),
  batchNumber: shortText.optional(),
  problem: longText.optional(),
});
export type SimilarQuery = z.infer<typeof SimilarQuery>;

export const SimilarItem = z.object({
  id: z.string(),
  number: z.string(),
  /** 0 … 1 (src/core/similarity/trigram.ts `similarScore`). */
  score: z.number(),
  status: z.string(),
  customerName: z.string().nullable(),
  productCode: z.string().nullable(),
  batchNumber: z.string().nullable(),
  problem: z.string().nullable(),
  receivedAt: z.string(),
  /** What matched: customer, product, batch, text. */
  matches: z.array(z.enum(['customer', 'product', 'batch', 'text'])),
});
export const SimilarList = z.object({ items: z.array(SimilarItem) });
export type SimilarList = z.infer<typeof SimilarList>;

/** Record a repeat complaint on an existing work order instead of registering it twice. */
export const RepeatLink = z.object({
  customerName: shortText.optional(),
  contactName: shortText.optional(),
  contactPhone: z.string().trim().max(50).optional(),
  problem: longText.optional(),
  receivedAt: isoDateTime.optional(),
  note: longText.optional(),
});
export type RepeatLink = z.infer<typeof RepeatLink>;

/** Edit the batch number after intake. */
export const BatchPatch = z.object({ version: version(), batchNumber: shortText.nullable() });
export type BatchPatch = z.infer<typeof BatchPatch>;

/**
 * The verification facts the approver of an 8D records (事故扣分标准 cl. 2; docs/quality-loop.md). The number of
 * end users of the same batch (sameBatchEndUsers) is counted by the system, never entered.
 */
export const QualityVerification = z.object({
  verifiedPoorPerformance: z.boolean().default(false),
  outOfInternalSpec: z.boolean().default(false),
  foreignMatterFromProduction: z.boolean().default(false),
  shortWeight: z.boolean().default(false),
  packagingFaultSameBatchUsers: z.number().int().min(0).max(100_000).default(0),
  /** The directly responsible person, if the approver can name them (else the QA manager does). */
  responsibleUserId: id().optional(),
});
export type QualityVerification = z.infer<typeof QualityVerification>;
