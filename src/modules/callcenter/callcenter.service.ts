import { addCalendar, dayRange, MINUTE_MS, DAY_MS } from '../../core/calendar/dates';
import { staffFor } from '../../core/staffing/erlang';
import { backtest, fitModel, forecastDays, SLOT_MINUTES, type Arrival, type DayKind } from '../../core/staffing/forecast';
import type { AppContext } from '../../platform/context';
import { updateVersioned } from '../../platform/db/versioned';
import { conflict, fieldError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, scopePaths, type Principal } from '../auth';
import { calendarToday, getCalendar } from '../calendar';
import { findUnit, listUsers, userDisplayNames, type RoleCode, type UnitRow } from '../org';
import { arrivalInstants, workRegisteredBy } from '../workorders';
import * as repo from './callcenter.repository';
import type {
  AgentFiguresOutput,
  DutyLogCreate,
  DutyLogEntryOutput,
  FiguresQuery,
  ForecastQuery,
  SchedulePut,
  TargetsPut,
} from './callcenter.schemas';
import { SHIFTS } from './callcenter.schemas';

// The call centre (呼叫中心岗位职责; docs/callcenter.md):
//  - the team lead keeps the duty log and reports breaches (cl. 3.1 (3)); the next shift confirms the handover;
//  - the supervisor reviews it, sets schedules and monthly targets (cl. 1.1 (2)) and reads per-agent figures;
//  - the deputy supervisor forecasts the call volume and staffs for it (cl. 2.1 (1) 话务量预测和相应排班).

export const READ_ROLES: RoleCode[] = ['agent', 'team_lead', 'deputy_supervisor', 'supervisor'];
export const LEAD_ROLES: RoleCode[] = ['team_lead'];
export const HANDOVER_ROLES: RoleCode[] = ['team_lead', 'agent'];
export const SUPERVISOR_ROLES: RoleCode[] = ['supervisor', 'deputy_supervisor'];

const entryNotFound = () => notFound('Duty log entry', '值班日志', 'duty_log_not_found');

/** The call centre a request is about: the one named, or the caller's own unit, or the unit of their first grant. */
async function centreFor(ctx: AppContext, p: Principal, roles: RoleCode[], unitId: string | undefined, field = 'unitId'): Promise<UnitRow> {
  const candidates = unitId ? [unitId] : [p.unitId, ...p.roles.filter((g) => roles.includes(g.role)).map((g) => g.unitId)];
  for (const id of candidates) {
    const u = await findUnit(ctx.db, id);
    if (u && coversUnit(p, u.path, roles)) return u;
  }
  if (unitId) throw invalid([fieldError(field, '不在您负责的呼叫中心范围内', 'is not a call centre you are responsible for')]);
  throw forbidden();
}

async function usersOfCentre(ctx: AppContext, centre: UnitRow) {
  return (await listUsers(ctx.db, [centre.path])).filter((u) => u.active === 1);
}

function presentEntry(r: repo.DutyLogRow & { unit_name: string }, names: Map<string, string>): DutyLogEntryOutput {
  const person = (id: string, fallback?: string | null) => ({ id, name: names.get(id) ?? fallback ?? id });
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    date: r.date,
    shift: r.shift as DutyLogEntryOutput['shift'],
    notes: r.notes,
    breaches: (JSON.parse(r.breaches) as { userId: string | null; name: string; description: string }[]).map((b) => ({ userId: b.userId, name: b.name, description: b.description })),
    agents: (JSON.parse(r.agents) as string[]).map((id) => person(id)),
    createdAt: r.created_at,
    createdBy: person(r.created_by, r.created_by_name),
    handedOver: r.handed_over_at && r.handed_over_by ? { at: r.handed_over_at, by: person(r.handed_over_by, r.handed_over_by_name) } : null,
    review: r.reviewed_at && r.reviewed_by ? { at: r.reviewed_at, by: person(r.reviewed_by, r.reviewed_by_name), note: r.review_note ?? '' } : null,
    version: r.version,
  };
}

/** The people of the caller's call centre (agents, team leads, supervisors): whom a duty log or schedule may name. */
export async function members(ctx: AppContext, p: Principal, unitId?: string) {
  const centre = await centreFor(ctx, p, READ_ROLES, unitId);
  return (await usersOfCentre(ctx, centre)).map((u) => ({ id: u.id, name: u.display_name }));
}

// ---- duty log ------------------------------------------------------------------------------------------------

export async function listDutyLog(ctx: AppContext, p: Principal, q: { from?: string; to?: string }): Promise<DutyLogEntryOutput[]> {
  const today = await calendarToday(ctx, { unitId: p.unitId });
  const to = q.to ?? today;
  const from = q.from ?? addCalendar(to, -30, 'days');
  if (from > to) throw invalid([fieldError('from', '开始日期不能晚于结束日期', 'must not be after `to`')]);
  const rows = await repo.listDutyLog(ctx.db, { scope: scopePaths(p, READ_ROLES), from, to });
  const names = await userDisplayNames(ctx.db);
  return rows.map((r) => presentEntry(r, names));
}

export async function createDutyLog(ctx: AppContext, p: Principal, body: DutyLogCreate): Promise<DutyLogEntryOutput> {
  const centre = await centreFor(ctx, p, LEAD_ROLES, body.unitId);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  // Read before the transaction: on SQLite a query through ctx.db inside it would wait for its own connection.
  const members = new Map((await usersOfCentre(ctx, centre)).map((u) => [u.id, u.display_name]));
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.findDutyLogSlot(trx, centre.id, body.date, body.shift);
    if (existing) {
      throw conflict('duty_log_exists', `This shift already has an entry by ${existing.created_by_name}`, `该班次已有值班日志（${existing.created_by_name} 填写）`, { id: existing.id });
    }
    const agents = body.agents ?? (await repo.scheduleBetween(trx, centre.id, body.date, body.date)).filter((s) => s.shift === body.shift).map((s) => s.user_id);
    const errors = [
      ...agents.map((a, i) => (members.has(a) ? null : fieldError(`agents.${i}`, '不是本呼叫中心的人员', 'is not a member of this call centre'))),
      ...body.breaches.map((b, i) =>
        b.userId && !members.has(b.userId)
          ? fieldError(`breaches.${i}.userId`, '不是本呼叫中心的人员', 'is not a member of this call centre')
          : !b.userId && !b.name
            ? fieldError(`breaches.${i}.name`, '请指明违规人员', 'name the person concerned')
            : null,
      ),
    ].filter((e) => e !== null);
    if (errors.length) throw invalid(errors);
    const breaches = body.breaches.map((b) => ({ userId: b.userId ?? null, name: b.userId ? members.get(b.userId)! : b.name!, description: b.description }));
    await repo.insertDutyLog(trx, {
      id,
      unit_id: centre.id,
      unit_path: centre.path,
      date: body.date,
      shift: body.shift,
      agents: JSON.stringify([...new Set(agents)]),
      notes: body.notes,
      breaches: JSON.stringify(breaches),
      created_at: now,
      created_by: p.id,
      created_by_name: p.displayName,
      handed_over_at: null,
      handed_over_by: null,
      handed_over_by_name: null,
      reviewed_at: null,
      reviewed_by: null,
      reviewed_by_name: null,
      review_note: null,
    });
    await recordAudit(trx, { at: now, actor: p, action: 'dutylog.create', subjectType: 'duty_log', subjectId: id, unitId: centre.id, after: { date: body.date, shift: body.shift, breaches: breaches.length } });
  });
  return getDutyLog(ctx, p, id);
}

export async function getDutyLog(ctx: AppContext, p: Principal, id: string): Promise<DutyLogEntryOutput> {
  const row = await repo.findDutyLog(ctx.db, id);
  if (!row || !coversUnit(p, row.unit_path, READ_ROLES)) throw entryNotFound();
  return presentEntry(row, await userDisplayNames(ctx.db));
}

/** The next shift confirms it has read the handover notes (交接班). The author cannot confirm their own handover. */
export async function handOver(ctx: AppContext, p: Principal, id: string, version: number): Promise<DutyLogEntryOutput> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findDutyLog(trx, id);
    if (!row || !coversUnit(p, row.unit_path, READ_ROLES)) throw entryNotFound();
    if (!coversUnit(p, row.unit_path, HANDOVER_ROLES)) throw forbidden('Only the team lead or an agent of the next shift confirms a handover', '只有下一班的班长或坐席可以确认交接');
    if (row.created_by === p.id) throw conflict('handover_by_author', 'The next shift confirms the handover, not the one who wrote it', '交接须由下一班确认，填写人不能自己确认');
    if (row.handed_over_at) throw conflict('already_handed_over', `Already confirmed by ${row.handed_over_by_name}`, `已由 ${row.handed_over_by_name} 确认交接`);
    await updateVersioned(trx, 'callcenter_duty_log', { id }, version, { handed_over_at: now, handed_over_by: p.id, handed_over_by_name: p.displayName });
    await recordAudit(trx, { at: now, actor: p, action: 'dutylog.handover', subjectType: 'duty_log', subjectId: id, unitId: row.unit_id });
  });
  return getDutyLog(ctx, p, id);
}

export async function review(ctx: AppContext, p: Principal, id: string, version: number, note: string): Promise<DutyLogEntryOutput> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findDutyLog(trx, id);
    if (!row || !coversUnit(p, row.unit_path, READ_ROLES)) throw entryNotFound();
    if (!coversUnit(p, row.unit_path, SUPERVISOR_ROLES)) throw forbidden('Only the supervisor reviews the duty log', '只有主管可以审阅值班日志');
    await updateVersioned(trx, 'callcenter_duty_log', { id }, version, { reviewed_at: now, reviewed_by: p.id, reviewed_by_name: p.displayName, review_note: note });
    await recordAudit(trx, { at: now, actor: p, action: 'dutylog.review', subjectType: 'duty_log', subjectId: id, unitId: row.unit_id, after: { note } });
  });
  return getDutyLog(ctx, p, id);
}

// ---- schedules and targets -----------------------------------------------------------------------------------

export async function getSchedule(ctx: AppContext, p: Principal, q: { from: string; to: string; unitId?: string }) {
  if (q.from > q.to) throw invalid([fieldError('from', '开始日期不能晚于结束日期', 'must not be after `to`')]);
  if (addCalendar(q.from, 92, 'days') < q.to) throw invalid([fieldError('to', '一次最多查看 92 天', 'at most 92 days at a time')]);
  const centre = await centreFor(ctx, p, [...SUPERVISOR_ROLES, ...LEAD_ROLES, 'agent'], q.unitId);
  const names = await userDisplayNames(ctx.db);
  const rows = await repo.scheduleBetween(ctx.db, centre.id, q.from, q.to);
  const slots = new Map<string, { date: string; shift: (typeof SHIFTS)[number]; agents: { id: string; name: string }[] }>();
  for (const r of rows) {
    const key = `${r.date}|${r.shift}`;
    if (!slots.has(key)) slots.set(key, { date: r.date, shift: r.shift as (typeof SHIFTS)[number], agents: [] });
    slots.get(key)!.agents.push({ id: r.user_id, name: names.get(r.user_id) ?? r.user_id });
  }
  return { unitId: centre.id, slots: [...slots.values()] };
}

export async function putSchedule(ctx: AppContext, p: Principal, body: SchedulePut) {
  const centre = await centreFor(ctx, p, SUPERVISOR_ROLES, body.unitId);
  const members = new Set((await usersOfCentre(ctx, centre)).map((u) => u.id));
  const errors = body.slots.flatMap((s, i) =>
    s.userIds.map((u, j) => (members.has(u) ? null : fieldError(`slots.${i}.userIds.${j}`, '不是本呼叫中心的人员', 'is not a member of this call centre'))).filter((e) => e !== null),
  );
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const s of body.slots) await repo.replaceScheduleSlot(trx, centre.id, s.date, s.shift, s.userIds, now, p.id);
    await recordAudit(trx, { at: now, actor: p, action: 'schedule.update', subjectType: 'schedule', subjectId: centre.id, unitId: centre.id, after: { slots: body.slots } });
  });
  const dates = body.slots.map((s) => s.date).sort();
  return getSchedule(ctx, p, { from: dates[0], to: dates[dates.length - 1], unitId: centre.id });
}

export async function getTargets(ctx: AppContext, p: Principal, q: { month: string; unitId?: string }) {
  const centre = await centreFor(ctx, p, SUPERVISOR_ROLES, q.unitId);
  const people = await usersOfCentre(ctx, centre);
  const set = new Map((await repo.targetsOf(ctx.db, centre.id, q.month)).map((t) => [t.user_id, t]));
  return {
    unitId: centre.id,
    month: q.month,
    targets: people.map((u) => {
      const t = set.get(u.id);
      return { userId: u.id, name: u.display_name, handled: t?.handled ?? null, onTimeRate: t?.on_time_rate ?? null, satisfaction: t?.satisfaction ?? null };
    }),
  };
}

export async function putTargets(ctx: AppContext, p: Principal, body: TargetsPut) {
  const centre = await centreFor(ctx, p, SUPERVISOR_ROLES, body.unitId);
  const members = new Set((await usersOfCentre(ctx, centre)).map((u) => u.id));
  const errors = body.targets.map((t, i) => (members.has(t.userId) ? null : fieldError(`targets.${i}.userId`, '不是本呼叫中心的人员', 'is not a member of this call centre'))).filter((e) => e !== null);
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const t of body.targets) {
      await repo.upsertTarget(trx, { unit_id: centre.id, user_id: t.userId, month: body.month, handled: t.handled, on_time_rate: t.onTimeRate, satisfaction: t.satisfaction, updated_at: now, updated_by: p.id });
    }
    await recordAudit(trx, { at: now, actor: p, action: 'targets.update', subjectType: 'targets', subjectId: `${centre.id}:${body.month}`, unitId: centre.id, after: { month: body.month, targets: body.targets } });
  });
  return getTargets(ctx, p, { month: body.month, unitId: centre.id });
}

// ---- figures -------------------------------------------------------------------------------------------------

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * Per-agent figures for the local days [from, to] (docs/callcenter.md#figures): what each member of the centre
 * registered, the deadlines of those work orders met on time, the callbacks' satisfaction and the time to close.
 * Counted over the work orders the caller may see (docs/workorders.md "Who sees a work order").
 */
export async function figures(ctx: AppContext, p: Principal, q: FiguresQuery): Promise<AgentFiguresOutput[]> {
  if (q.from > q.to) throw invalid([fieldError('from', '开始日期不能晚于结束日期', 'must not be after `to`')]);
  if (addCalendar(q.from, 366, 'days') < q.to) throw invalid([fieldError('to', '统计区间最长一年', 'the period is at most one year')]);
  const centre = await centreFor(ctx, p, SUPERVISOR_ROLES, q.unitId);
  const cal = await getCalendar(ctx, { unitId: centre.id });
  const zone = cal.settings.utcOffsetMinutes;
  const people = await usersOfCentre(ctx, centre);
  const { orders, deadlines } = await workRegisteredBy(ctx.db, {
    fromIso: dayRange(q.from, zone).start.toISOString(),
    toIso: dayRange(q.to, zone).end.toISOString(),
    userIds: people.map((u) => u.id),
    scope: scopePaths(p),
  });
  const month = q.from.slice(0, 7) === q.to.slice(0, 7) ? q.from.slice(0, 7) : null;
  const targets = month ? new Map((await repo.targetsOf(ctx.db, centre.id, month)).map((t) => [t.user_id, t])) : new Map();
  const ownerOf = new Map(orders.map((o) => [o.id, o.createdBy]));
  return people.map((u) => {
    const mine = orders.filter((o) => o.createdBy === u.id);
    const byKind: Record<string, number> = {};
    for (const o of mine) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
    const perDeadline = new Map<string, { met: number; missed: number }>();
    for (const d of deadlines) {
      if (ownerOf.get(d.workOrderId) !== u.id || d.state === 'running' || d.state === 'cancelled') continue;
      const e = perDeadline.get(d.name) ?? { met: 0, missed: 0 };
      if (d.missed) e.missed++;
      else if (d.state === 'met') e.met++;
      else continue;
      perDeadline.set(d.name, e);
    }
    const met = [...perDeadline.values()].reduce((s, e) => s + e.met, 0);
    const missed = [...perDeadline.values()].reduce((s, e) => s + e.missed, 0);
    const called = mine.filter((o) => o.satisfied !== null);
    const closed = mine.filter((o) => o.closedAt);
    const t = targets.get(u.id);
    return {
      userId: u.id,
      name: u.display_name,
      handled: mine.length,
      byKind,
      onTimeRate: ratio(met, met + missed),
      onTimeByDeadline: [...perDeadline.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => ({ name, met: e.met, missed: e.missed, rate: ratio(e.met, e.met + e.missed) })),
      satisfaction: ratio(called.filter((o) => o.satisfied === 1).length, called.length),
      callbacks: called.length,
      averageHandlingMinutes: closed.length ? closed.reduce((s, o) => s + (Date.parse(o.closedAt!) - Date.parse(o.receivedAt)), 0) / closed.length / MINUTE_MS : null,
      answeredOnSpot: mine.filter((o) => o.answeredOnSpot).length,
      target: t ? { handled: t.handled, onTimeRate: t.on_time_rate, satisfaction: t.satisfaction } : null,
    };
  });
}

// ---- forecast ------------------------------------------------------------------------------------------------

/** Used when the history has no closed on-the-spot answers to measure the handling time from. */
export const DEFAULT_AHT_SECONDS = 300;
/** Shifts as the schedule uses them, in local minutes: 早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00. */
const SHIFT_MINUTES: Record<(typeof SHIFTS)[number], [number, number]> = { night: [0, 480], morning: [480, 960], afternoon: [960, 1440] };

export async function forecast(ctx: AppContext, p: Principal, q: ForecastQuery) {
  const centre = await centreFor(ctx, p, SUPERVISOR_ROLES, q.unitId);
  const cal = await getCalendar(ctx, { unitId: centre.id });
  const zone = cal.settings.utcOffsetMinutes;
  const today = await calendarToday(ctx, { unitId: centre.id });
  const from = q.from ?? addCalendar(today, 1, 'days');
  const historyTo = addCalendar(from < today ? from : today, -1, 'days');
  const historyFrom = addCalendar(historyTo, -(q.historyWeeks * 7) + 1, 'days');
  const kind = (d: { date: string; working: boolean }): DayKind => {
    const wd = new Date(`${d.date}T00:00:00Z`).getUTCDay();
    return { date: d.date, weekday: wd === 0 ? 7 : wd, working: d.working };
  };
  const history = cal.days(historyFrom, historyTo).map(kind);
  const future = cal.days(from, addCalendar(from, q.days - 1, 'days')).map(kind);
  const instants = await arrivalInstants(ctx.db, { fromIso: dayRange(historyFrom, zone).start.toISOString(), toIso: dayRange(historyTo, zone).end.toISOString(), scope: scopePaths(p) });
  const arrivals: Arrival[] = instants.map((iso) => {
    const local = Date.parse(iso) + zone * MINUTE_MS;
    return { date: cal.localDate(new Date(iso)), minute: Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS) };
  });

  let ahtSeconds = q.ahtSeconds ?? DEFAULT_AHT_SECONDS;
  let ahtSource: 'measured' | 'given' | 'default' = q.ahtSeconds ? 'given' : 'default';
  if (!q.ahtSeconds) {
    const people = await usersOfCentre(ctx, centre);
    const { orders } = await workRegisteredBy(ctx.db, {
      fromIso: dayRange(historyFrom, zone).start.toISOString(),
      toIso: dayRange(historyTo, zone).end.toISOString(),
      userIds: people.map((u) => u.id),
      scope: scopePaths(p),
    });
    // An inquiry answered on the spot is one call from receipt to close: the cleanest measure of a call's length
    // the desk has. Clamped to [1 min, 1 h] so a record closed days later cannot pass for a call.
    const spans = orders.filter((o) => o.answeredOnSpot && o.closedAt).map((o) => (Date.parse(o.closedAt!) - Date.parse(o.receivedAt)) / 1000);
    if (spans.length) {
      ahtSeconds = Math.round(Math.min(3600, Math.max(60, spans.reduce((s, v) => s + v, 0) / spans.length)));
      ahtSource = 'measured';
    }
  }

  const model = fitModel(history, arrivals);
  const days = forecastDays(model, future).map((d) => {
    const slots = d.perSlot.map((arr, i) => {
      const s = staffFor({ arrivals: arr, intervalSeconds: SLOT_MINUTES * 60, ahtSeconds, targetServiceLevel: q.serviceLevel, answerSeconds: q.answerSeconds });
      const m = i * SLOT_MINUTES;
      return { start: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, arrivals: Math.round(arr * 100) / 100, agents: s.agents, serviceLevel: s.serviceLevel };
    });
    return { date: d.date, weekday: d.weekday, working: d.working, basis: d.basis, basisDays: d.basisDays, total: Math.round(d.total * 100) / 100, peakAgents: Math.max(0, ...slots.map((s) => s.agents)), slots };
  });
  const scheduledRows = await repo.scheduleBetween(ctx.db, centre.id, from, addCalendar(from, q.days - 1, 'days'));
  const scheduled = new Map<string, number>();
  for (const r of scheduledRows) scheduled.set(`${r.date}|${r.shift}`, (scheduled.get(`${r.date}|${r.shift}`) ?? 0) + 1);
  // The error is measured on the last two weeks of the history (or less when the history is short).
  const error = backtest(history, arrivals, Math.min(14, Math.floor(history.length / 2)));
  return {
    from,
    historyFrom,
    historyTo,
    ahtSeconds,
    ahtSource,
    serviceLevel: q.serviceLevel,
    answerSeconds: q.answerSeconds,
    days,
    error,
    // Beside the schedule: the agents each shift needs at its busiest half-hour.
    scheduled: days.flatMap((d) =>
      SHIFTS.map((shift) => {
        const [a, b] = SHIFT_MINUTES[shift];
        const required = Math.max(0, ...d.slots.filter((_, i) => i * SLOT_MINUTES >= a && i * SLOT_MINUTES < b).map((x) => x.agents));
        return { date: d.date, shift, agents: scheduled.get(`${d.date}|${shift}`) ?? 0, required };
      }),
    ),
  };
}
