import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { enqueue, type OutboxHandler } from '../../platform/jobs/outbox';
import { sendMail } from '../../platform/mail/mailer';

export interface NotifyPayload {
  userIds: string[];
  title: string;
  body: string;
  link?: string;
  email?: boolean;
}

/** Queue a notification in the caller's transaction; the outbox worker writes the in-app rows and sends mail. */
export async function notify(db: DbOrTrx, at: Date, payload: NotifyPayload): Promise<void> {
  if (payload.userIds.length === 0) return;
  await enqueue(db, 'notify', { ...payload, userIds: [...new Set(payload.userIds)] }, at);
}

export const deliverNotification: OutboxHandler = async (ctx, raw) => {
  const p = raw as NotifyPayload;
  const users = await ctx.db.selectFrom('users').select(['id', 'email']).where('id', 'in', p.userIds).execute();
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('notifications')
    .values(users.map((u) => ({ id: newId(), user_id: u.id, title: p.title, body: p.body, link: p.link ?? null, created_at: at, read_at: null })))
    .execute();
  if (p.email !== false) {
    for (const u of users) {
      if (u.email) await sendMail(ctx.config, { to: u.email, subject: p.title, text: `${p.body}${p.link ? `\n\n${p.link}` : ''}` });
    }
  }
};

export async function listNotifications(ctx: AppContext, userId: string, unreadOnly: boolean) {
  let q = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').limit(100).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at }));
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
