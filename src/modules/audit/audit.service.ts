import type { DbOrTrx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import type { Principal } from '../auth/principal';
import { insertAudit, listAudit, type AuditQuery } from './audit.repository';

export interface AuditEntry {
  at: Date | string;
  actor: Pick<Principal, 'id' | 'displayName'> | null;
  action: string; // e.g. 'unit.create', 'workorder.dispatch'
  subjectType: string;
  subjectId?: string | null;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
  note?: string | null;
  requestId?: string | null;
}

/**
 * Append one audit record. Call it with the same transaction as the change it records (STYLE.md §4), so the
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
    request_id: e.requestId ?? null,
  });
}

export interface AuditView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  unitId: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
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
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.at}|${last.id}`).toString('base64url') : null,
  };
}

export function decodeAuditCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  return at && id ? { at, id } : undefined;
}
