import { CHANNEL_LABELS, KIND_LABELS, labelOf } from '../../core/workflow/labels';
import { dayRange } from '../../core/calendar';
import { planBuckets, ROLLUP_ZONE_MINUTES, WHOLE_UNIT_DIMS, type RollupDim } from '../../core/workflow/rollups';
import type { AppContext } from '../../platform/context';
import { invalid } from '../../platform/http/errors';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import * as rr from './workorders.reports.repository';
import * as rlr from './workorders.rollups.repository';
import type { OnTimeRow, PeriodReport, Report8dFields, ReportGroupBy, ReportQuery, WorkOrderReport } from './workorders.schemas';
import { listInvalidRecurrences } from './workorders.register';
import { visibilityScope } from './workorders.visibility';

// Reports of the complaint desk (用户抱怨制度 cl. 7-3, 7-4; docs/workorders.md#reports): counts, on-time rate per deadline, repeats, satisfaction at
// callback, overdue now; monthly (after-sales) and quarterly (sales) reports with corrective actions.
// Periods are local (China time) dates, inclusive.

const COLUMN: Record<ReportGroupBy, rr.GroupColumn> = {
  kind: 'kind',
  channel: 'channel',
  severity: 'severity',
  department: 'department_id',
  product: 'product_code',
  customer: 'customer_key',
  month: 'received_month',
  problem: 'problem_category',
};

interface Period {
  from: string;
  to: string;
  /** The caller's calendar offset (its unit's). */
  zone: number;
  range: rr.Range;
}

/** [first day 00:00, the day after the last 00:00) in the caller's calendar (its unit's offset), as instants. */
async function reportPeriod(ctx: AppContext, p: Principal, from: string, to: string): Promise<Period> {
  const zone = (await getCalendar(ctx, { unitId: p.unitId })).settings.utcOffsetMinutes;
  return { from, to, zone, range: { from: dayRange(from, zone).start.toISOString(), to: dayRange(to, zone).end.toISOString(), scope: visibilityScope(p) } };
}

interface CountRow {
  key: string | null;
  label: string | null;
  n: number;
}

async function labelled(ctx: AppContext, by: ReportGroupBy, rows: CountRow[]) {
  const names = by === 'department' ? await rr.unitNames(ctx.db, rows.map((r) => r.key).filter((k): k is string => !!k)) : new Map<string, string>();
  return rows.map((r) => {
    const key = r.key ?? '';
    let label = key || '（未填）';
    if (by === 'kind') label = labelOf(KIND_LABELS, key);
    else if (by === 'channel') label = labelOf(CHANNEL_LABELS, key);
    else if (by === 'department') label = r.key ? (names.get(r.key) ?? key) : '（未派单）';
    else if (by === 'customer') label = r.label || key;
    else if (by === 'severity' && !r.key) label = '（未定级）';
    return { key, label, count: r.n };
  });
}

/** On-time rate = met ÷ (met + missed); deadlines still open are counted apart. */
function onTimeRows(rows: { name: string; state: string; n: number }[]): OnTimeRow[] {
  const names = [...new Set(rows.map((r) => r.name))].sort();
  return names.map((name) => {
    const n = (state: string) => rows.filter((r) => r.name === name && r.state === state).reduce((s, r) => s + r.n, 0);
    const met = n('met');
    const missed = n('missed');
    const open = n('running') + n('paused') + n('open');
    return { deadline: name, total: met + missed + open, met, missed, open, rate: met + missed > 0 ? met / (met + missed) : null };
  });
}

const satisfactionOf = (c: { satisfied: number; unsatisfied: number }) => {
  const callbacks = c.satisfied + c.unsatisfied;
  return { callbacks, satisfied: c.satisfied, rate: callbacks > 0 ? c.satisfied / callbacks : null };
};

type Repeat = WorkOrderReport['repeats'][number];

/** What every report shows for a period: total, the groupings asked, on-time rows, repeats, satisfaction, overdue now. */
interface Counts {
  total: number;
  groupings: Map<ReportGroupBy, Awaited<ReturnType<typeof labelled>>>;
  onTime: OnTimeRow[];
  repeats: Repeat[];
  satisfaction: WorkOrderReport['satisfaction'];
  overdueNow: number;
}

async function counts(ctx: AppContext, period: Period, groupBy: ReportGroupBy[]): Promise<Counts> {
  // The counters' local days are China time (ROLLUP_ZONE_MINUTES): a caller whose calendar has another offset gets
  // the base tables' answer for their own days (docs/performance.md "Reports from rollups").
  return period.zone === ROLLUP_ZONE_MINUTES ? fromRollups(ctx, period, groupBy) : fromBaseTables(ctx, period, groupBy);
}

const DIM: Record<ReportGroupBy, RollupDim> = {
  kind: 'kind',
  channel: 'channel',
  severity: 'severity',
  department: 'department',
  product: 'product',
  customer: 'customer',
  month: 'month',
  problem: 'problem',
};

/** The report from the counters (migration 0009): three statements whatever the period and groupings. */
async function fromRollups(ctx: AppContext, period: Period, groupBy: ReportGroupBy[]): Promise<Counts> {
  const scope = period.range.scope;
  if (!scope.length) return fromBaseTables(ctx, period, groupBy); // sees nothing: every query answers empty at once
  const dims = [...new Set<RollupDim>(['kind', 'deadline', 'callback', 'repeat', ...groupBy.map((by) => DIM[by])])];
  const [few, many, overdueCounted, overdueLive] = await Promise.all([
    rlr.sumRollups(ctx.db, dims.filter((d) => !WHOLE_UNIT_DIMS.includes(d)), rlr.scopesSeen(scope, 'each'), planBuckets(period.from, period.to, false)),
    rlr.sumRollups(ctx.db, dims.filter((d) => WHOLE_UNIT_DIMS.includes(d)), rlr.scopesSeen(scope, 'many'), planBuckets(period.from, period.to, true)),
    rlr.sumUndated(ctx.db, 'overdue', rlr.scopesSeen(scope, 'each')),
    rlr.overdueNotYetMissed(ctx.db, scope, ctx.clock.now().toISOString()),
  ]);
  const rows = [...few, ...many];
  const of = (dim: RollupDim) => rows.filter((r) => r.dim === dim);
  const byCount = <T extends { n: number }>(a: T, b: T, ka: string, kb: string) => b.n - a.n || (ka < kb ? -1 : ka > kb ? 1 : 0);
  const groupings = new Map<ReportGroupBy, Awaited<ReturnType<typeof labelled>>>();
  for (const by of groupBy) {
    const rs = of(DIM[by])
      .map((r) => ({ key: r.value || null, label: r.label || null, n: r.n }))
      .sort((a, b) => byCount(a, b, a.key ?? '', b.key ?? ''));
    groupings.set(by, await labelled(ctx, by, rs));
  }
  const callbacks = of('callback');
  const cb = (v: string) => callbacks.find((r) => r.value === v)?.n ?? 0;
  return {
    total: of('kind').reduce((s, r) => s + r.n, 0),
    groupings,
    onTime: onTimeRows(of('deadline').map((r) => ({ name: r.value, state: r.label, n: r.n }))),
    repeats: of('repeat')
      .filter((r) => r.n >= 2)
      .sort((a, b) => byCount(a, b, `${a.value}|${a.label}`, `${b.value}|${b.label}`))
      .map((r) => ({ productCode: r.value, problemCategory: r.label, count: r.n })),
    satisfaction: satisfactionOf({ satisfied: cb('satisfied'), unsatisfied: cb('unsatisfied') }),
    overdueNow: overdueCounted + overdueLive,
  };
}

/** The report from the base tables: the same answers, for a calendar whose days are not the counters'. */
async function fromBaseTables(ctx: AppContext, period: Period, groupBy: ReportGroupBy[]): Promise<Counts> {
  const range = period.range;
  const [total, gs, states, repeats, cb, overdue] = await Promise.all([
    rr.total(ctx.db, range),
    Promise.all(groupBy.map(async (by) => labelled(ctx, by, await rr.countBy(ctx.db, range, COLUMN[by])))),
    rr.deadlineStates(ctx.db, range),
    rr.repeats(ctx.db, range),
    rr.callbackCounts(ctx.db, range),
    rr.overdueNow(ctx.db, range.scope, ctx.clock.now().toISOString()),
  ]);
  return {
    total,
    groupings: new Map(groupBy.map((by, i) => [by, gs[i]])),
    onTime: onTimeRows(states),
    repeats,
    satisfaction: satisfactionOf(cb),
    overdueNow: overdue,
  };
}

/**
 * A report's counts from one source, as plain data: the rollup property test holds the counters' answer to the
 * base tables' (test/api/workorders.rollups.api.test.ts).
 */
export async function reportCounts(ctx: AppContext, p: Principal, from: string, to: string, groupBy: ReportGroupBy[], source: 'rollups' | 'base') {
  const period = await reportPeriod(ctx, p, from, to);
  const c = source === 'rollups' ? await fromRollups(ctx, period, groupBy) : await fromBaseTables(ctx, period, groupBy);
  return { ...c, groupings: Object.fromEntries(c.groupings) };
}

export async function workOrderReport(ctx: AppContext, p: Principal, q: ReportQuery): Promise<WorkOrderReport> {
  if (q.to < q.from) throw invalid([{ field: 'to', message: '结束日期早于开始日期 / to is before from' }]);
  const c = await counts(ctx, await reportPeriod(ctx, p, q.from, q.to), q.groupBy);
  const groupings = q.groupBy.map((by) => ({ groupBy: by, groups: c.groupings.get(by)! }));
  return { from: q.from, to: q.to, groupBy: q.groupBy[0], total: c.total, groups: groupings[0].groups, groupings, onTime: c.onTime, repeats: c.repeats, satisfaction: c.satisfaction, overdueNow: c.overdueNow };
}

function periodRange(period: string): { kind: 'monthly' | 'quarterly'; from: string; to: string } {
  const [y, part] = period.split('-');
  const year = Number(y);
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (part.startsWith('Q')) {
    const q = Number(part.slice(1));
    const m1 = (q - 1) * 3 + 1;
    return { kind: 'quarterly', from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m1 + 2)}-${pad(lastDay(m1 + 2))}` };
  }
  const m = Number(part);
  return { kind: 'monthly', from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${pad(lastDay(m))}` };
}

export async function periodReport(ctx: AppContext, p: Principal, period: string, expect: 'monthly' | 'quarterly'): Promise<PeriodReport> {
  const pr = periodRange(period);
  if (pr.kind !== expect) throw invalid([{ field: 'period', message: expect === 'monthly' ? '月报格式 YYYY-MM / monthly period is YYYY-MM' : '季报格式 YYYY-Qn / quarterly period is YYYY-Qn' }]);
  const pd = await reportPeriod(ctx, p, pr.from, pr.to);
  const [c, approved, invalidRecurring] = await Promise.all([
    counts(ctx, pd, ['kind', 'severity', 'department']),
    rr.approvedReports(ctx.db, pd.range),
    listInvalidRecurrences(ctx, p),
  ]);
  return {
    period,
    kind: pr.kind,
    from: pr.from,
    to: pr.to,
    total: c.total,
    byKind: c.groupings.get('kind')!,
    bySeverity: c.groupings.get('severity')!,
    byDepartment: c.groupings.get('department')!,
    onTime: c.onTime,
    satisfaction: c.satisfaction,
    repeats: c.repeats,
    correctiveActions: approved.map((a) => {
      const f = JSON.parse(a.fields) as Report8dFields;
      return { id: a.id, number: a.number, productCode: a.product_code, problem: a.problem, rootCause: f.d4RootCause ?? null, actions: f.d5Actions ?? null, prevention: f.d7Prevention ?? null };
    }),
    invalidRecurring,
    overdueNow: c.overdueNow,
  };
}
