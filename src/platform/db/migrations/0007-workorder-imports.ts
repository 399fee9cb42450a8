import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Register imports that succeeded, by the SHA-256 of the uploaded file, so the same file imported again is refused
// with the first result instead of registering every row twice (docs/workorders.md "Import"). Keyed per owning
// unit: another company's identical file is its own import, and its result is not shown across.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('work_order_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('result', jsonType, (c) => c.notNull()) // {ids, numbers}
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addUniqueConstraint('work_order_imports_unit_sha256', ['unit_id', 'sha256'])
    .execute();
}
