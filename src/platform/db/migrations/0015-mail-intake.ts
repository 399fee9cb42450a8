import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// E-mail in (docs/integrations-mail.md): the polled mailboxes with their last seen UID and the poll lease, every
// mail received or sent for a work order, and the attachments of received mail (bytes in the database, like
// grading_attachments, so one database backup holds them). IMAP UIDs and UIDVALIDITY are unsigned 32-bit numbers,
// beyond PostgreSQL `integer`: they are kept as decimal text. Numbered 0015 to leave 0009–0014 to the branches
// in flight; mail_attachments is to be unified with the work-order attachments of migration 0012.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';

  await db.schema
    .createTable('mail_mailboxes')
    .addColumn('key', 'text', (c) => c.primaryKey()) // user@host/mailbox
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', 'text', (c) => c.notNull())
    .addColumn('next_poll_at', tsType, (c) => c.notNull())
    .addColumn('locked_until', tsType)
    .addColumn('locked_by', 'text')
    .addColumn('last_polled_at', tsType)
    .addColumn('last_error', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull()) // in | out
    .addColumn('status', 'text', (c) => c.notNull()) // in: created | threaded | ignored | failed; out: queued | sent | disabled
    .addColumn('work_order_id', 'text', (c) => c.references('work_orders.id'))
    .addColumn('mailbox_key', 'text')
    .addColumn('uid_validity', 'text')
    .addColumn('imap_uid', 'text')
    .addColumn('message_id', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('reference_ids', jsonType, (c) => c.notNull()) // ["<id>", …]
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    .addColumn('to_addresses', jsonType, (c) => c.notNull())
    .addColumn('sent_date', tsType) // the sender's Date header
    .addColumn('at', tsType, (c) => c.notNull()) // received (INTERNALDATE, bounded by now) or queued
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('skipped_attachments', jsonType) // [{filename, size}] over the size limit
    .addColumn('error', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('sent_at', tsType)
    // A mail seen twice — the same Message-ID, or the same mailbox UIDVALIDITY + UID — is stored once.
    .addUniqueConstraint('mail_messages_message_id', ['message_id'])
    .addUniqueConstraint('mail_messages_mailbox_uid', ['mailbox_key', 'uid_validity', 'imap_uid'])
    .execute();
  await db.schema.createIndex('mail_messages_work_order_idx').on('mail_messages').columns(['work_order_id', 'at']).execute();

  await db.schema
    .createTable('mail_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mail_message_id', 'text', (c) => c.notNull().references('mail_messages.id'))
    .addColumn('position', 'integer', (c) => c.notNull()) // order within the mail
    .addColumn('work_order_id', 'text', (c) => c.references('work_orders.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_attachments_message_idx').on('mail_attachments').column('mail_message_id').execute();
  await db.schema.createIndex('mail_attachments_work_order_idx').on('mail_attachments').column('work_order_id').execute();
}
