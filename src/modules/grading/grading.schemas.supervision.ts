// Supervision after a grade is announced (docs/grading.md "Supervision (Art. 11)"): events and the
// downgrade/revocation proposals they raise, direct extension (Art. 8–10), self-inspections and the
// bulletin (Art. 11(6), (7)); served by grading.supervision.ts.

import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';

import { GradeLevel, MineType } from './grading.schemas.common';
import { InDate, PartScores, Ymd } from './grading.schemas.fields';
import { ProposalView } from './grading.schemas.mines';

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
  date: InDate,
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
  version: version(),
  /** Revocation: the stop-production order (责令停产整改) text or number, Art. 11(4). Required for a revocation. */
  stopProductionOrder: z.string().trim().max(2000).optional(),
});
export type ProposalConfirmInput = z.infer<typeof ProposalConfirm>;
export const ProposalDismiss = z.object({ reason: z.string().trim().min(1).max(5000), version: version() });

// ——— direct extension (Art. 8–10) ———

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
  mineId: id(),
  checklist: ExtensionChecklist,
  evidence: z.array(z.object({ item: z.string().max(200), text: z.string().max(5000), attachmentIds: z.array(id()).max(100).default([]) })).max(100).default([]),
});
export type ExtensionCreateInput = z.infer<typeof ExtensionCreate>;
export const ExtensionAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('province_approve'), version: version(), localSupervisionOpinion: z.string().trim().min(1).max(5000) }),
  z.object({ action: z.literal('province_reject'), version: version(), reason: z.string().trim().min(1).max(5000) }),
  z.object({ action: z.literal('national_file'), version: version(), note: z.string().max(2000).optional() }),
]);
export type ExtensionActionInput = z.infer<typeof ExtensionAction>;
export const ExtensionView = z.object({
  id: z.string(),
  mineId: id(),
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
  mineId: id(),
  scope: SelfInspectionScope,
  /** '2026-Q1' for a mine's quarterly self-inspection, '2026-H1' for the enterprise's half-yearly one. */
  period: z.string().regex(/^\d{4}-(Q[1-4]|H[12])$/),
  inspectedOn: InDate,
  summary: z.string().trim().min(1).max(20000),
  weightedScore: z.number().min(0).max(100).optional(),
});
export type SelfInspectionCreateInput = z.infer<typeof SelfInspectionCreate>;
export const SelfInspectionSlot = z.object({
  mineId: id(),
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
export const SelfInspectionQuery = z.object({ mineId: id().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

// ——— bulletin (Art. 11(7)) ———

export const BulletinRow = z.object({
  mineId: id(),
  mineName: z.string(),
  enterpriseName: z.string().nullable(),
  mineType: MineType,
  date: InDate,
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
export const BulletinQuery = z.object({ authorityId: id().optional(), year: z.coerce.number().int().min(2000).max(2100) });

/** Art. 11(6): the 一级 mines' self-inspection results of a year, summarised for the national authority. */
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
  mineId: id(),
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
