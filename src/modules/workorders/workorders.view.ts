import { formatLocal } from '../../core/calendar';
import { splitExplain, type DeadlineCalendar } from '../../core/workflow/deadlines';
import { CHANNEL_LABELS } from '../../core/workflow/labels';
import { isRepairKind } from '../../core/workflow/flow';
import { repairSendsSms, type ComplaintPolicy } from '../../core/workflow/policy';
import type { DbOrTrx } from '../../platform/db/database';
import type { Principal } from '../auth';
import { actionsFor } from './workorders.access';
import { presentAttachment } from './workorders.attachments.view';
import { attachmentsOf } from './workorders.desk.repository';
import { ownerUnitOf, parseExtensions, parseOwner, parsePauses, type ExtensionRequest } from './workorders.deadlines';
import * as repo from './workorders.repository';
import type {
  DeadlineBrief,
  DeadlineView,
  Offer,
  RepairView,
  Report8dFields,
  Report8dView,
  SeverityExplain,
  TimelineEntry,
  WorkOrderListItem,
  WorkOrderView,
} from './workorders.schemas';

// Presenters: rows → the API's shapes (routes are pipelines ending in a presenter that shapes the response: docs/architecture.md#conventions-every-module-follows).

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
const bool = (n: number | null) => (n === null ? null : n === 1);

export function presentDeadline(d: repo.DeadlineRow, ownerUnitId: string | null): DeadlineView {
  return {
    id: d.id,
    name: d.name,
    due: d.due_at,
    state: d.state as DeadlineView['state'],
    dueLocal: formatLocal(new Date(d.due_at)),
    startedAt: d.started_at,
    explain: d.explain,
    explainText: splitExplain(d.explain),
    provisional: d.provisional === 1,
    amount: d.amount,
    unit: d.unit,
    pauses: parsePauses(d),
    extensions: parseExtensions(d).map((e) => ({ from: e.from, to: e.to, reason: e.reason, customerAgreement: e.customerAgreement, requestedBy: e.requestedBy, grantedBy: e.grantedBy, at: e.at })),
    extensionRequest: json<ExtensionRequest>(d.extension_request),
    metAt: d.met_at,
    missedAt: d.missed_at,
    warnedAt: d.warned_at,
    ownerUnitId,
  };
}

export const brief = (d: repo.DeadlineRow): DeadlineBrief => ({ name: d.name, due: d.due_at, state: d.state as DeadlineBrief['state'] });

function presentReports(rows: repo.ReportRow[]): Report8dView | null {
  const last = rows[rows.length - 1];
  if (!last) return null;
  return {
    revision: last.revision,
    status: last.status as Report8dView['status'],
    reworkCount: rows.filter((r) => r.status === 'returned').length,
    fields: JSON.parse(last.fields) as Report8dFields,
    submittedBy: last.submitted_by,
    submittedAt: last.submitted_at,
    history: rows.map((r) => ({ revision: r.revision, fields: JSON.parse(r.fields) as Report8dFields, submittedBy: r.submitted_by, submittedAt: r.submitted_at, outcome: r.outcome, reason: r.reason })),
  };
}

export function presentEvent(e: repo.EventRow): TimelineEntry {
  return {
    id: e.id,
    at: e.at,
    event: e.event,
    actorName: e.actor_name,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    // Receipts stored before the channel label was kept hold the raw code ("phone"); present its label.
    note: e.event === 'received' && e.note && CHANNEL_LABELS[e.note] ? CHANNEL_LABELS[e.note].zh : e.note,
    public: e.public === 1,
    data: json<Record<string, unknown>>(e.data),
  };
}

function presentRepair(policy: ComplaintPolicy, wo: repo.WorkOrderRow, centreName: string | null, smsConfigured: boolean): RepairView | null {
  if (!isRepairKind(wo.kind)) return null;
  return {
    centreName,
    crew: json<{ name: string; phone: string | null }[]>(wo.crew) ?? [],
    arrivedAt: wo.arrived_at,
    completedAt: wo.completed_at,
    result: wo.repair_result,
    sms: !repairSendsSms(policy, wo.kind) ? 'not_for_kind' : smsConfigured ? 'on' : 'off',
  };
}

export async function presentWorkOrder(
  db: DbOrTrx,
  p: Principal,
  policy: ComplaintPolicy,
  wo: repo.WorkOrderRow,
  env: { cal: DeadlineCalendar; now: Date; smsConfigured: boolean },
): Promise<WorkOrderView> {
  const [deadlines, events, reports, units, watched, attachments] = await Promise.all([
    repo.deadlinesOf(db, wo.id),
    repo.eventsOf(db, wo.id),
    repo.reportsOf(db, wo.id),
    repo.unitsByIds(db, [wo.unit_id, ...(wo.department_id ? [wo.department_id] : []), ...(wo.receiving_unit_id ? [wo.receiving_unit_id] : [])]),
    wo.customer_key ? repo.isWatched(db, wo.customer_key) : Promise.resolve(false),
    attachmentsOf(db, wo.id),
  ]);
  const name = (id: string | null) => (id ? (units.find((u) => u.id === id)?.name ?? null) : null);
  return {
    id: wo.id,
    number: wo.number,
    trackingNumber: wo.tracking_number,
    kind: wo.kind as WorkOrderView['kind'],
    channel: wo.channel as WorkOrderView['channel'],
    category: wo.category as WorkOrderView['category'],
    status: wo.status as WorkOrderView['status'],
    severity: wo.severity,
    severityExplain: json<SeverityExplain>(wo.severity_explain),
    version: wo.version,
    policyVersion: wo.policy_version,
    unitId: wo.unit_id,
    unitName: name(wo.unit_id),
    departmentId: wo.department_id,
    departmentName: name(wo.department_id),
    serial: wo.serial,
    customerName: wo.customer_name,
    customerCode: wo.customer_code,
    contactName: wo.contact_name,
    contactPhone: wo.contact_phone,
    contactEmail: wo.contact_email,
    keyCustomer: wo.key_customer === 1 || watched,
    productCode: wo.product_code,
    productName: wo.product_name,
    batchNumber: wo.batch_number,
    problem: wo.problem,
    problemCategory: wo.problem_category,
    description: wo.description,
    place: wo.place,
    occurredAt: wo.occurred_at,
    parties: wo.parties,
    shipDate: wo.ship_date,
    shipQuantity: wo.ship_quantity,
    defectRate: wo.defect_rate,
    lotSize: wo.lot_size,
    defectCount: wo.defect_count,
    foundAt: wo.found_at,
    staffName: wo.staff_name,
    facts: JSON.parse(wo.facts) as Record<string, unknown>,
    receivedAt: wo.received_at,
    createdAt: wo.created_at,
    updatedAt: wo.updated_at,
    createdByName: wo.created_by_name,
    paused: wo.paused === 1,
    escalated: wo.escalated === 1,
    objection: json<{ reason: string; by: string; at: string }>(wo.objection),
    upgradeCount: wo.upgrade_count,
    answer: wo.answer,
    promisedReplyDate: wo.promised_reply_date,
    replyText: wo.reply_text,
    adopted: bool(wo.adopted),
    offer: json<Offer>(wo.offer),
    invalidReason: wo.invalid_reason,
    satisfied: bool(wo.satisfied),
    report8d: presentReports(reports),
    deadlines: deadlines.map((d) => presentDeadline(d, ownerUnitOf(parseOwner(d), wo).id)),
    timeline: events.map(presentEvent),
    allowedActions: actionsFor(p, policy, wo, { deadlines, cal: env.cal, now: env.now }),
    attachments: attachments.map(presentAttachment),
    repair: presentRepair(policy, wo, name(wo.receiving_unit_id), env.smsConfigured),
  };
}

export function presentListItem(wo: repo.WorkOrderRow, deadlines: repo.DeadlineRow[], deptName: string | null, now: string): WorkOrderListItem {
  const open = deadlines.filter((d) => d.state === 'running' || d.state === 'paused').sort((a, b) => a.due_at.localeCompare(b.due_at));
  const terminal = wo.status === 'closed' || wo.status === 'invalid';
  // A missed deadline outranks a later running one (docs/workorders.md: the register showed a green countdown on a row that
  // was already overdue): while the work order is open, the earliest missed deadline is the one to show.
  const missed = terminal ? [] : deadlines.filter((d) => d.state === 'missed').sort((a, b) => a.due_at.localeCompare(b.due_at));
  const shown = missed[0] ?? open[0];
  return {
    id: wo.id,
    number: wo.number,
    kind: wo.kind as WorkOrderListItem['kind'],
    channel: wo.channel as WorkOrderListItem['channel'],
    category: wo.category as WorkOrderListItem['category'],
    status: wo.status as WorkOrderListItem['status'],
    severity: wo.severity,
    customerName: wo.customer_name,
    productCode: wo.product_code,
    problem: wo.problem,
    problemCategory: wo.problem_category,
    departmentId: wo.department_id,
    departmentName: deptName,
    receivedAt: wo.received_at,
    createdAt: wo.created_at,
    keyCustomer: wo.key_customer === 1,
    paused: wo.paused === 1,
    upgradeCount: wo.upgrade_count,
    nextDeadline: shown ? brief(shown) : null,
    overdue: !terminal && deadlines.some((d) => d.state === 'missed' || (d.state === 'running' && d.due_at < now)),
    version: wo.version,
  };
}
