import { CHANNEL_LABELS, KIND_LABELS, labelOf } from '../../core/workflow/labels';
import type { AppContext } from '../../platform/context';
import { invalid } from '../../platform/http/errors';
import { scopePaths, type Principal } from '../auth/principal';
import * as rr from './workorders.reports.repository';
import type { OnTimeRow, PeriodReport, Report8dFields, ReportGroupBy, ReportQuery, WorkOrderReport } from './workorders.schemas';
import { listInvalidRecurrences } from './workorders.service';

// Reports of the complaint desk (DOMAIN §2.6): counts, on-time rate per deadline, repeats, satisfaction at
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

const localStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
const localEndExclusive = (d: string) => new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();

async function groups(ctx: AppContext, range: rr.Range, by: ReportGroupBy) {
  const rows = await rr.countBy(ctx.db, range, COLUMN[by]);
  const names = by === 'department' ? await rr.unitNames(ctx.db, rows.map((r) => r.key).filter((k): k is string => !!k)) : new Map<string, string>();
  return rows.map((r) => {
    const key = r.key ?? '';
    let label = key || '（未填）';
    if (by === 'kind') label = labelOf(KIND_LABELS, key);
    else if (by === 'channel') label = labelOf(CHANNEL_LABELS, key);
    else if (by === 'department') label = r.key ? (names.get(r.key) ?? key) : '（未派单）';
    else if (by === 'customer') label = r.label ?? key;
    else if (by === 'severity' && !r.key) label = '（未定级）';
    return { key, label, count: r.n };
  });
}

/** On-time rate = met ÷ (met + missed); deadlines still open are counted apart. */
async function onTime(ctx: AppContext, range: rr.Range): Promise<OnTimeRow[]> {
  const rows = await rr.deadlineStates(ctx.db, range);
  const names = [...new Set(rows.map((r) => r.name))].sort();
  return names.map((name) => {
    const n = (state: string) => rows.filter((r) => r.name === name && r.state === state).reduce((s, r) => s + r.n, 0);
    const met = n('met');
    const missed = n('missed');
    const open = n('running') + n('paused');
    return { deadline: name, total: met + missed + open, met, missed, open, rate: met + missed > 0 ? met / (met + missed) : null };
  });
}

async function satisfaction(ctx: AppContext, range: rr.Range) {
  const c = await rr.callbackCounts(ctx.db, range);
  const callbacks = c.satisfied + c.unsatisfied;
  return { callbacks, satisfied: c.satisfied, rate: callbacks > 0 ? c.satisfied / callbacks : null };
}

export async function workOrderReport(ctx: AppContext, p: Principal, q: ReportQuery): Promise<WorkOrderReport> {
  if (q.to < q.from) throw invalid([{ field: 'to', message: '结束日期早于开始日期 / to is before from' }]);
  const range: rr.Range = { from: localStart(q.from), to: localEndExclusive(q.to), scope: scopePaths(p) };
  const [total, gs, ot, rep, sat, overdue] = await Promise.all([
    rr.total(ctx.db, range),
    Promise.all(q.groupBy.map((by) => groups(ctx, range, by))),
    onTime(ctx, range),
    rr.repeats(ctx.db, range),
    satisfaction(ctx, range),
    rr.overdueNow(ctx.db, range.scope, ctx.clock.now().toISOString()),
  ]);
  const groupings = q.groupBy.map((by, i) => ({ groupBy: by, groups: gs[i] }));
  return { from: q.from, to: q.to, groupBy: q.groupBy[0], total, groups: gs[0], groupings, onTime: ot, repeats: rep, satisfaction: sat, overdueNow: overdue };
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
  const range: rr.Range = { from: localStart(pr.from), to: localEndExclusive(pr.to), scope: scopePaths(p) };
  const [total, byKind, bySeverity, byDepartment, ot, sat, rep, approved, invalidRecurring, overdue] = await Promise.all([
    rr.total(ctx.db, range),
    groups(ctx, range, 'kind'),
    groups(ctx, range, 'severity'),
    groups(ctx, range, 'department'),
    onTime(ctx, range),
    satisfaction(ctx, range),
    rr.repeats(ctx.db, range),
    rr.approvedReports(ctx.db, range),
    listInvalidRecurrences(ctx, p),
    rr.overdueNow(ctx.db, range.scope, ctx.clock.now().toISOString()),
  ]);
  return {
    period,
    kind: pr.kind,
    from: pr.from,
    to: pr.to,
    total,
    byKind,
    bySeverity,
    byDepartment,
    onTime: ot,
    satisfaction: sat,
    repeats: rep,
    correctiveActions: approved.map((a) => {
      const f = JSON.parse(a.fields) as Report8dFields;
      return { id: a.id, number: a.number, productCode: a.product_code, problem: a.problem, rootCause: f.d4RootCause ?? null, actions: f.d5Actions ?? null, prevention: f.d7Prevention ?? null };
    }),
    invalidRecurring,
    overdueNow: overdue,
  };
}
