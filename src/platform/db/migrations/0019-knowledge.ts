import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// The 话术库 and knowledge base (docs/knowledge.md): answers and call scripts kept by a unit's administrators for
// its subtree, and one row per use of an entry in a reply, callback, SMS or call. Searched with an escaped LIKE
// over `search_text` — a few hundred rows, no index needed (docs/knowledge.md "Search").
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('knowledge_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON string[]: the work-order kinds it answers ([] = every kind), and where it is used (reply, callback, sms, call).
    .addColumn('kinds', jsonType, (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('uses', jsonType, (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_used_at', tsType)
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_by_name', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('knowledge_entries_unit_idx').on('knowledge_entries').column('unit_path').execute();

  await db.schema
    .createTable('knowledge_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('knowledge_entries.id'))
    .addColumn('entry_version', 'integer', (c) => c.notNull())
    .addColumn('used_in', 'text', (c) => c.notNull())
    .addColumn('work_order_id', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', tsType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('knowledge_uses_entry_idx').on('knowledge_uses').columns(['entry_id', 'used_in']).execute();
}
