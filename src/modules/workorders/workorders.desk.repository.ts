import type { Selectable } from 'kysely';
import type { DatabaseDialect } from '../../platform/config';
import type { DbOrTrx } from '../../platform/db/database';
import type { WorkOrderAttachmentsTable, WorkOrderCommentsTable, WorkOrderViewsTable } from './workorders.desk.tables';

// Kysely queries for attachments, comments and saved views (migration 0012). No decisions here: who may read or
// write what is decided in workorders.attachments.ts, workorders.comments.ts and workorders.saved-views.ts.

export type AttachmentRow = Selectable<WorkOrderAttachmentsTable>;
export type AttachmentMeta = Omit<AttachmentRow, 'content'>;
export type CommentRow = Selectable<WorkOrderCommentsTable>;
export type ViewRow = Selectable<WorkOrderViewsTable>;

const META = ['id', 'work_order_id', 'name', 'mime', 'size', 'sha256', 'source', 'stage', 'report8d', 'created_at', 'created_by', 'created_by_name'] as const;

/**
 * Holds the work order's row until the transaction ends (PostgreSQL), so two uploads at once cannot both pass the
 * per-work-order count. SQLite runs one write transaction at a time already.
 */
export async function lockWorkOrder(trx: DbOrTrx, dialect: DatabaseDialect, id: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('work_orders').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

// ---- attachments ----

export async function insertAttachment(db: DbOrTrx, row: AttachmentRow): Promise<void> {
  await db.insertInto('work_order_attachments').values(row).execute();
}

export async function countAttachments(db: DbOrTrx, workOrderId: string): Promise<number> {
  const r = await db
    .selectFrom('work_order_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('work_order_id', '=', workOrderId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every attachment of a work order without its bytes, oldest first. */
export async function attachmentsOf(db: DbOrTrx, workOrderId: string): Promise<AttachmentMeta[]> {
  return db.selectFrom('work_order_attachments').select(META).where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
}

/** One attachment with its bytes, only when it belongs to that work order. */
export async function findAttachment(db: DbOrTrx, workOrderId: string, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('work_order_attachments').selectAll().where('id', '=', id).where('work_order_id', '=', workOrderId).executeTakeFirst();
}

// ---- comments ----

export async function insertComment(db: DbOrTrx, row: CommentRow): Promise<void> {
  await db.insertInto('work_order_comments').values(row).execute();
}

export async function commentsOf(db: DbOrTrx, workOrderId: string): Promise<CommentRow[]> {
  return db.selectFrom('work_order_comments').selectAll().where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
}

// ---- saved views ----

export async function insertView(db: DbOrTrx, row: ViewRow): Promise<void> {
  await db.insertInto('work_order_views').values(row).execute();
}

/** The caller's own views and those shared with their unit, by name. */
export async function viewsFor(db: DbOrTrx, ownerId: string, unitId: string): Promise<ViewRow[]> {
  return db
    .selectFrom('work_order_views')
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', '=', ownerId), eb('unit_id', '=', unitId)]))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function countViewsOf(db: DbOrTrx, ownerId: string): Promise<number> {
  const r = await db.selectFrom('work_order_views').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', ownerId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findView(db: DbOrTrx, id: string): Promise<ViewRow | undefined> {
  return db.selectFrom('work_order_views').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteView(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('work_order_views').where('id', '=', id).execute();
}
