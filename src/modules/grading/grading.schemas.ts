import { z } from 'zod';

// Request and response shapes of the grading module (DOMAIN §3), shared with the web app (src/web/grading).
// The shapes named in issue 5's API section are fixed; everything else may grow but not change.

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

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const IsoInstant = z.string().datetime({ offset: true });
/** A date ('2026-03-02', read as that local day) or an instant. */
const DateOrInstant = z.union([Ymd, IsoInstant]);

export const Bilingual = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

/** One line of a rules explanation, as the rules module returns it (DOMAIN §1.3). */
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

const PartScores = z.record(z.string().min(1), z.number().min(0).max(100));

export const SelfAssessment = z.object({
  partScores: PartScores,
  /** Omitted → computed from the template's weights; required when the template has no weights yet (§3.6). */
  weightedScore: z.number().min(0).max(100).optional(),
  basicConditionsMet: z.boolean(),
  shiftHeadcountOverLimit: z.boolean().optional(),
  coalMiningOutsourced: z.boolean().optional(),
  strippingContractors: z.number().int().min(0).optional(),
  illegalDispatchedLabour: z.boolean().optional(),
  blacklisted: z.boolean().optional(),
  /** The self-assessment report (自评报告) text. */
  report: z.string().max(20000).optional(),
  /** A scoring sheet the scores were taken from. */
  sheetId: z.string().optional(),
  /** Evidence uploaded with the self-assessment (POST /mines/:id/attachments); each must belong to the mine. */
  attachmentIds: z.array(z.string()).max(100).optional(),
});
export type SelfAssessment = z.infer<typeof SelfAssessment>;

// ——— mines ———

export const GradeView = z.object({
  level: GradeLevel,
  since: Ymd,
  validUntil: Ymd,
  standard: z.string(),
  /** The date by which the mine should re-apply or apply for direct extension: validUntil − 3 months (§3.4). */
  reapplyBy: Ymd,
  /** True when the grade was extended directly (§3.4); such mines are spot-checked each year. */
  extended: z.boolean(),
  grantedById: z.string().nullable(),
});
export type GradeView = z.infer<typeof GradeView>;

export const BanScope = z.enum(['一级', '二级及以上']);
export const BanView = z.object({
  /** Which applications are barred: 一级 only, or 二级 and above (一级 and 二级). */
  scope: BanScope,
  /** The first day on which an application is accepted again (the anniversary, §3.7). */
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
  date: Ymd,
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
  /** Application bans in force today (§3.7), shown in the registry next to the grade. */
  bans: z.array(BanView),
});
export type MineListItem = z.infer<typeof MineListItem>;

export const MineCreate = z.object({
  name: z.string().trim().min(1, '名称不能为空 / name is required').max(100),
  mineType: MineType,
  enterpriseId: z.string().optional(),
  provinceId: z.string().optional(),
});
export type MineCreateInput = z.infer<typeof MineCreate>;

export const ApplicationSummary = z.object({
  id: z.string(),
  mineId: z.string(),
  mineName: z.string(),
  targetLevel: GradeLevel,
  /** The grade now being assessed: the target, or a lower one after a step down (§3.3). */
  currentLevel: GradeLevel,
  standard: z.string(),
  status: ApplicationStatus,
  version: z.number(),
  receivedAt: z.string(),
  deadline: z.string(),
  /** The 60-working-day clock (§3.3) computed with the working calendar: left, overdue, provisional, stopped. */
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
  mineId: z.string(),
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

// ——— applications ———

export const ApplicationCreate = z.object({
  mineId: z.string().min(1),
  targetLevel: GradeLevel,
  /** Scoring template id, e.g. coal-mine-2020. */
  standard: z.string().min(1),
  selfAssessment: SelfAssessment,
  /** When the application was received, if before it was recorded here; the 60-working-day clock runs from it. */
  receivedAt: DateOrInstant.optional(),
});
export type ApplicationCreateInput = z.infer<typeof ApplicationCreate>;

export const DeadlineView = z.object({
  /** The end of working hours of the 60th working day after receipt (DOMAIN §1.2, §3.3). */
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

export const BodyRef = z.object({ id: z.string(), name: z.string() });
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

const V = { version: z.number().int() };
export const ApplicationAction = z.discriminatedUnion('action', [
  /** 初审: record a hidden danger found in the document review or on site. */
  z.object({ action: z.literal('record_hidden_danger'), ...V, description: z.string().trim().min(1).max(2000) }),
  /** 整改: the rectification report for one hidden danger. */
  z.object({
    action: z.literal('rectify_hidden_danger'),
    ...V,
    hiddenDangerId: z.string(),
    report: z.string().trim().min(1).max(20000),
    attachmentIds: z.array(z.string()).optional(),
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
  z.object({ action: z.literal('publish_notice'), ...V, publishedAt: DateOrInstant.optional(), text: z.string().max(5000).optional() }),
  z.object({
    action: z.literal('resolve_objection'),
    ...V,
    objectionId: z.string(),
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
  mineId: z.string().optional(),
  status: ApplicationStatus.optional(),
});

// ——— evaluation preview ———

export const EvaluateRequest = z.object({
  mineId: z.string().optional(),
  mineType: MineType.optional(),
  standard: z.string().min(1),
  selfAssessment: SelfAssessment,
  asOf: Ymd.optional(),
});
export type EvaluateRequestInput = z.infer<typeof EvaluateRequest>;

export const EvaluateResponse = z.object({
  weightedScore: z.number().nullable(),
  /** Two-decimal display values; thresholds compare the unrounded ones (§3.6). */
  weightedScoreDisplay: z.string().nullable(),
  weightsSource: z.enum(['template', 'entered']),
  evaluation: Evaluation.nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type EvaluateResponse = z.infer<typeof EvaluateResponse>;

// ——— supervision ———

export const SUPERVISION_EVENT_TYPES = [
  'fatal_accident',
  'major_hidden_danger_production',
  'shutdown_started',
  'shutdown_ended',
  'failed_inspection',
  'spot_check_failed',
] as const;
export const SupervisionEventType = z.enum(SUPERVISION_EVENT_TYPES);
export type SupervisionEventType = z.infer<typeof SupervisionEventType>;
export const AccidentClass = z.enum(['general', 'larger', 'major', 'especially_major']);
export type AccidentClass = z.infer<typeof AccidentClass>;

export const SupervisionEventCreate = z.object({
  type: SupervisionEventType,
  date: Ymd,
  class: AccidentClass.optional(),
  note: z.string().max(5000).optional(),
  /** failed_inspection / spot_check_failed: the part scores found, if any — the downgrade goes to the level they support. */
  partScores: PartScores.optional(),
  weightedScore: z.number().min(0).max(100).optional(),
});
export type SupervisionEventCreateInput = z.infer<typeof SupervisionEventCreate>;

export const SupervisionEventResult = z.object({
  eventId: z.string(),
  proposal: z.object({
    id: z.string(),
    action: z.enum(['downgrade', 'revoke', 'none']),
    toLevel: GradeLevel.optional(),
    reason: z.string(),
    reasonZh: z.string(),
    status: ProposalView.shape.status,
    /** The proposal's version, sent back when confirming or dismissing it. */
    version: z.number(),
  }),
});
export type SupervisionEventResult = z.infer<typeof SupervisionEventResult>;

export const ProposalConfirm = z.object({
  reason: z.string().trim().min(1).max(5000),
  /** The proposal version the authority read (409 stale_version when it changed since). */
  version: z.number().int(),
  /** Revocation: the stop-production order (责令停产整改) text or number, Art. 11(4). Required for a revocation. */
  stopProductionOrder: z.string().trim().max(2000).optional(),
});
export type ProposalConfirmInput = z.infer<typeof ProposalConfirm>;
export const ProposalDismiss = z.object({ reason: z.string().trim().min(1).max(5000), version: z.number().int() });

// ——— per-province configuration (§3.2) ———

export const LevelBodies = z.object({ initialReviewBodyId: z.string(), assessmentBodyId: z.string() });
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
  version: z.number().int(),
  levels: z.object({ 一级: LevelBodies, 二级: LevelBodies, 三级: LevelBodies }),
});
export type ProvinceConfigUpdateInput = z.infer<typeof ProvinceConfigUpdate>;

// ——— scoring templates (§3.6) ———

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
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().positive(),
  title: Bilingual,
  edition: z.string(),
  effectiveFrom: Ymd,
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
  edition: z.string(),
  effectiveFrom: Ymd,
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
  version: z.number().int(),
  mineType: MineType,
  weights: z.record(z.string(), z.number().min(0).max(1)),
});
export type TemplateWeightsUpdateInput = z.infer<typeof TemplateWeightsUpdate>;

// ——— scoring sheets (自评 as a sheet) ———

export const SheetEntry = z.object({
  itemId: z.string(),
  notApplicable: z.boolean().default(false),
  deductions: z.array(z.object({ points: z.number().min(0).nullable(), reason: z.string().trim().min(1).max(2000) })).default([]),
  attachmentIds: z.array(z.string()).default([]),
});
export const SheetCreate = z.object({ mineId: z.string(), standard: z.string() });
export const SheetUpdate = z.object({
  version: z.number().int(),
  entries: z.array(SheetEntry).optional(),
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
  mineId: z.string(),
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

// ——— direct extension (§3.4) ———

export const ExtensionChecklist = z.object({
  commitment: z.boolean(),
  zeroGasOverLimit: z.boolean(),
  zeroOutburst: z.boolean(),
  zeroWaterInrush: z.boolean(),
  zeroSpontaneousCombustion: z.boolean(),
  zeroRockBurst: z.boolean(),
  /** 井工 only: 一井一面 / 一井两面. */
  faceMode: z.enum(['one_face', 'two_faces', 'other']).optional(),
  mechanisationPercent: z.number().min(0).max(100),
});
export type ExtensionChecklistInput = z.infer<typeof ExtensionChecklist>;
export const ExtensionCreate = z.object({
  mineId: z.string(),
  checklist: ExtensionChecklist,
  evidence: z.array(z.object({ item: z.string(), text: z.string().max(5000), attachmentIds: z.array(z.string()).default([]) })).default([]),
});
export type ExtensionCreateInput = z.infer<typeof ExtensionCreate>;
export const ExtensionAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('province_approve'), version: z.number().int(), localSupervisionOpinion: z.string().trim().min(1).max(5000) }),
  z.object({ action: z.literal('province_reject'), version: z.number().int(), reason: z.string().trim().min(1).max(5000) }),
  z.object({ action: z.literal('national_file'), version: z.number().int(), note: z.string().max(2000).optional() }),
]);
export type ExtensionActionInput = z.infer<typeof ExtensionAction>;
export const ExtensionView = z.object({
  id: z.string(),
  mineId: z.string(),
  mineName: z.string(),
  status: z.enum(['submitted', 'province_approved', 'filed', 'rejected']),
  checklist: ExtensionChecklist,
  checks: z.array(z.object({ item: z.string(), ok: z.boolean(), zh: z.string(), en: z.string() })),
  evidence: z.array(z.object({ item: z.string(), text: z.string(), attachmentIds: z.array(z.string()) })),
  localSupervisionOpinion: z.string().nullable(),
  validUntilBefore: Ymd,
  validUntilAfter: Ymd.nullable(),
  reason: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export type ExtensionView = z.infer<typeof ExtensionView>;

// ——— self-inspections (Art. 11(6)) ———

export const SelfInspectionScope = z.enum(['mine', 'enterprise']);
export const SelfInspectionCreate = z.object({
  mineId: z.string(),
  scope: SelfInspectionScope,
  /** '2026-Q1' for a mine's quarterly self-inspection, '2026-H1' for the enterprise's half-yearly one. */
  period: z.string().regex(/^\d{4}-(Q[1-4]|H[12])$/),
  inspectedOn: Ymd,
  summary: z.string().trim().min(1).max(20000),
  weightedScore: z.number().min(0).max(100).optional(),
});
export type SelfInspectionCreateInput = z.infer<typeof SelfInspectionCreate>;
export const SelfInspectionSlot = z.object({
  mineId: z.string(),
  mineName: z.string(),
  scope: SelfInspectionScope,
  period: z.string(),
  /** Last day of the period: the inspection is overdue from the next day. */
  dueDate: Ymd,
  overdue: z.boolean(),
  done: z
    .object({ id: z.string(), inspectedOn: Ymd, summary: z.string(), weightedScore: z.number().nullable(), recordedAt: z.string() })
    .nullable(),
});
export type SelfInspectionSlot = z.infer<typeof SelfInspectionSlot>;
export const SelfInspectionQuery = z.object({ mineId: z.string().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

// ——— bulletin (Art. 11(7)) ———

export const BulletinRow = z.object({
  mineId: z.string(),
  mineName: z.string(),
  enterpriseName: z.string().nullable(),
  mineType: MineType,
  date: Ymd,
  level: GradeLevel.nullable(),
  fromLevel: GradeLevel.nullable(),
  reason: z.string().nullable(),
});
export const BulletinView = z.object({
  authorityId: z.string(),
  authorityName: z.string(),
  year: z.number(),
  gradings: z.array(BulletinRow),
  extensions: z.array(BulletinRow),
  downgrades: z.array(BulletinRow),
  revocations: z.array(BulletinRow),
  generatedAt: z.string(),
});
export type BulletinView = z.infer<typeof BulletinView>;
export const BulletinQuery = z.object({ authorityId: z.string().optional(), year: z.coerce.number().int().min(2000).max(2100) });

/** §3.5 / Art. 11(6): the 一级 mines' self-inspection results of a year, summarised for the national authority. */
export const Level1SelfInspectionPeriod = z.object({
  scope: SelfInspectionScope,
  period: z.string(),
  dueDate: Ymd,
  /** done: recorded; missed: past its period without a record; pending: the period has not ended yet. */
  status: z.enum(['done', 'missed', 'pending']),
  inspectedOn: Ymd.nullable(),
  weightedScore: z.number().nullable(),
});
export const Level1SelfInspectionMine = z.object({
  mineId: z.string(),
  mineName: z.string(),
  enterpriseName: z.string().nullable(),
  provinceName: z.string().nullable(),
  since: Ymd,
  validUntil: Ymd,
  extended: z.boolean(),
  periods: z.array(Level1SelfInspectionPeriod),
  done: z.number(),
  missed: z.number(),
  pending: z.number(),
  /** The lowest weighted score recorded in the year's self-inspections (null when none carried a score). */
  lowestScore: z.number().nullable(),
});
export const Level1SelfInspectionSummary = z.object({
  authorityId: z.string(),
  authorityName: z.string(),
  year: z.number(),
  mines: z.array(Level1SelfInspectionMine),
  generatedAt: z.string(),
});
export type Level1SelfInspectionSummary = z.infer<typeof Level1SelfInspectionSummary>;

// ——— public site (no account) ———

export const PublicNotice = z.object({
  id: z.string(),
  mineName: z.string(),
  mineType: MineType,
  enterpriseName: z.string().nullable(),
  provinceName: z.string().nullable(),
  level: GradeLevel,
  authorityName: z.string(),
  publishedAt: z.string(),
  /** The notice period has run once this instant is reached (≥ 5 working days, §3.3). */
  runsUntil: z.string(),
  text: z.string(),
  status: z.enum(['open', 'closed']),
});
export type PublicNotice = z.infer<typeof PublicNotice>;

export const ObjectionCreate = z.object({
  name: z.string().trim().min(1).max(100),
  contact: z.string().trim().min(1).max(200),
  text: z.string().trim().min(5).max(5000),
});
export type ObjectionCreateInput = z.infer<typeof ObjectionCreate>;
export const ObjectionReceipt = z.object({ id: z.string(), receivedAt: z.string() });

export const ANNOUNCEMENT_KINDS = ['graded', 'extended', 'downgraded', 'revoked'] as const;
export const PublicAnnouncement = z.object({
  id: z.string(),
  kind: z.enum(ANNOUNCEMENT_KINDS),
  mineName: z.string(),
  mineType: MineType,
  enterpriseName: z.string().nullable(),
  provinceName: z.string().nullable(),
  level: GradeLevel.nullable(),
  fromLevel: GradeLevel.nullable(),
  since: Ymd,
  validUntil: Ymd.nullable(),
  authorityName: z.string(),
  announcedAt: z.string(),
  reason: z.string().nullable(),
});
export type PublicAnnouncement = z.infer<typeof PublicAnnouncement>;
