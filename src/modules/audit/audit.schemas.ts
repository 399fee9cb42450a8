import { z } from 'zod';
import { id } from '../../platform/http/bounds';

// The audit log's API shapes: the query of GET /api/audit and the records it returns (also the web's types).

export const AuditQuery = z.object({
  subjectType: z.string().max(100).optional(),
  subjectId: id().optional(),
  actorId: id().optional(),
  from: z.string().date().optional().describe('YYYY-MM-DD, inclusive, a day in Asia/Shanghai'),
  to: z.string().date().optional().describe('YYYY-MM-DD, inclusive, a day in Asia/Shanghai'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** One audit record as the API returns it. */
export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  unitId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
});

export const AuditList = z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() });

export type AuditView = z.output<typeof AuditEntryView>;
