import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { Channel, ComplaintCategory, WorkOrderKind, WorkOrderStatus } from './workorders.schemas.codes';
import { isoDate } from './workorders.schemas.fields';

// The desk's working aids (docs/workorders.md "Attachments", "Comments", "Saved views and bulk actions"): shapes
// shared with the web app through workorders.schemas.ts.

// ---------- attachments ----------

/** The content types an attachment may have, detected from its bytes (docs/security.md "V12"). */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

export const AttachmentView = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  /** The content type detected from the bytes, e.g. image/jpeg. */
  type: z.string(),
  /** True for images: the web shows them as thumbnails through the download URL. */
  image: z.boolean(),
  createdAt: z.string(),
  /** The staff member who uploaded it; null for the customer on the portal. */
  uploadedBy: z.string().nullable(),
  source: z.enum(['staff', 'portal']),
  /** The work order's status when the file arrived. */
  stage: z.string(),
  /** Uploaded as evidence of the 8D report. */
  report8d: z.boolean(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const AttachmentCreated = z.object({ id: z.string() });
export type AttachmentCreated = z.infer<typeof AttachmentCreated>;

/** What the customer sees of their own uploads on the portal (no staff files, no download: the contact never goes into a URL). */
export const PublicAttachmentView = z.object({ name: z.string(), size: z.number(), type: z.string(), createdAt: z.string() });
export type PublicAttachmentView = z.infer<typeof PublicAttachmentView>;

// ---------- comments ----------

export const CommentCreate = z.object({
  /** The note; `@username` in it mentions that person (who must be able to see the work order). */
  body: z.string().trim().min(1, '请填写内容 / write something').max(4000),
  /** Usernames mentioned besides those written as @username in the body. */
  mentions: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});
export type CommentCreate = z.infer<typeof CommentCreate>;

export const MentionedUser = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type MentionedUser = z.infer<typeof MentionedUser>;

export const CommentView = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  mentions: z.array(MentionedUser),
});
export type CommentView = z.infer<typeof CommentView>;

/** Someone who may be mentioned: a desk user who sees the work order. */
export const MentionCandidate = MentionedUser.extend({ unitName: z.string().nullable() });
export type MentionCandidate = z.infer<typeof MentionCandidate>;

// ---------- saved views ----------

/** The register's filters as a saved view keeps them (the list query without cursor and page size). */
export const SavedViewFilters = z
  .object({
    status: WorkOrderStatus.optional(),
    kind: WorkOrderKind.optional(),
    channel: Channel.optional(),
    category: ComplaintCategory.optional(),
    severity: z.string().max(20).optional(),
    department: id().optional(),
    overdue: z.boolean().optional(),
    keyCustomer: z.boolean().optional(),
    q: z.string().trim().max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    order: z.enum(['newest', 'severity']).optional(),
  })
  .strict();
export type SavedViewFilters = z.infer<typeof SavedViewFilters>;

export const SavedViewCreate = z.object({
  name: z.string().trim().min(1, '请填写视图名称 / name the view').max(60),
  filters: SavedViewFilters,
  /** Shared with everyone of the caller's own unit; else personal. */
  shared: z.boolean().default(false),
});
export type SavedViewCreate = z.infer<typeof SavedViewCreate>;

export const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  filters: SavedViewFilters,
  shared: z.boolean(),
  ownerName: z.string(),
  /** The caller owns it (and so may delete it). */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type SavedView = z.infer<typeof SavedView>;

// ---------- bulk actions ----------

const BulkIds = z.array(id()).min(1, '请选择工单 / select work orders').max(100);

export const BulkActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dispatch'), ids: BulkIds, departmentId: id(), note: z.string().trim().max(1000).optional() }),
  z.object({ action: z.literal('reject_invalid'), ids: BulkIds, reason: z.string().trim().min(1, '请填写无效原因 / give the reason').max(1000) }),
]);
export type BulkActionRequest = z.infer<typeof BulkActionRequest>;

export const BulkRowResult = z.object({
  id: z.string(),
  /** Null when the work order is not visible to the caller (404). */
  number: z.string().nullable(),
  ok: z.boolean(),
  /** 200, or the status the single action answered (403, 404, 409, 422). */
  status: z.number(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  messageZh: z.string().nullable(),
  /** The work order's status after the action. */
  newStatus: z.string().nullable(),
});
export type BulkRowResult = z.infer<typeof BulkRowResult>;

export const BulkActionResult = z.object({ action: z.string(), succeeded: z.number(), failed: z.number(), results: z.array(BulkRowResult) });
export type BulkActionResult = z.infer<typeof BulkActionResult>;
