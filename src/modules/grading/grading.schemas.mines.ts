// Mines and their registry view (grade, bans, history, open applications and proposals), and the
// per-province configuration of the reviewing bodies; served by grading.service.ts.

import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';

import { ApplicationStatus, BodyRef, EvaluatedLevel, GradeLevel, MineType } from './grading.schemas.common';
import { InDate, Ymd } from './grading.schemas.fields';

// ——— mines ———

export const GradeView = z.object({
  level: GradeLevel,
  since: Ymd,
  validUntil: Ymd,
  standard: z.string(),
  /** The date by which the mine should re-apply or apply for direct extension: validUntil − 3 months (Art. 8–10). */
  reapplyBy: Ymd,
  /** True when the grade was extended directly (Art. 8–10); such mines are spot-checked each year. */
  extended: z.boolean(),
  grantedById: z.string().nullable(),
});
export type GradeView = z.infer<typeof GradeView>;

export const BanScope = z.enum(['一级', '二级及以上']);
export const BanView = z.object({
  /** Which applications are barred: 一级 only, or 二级 and above (一级 and 二级). */
  scope: BanScope,
  /** The first day on which an application is accepted again (the anniversary; docs/grading.md "Bans"). */
  until: Ymd,
  reason: z.string(),
  reasonZh: z.string(),
  cause: z.enum(['fraud', 'downgraded', 'revoked']),
  since: Ymd,
});
export type BanView = z.infer<typeof BanView>;

export const HISTORY_KINDS = ['graded', 'downgraded', 'revoked', 'extended', 'event', 'fraud', 'expired'] as const;
export const HistoryEntry = z.object({
  id: z.string(),
  date: InDate,
  kind: z.enum(HISTORY_KINDS),
  level: GradeLevel.nullable(),
  fromLevel: GradeLevel.nullable(),
  eventType: z.string().nullable(),
  eventClass: z.string().nullable(),
  /** The note as people read it: Chinese first, dates in Beijing local time. */
  reason: z.string().nullable(),
  /** The English note, where the system wrote one (null for notes typed by people). */
  reasonEn: z.string().nullable(),
  standard: z.string().nullable(),
  applicationId: z.string().nullable(),
  proposalId: z.string().nullable(),
  authorityId: z.string().nullable(),
  authorityName: z.string().nullable(),
  /** 责令停产整改: recorded with a revocation (Art. 11(4)). */
  stopProductionOrder: z.string().nullable(),
  recordedAt: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const MineListItem = z.object({
  id: z.string(),
  name: z.string(),
  mineType: MineType,
  grade: GradeView.nullable(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  provinceId: z.string().nullable(),
  provinceName: z.string().nullable(),
  /** Application bans in force today (Art. 7(3), Art. 11(5)), shown in the registry next to the grade. */
  bans: z.array(BanView),
});
export type MineListItem = z.infer<typeof MineListItem>;

export const MineCreate = z.object({
  name: z.string().trim().min(1, '名称不能为空 / name is required').max(100),
  mineType: MineType,
  enterpriseId: id().optional(),
  provinceId: id().optional(),
});
export type MineCreateInput = z.infer<typeof MineCreate>;

export const ApplicationSummary = z.object({
  id: z.string(),
  mineId: id(),
  mineName: z.string(),
  targetLevel: GradeLevel,
  /** The grade now being assessed: the target, or a lower one after a step down (Art. 7). */
  currentLevel: GradeLevel,
  standard: z.string(),
  status: ApplicationStatus,
  version: z.number(),
  receivedAt: z.string(),
  deadline: z.string(),
  /** The 60-working-day clock (Art. 7) computed with the working calendar: left, overdue, provisional, stopped. */
  workingDaysLeft: z.number(),
  overdue: z.boolean(),
  deadlineProvisional: z.boolean(),
  clockStopped: z.boolean(),
  proposedLevel: EvaluatedLevel,
  updatedAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;

export const ProposalView = z.object({
  id: z.string(),
  mineId: id(),
  mineName: z.string(),
  action: z.enum(['downgrade', 'revoke', 'none']),
  fromLevel: GradeLevel.nullable(),
  toLevel: GradeLevel.optional(),
  reason: z.string(),
  reasonZh: z.string(),
  status: z.enum(['pending', 'confirmed', 'dismissed', 'not_needed']),
  eventId: z.string(),
  /** The body that granted the grade: it confirms the change (Art. 11(3)). */
  authorityId: z.string().nullable(),
  authorityName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  stopProductionOrder: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const MineDetail = MineListItem.extend({
  bans: z.array(BanView),
  history: z.array(HistoryEntry),
  applications: z.array(ApplicationSummary),
  proposals: z.array(ProposalView),
  /** An open shutdown (停产) recorded with shutdown_started and not yet ended. */
  shutdownSince: Ymd.nullable(),
});
export type MineDetail = z.infer<typeof MineDetail>;

// ——— per-province configuration (docs/grading.md "Who acts") ———

export const LevelBodies = z.object({ initialReviewBodyId: id(), assessmentBodyId: id() });
export const ProvinceConfigView = z.object({
  provinceId: z.string(),
  provinceName: z.string(),
  levels: z.object({ 一级: LevelBodies, 二级: LevelBodies, 三级: LevelBodies }),
  bodies: z.object({ 一级: z.object({ initialReview: BodyRef, assessment: BodyRef }), 二级: z.object({ initialReview: BodyRef, assessment: BodyRef }), 三级: z.object({ initialReview: BodyRef, assessment: BodyRef }) }),
  version: z.number(),
  isDefault: z.boolean(),
});
export type ProvinceConfigView = z.infer<typeof ProvinceConfigView>;
export const ProvinceConfigUpdate = z.object({
  version: version(),
  levels: z.object({ 一级: LevelBodies, 二级: LevelBodies, 三级: LevelBodies }),
});
export type ProvinceConfigUpdateInput = z.infer<typeof ProvinceConfigUpdate>;
