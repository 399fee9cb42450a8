import type { Selectable } from 'kysely';
import type { DatabaseDialect } from '../../platform/config';
import type { DbOrTrx } from '../../platform/db/database';
import type { MailAttachmentsTable, MailMailboxesTable, MailMessagesTable } from './workorders.tables';

// Kysely queries of the e-mail intake (migration 0015): the polled mailboxes, the mail of work orders and the
// attachments of received mail. No decisions here (workorders.mail.ts decides).

export type MailboxRow = Selectable<MailMailboxesTable>;
export type MailRow = Selectable<MailMessagesTable>;
export type MailAttachmentRow = Selectable<MailAttachmentsTable>;
export type MailAttachmentMeta = Omit<MailAttachmentRow, 'content'>;

// ---- mailboxes ----

/** Adds the mailbox's row the first time it is polled (due at once); a row that exists is left alone. */
export async function ensureMailbox(db: DbOrTrx, key: string, at: string): Promise<void> {
  await db
    .insertInto('mail_mailboxes')
    .values({ key, uid_validity: null, last_uid: '0', next_poll_at: at, locked_until: null, locked_by: null, last_polled_at: null, last_error: null, updated_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * Takes the mailbox's poll lease when a poll is due and nobody holds an unexpired lease. On PostgreSQL the row is
 * read `FOR UPDATE SKIP LOCKED`, so of two instances claiming at once one gets it and the other sees nothing;
 * SQLite serialises writers, which gives the same guarantee.
 */
export async function claimMailbox(trx: DbOrTrx, dialect: DatabaseDialect, key: string, now: string, lockUntil: string, token: string): Promise<MailboxRow | undefined> {
  let q = trx
    .selectFrom('mail_mailboxes')
    .selectAll()
    .where('key', '=', key)
    .where('next_poll_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]));
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  // The same conditions again in the UPDATE: two SQLite processes may both have read the row before either wrote.
  const r = await trx
    .updateTable('mail_mailboxes')
    .set({ locked_until: lockUntil, locked_by: token, updated_at: now })
    .where('key', '=', key)
    .where('next_poll_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return { ...row, locked_until: lockUntil, locked_by: token };
}

/** Moves the last seen UID on, only while `token` still holds the lease (a fence against an expired lease). */
export async function advanceMailbox(db: DbOrTrx, key: string, token: string, uidValidity: string, lastUid: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_mailboxes')
    .set({ uid_validity: uidValidity, last_uid: String(lastUid), updated_at: at })
    .where('key', '=', key)
    .where('locked_by', '=', token)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseMailbox(db: DbOrTrx, key: string, token: string, patch: { next_poll_at: string; last_polled_at: string; last_error: string | null }): Promise<void> {
  await db
    .updateTable('mail_mailboxes')
    .set({ ...patch, locked_until: null, locked_by: null, updated_at: patch.last_polled_at })
    .where('key', '=', key)
    .where('locked_by', '=', token)
    .execute();
}

export async function findMailbox(db: DbOrTrx, key: string): Promise<MailboxRow | undefined> {
  return db.selectFrom('mail_mailboxes').selectAll().where('key', '=', key).executeTakeFirst();
}

// ---- messages ----

/** Inserts a mail; false when a mail with its Message-ID, or its mailbox UIDVALIDITY + UID, is stored already. */
export async function insertMail(db: DbOrTrx, row: MailRow): Promise<boolean> {
  const r = await db.insertInto('mail_messages').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findSeenMail(db: DbOrTrx, messageId: string | null, mailbox: { key: string; uidValidity: string; uid: number }): Promise<MailRow | undefined> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(messageId ? [eb('message_id', '=', messageId)] : []),
        eb.and([eb('mailbox_key', '=', mailbox.key), eb('uid_validity', '=', mailbox.uidValidity), eb('imap_uid', '=', String(mailbox.uid))]),
      ]),
    )
    .executeTakeFirst();
}

/** The work order of the newest stored mail (received or sent) with one of these Message-IDs. */
export async function workOrderOfMessageIds(db: DbOrTrx, messageIds: string[]): Promise<string | undefined> {
  if (!messageIds.length) return undefined;
  const row = await db
    .selectFrom('mail_messages')
    .select('work_order_id')
    .where('message_id', 'in', messageIds)
    .where('work_order_id', 'is not', null)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.work_order_id ?? undefined;
}

export async function setMailWorkOrder(db: DbOrTrx, id: string, workOrderId: string): Promise<void> {
  await db.updateTable('mail_messages').set({ work_order_id: workOrderId }).where('id', '=', id).execute();
}

export async function findMail(db: DbOrTrx, id: string): Promise<MailRow | undefined> {
  return db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function mailsOf(db: DbOrTrx, workOrderId: string): Promise<MailRow[]> {
  return db.selectFrom('mail_messages').selectAll().where('work_order_id', '=', workOrderId).orderBy('at').orderBy('id').execute();
}

/** The newest mail received for a work order: what a reply answers. */
export async function lastReceivedMail(db: DbOrTrx, workOrderId: string): Promise<MailRow | undefined> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where('work_order_id', '=', workOrderId)
    .where('direction', '=', 'in')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function markMailSent(db: DbOrTrx, id: string, status: 'sent' | 'disabled', at: string): Promise<void> {
  await db.updateTable('mail_messages').set({ status, sent_at: status === 'sent' ? at : null }).where('id', '=', id).execute();
}

// ---- attachments ----

export async function insertAttachments(db: DbOrTrx, rows: MailAttachmentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('mail_attachments').values(rows).execute();
}

export async function attachmentsOfWorkOrder(db: DbOrTrx, workOrderId: string): Promise<MailAttachmentMeta[]> {
  return db
    .selectFrom('mail_attachments')
    .select(['id', 'mail_message_id', 'position', 'work_order_id', 'filename', 'content_type', 'size', 'created_at'])
    .where('work_order_id', '=', workOrderId)
    .orderBy('mail_message_id')
    .orderBy('position')
    .execute();
}

export async function findAttachment(db: DbOrTrx, id: string): Promise<MailAttachmentRow | undefined> {
  return db.selectFrom('mail_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}
