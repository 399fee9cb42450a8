import type { AppContext } from '../../platform/context';
import { fieldError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import * as desk from './workorders.desk.repository';
import type { SavedView, SavedViewCreate, SavedViewFilters } from './workorders.schemas';

// Saved register views (docs/workorders.md "Saved views and bulk actions"): a name and the register's filters,
// personal or shared with the owner's own unit. A view stores filters only; the register applies the caller's
// visibility to them as to any query, so a shared view never shows anyone more than they may see.

/** Views one person may own, so the selector stays a short list. */
export const MAX_VIEWS_PER_USER = 50;

const viewNotFound = () => notFound('Saved view', '视图', 'view_not_found');

function present(p: Principal, r: desk.ViewRow): SavedView {
  return { id: r.id, name: r.name, filters: JSON.parse(r.filters) as SavedViewFilters, shared: r.unit_id !== null, ownerName: r.owner_name, mine: r.owner_id === p.id, createdAt: r.created_at };
}

export async function listViews(ctx: AppContext, p: Principal): Promise<SavedView[]> {
  return (await desk.viewsFor(ctx.db, p.id, p.unitId)).map((r) => present(p, r));
}

export async function createView(ctx: AppContext, p: Principal, input: SavedViewCreate, idempotencyKey?: string): Promise<SavedView> {
  if ((await desk.countViewsOf(ctx.db, p.id)) >= MAX_VIEWS_PER_USER) {
    throw invalid([fieldError('name', `每人最多保存 ${MAX_VIEWS_PER_USER} 个视图，请先删除不用的`, `at most ${MAX_VIEWS_PER_USER} views per person; delete one first`)]);
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const res = await idempotent<SavedView>(ctx, `workorders.views:${p.id}`, idempotencyKey, input, async (trx) => {
    const row: desk.ViewRow = { id: newId(now.getTime()), name: input.name, filters: JSON.stringify(input.filters), owner_id: p.id, owner_name: p.displayName, unit_id: input.shared ? p.unitId : null, created_at: at };
    await desk.insertView(trx, row);
    await recordAudit(trx, { at, actor: p, action: 'workorder.view.create', subjectType: 'work_order_view', subjectId: row.id, unitId: row.unit_id, after: { name: row.name, shared: input.shared, filters: input.filters } });
    return { status: 201, body: present(p, row) };
  });
  return res.body;
}

/** Only the owner deletes a view; a view the caller cannot see is 404, a shared one of someone else 403. */
export async function deleteView(ctx: AppContext, p: Principal, id: string): Promise<void> {
  const row = await desk.findView(ctx.db, id);
  if (!row || (row.owner_id !== p.id && row.unit_id !== p.unitId)) throw viewNotFound();
  if (row.owner_id !== p.id) throw forbidden('Only the person who saved a shared view may delete it', '只有保存该共享视图的人可以删除它');
  await ctx.db.transaction().execute(async (trx) => {
    await desk.deleteView(trx, id);
    await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'workorder.view.delete', subjectType: 'work_order_view', subjectId: id, unitId: row.unit_id, before: { name: row.name, shared: row.unit_id !== null } });
  });
}
