// Workload forecast per weekday and half-hour (呼叫中心岗位职责 cl. 2.1 (1) 话务量预测和相应排班;
// docs/callcenter.md#forecast-and-staffing). Pure: the caller brings the arrivals (as local date + minute of day)
// and the working calendar's verdict on each day, so 调休 Saturdays count as working days and holidays as rest.

export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;

export interface DayKind {
  date: string;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday: number;
  working: boolean;
}

export interface Arrival {
  date: string;
  /** Minutes since local midnight. */
  minute: number;
}

/**
 * Days are grouped by their kind: a working day by its weekday (Mondays look like Mondays), a rest day that falls
 * on a weekday (a holiday) with the other weekday rest days, weekends with weekends. A group with no history
 * falls back to all days of the same working/rest class, so a first 调休 Saturday still gets a forecast.
 */
export function dayGroup(d: DayKind): string {
  if (d.working) return `W${d.weekday}`;
  return d.weekday >= 6 ? 'R-weekend' : 'R-holiday';
}

function classGroup(d: DayKind): string {
  return d.working ? 'W' : 'R';
}

export interface ForecastModel {
  /** Mean arrivals per slot for each group, and how many history days stand behind it. */
  groups: Map<string, { days: number; perSlot: number[] }>;
}

export function countBySlot(days: DayKind[], arrivals: Arrival[]): Map<string, number[]> {
  const byDate = new Map<string, number[]>(days.map((d) => [d.date, new Array<number>(SLOTS_PER_DAY).fill(0)]));
  for (const a of arrivals) {
    const row = byDate.get(a.date);
    if (row) row[Math.min(SLOTS_PER_DAY - 1, Math.max(0, Math.floor(a.minute / SLOT_MINUTES)))]++;
  }
  return byDate;
}

export function fitModel(history: DayKind[], arrivals: Arrival[]): ForecastModel {
  const counts = countBySlot(history, arrivals);
  const sums = new Map<string, { days: number; perSlot: number[] }>();
  const add = (key: string, row: number[]) => {
    let g = sums.get(key);
    if (!g) sums.set(key, (g = { days: 0, perSlot: new Array<number>(SLOTS_PER_DAY).fill(0) }));
    g.days++;
    row.forEach((v, i) => (g.perSlot[i] += v));
  };
  for (const d of history) {
    const row = counts.get(d.date)!;
    add(dayGroup(d), row);
    add(classGroup(d), row);
  }
  for (const g of sums.values()) g.perSlot = g.perSlot.map((v) => v / g.days);
  return { groups: sums };
}

export interface DayForecast {
  date: string;
  weekday: number;
  working: boolean;
  /** Which history group the figures come from, and how many days it averages (0: no history at all). */
  basis: string;
  basisDays: number;
  perSlot: number[];
  total: number;
}

export function forecastDays(model: ForecastModel, days: DayKind[]): DayForecast[] {
  return days.map((d) => {
    const g = model.groups.get(dayGroup(d)) ?? model.groups.get(classGroup(d));
    const basis = model.groups.has(dayGroup(d)) ? dayGroup(d) : model.groups.has(classGroup(d)) ? classGroup(d) : 'none';
    const perSlot = g ? [...g.perSlot] : new Array<number>(SLOTS_PER_DAY).fill(0);
    return { date: d.date, weekday: d.weekday, working: d.working, basis, basisDays: g?.days ?? 0, perSlot, total: perSlot.reduce((s, v) => s + v, 0) };
  });
}

export interface ForecastError {
  days: number;
  actual: number;
  forecast: number;
  /** Weighted absolute percentage error over the day totals: Σ|f − a| ÷ Σa (null when nothing arrived). */
  wape: number | null;
}

/**
 * How wrong the method would have been on the last `testDays`: fit on the days before them only, forecast them,
 * compare day totals. Shown beside the forecast so the supervisor knows how far to trust it.
 */
export function backtest(history: DayKind[], arrivals: Arrival[], testDays: number): ForecastError {
  if (testDays <= 0 || history.length <= testDays) return { days: 0, actual: 0, forecast: 0, wape: null };
  const train = history.slice(0, history.length - testDays);
  const test = history.slice(history.length - testDays);
  const model = fitModel(train, arrivals);
  const actualByDay = countBySlot(test, arrivals);
  let actual = 0;
  let predicted = 0;
  let absErr = 0;
  for (const f of forecastDays(model, test)) {
    const a = actualByDay.get(f.date)!.reduce((s, v) => s + v, 0);
    actual += a;
    predicted += f.total;
    absErr += Math.abs(f.total - a);
  }
  return { days: test.length, actual, forecast: predicted, wape: actual > 0 ? absErr / actual : null };
}
