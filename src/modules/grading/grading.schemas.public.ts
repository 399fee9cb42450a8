// The public site, no account needed (docs/grading.md "Public site"): notices under objection, objections and
// announcements; served by grading.public.ts.

import { z } from 'zod';
import { GradeLevel, MineType } from './grading.schemas.common';
import { Ymd } from './grading.schemas.fields';

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
  /** The notice period has run once this instant is reached (≥ 5 working days, Art. 7(4)). */
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
