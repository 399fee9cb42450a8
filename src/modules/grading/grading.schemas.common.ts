// The grading vocabulary (grades, mine types, application statuses), the rules engine's evaluation as the API
// returns it (docs/rules.md) and the self-assessment facts every application carries.

import { z } from 'zod';
import { id, int32 } from '../../platform/http/bounds';
import { PartScores, Ymd } from './grading.schemas.fields';

// ——— vocabulary ———

/** The three grades of Art. 5; 不达标 only ever appears as an evaluation result, never as a held grade. */
export const GRADE_LEVELS = ['一级', '二级', '三级'] as const;
export const GradeLevel = z.enum(GRADE_LEVELS);
export type GradeLevel = z.infer<typeof GradeLevel>;
export const EvaluatedLevel = z.enum(['一级', '二级', '三级', '不达标']);
export type EvaluatedLevel = z.infer<typeof EvaluatedLevel>;

export const MINE_TYPES = ['underground', 'open_pit'] as const;
export const MineType = z.enum(MINE_TYPES);
export type MineType = z.infer<typeof MineType>;

export const APPLICATION_STATUSES = [
  'submitted',
  'initial_review',
  'assessment',
  'public_notice',
  'announced',
  'rejected',
  'disqualified',
  'withdrawn',
] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** A reviewing or assessing body (an authority unit) as the views name it. */
export const BodyRef = z.object({ id: z.string(), name: z.string() });

export const Bilingual = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

/** One line of a rules explanation, as the rules module returns it (docs/rules.md). */
export const ExplainLine = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });
export type ExplainLine = z.infer<typeof ExplainLine>;

export const Evaluation = z.object({
  packId: z.string(),
  packVersion: z.number(),
  asOf: Ymd,
  level: EvaluatedLevel,
  explain: z.array(ExplainLine),
  refused: z.array(z.object({ level: z.string(), reasons: z.array(ExplainLine) })),
});
export type Evaluation = z.infer<typeof Evaluation>;

// ——— self-assessment facts (the coal-mine-2020 pack's facts, except the events, which come from history) ———

export const SelfAssessment = z.object({
  partScores: PartScores,
  /** Omitted → computed from the template's weights; required when the template has no weights yet (docs/grading.md "Scoring templates"). */
  weightedScore: z.number().min(0).max(100).optional(),
  basicConditionsMet: z.boolean(),
  shiftHeadcountOverLimit: z.boolean().optional(),
  coalMiningOutsourced: z.boolean().optional(),
  strippingContractors: int32(0).optional(),
  illegalDispatchedLabour: z.boolean().optional(),
  blacklisted: z.boolean().optional(),
  /** The self-assessment report (自评报告) text. */
  report: z.string().max(20000).optional(),
  /** A scoring sheet the scores were taken from. */
  sheetId: id().optional(),
  /** Evidence uploaded with the self-assessment (POST /mines/:id/attachments); each must belong to the mine. */
  attachmentIds: z.array(id()).max(100).optional(),
});
export type SelfAssessment = z.infer<typeof SelfAssessment>;
