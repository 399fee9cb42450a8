import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// Hand-off notifications in the recipient's language, tied to the item they are about (docs/notifications.md):
// - notifications keep the English text beside the Chinese one (`title`/`body` stay the Chinese text, so rows
//   written before keep reading as they were) and the subject (`module` + `id`) whose next action marks it read;
// - users have a language preference (zh | en, default zh) that picks the text of their notifications and mail.
// The inbox (我的待办) reads the work-order status index, the proposals and extensions by status: the indexes below
// serve its lookups and marking read by subject.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('title_en', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('body_en', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('subject_module', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('subject_id', 'text').execute();
  await db.schema.createIndex('notifications_subject_idx').on('notifications').columns(['user_id', 'subject_module', 'subject_id']).execute();
  await db.schema.alterTable('users').addColumn('language', 'text', (c) => c.notNull().defaultTo('zh')).execute();
  await db.schema.createIndex('grading_proposals_status_idx').on('grading_proposals').columns(['status', 'authority_id']).execute();
  await db.schema.createIndex('grading_extensions_status_idx').on('grading_extensions').column('status').execute();
}
