import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { fieldError, invalid } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { notify } from '../notifications';
import { listUsers, roleHolders } from '../org';
import { DESK_ROLES } from './workorders.access';
import * as desk from './workorders.desk.repository';
import { visibleWorkOrder } from './workorders.register';
import type * as repo from './workorders.repository';
import type { CommentCreate, CommentView, MentionCandidate, MentionedUser } from './workorders.schemas';
import { VISIBILITY_COLUMNS } from './workorders.visibility';

// Comments on a work order (docs/workorders.md "Comments"): internal notes among staff, never shown on the portal
// (the portal reads the timeline's public events only). `@username` mentions a person who sees the work order;
// they are notified through the outbox (notifications' notify), the author is not.

/** `@name` where name is a username (letters, digits, . _ -), not inside an e-mail address or a word. */
const MENTION = /(?:^|[^A-Za-z0-9._@-])@([A-Za-z0-9._-]{2,50})/g;

/** Usernames written as @username in a text, in order, once each; a trailing full stop is punctuation. */
export function mentionsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const name = (m[1] ?? '').replace(/[.]+$/, '');
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Who sees the work order: active desk users holding a role on, or above, one of its units (the visibility rule,
 * workorders.visibility.ts, over the route gate's roles).
 */
export async function peopleWhoSee(db: DbOrTrx, wo: repo.WorkOrderRow): Promise<MentionCandidate[]> {
  const unitIds = [...new Set(VISIBILITY_COLUMNS.flatMap((c) => (wo[c] ?? '').split('/').filter(Boolean)))];
  const holders = new Set((await roleHolders(db, unitIds, DESK_ROLES)).map((h) => h.user_id));
  if (!holders.size) return [];
  return (await listUsers(db, null))
    .filter((u) => holders.has(u.id) && u.active === 1)
    .map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, unitName: u.unit_name }));
}

export async function mentionCandidates(ctx: AppContext, p: Principal, workOrderId: string): Promise<MentionCandidate[]> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  return peopleWhoSee(ctx.db, wo);
}

function present(r: desk.CommentRow): CommentView {
  return { id: r.id, body: r.body, createdAt: r.created_at, authorId: r.author_id, authorName: r.author_name, mentions: JSON.parse(r.mentions) as MentionedUser[] };
}

export async function listComments(ctx: AppContext, p: Principal, workOrderId: string): Promise<CommentView[]> {
  await visibleWorkOrder(ctx, p, workOrderId);
  return (await desk.commentsOf(ctx.db, workOrderId)).map(present);
}

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

/** Adds a note; every mentioned person must see the work order (else 422 naming who), and is notified. Idempotency-Key honoured. */
export async function addComment(ctx: AppContext, p: Principal, workOrderId: string, input: CommentCreate, idempotencyKey?: string): Promise<CommentView> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  const asked = [...new Set([...mentionsIn(input.body), ...(input.mentions ?? [])])];
  let mentioned: MentionedUser[] = [];
  if (asked.length) {
    const people = await peopleWhoSee(ctx.db, wo);
    const byName = new Map(people.map((u) => [u.username.toLowerCase(), u]));
    const unknown = asked.filter((n) => !byName.has(n.toLowerCase()));
    if (unknown.length) {
      const list = unknown.map((n) => `@${n}`).join('、');
      // The same answer for an unknown username and for someone who may not see the work order: no user directory.
      throw invalid([fieldError(input.mentions?.some((n) => unknown.includes(n)) ? 'mentions' : 'body', `${list} 不是能查看此工单的用户`, `${unknown.map((n) => `@${n}`).join(', ')}: no such user can see this work order`)]);
    }
    mentioned = asked.map((n) => byName.get(n.toLowerCase())!).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const res = await idempotent<CommentView>(ctx, `workorders.comments:${p.id}`, idempotencyKey, { workOrderId, ...input }, async (trx) => {
    const row: desk.CommentRow = { id: newId(now.getTime()), work_order_id: wo.id, body: input.body, mentions: JSON.stringify(mentioned), created_at: at, author_id: p.id, author_name: p.displayName };
    await desk.insertComment(trx, row);
    await recordAudit(trx, { at, actor: p, action: 'workorder.comment', subjectType: 'work_order', subjectId: wo.id, unitId: wo.unit_id, after: { commentId: row.id, number: wo.number, mentions: mentioned.map((m) => m.username) } });
    const others = mentioned.filter((m) => m.id !== p.id).map((m) => m.id);
    await notify(trx, now, {
      userIds: others,
      title: `【提及】${wo.number} ${p.displayName} 在备注中提到了您`,
      titleEn: `[Mention] ${wo.number}: ${p.displayName} mentioned you in a note`,
      body: excerpt(input.body),
      bodyEn: excerpt(input.body),
      link: `/workorders/${wo.id}`,
      subject: { module: 'workorders', id: wo.id },
    });
    return { status: 201, body: present(row) };
  });
  return res.body;
}
