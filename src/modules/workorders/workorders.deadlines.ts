import type { DurationUnit, WorkCalendar } from '../../core/calendar';
import { computeDue, shortLocal, warnAt, type DeadlineCalendar, type GrantedExtension, type PauseInterval } from '../../core/workflow/deadlines';
import type { FlowAction } from '../../core/workflow/flow';
import { DEADLINE_LABELS, labelOf } from '../../core/workflow/labels';
import type { ComplaintPolicy, DeadlineSpec } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { getCalendar } from '../calendar';
import { notify } from '../notifications';
import { announceMissed } from './workorders.integrations';
import { holdersCovering, superiorsOf } from './workorders.people';
import { policyVersion } from './workorders.policy';
import * as repo from './workorders.repository';

// Deadline records of a work order (docs/workorders.md#deadlines): started by events, met by actions, paused and resumed with
// the case, extended one at a time, marked missed by the worker. All arithmetic goes through the calendar.

export interface Owner {
  roles: string[];
  unit: 'owning' | 'department' | 'receiving';
}

export interface ExtensionRecord extends GrantedExtension {
  reason: string;
  customerAgreement: string | null;
  requestedBy: string;
  grantedBy: string | null;
}

export interface ExtensionRequest {
  to: string;
  reason: string;
  requestedBy: string;
  at: string;
}

export const parsePauses = (d: repo.DeadlineRow) => JSON.parse(d.pauses) as PauseInterval[];
export const parseExtensions = (d: repo.DeadlineRow) => JSON.parse(d.extensions) as ExtensionRecord[];
export const parseOwner = (d: repo.DeadlineRow) => JSON.parse(d.owner_roles) as Owner;
export const parseMetBy = (d: repo.DeadlineRow) => JSON.parse(d.met_by) as FlowAction[];

/** Due time, explanation and warning time of a deadline as its pauses and extensions now stand. */
export function recomputed(cal: DeadlineCalendar, d: repo.DeadlineRow, warnFraction: number) {
  const r = computeDue(cal, { name: d.name, startedAt: d.started_at, amount: d.amount, unit: d.unit as DurationUnit, pauses: parsePauses(d), extensions: parseExtensions(d) });
  return { due_at: r.due.toISOString(), explain: r.explain, provisional: r.provisional ? 1 : 0, warn_at: warnAt(d.started_at, r.due, warnFraction).toISOString() };
}

export async function startDeadlines(
  db: DbOrTrx,
  cal: DeadlineCalendar,
  policy: ComplaintPolicy,
  wo: Pick<repo.WorkOrderRow, 'id' | 'received_at'>,
  specs: DeadlineSpec[],
  eventAt: string,
  opts: { restart?: boolean } = {},
): Promise<repo.DeadlineRow[]> {
  const rows: repo.DeadlineRow[] = [];
  for (const s of specs) {
    // `restart` (an upgraded complaint) counts every deadline afresh from the reopening.
    const startedAt = s.from === 'received' && !opts.restart ? wo.received_at : eventAt;
    const draft: repo.DeadlineRow = {
      id: newId(new Date(eventAt).getTime()),
      work_order_id: wo.id,
      name: s.name,
      state: 'running',
      amount: s.amount,
      unit: s.unit,
      started_at: startedAt,
      due_at: startedAt,
      explain: '',
      provisional: 0,
      pauses: '[]',
      extensions: '[]',
      extension_request: null,
      met_by: JSON.stringify(s.metBy),
      owner_roles: JSON.stringify(s.owner),
      owner_unit_id: null,
      warn_at: startedAt,
      warned_at: null,
      met_at: null,
      missed_at: null,
      created_at: eventAt,
    };
    rows.push({ ...draft, ...recomputed(cal, draft, policy.warnAtFraction) });
  }
  // One multi-row insert: a serious complaint starts seven clocks at intake, the hottest write path.
  await repo.insertDeadlines(db, rows);
  return rows;
}

/**
 * Settles the open deadlines an action meets (or all of them when the case ends): met when done by the due
 * time; a deadline already past due is missed, and its owner and superior are told at once. `doneAt`: when the
 * step was actually done, if it was recorded later (a repair crew's arrival) — it decides met or missed.
 */
export async function settleDeadlines(
  ctx: AppContext,
  db: DbOrTrx,
  policy: ComplaintPolicy,
  wo: repo.WorkOrderRow,
  now: Date,
  which: FlowAction | 'all',
  doneAt: Date = now,
): Promise<string[]> {
  const at = now.toISOString();
  const done = doneAt.toISOString();
  const settled: string[] = [];
  for (const d of await repo.deadlinesOf(db, wo.id)) {
    if (d.state !== 'running' && d.state !== 'paused') continue;
    if (which !== 'all' && !parseMetBy(d).includes(which)) continue;
    if (d.state === 'running' && d.due_at < done) {
      await repo.updateDeadline(db, d.id, { state: 'missed', missed_at: at });
      await tellMissed(ctx, db, policy, wo, d, now);
    } else {
      await repo.updateDeadline(db, d.id, { state: 'met', met_at: done });
    }
    settled.push(d.name);
  }
  return settled;
}

/** 试验及制样 (顾客抱怨办法 cl. 4.3.4; docs/workorders.md#deadlines "Pause"): every running deadline stops its clock. */
export async function pauseDeadlines(db: DbOrTrx, woId: string, at: string): Promise<void> {
  for (const d of await repo.deadlinesOf(db, woId)) {
    if (d.state !== 'running') continue;
    await repo.updateDeadline(db, d.id, { state: 'paused', pauses: JSON.stringify([...parsePauses(d), { start: at, end: null }]) });
  }
}

export async function resumeDeadlines(db: DbOrTrx, cal: DeadlineCalendar, policy: ComplaintPolicy, woId: string, at: string): Promise<void> {
  for (const d of await repo.deadlinesOf(db, woId)) {
    if (d.state !== 'paused') continue;
    const pauses = parsePauses(d).map((p) => (p.end === null ? { ...p, end: at } : p));
    const next = { ...d, pauses: JSON.stringify(pauses) };
    await repo.updateDeadline(db, d.id, { state: 'running', pauses: next.pauses, ...recomputed(cal, next, policy.warnAtFraction) });
  }
}

/** The unit whose role holders own a deadline: the responsible department, the receiving unit (a repair's call centre) or the owning unit. */
export function ownerUnitOf(owner: Owner, wo: Pick<repo.WorkOrderRow, 'unit_id' | 'unit_path' | 'department_id' | 'department_path' | 'receiving_unit_id' | 'receiving_unit_path'>): { id: string; path: string } {
  if (owner.unit === 'department' && wo.department_id && wo.department_path) return { id: wo.department_id, path: wo.department_path };
  if (owner.unit === 'receiving' && wo.receiving_unit_id && wo.receiving_unit_path) return { id: wo.receiving_unit_id, path: wo.receiving_unit_path };
  return { id: wo.unit_id, path: wo.unit_path };
}

/** Who owns a deadline now: the role holders covering its owner unit (ownerUnitOf). */
export async function ownersOf(db: DbOrTrx, wo: repo.WorkOrderRow, d: repo.DeadlineRow): Promise<{ users: string[]; unitPath: string }> {
  const unitPath = ownerUnitOf(parseOwner(d), wo).path;
  return { users: await holdersCovering(db, parseOwner(d).roles, unitPath), unitPath };
}

const link = (woId: string) => `/workorders/${woId}`;
/** The deadline's Chinese name (答复客户), for notifications and timeline notes; the explanation carries both languages. */
const nameZh = (d: repo.DeadlineRow) => labelOf(DEADLINE_LABELS, d.name);

/** A missed deadline: the owner and the owner's superior are told (docs/workorders.md#deadlines), in the caller's transaction. */
export async function tellMissed(ctx: AppContext, db: DbOrTrx, policy: ComplaintPolicy, wo: repo.WorkOrderRow, d: repo.DeadlineRow, now: Date): Promise<void> {
  const { users, unitPath } = await ownersOf(db, wo, d);
  const superiors = await superiorsOf(db, policy.superiorRoles, unitPath, users);
  const at = now.toISOString();
  await notify(db, now, {
    userIds: [...users, ...superiors],
    title: `【超期】${wo.number} ${nameZh(d)} 已超期`,
    body: `${wo.number}（${wo.customer_name ?? ''} ${wo.problem ?? ''}）的期限「${nameZh(d)}」已于 ${shortLocal(d.due_at)} 到期未完成。\n${d.explain}`,
    titleEn: `[Overdue] ${wo.number} ${labelOf(DEADLINE_LABELS, d.name, 'en')} missed`,
    bodyEn: `${wo.number} (${wo.customer_name ?? ''} ${wo.problem ?? ''}): the deadline "${labelOf(DEADLINE_LABELS, d.name, 'en')}" was due ${shortLocal(d.due_at)} and is not met.\n${d.explain}`,
    link: link(wo.id),
    subject: { module: 'workorders', id: wo.id },
  });
  await repo.insertEvent(db, {
    id: newId(now.getTime()),
    work_order_id: wo.id,
    at,
    event: 'deadline_missed',
    actor_id: null,
    actor_name: null,
    from_status: null,
    to_status: null,
    // Chinese only: the page renders the event from `data` in the reader's language (docs/web.md).
    note: `${nameZh(d)} ${shortLocal(d.due_at)} 到期未完成`,
    public: 0,
    data: JSON.stringify({ deadlineId: d.id, name: d.name, due: d.due_at, owners: users, superiors }),
  });
  await announceMissed(ctx, db, wo, d);
  await recordAudit(db, { at, actor: null, action: 'workorder.deadline_missed', subjectType: 'work_order', subjectId: wo.id, unitId: wo.unit_id, after: { deadline: d.name, due: d.due_at } });
}

export async function tellWarning(db: DbOrTrx, wo: repo.WorkOrderRow, d: repo.DeadlineRow, now: Date): Promise<void> {
  const { users } = await ownersOf(db, wo, d);
  await notify(db, now, {
    userIds: users,
    title: `【临期】${wo.number} ${nameZh(d)} 即将到期`,
    body: `${wo.number} 的期限「${nameZh(d)}」将于 ${shortLocal(d.due_at)} 到期。\n${d.explain}`,
    titleEn: `[Due soon] ${wo.number} ${labelOf(DEADLINE_LABELS, d.name, 'en')}`,
    bodyEn: `${wo.number}: the deadline "${labelOf(DEADLINE_LABELS, d.name, 'en')}" is due ${shortLocal(d.due_at)}.\n${d.explain}`,
    link: link(wo.id),
    subject: { module: 'workorders', id: wo.id },
  });
  await repo.insertEvent(db, {
    id: newId(now.getTime()),
    work_order_id: wo.id,
    at: now.toISOString(),
    event: 'deadline_warned',
    actor_id: null,
    actor_name: null,
    from_status: null,
    to_status: null,
    note: `${nameZh(d)} 将于 ${shortLocal(d.due_at)} 到期（${d.name} due ${shortLocal(d.due_at)}）`,
    public: 0,
    data: JSON.stringify({ deadlineId: d.id, name: d.name, due: d.due_at, owners: users }),
  });
}

// ---------- calendar changes ----------

/**
 * Recomputes the due times of every open deadline after the calendar changed (an imported year, an override),
 * the `onCalendarChanged` listener of docs/workorders.md "Deadlines".
 */
export async function recomputeOpenDeadlines(ctx: AppContext): Promise<number> {
  const open = await repo.openDeadlinesAll(ctx.db);
  let changed = 0;
  const woCache = new Map<string, { cal: WorkCalendar; fraction: number }>();
  const updates: { id: string; patch: ReturnType<typeof recomputed> }[] = [];
  for (const d of open) {
    let env = woCache.get(d.work_order_id);
    if (!env) {
      const wo = await repo.findWorkOrder(ctx.db, d.work_order_id);
      if (!wo) continue;
      const policy = await policyVersion(ctx, wo.policy_version);
      env = { cal: await getCalendar(ctx, { unitId: wo.unit_id }), fraction: policy.warnAtFraction };
      woCache.set(d.work_order_id, env);
    }
    const patch = recomputed(env.cal, d, env.fraction);
    if (patch.due_at !== d.due_at || patch.explain !== d.explain) updates.push({ id: d.id, patch });
  }
  if (updates.length) {
    await ctx.db.transaction().execute(async (trx) => {
      for (const u of updates) {
        await repo.updateDeadline(trx, u.id, u.patch);
        changed++;
      }
      await recordAudit(trx, { at: ctx.clock.now(), actor: null, action: 'workorder.deadlines_recomputed', subjectType: 'work_order_deadline', after: { count: updates.length } });
    });
  }
  return changed;
}
