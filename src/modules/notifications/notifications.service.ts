import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { enqueue, type OutboxHandler } from '../../platform/jobs/outbox';
import { sendMail } from '../../platform/mail/mailer';
import { userEmails } from '../org';

// In-app notifications and their mail (docs/notifications.md). A notification carries its text in both languages
// and is shown — and mailed — in the recipient's language (users.language). When it is about an item (`subject`),
// the recipient's next action on that item marks it read (`markSubjectRead`, called by the acting module).

export type Language = 'zh' | 'en';

/** The item a notification is about: a module's name and the item's id (a work order, an application …). */
export interface NotificationSubject {
  module: string;
  id: string;
}

export interface NotifyPayload {
  userIds: string[];
  /** The Chinese text; the English one goes in `titleEn` / `bodyEn` (without them, English readers see this text). */
  title: string;
  body: string;
  titleEn?: string;
  bodyEn?: string;
  link?: string;
  email?: boolean;
  subject?: NotificationSubject;
}

/** Queue a notification in the caller's transaction; the outbox worker writes the in-app rows and sends mail. */
export async function notify(db: DbOrTrx, at: Date, payload: NotifyPayload): Promise<void> {
  if (payload.userIds.length === 0) return;
  await enqueue(db, 'notify', { ...payload, userIds: [...new Set(payload.userIds)] }, at);
}

const textFor = (lang: string, zh: string, en: string | null | undefined) => (lang === 'en' && en ? en : zh);

export const deliverNotification: OutboxHandler = async (ctx, raw) => {
  const p = raw as NotifyPayload;
  const users = await userEmails(ctx.db, p.userIds);
  if (users.length === 0) return;
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        id: newId(),
        user_id: u.id,
        title: p.title,
        body: p.body,
        title_en: p.titleEn ?? null,
        body_en: p.bodyEn ?? null,
        link: p.link ?? null,
        subject_module: p.subject?.module ?? null,
        subject_id: p.subject?.id ?? null,
        created_at: at,
        read_at: null,
      })),
    )
    .execute();
  if (p.email !== false) {
    for (const u of users) {
      const body = textFor(u.language, p.body, p.bodyEn);
      if (u.email) await sendMail(ctx.config, { to: u.email, subject: textFor(u.language, p.title, p.titleEn), text: `${body}${p.link ? `\n\n${p.link}` : ''}` });
    }
  }
};

export async function listNotifications(ctx: AppContext, userId: string, unreadOnly: boolean, lang: Language = 'zh') {
  let q = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    title: textFor(lang, r.title, r.title_en),
    body: textFor(lang, r.body, r.body_en),
    link: r.link,
    subject: r.subject_module && r.subject_id ? { module: r.subject_module, id: r.subject_id } : null,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function unreadCount(ctx: AppContext, userId: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(ctx: AppContext, userId: string, id: string | 'all'): Promise<void> {
  let q = ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== 'all') q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  if (id !== 'all' && Number(r.numUpdatedRows) === 0) {
    const exists = await ctx.db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!exists) throw notFound('Notification', '通知');
  }
}

/**
 * The recipient acted on the item: their unread notifications about it are read now. Called by the acting module
 * inside its transaction (indexed on user, module and id), so the bell drops as the action commits.
 */
export async function markSubjectRead(db: DbOrTrx, userId: string, subject: NotificationSubject, at: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at.toISOString() })
    .where('user_id', '=', userId)
    .where('subject_module', '=', subject.module)
    .where('subject_id', '=', subject.id)
    .where('read_at', 'is', null)
    .execute();
}
