import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// The desk's working aids (docs/workorders.md "Attachments", "Comments", "Saved views"):
//  - work_order_attachments: files on a work order, from staff at any step (optionally tied to the 8D report) or
//    from the customer on the portal. The bytes live in the row (blob / bytea), never on a local disk, so every
//    instance on one PostgreSQL serves them and one database backup holds them (docs/operations.md).
//  - work_order_comments: internal notes with @mentions; never shown on the portal.
//  - work_order_views: saved register filters, personal (unit_id NULL) or shared with the owner's unit.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('work_order_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    // 'staff' or 'portal' (the customer)
    .addColumn('source', 'text', (c) => c.notNull())
    // the work order's status when the file arrived, and 1 when it belongs to the 8D report
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('report8d', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .execute();
  await db.schema.createIndex('work_order_attachments_wo').on('work_order_attachments').columns(['work_order_id', 'created_at']).execute();

  await db.schema
    .createTable('work_order_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('mentions', jsonType, (c) => c.notNull()) // [{id, username, displayName}]
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_order_comments_wo').on('work_order_comments').columns(['work_order_id', 'created_at']).execute();

  await db.schema
    .createTable('work_order_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', jsonType, (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    // NULL: personal; else shared with everyone whose own unit this is. No foreign key: a shared view must not
    // keep a unit from being deleted (org counts what refers to a unit, docs/admin.md); an orphan is never listed.
    .addColumn('unit_id', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_order_views_owner').on('work_order_views').columns(['owner_id']).execute();
  await db.schema.createIndex('work_order_views_unit').on('work_order_views').columns(['unit_id']).execute();
}
