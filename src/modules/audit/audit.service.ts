import { z } from 'zod';
import type { DbOrTrx } from '../../platform/db/database';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { newId } from '../../platform/ids';
import { currentRequestId } from '../../platform/request-context';
import { insertAudit, listAudit, type AuditQuery } from './audit.repository';
import type { AuditView } from './audit.schemas';

export interface AuditEntry {
  at: Date | string;
  /** Who acted (a principal, or null for the system). */
  actor: { id: string; displayName: string } | null;
  action: string; // e.g. 'unit.create', 'workorder.dispatch'
  subjectType: string;
  subjectId?: string | null;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
  note?: string | null;
  /** Defaults to the request being served (platform/request-context.ts); null for jobs and CLIs. */
  requestId?: string | null;
}

/**
 * Append one audit record. Call it with the same transaction as the change it records (docs/architecture.md#conventions-every-module-follows), so the
 * change and its record commit or roll back together.
 */
export async function recordAudit(trx: DbOrTrx, e: AuditEntry): Promise<void> {
  const at = typeof e.at === 'string' ? e.at : e.at.toISOString();
  await insertAudit(trx, {
    id: newId(new Date(at).getTime()),
    at,
    actor_id: e.actor?.id ?? null,
    actor_name: e.actor?.displayName ?? null,
    action: e.action,
    subject_type: e.subjectType,
    subject_id: e.subjectId ?? null,
    unit_id: e.unitId ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    note: e.note ?? null,
    request_id: e.requestId ?? currentRequestId() ?? null,
  });
}

export async function queryAudit(db: DbOrTrx, q: AuditQuery): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  const rows = await listAudit(db, { ...q, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      unitId: r.unit_id,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
      note: r.note,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}

// Client-supplied: only a position shaped like the ones we issue reaches the query (a NUL in it was a 500).
const AuditPosition = z.object({ at: z.string().regex(/^[\w.:+-]{1,40}$/), id: z.string().regex(/^[\w-]{1,100}$/) });

/** The position a page of the log ended on; a cursor the server did not issue is a 422 on `cursor`. */
export const decodeAuditCursor = (cursor: string | undefined) => decodeCursor(cursor, AuditPosition);
