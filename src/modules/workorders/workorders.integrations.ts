import { shortLocal } from '../../core/workflow/deadlines';
import { DEADLINE_LABELS, labelOf } from '../../core/workflow/labels';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { emitEvent, emitEventsAt, sendSms } from '../integrations';
import type { DeadlineRow, WorkOrderRow } from './workorders.repository';

// What work orders tell the outbound channels (docs/integrations.md "Events"): webhooks of the owning unit's
// tree, and the customer by SMS when a work order closes. Each call runs in the transaction of the change.

/**
 * The serious level: both shipped severity packs name their highest level 严重, and the complaint policy's
 * serious-complaint deadlines and approvals key on the same id (docs/workorders.md "Severity").
 */
export const SERIOUS_SEVERITY = '严重';

/** The fields every work-order event carries: no contact details (they would leave for a chat group). */
const summary = (wo: WorkOrderRow) => ({
  workOrderId: wo.id,
  number: wo.number,
  kind: wo.kind,
  status: wo.status,
  severity: wo.severity,
  customerName: wo.customer_name,
  problem: wo.problem,
  link: `/workorders/${wo.id}`,
});

/** A work order was registered (desk, portal or import); serious from the start is reported too. */
export async function announceCreated(ctx: AppContext, trx: DbOrTrx, wo: WorkOrderRow): Promise<void> {
  await emitEventsAt(ctx, trx, wo.unit_path, [
    { event: 'workorder.created', data: summary(wo) },
    ...(wo.severity === SERIOUS_SEVERITY ? [{ event: 'workorder.severity_serious' as const, data: { ...summary(wo), previous: null } }] : []),
  ]);
}

/** An action changed the work order: severity becoming serious, or closing (the customer is told by SMS unless `sms` is false). */
export async function announceChange(ctx: AppContext, trx: DbOrTrx, before: WorkOrderRow, after: WorkOrderRow, opts: { sms: boolean } = { sms: true }): Promise<void> {
  if (after.severity === SERIOUS_SEVERITY && before.severity !== SERIOUS_SEVERITY) {
    await emitEvent(ctx, trx, 'workorder.severity_serious', after.unit_id, { ...summary(after), previous: before.severity });
  }
  if (after.status === 'closed' && before.status !== 'closed') {
    await emitEvent(ctx, trx, 'workorder.closed', after.unit_id, summary(after));
    if (after.contact_phone && opts.sms) {
      await sendSms(ctx, trx, { phone: after.contact_phone, template: 'workorder.closed', params: { number: after.tracking_number ?? after.number }, unitId: after.unit_id });
    }
  }
}

/** A deadline passed unmet (found by the deadline scan, or settled late by an action). */
export async function announceMissed(ctx: AppContext, trx: DbOrTrx, wo: WorkOrderRow, d: DeadlineRow): Promise<void> {
  await emitEvent(ctx, trx, 'deadline.missed', wo.unit_id, { ...summary(wo), deadlineId: d.id, deadline: d.name, deadlineLabel: labelOf(DEADLINE_LABELS, d.name), dueAt: d.due_at, dueLocal: shortLocal(d.due_at) });
}
