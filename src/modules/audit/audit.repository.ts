import type { DbOrTrx } from '../../platform/db/database';
import type { AuditLogTable } from '../../platform/db/schema';
import { unitIdsWithin } from '../org';

export type AuditRow = AuditLogTable;

export async function insertAudit(db: DbOrTrx, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  unitPaths?: string[] | null; // null = everything
  before?: { at: string; id: string };
  limit: number;
}

export async function listAudit(db: DbOrTrx, q: AuditQuery): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll('audit_log');
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.before) {
    const b = q.before;
    query = query.where((eb) => eb.or([eb('at', '<', b.at), eb.and([eb('at', '=', b.at), eb('id', '<', b.id)])]));
  }
  if (q.unitPaths) {
    // Entries of units inside the administrator's subtrees (an entry without a unit matches none).
    query = query.where('audit_log.unit_id', 'in', unitIdsWithin(db, q.unitPaths));
  }
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}
