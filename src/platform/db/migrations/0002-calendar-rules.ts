import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Working calendar (docs/calendar.md#rules-and-their-sources) and rule-pack versions (docs/rules.md#what-a-level-rule-is). The shipped notice files and rule packs
// live in the code; these tables hold what administrators add: next years' notices, single-day overrides and
// uploaded pack versions (docs/calendar.md, docs/rules.md "Administration and API").
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('data', jsonType, (c) => c.notNull()) // the validated CalendarYearFile
    .addColumn('source_title', 'text', (c) => c.notNull())
    .addColumn('source_doc_no', 'text', (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'text', (c) => c.primaryKey()) // local date YYYY-MM-DD
    .addColumn('working', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Append-only by convention: a new upload is a new version; evaluations name the version they used.
  await db.schema
    .createTable('rule_pack_versions')
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addPrimaryKeyConstraint('rule_pack_versions_pk', ['pack_id', 'version'])
    .execute();
}
