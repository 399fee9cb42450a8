import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/http/errors';
import type { Principal } from '../auth';
import { performAction } from './workorders.actions';
import * as repo from './workorders.repository';
import type { ActionRequest, BulkActionRequest, BulkActionResult, BulkRowResult } from './workorders.schemas';
import { canSee } from './workorders.visibility';

// Bulk actions on the register's selected rows (docs/workorders.md "Saved views and bulk actions"). Each row goes
// through the one action path (performAction: visibility, role, status, guards, its own transaction and audit) at
// the version read just before, so a bulk action can do nothing a single action could not. Rows are independent:
// one that fails (403 role, 404 not visible, 409 status) is reported and the others go on.

export async function bulkAction(ctx: AppContext, p: Principal, input: BulkActionRequest): Promise<BulkActionResult> {
  const results: BulkRowResult[] = [];
  for (const id of [...new Set(input.ids)]) {
    const wo = await repo.findWorkOrder(ctx.db, id);
    const number = wo && canSee(p, wo) ? wo.number : null;
    try {
      const version = wo?.version ?? 0;
      const req: ActionRequest =
        input.action === 'dispatch'
          ? { action: 'dispatch', version, departmentId: input.departmentId, ...(input.note ? { note: input.note } : {}) }
          : { action: 'reject_invalid', version, reason: input.reason };
      const view = await performAction(ctx, p, id, req);
      results.push({ id, number, ok: true, status: 200, code: null, message: null, messageZh: null, newStatus: view.status });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      results.push({ id, number, ok: false, status: err.status, code: err.code, message: err.message, messageZh: err.messageZh, newStatus: null });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { action: input.action, succeeded, failed: results.length - succeeded, results };
}
