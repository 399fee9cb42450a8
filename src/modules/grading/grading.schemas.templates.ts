// Scoring templates, scoring sheets and the evaluation preview (docs/grading.md "Scoring templates");
// served by grading.templates.ts and grading.sheets.ts.

import { z } from 'zod';
import { id, int32, version } from '../../platform/http/bounds';

import { AttachmentView } from './grading.schemas.applications';
import { Bilingual, Evaluation, MineType, SelfAssessment } from './grading.schemas.common';
import { InDate, PartScores } from './grading.schemas.fields';

// ——— evaluation preview ———

export const EvaluateRequest = z.object({
  mineId: id().optional(),
  mineType: MineType.optional(),
  standard: id(),
  selfAssessment: SelfAssessment,
  asOf: InDate.optional(),
});
export type EvaluateRequestInput = z.infer<typeof EvaluateRequest>;

export const EvaluateResponse = z.object({
  weightedScore: z.number().nullable(),
  /** Two-decimal display values; thresholds compare the unrounded ones (docs/grading.md "Scoring templates"). */
  weightedScoreDisplay: z.string().nullable(),
  weightsSource: z.enum(['template', 'entered']),
  evaluation: Evaluation.nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type EvaluateResponse = z.infer<typeof EvaluateResponse>;

// ——— scoring templates (docs/grading.md "Scoring templates") ———

export const DeductionRule = z.object({
  text: z.string(),
  /** Points per occurrence; null = 不得分 (the item scores 0). */
  points: z.number().min(0).nullable(),
});
export const TemplateItem = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  standardScore: z.number().positive(),
  method: z.string().default(''),
  deductions: z.array(DeductionRule).default([]),
  /** The item may be marked 缺项 (not applicable). */
  mayBeNotApplicable: z.boolean().default(false),
});
export const TemplatePart = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  group: z.string().optional(),
  /** Mine types this part applies to. */
  mineTypes: z.array(MineType).min(1),
  /** Weight per mine type; null until an administrator enters it (the 2020 weights are not in our sources). */
  weights: z.object({ underground: z.number().min(0).max(1).nullable().optional(), open_pit: z.number().min(0).max(1).nullable().optional() }),
  items: z.array(TemplateItem).default([]),
});
export const TemplateGroup = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Minimum group score for 一级 in editions that set one (2024: 安全基础管理 85, others 90). */
  level1Min: z.number().min(0).max(100).optional(),
});
export const ScoringTemplate = z.object({
  id: z.string().max(100).regex(/^[a-z0-9][a-z0-9-]*$/),
  version: int32(1),
  title: Bilingual,
  edition: z.string().max(200),
  effectiveFrom: InDate,
  /** The rules pack that grades a mine under this edition. */
  rulesPack: z.string().default('coal-mine-2020'),
  groups: z.array(TemplateGroup).default([]),
  parts: z.array(TemplatePart).min(1),
});
export type ScoringTemplate = z.infer<typeof ScoringTemplate>;
export type ScoringTemplateInput = z.input<typeof ScoringTemplate>;

export const TemplateSummary = z.object({
  id: z.string(),
  version: z.number(),
  title: Bilingual,
  edition: z.string().max(200),
  effectiveFrom: InDate,
  source: z.enum(['shipped', 'database']),
  /** Per mine type: weights complete and summing to 1. */
  weightsComplete: z.object({ underground: z.boolean(), open_pit: z.boolean() }),
  hasItems: z.boolean(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;
export const TemplateView = ScoringTemplate.extend({ source: TemplateSummary.shape.source, weightsComplete: TemplateSummary.shape.weightsComplete });
export type TemplateView = z.infer<typeof TemplateView>;

export const TemplateWeightsUpdate = z.object({
  /** The template version the administrator read. A new version is stored; results made under the old one keep it. */
  version: version(),
  mineType: MineType,
  weights: z.record(z.string().max(100), z.number().min(0).max(1)),
});
export type TemplateWeightsUpdateInput = z.infer<typeof TemplateWeightsUpdate>;

// ——— scoring sheets (自评 as a sheet) ———

export const SheetEntry = z.object({
  itemId: id(),
  notApplicable: z.boolean().default(false),
  deductions: z.array(z.object({ points: z.number().min(0).max(1000).nullable(), reason: z.string().trim().min(1).max(2000) })).max(100).default([]),
  attachmentIds: z.array(id()).max(100).default([]),
});
export const SheetCreate = z.object({ mineId: id(), standard: id() });
export const SheetUpdate = z.object({
  version: version(),
  entries: z.array(SheetEntry).max(5000).optional(),
  /** Parts scored as a whole, where the template has no items (entered from the official sheet). */
  partScores: PartScores.optional(),
  weightedScore: z.number().min(0).max(100).nullable().optional(),
  facts: SelfAssessment.omit({ partScores: true, weightedScore: true, sheetId: true }).partial().optional(),
});
export type SheetUpdateInput = z.infer<typeof SheetUpdate>;
export const PartResultView = z.object({
  partId: z.string(),
  name: z.string(),
  earned: z.number(),
  applicable: z.number(),
  notApplicable: z.boolean(),
  score: z.number().nullable(),
  display: z.string().nullable(),
});
export const SheetView = z.object({
  id: z.string(),
  mineId: id(),
  mineType: MineType,
  standard: z.string(),
  templateVersion: z.number(),
  entries: z.array(SheetEntry),
  partScores: z.record(z.string(), z.number()),
  weightedScore: z.number().nullable(),
  facts: z.record(z.string(), z.unknown()),
  parts: z.array(PartResultView),
  computedWeightedScore: z.number().nullable(),
  computedWeightedScoreDisplay: z.string().nullable(),
  evaluation: Evaluation.nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  attachments: z.array(AttachmentView),
  version: z.number(),
  updatedAt: z.string(),
});
export type SheetView = z.infer<typeof SheetView>;
