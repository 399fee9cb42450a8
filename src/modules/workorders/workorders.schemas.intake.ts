import { z } from 'zod';
import { id, int32 } from '../../platform/http/bounds';
import { Channel, ComplaintCategory, WorkOrderKind, WorkOrderStatus, SeverityFacts } from './workorders.schemas.codes';
import { isoDate, isoDateTime, longText, shortText } from './workorders.schemas.fields';
import { PublicAttachmentView } from './workorders.schemas.desk';
import { DeadlineBrief, SeverityExplain } from './workorders.schemas.register';

// Registering work orders: by staff, from the public portal, by importing a register.

// ---------- creation ----------

export const WorkOrderCreate = z.object({
  kind: WorkOrderKind,
  channel: Channel,
  /** Complaints only: quality (product) / service / delivery / other. */
  category: ComplaintCategory.optional(),
  /** When it actually arrived (a letter registered later); defaults to now. Deadlines run from it. */
  receivedAt: isoDateTime.optional(),
  /** The owning unit (the company); defaults to the company above the creator's unit. */
  unitId: id().optional(),
  /** Repairs only: the department that reports it (default: the reporter's own, when they report as its head). */
  departmentId: id().optional(),
  /** 表单编号 written on a paper form, when there is one. */
  serial: shortText.optional(),
  customerName: shortText.optional(),
  customerCode: shortText.optional(),
  contactName: shortText.optional(),
  contactPhone: z.string().trim().max(50).optional(),
  contactEmail: z.string().trim().max(200).optional(),
  /** Key customer on the watch list (重点关注); leaves it only after a satisfied callback. */
  keyCustomer: z.boolean().optional(),
  productCode: shortText.optional(),
  productName: shortText.optional(),
  /** 批号: the production batch (事故扣分标准 cl. 2(一)⑵ "同一批次"; docs/quality-loop.md). */
  batchNumber: shortText.optional(),
  /** The defect or problem, in the customer's words. */
  problem: longText.optional(),
  /** Kind of problem (牙纹不良, 短装 …); with productCode decides what counts as the same problem. */
  problemCategory: shortText.optional(),
  /** Course of events (经过). */
  description: longText.optional(),
  place: shortText.optional(),
  occurredAt: isoDateTime.optional(),
  parties: shortText.optional(),
  shipDate: isoDate.optional(),
  shipQuantity: int32(0).optional(),
  /** 0–1 fraction. Alternatively lotSize + defectCount. */
  defectRate: z.number().min(0).max(1).optional(),
  lotSize: int32(1).optional(),
  defectCount: int32(0).optional(),
  /** Where the customer found it (进料检验, 装配线, 终端用户 …). */
  foundAt: shortText.optional(),
  /** Other facts for the severity pack. */
  facts: SeverityFacts.optional(),
  /** Inquiry answered during the call: closes at once (docs/workorders.md "Flow"). */
  answeredOnSpot: z.boolean().optional(),
  /** The answer given on the spot. */
  answer: longText.optional(),
  /** Suggestions: the promised reply date (default from the policy's reply deadline). */
  promisedReplyDate: isoDate.optional(),
  /** For praise letters and complaints about a named staff member. */
  staffName: shortText.optional(),
  /** The 话术库 answer or script used while taking the call, counted as a use (docs/knowledge.md). */
  knowledgeEntryId: id().optional(),
});
export type WorkOrderCreate = z.infer<typeof WorkOrderCreate>;
export type WorkOrderCreateInput = WorkOrderCreate;

/** 201 body of POST /api/workorders (docs/workorders.md "API") — a subset of the view. */
export const WorkOrderCreated = z.object({
  id: z.string(),
  number: z.string(),
  status: WorkOrderStatus,
  severity: z.string().nullable(),
  severityExplain: SeverityExplain.nullable(),
  version: z.number(),
  deadlines: z.array(DeadlineBrief),
});
export type WorkOrderCreated = z.infer<typeof WorkOrderCreated>;

// ---------- public portal ----------

export const PublicComplaintCreate = z.object({
  kind: z.enum(['complaint', 'suggestion', 'inquiry', 'praise']).default('complaint'),
  name: z.string().trim().min(1).max(100),
  company: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  email: z.string().trim().max(200).optional(),
  productCode: shortText.optional(),
  productName: shortText.optional(),
  problem: z.string().trim().min(1).max(5000),
  description: longText.optional(),
  shipDate: isoDate.optional(),
});
export type PublicComplaintCreate = z.infer<typeof PublicComplaintCreate>;

export const PublicComplaintCreated = z.object({ trackingNumber: z.string() });
export type PublicComplaintCreated = z.infer<typeof PublicComplaintCreated>;

export const PublicComplaintView = z.object({
  trackingNumber: z.string(),
  kind: z.string(),
  status: WorkOrderStatus,
  receivedAt: z.string(),
  problem: z.string().nullable(),
  /** The reply sent to the customer, once replied. */
  replyText: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), event: z.string(), textZh: z.string(), textEn: z.string() })),
  /** The files the customer attached on the portal (staff files are not shown). */
  attachments: z.array(PublicAttachmentView),
});
export type PublicComplaintView = z.infer<typeof PublicComplaintView>;

// ---------- import ----------

/** One problem of an imported row: sheet row, create-field, the sheet column's header, a Chinese-first message. */
export const ImportRowError = z.object({ row: z.number(), field: z.string(), column: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

/**
 * A register import that went through: every row created, in sheet order (all or nothing — a file with any bad
 * row answers 422 with `details.rows` listing each ImportRowError, and creates nothing).
 */
export const ImportResult = z.object({
  imported: z.number(),
  ids: z.array(z.string()),
  /** The work-order numbers (KS-…), in the order of `ids`. */
  numbers: z.array(z.string()),
  /** Always empty on success; kept so older clients reading it keep working. */
  errors: z.array(ImportRowError),
});
export type ImportResult = z.infer<typeof ImportResult>;
