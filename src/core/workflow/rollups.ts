import { DEFAULT_UTC_OFFSET_MINUTES, addCalendar, localDateOf, toEpochDay } from '../calendar';
import { TERMINAL_STATUSES, type FlowStatus } from './flow';

// Rollup counters of the complaint reports (docs/performance.md "Reports from rollups", docs/workorders.md#reports).
// Pure: what one work order contributes to the counters, how a change becomes a delta, and which counter buckets
// answer a report period. The module keeps the counters in the same transaction as every change; migration 0009
// and `npm run rollups:rebuild` recount them in SQL from the base tables, and the property test
// (test/api/workorders.rollups.api.test.ts) holds the two to the same numbers.

/**
 * The zone of the counters' local days: China time, every shipped calendar's (docs/calendar.md). A report asked in
 * a calendar with another offset is answered from the base tables instead (workorders.reports.ts).
 */
export const ROLLUP_ZONE_MINUTES = DEFAULT_UTC_OFFSET_MINUTES;

/**
 * What a report counts. Per work order, by its local day of receipt: kind, channel, severity, department, product,
 * customer (label: the name), problem category, month of receipt, repeat (product + problem category, not
 * invalid) and each deadline (label: met | missed | open). By the local day of the event: callbacks
 * (satisfied | unsatisfied). Undated: `overdue`, an open work order with a missed deadline.
 */
export const ROLLUP_DIMS = ['kind', 'channel', 'severity', 'department', 'product', 'customer', 'problem', 'month', 'repeat', 'deadline', 'callback', 'overdue'] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

/**
 * Dimensions with many values (400 products, thousands of customers, product × problem) are also counted per
 * owning unit as a whole, so a caller who sees whole companies sums one row per value instead of one per
 * department and receiving unit (docs/performance.md).
 */
export const WHOLE_UNIT_DIMS: readonly RollupDim[] = ['product', 'customer', 'repeat'];

/** d = local day 'YYYY-MM-DD', m = month 'YYYY-MM', q = quarter 'YYYY-Qn', a = undated (period ''). */
export type RollupGrain = 'd' | 'm' | 'q' | 'a';

export interface RollupWorkOrder {
  unit_path: string;
  department_path: string | null;
  receiving_unit_path: string | null;
  kind: string;
  channel: string;
  severity: string | null;
  department_id: string | null;
  product_code: string | null;
  customer_key: string | null;
  customer_name: string | null;
  problem_category: string | null;
  status: string;
  received_at: string;
  received_month: string;
}

export interface RollupDeadline {
  id: string;
  name: string;
  state: string;
}

export interface RollupCallback {
  event: string;
  at: string;
}

/** One count: a work order, deadline or callback in a dimension. `day` null = undated. */
export interface RollupFact {
  day: string | null;
  dim: RollupDim;
  value: string;
  label: string;
}

/** One counter row's key; `scope` is the scope key (`scopeKeyOf` / `wholeUnitScopeKey`). */
export interface RollupCell {
  scope: string;
  grain: RollupGrain;
  period: string;
  dim: RollupDim;
  value: string;
  label: string;
}

export const CALLBACK_EVENTS = { callback_satisfied: 'satisfied', callback_unsatisfied: 'unsatisfied' } as const;

/** Local day of an instant in the counters' zone. */
export const rollupDay = (iso: string): string => localDateOf(new Date(iso), ROLLUP_ZONE_MINUTES);

/** A deadline's state as the on-time rate reads it (met ÷ (met + missed); running and paused are open). */
export const deadlineOutcome = (state: string): string => (state === 'met' || state === 'missed' ? state : 'open');

/**
 * The units that make a work order visible (workorders.visibility.ts): one scope per combination. The key joins the
 * three paths with '|' (a path is UUIDs and slashes); the SQL recount builds the same string.
 */
export const scopeKeyOf = (wo: Pick<RollupWorkOrder, 'unit_path' | 'department_path' | 'receiving_unit_path'>): string =>
  `${wo.unit_path}|${wo.department_path ?? ''}|${wo.receiving_unit_path ?? ''}`;
/** The owning unit as a whole (WHOLE_UNIT_DIMS). */
export const wholeUnitScopeKey = (unitPath: string): string => `${unitPath}|*`;

const isOpen = (status: string) => !TERMINAL_STATUSES.includes(status as FlowStatus);

/** Everything one work order counts for, as it stands (the report queries of workorders.reports.repository.ts, as facts). */
export function factsOf(wo: RollupWorkOrder, deadlines: readonly Pick<RollupDeadline, 'name' | 'state'>[], callbacks: readonly RollupCallback[]): RollupFact[] {
  const day = rollupDay(wo.received_at);
  const f = (dim: RollupDim, value: string | null, label: string | null = ''): RollupFact => ({ day, dim, value: value ?? '', label: label ?? '' });
  const out: RollupFact[] = [
    f('kind', wo.kind),
    f('channel', wo.channel),
    f('severity', wo.severity),
    f('department', wo.department_id),
    f('product', wo.product_code),
    f('customer', wo.customer_key, wo.customer_name),
    f('problem', wo.problem_category),
    f('month', wo.received_month),
  ];
  // Repeat problems leave invalid complaints out (docs/workorders.md#severity, "same problem").
  if (wo.status !== 'invalid' && wo.product_code !== null && wo.problem_category !== null) out.push(f('repeat', wo.product_code, wo.problem_category));
  for (const d of deadlines) out.push(f('deadline', d.name, deadlineOutcome(d.state)));
  for (const c of callbacks) {
    const outcome = CALLBACK_EVENTS[c.event as keyof typeof CALLBACK_EVENTS];
    if (outcome) out.push({ day: rollupDay(c.at), dim: 'callback', value: outcome, label: '' });
  }
  if (isOpen(wo.status) && deadlines.some((d) => d.state === 'missed')) out.push({ day: null, dim: 'overdue', value: '', label: '' });
  return out;
}

export const quarterOf = (day: string): string => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) + 2) / 3)}`;

/**
 * The counter rows a work order's facts add one to: each dated fact per day and month, and the many-valued ones
 * (WHOLE_UNIT_DIMS) per quarter and per owning unit too — a year of kinds is a few hundred month rows anyway, so
 * quarters would only add writes to every intake.
 */
export function cellsOf(wo: Pick<RollupWorkOrder, 'unit_path' | 'department_path' | 'receiving_unit_path'>, facts: readonly RollupFact[]): RollupCell[] {
  const scope = scopeKeyOf(wo);
  const whole = wholeUnitScopeKey(wo.unit_path);
  const out: RollupCell[] = [];
  for (const x of facts) {
    const many = WHOLE_UNIT_DIMS.includes(x.dim);
    const scopes = many ? [scope, whole] : [scope];
    for (const s of scopes) {
      if (x.day === null) {
        out.push({ scope: s, grain: 'a', period: '', dim: x.dim, value: x.value, label: x.label });
        continue;
      }
      out.push({ scope: s, grain: 'd', period: x.day, dim: x.dim, value: x.value, label: x.label });
      out.push({ scope: s, grain: 'm', period: x.day.slice(0, 7), dim: x.dim, value: x.value, label: x.label });
      if (many) out.push({ scope: s, grain: 'q', period: quarterOf(x.day), dim: x.dim, value: x.value, label: x.label });
    }
  }
  return out;
}

const SEP = '\u0000';
export const cellKey = (c: RollupCell): string => [c.dim, c.grain, c.period, c.scope, c.value, c.label].join(SEP);

/** after − before, per counter row, zeros dropped, sorted by key (PostgreSQL takes the row locks in one order: no deadlock between writers). */
export function rollupDelta(before: readonly RollupCell[], after: readonly RollupCell[]): { cell: RollupCell; n: number }[] {
  const m = new Map<string, { cell: RollupCell; n: number }>();
  const add = (c: RollupCell, n: number) => {
    const k = cellKey(c);
    const e = m.get(k);
    if (e) e.n += n;
    else m.set(k, { cell: c, n });
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...m.entries()]
    .filter(([, e]) => e.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
}

/** A run of counter rows a report reads: periods lo…hi (inclusive) of one grain, added (+1) or subtracted (−1). */
export interface RollupBucket {
  grain: Exclude<RollupGrain, 'a'>;
  lo: string;
  hi: string;
  sign: 1 | -1;
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => addCalendar(addCalendar(monthStart(day), 1, 'months'), -1, 'days');
const quarterStart = (day: string) => `${day.slice(0, 4)}-${String((Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3) + 1).padStart(2, '0')}-01`;
const nextDay = (day: string) => addCalendar(day, 1, 'days');
const prevDay = (day: string) => addCalendar(day, -1, 'days');
const daysBetween = (a: string, b: string) => toEpochDay(b) - toEpochDay(a) + 1;

/**
 * The buckets whose sum is the local days from…to (inclusive), reading few rows: whole quarters (`quarters`: the
 * dimensions counted per quarter, WHOLE_UNIT_DIMS), then whole months, then days — or, for a month mostly inside
 * the period, the month less the days outside it (a year from 2025-12-07 is December less six days, three
 * quarters, two months and seven days).
 */
export function planBuckets(from: string, to: string, quarters = true): RollupBucket[] {
  const out: RollupBucket[] = [];
  if (to < from) return out;
  let d = from;
  while (d <= to) {
    // A whole quarter starting here?
    if (quarters && d === quarterStart(d)) {
      const qEnd = prevDay(addCalendar(d, 3, 'months'));
      if (qEnd <= to) {
        out.push({ grain: 'q', lo: quarterOf(d), hi: quarterOf(d), sign: 1 });
        d = nextDay(qEnd);
        continue;
      }
    }
    const mEnd = monthEnd(d);
    if (d === monthStart(d) && mEnd <= to) {
      out.push({ grain: 'm', lo: d.slice(0, 7), hi: d.slice(0, 7), sign: 1 });
      d = nextDay(mEnd);
      continue;
    }
    // Part of a month: the days inside, or the month less the days outside when that reads fewer rows.
    const end = mEnd <= to ? mEnd : to;
    const inside = daysBetween(d, end);
    const outside = daysBetween(monthStart(d), mEnd) - inside;
    if (outside + 1 < inside) {
      out.push({ grain: 'm', lo: d.slice(0, 7), hi: d.slice(0, 7), sign: 1 });
      if (d > monthStart(d)) out.push({ grain: 'd', lo: monthStart(d), hi: prevDay(d), sign: -1 });
      if (end < mEnd) out.push({ grain: 'd', lo: nextDay(end), hi: mEnd, sign: -1 });
    } else {
      out.push({ grain: 'd', lo: d, hi: end, sign: 1 });
    }
    d = nextDay(end);
  }
  return merge(out);
}

/** Adjacent whole months or quarters become one range. */
function merge(bs: RollupBucket[]): RollupBucket[] {
  const out: RollupBucket[] = [];
  for (const b of bs) {
    const last = out[out.length - 1];
    if (last && last.grain === b.grain && last.sign === 1 && b.sign === 1 && b.grain !== 'd' && adjacent(last.hi, b.lo, b.grain)) last.hi = b.hi;
    else out.push({ ...b });
  }
  return out;
}

function adjacent(hi: string, lo: string, grain: 'm' | 'q'): boolean {
  if (grain === 'm') return addCalendar(`${hi}-01`, 1, 'months').slice(0, 7) === lo;
  const [y, q] = [Number(hi.slice(0, 4)), Number(hi.slice(6))];
  return (q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`) === lo;
}
