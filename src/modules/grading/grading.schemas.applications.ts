// An application's life from declaration to announcement (docs/grading.md "The pipeline (Art. 7)"): the
// views the detail page shows and the actions that move it; served by grading.applications.ts.

import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';

import { ApplicationStatus, BodyRef, EvaluatedLevel, Evaluation, ExplainLine, GradeLevel, MineType, SelfAssessment } from './grading.schemas.common';
import { InDateOrInstant, PartScores } from './grading.schemas.fields';
import { ApplicationSummary } from './grading.schemas.mines';

// ——— applications ———

export const ApplicationCreate = z.object({
  mineId: id(),
  targetLevel: GradeLevel,
  /** Scoring template id, e.g. coal-mine-2020. */
  standard: id(),
  selfAssessment: SelfAssessment,
  /** When the application was received, if before it was recorded here; the 60-working-day clock runs from it. */
  receivedAt: InDateOrInstant.optional(),
});
export type ApplicationCreateInput = z.infer<typeof ApplicationCreate>;

export const DeadlineView = z.object({
  /** The end of working hours of the 60th working day after receipt (Art. 7; docs/calendar.md). */
  due: z.string(),
  provisional: z.boolean(),
  /** Chinese, with the due time in Beijing local time ('YYYY-MM-DD HH:mm'). */
  explain: z.string(),
  explainEn: z.string(),
  workingDaysUsed: z.number(),
  workingDaysLeft: z.number(),
  overdue: z.boolean(),
  /** Set once the application reached a final status: the clock stops. */
  stoppedAt: z.string().nullable(),
});
export type DeadlineView = z.infer<typeof DeadlineView>;

export const HiddenDangerView = z.object({
  id: z.string(),
  description: z.string(),
  foundAt: z.string(),
  rectified: z.boolean(),
  /** 整改报告 */
  report: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  rectifiedAt: z.string().nullable(),
});
export type HiddenDangerView = z.infer<typeof HiddenDangerView>;

export const ObjectionView = z.object({
  id: z.string(),
  receivedAt: z.string(),
  name: z.string(),
  contact: z.string(),
  text: z.string(),
  /** True when name and contact are withheld from the caller (the mine objected to, 为反映人保密). */
  withheld: z.boolean(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ObjectionView = z.infer<typeof ObjectionView>;

export const NoticeView = z.object({
  id: z.string(),
  level: GradeLevel,
  publishedAt: z.string(),
  /** The first instant at which the notice has run 5 working days (end of the 5th working day after publication). */
  runsUntil: z.string(),
  provisional: z.boolean(),
  status: z.enum(['open', 'closed', 'withdrawn']),
  text: z.string(),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const AssessmentView = z.object({
  method: z.enum(['on_site', 'spot_check']),
  partScores: PartScores,
  weightedScore: z.number(),
  assessedAt: z.string(),
  assessedById: z.string(),
  evaluation: Evaluation,
  note: z.string().nullable(),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

export const DecisionView = z.object({
  at: z.string(),
  kind: z.enum(['step_down', 'not_graded', 'objection_upheld']),
  fromLevel: GradeLevel.nullable(),
  toLevel: GradeLevel.nullable(),
  reason: z.string(),
  reasonZh: z.string(),
});
export type DecisionView = z.infer<typeof DecisionView>;

export const AttachmentView = z.object({ id: z.string(), filename: z.string(), mime: z.string(), size: z.number(), uploadedAt: z.string() });
export type AttachmentView = z.infer<typeof AttachmentView>;

export const ApplicationView = ApplicationSummary.extend({
  mineType: MineType,
  enterpriseName: z.string().nullable(),
  provinceId: z.string().nullable(),
  provinceName: z.string().nullable(),
  deadlineClock: DeadlineView,
  selfAssessment: SelfAssessment,
  /** The evidence linked to the self-assessment (selfAssessment.attachmentIds), for the detail and the 自评报告. */
  attachments: z.array(AttachmentView),
  weightedScore: z.number(),
  /** The self-assessment evaluated with the coal-mine-2020 pack at receipt; kept as it was. */
  evaluation: Evaluation,
  explain: z.array(ExplainLine),
  initialReviewBody: BodyRef,
  assessmentBody: BodyRef,
  hiddenDangers: z.array(HiddenDangerView),
  assessment: AssessmentView.nullable(),
  decisions: z.array(DecisionView),
  notice: NoticeView.nullable(),
  objections: z.array(ObjectionView),
  grantedLevel: GradeLevel.nullable(),
  announcedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  /** The actions the caller may take now (for buttons; the server checks again). */
  allowedActions: z.array(z.string()),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const ApplicationCreated = z.object({
  id: z.string(),
  status: ApplicationStatus,
  version: z.number(),
  deadline: z.string(),
  proposedLevel: EvaluatedLevel,
  explain: z.array(ExplainLine),
  application: ApplicationView,
});
export type ApplicationCreated = z.infer<typeof ApplicationCreated>;

const V = { version: version() };
export const ApplicationAction = z.discriminatedUnion('action', [
  /** 初审: record a hidden danger found in the document review or on site. */
  z.object({ action: z.literal('record_hidden_danger'), ...V, description: z.string().trim().min(1).max(2000) }),
  /** 整改: the rectification report for one hidden danger. */
  z.object({
    action: z.literal('rectify_hidden_danger'),
    ...V,
    hiddenDangerId: id(),
    report: z.string().trim().min(1).max(20000),
    attachmentIds: z.array(id()).max(100).optional(),
  }),
  z.object({ action: z.literal('initial_review_pass'), ...V, note: z.string().max(2000).optional() }),
  z.object({ action: z.literal('initial_review_fail'), ...V, reason: z.string().trim().min(1).max(2000) }),
  z.object({
    action: z.literal('assess'),
    ...V,
    method: z.enum(['on_site', 'spot_check']).default('on_site'),
    partScores: PartScores,
    weightedScore: z.number().min(0).max(100).optional(),
    note: z.string().max(2000).optional(),
  }),
  z.object({ action: z.literal('publish_notice'), ...V, publishedAt: InDateOrInstant.optional(), text: z.string().max(5000).optional() }),
  z.object({
    action: z.literal('resolve_objection'),
    ...V,
    objectionId: id(),
    upheld: z.boolean(),
    resolution: z.string().trim().min(1).max(5000),
  }),
  z.object({ action: z.literal('announce'), ...V }),
  z.object({ action: z.literal('find_fraud'), ...V, reason: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('withdraw'), ...V, reason: z.string().max(2000).optional() }),
]);
export type ApplicationActionInput = z.infer<typeof ApplicationAction>;
export type ApplicationActionName = ApplicationActionInput['action'];

export const ApplicationListQuery = z.object({
  mineId: id().optional(),
  status: ApplicationStatus.optional(),
});
