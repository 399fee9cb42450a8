// The working calendar (docs/calendar.md#rules-and-their-sources): which local dates are working days, and deadline arithmetic in the six
// duration units. Every convention used here is written down once, in docs/calendar.md; the comments below
// point at its sections. Pure: no clock, no I/O, no process time zone — local time is a fixed UTC offset.
// The per-day tables are built in day-table.ts, pause intervals prepared in pauses.ts.

import { buildDayTable, dayInfo, type DayTable } from './day-table';
import {
  DAY_MS,
  DEFAULT_UTC_OFFSET_MINUTES,
  HOUR_MS,
  MINUTE_MS,
  addCalendar,
  assertUtcOffset,
  fromEpochDay,
  parseTimeOfDay,
  toEpochDay,
  validTime,
} from './dates';
import { buildExplain, type ExplainContext } from './explain';
import { normalizePauses, pausedElapsedMs, type Pauses } from './pauses';
import type { AddResult, BetweenResult, CalendarSettings, CalendarYearFile, DayInfo, DayOverride, DurationUnit, Interval, WorkingPeriod } from './types';

export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

export interface WorkCalendarOptions {
  years: CalendarYearFile[];
  overrides?: DayOverride[];
  settings?: Partial<CalendarSettings>;
}

export class WorkCalendar {
  readonly settings: CalendarSettings;
  /** 'YYYY-12-31' of the last year of the contiguous run of published years starting at the first one. */
  readonly lastPublishedDate: string;
  /** First and last local dates the tables cover; arithmetic outside them throws a RangeError. */
  readonly firstDate: string;
  readonly lastDate: string;

  private readonly offsetMs: number;
  private readonly periodStarts: number[];
  private readonly periodEnds: number[];
  /** Working milliseconds of one working day, and the close (end of the last period) after local midnight. */
  private readonly dayWorkMs: number;
  private readonly closeMs: number;

  private readonly table: DayTable;
  // The table's arrays the arithmetic reads on every call, held directly (docs/calendar.md "Performance").
  private readonly firstEpochDay: number;
  private readonly dayCount: number;
  private readonly working: Uint8Array;
  /** workPrefix[i] = number of working days among day indices < i. */
  private readonly workPrefix: Int32Array;
  private readonly provisionalPrefix: Int32Array;
  /** Day indices of the working days, ascending: the k-th working day is workList[k]. */
  private readonly workList: Int32Array;
  private readonly explainContext: ExplainContext;

  constructor(opts: WorkCalendarOptions) {
    const offset = opts.settings?.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
    assertUtcOffset(offset);
    const periods = (opts.settings?.periods ?? DEFAULT_WORKING_PERIODS).map((p) => ({ start: p.start, end: p.end }));
    this.settings = Object.freeze({ utcOffsetMinutes: offset, periods: Object.freeze(periods) as WorkingPeriod[] });
    this.offsetMs = offset * MINUTE_MS;
    [this.periodStarts, this.periodEnds] = parsePeriods(periods);
    this.dayWorkMs = this.periodEnds.reduce((sum, end, k) => sum + end - this.periodStarts[k], 0);
    this.closeMs = this.periodEnds[this.periodEnds.length - 1];

    const table = buildDayTable(opts.years, opts.overrides);
    this.table = table;
    this.lastPublishedDate = table.lastPublishedDate;
    this.firstDate = table.firstDate;
    this.lastDate = table.lastDate;
    this.firstEpochDay = table.firstEpochDay;
    this.dayCount = table.dayCount;
    this.working = table.working;
    this.workPrefix = table.workPrefix;
    this.provisionalPrefix = table.provisionalPrefix;
    this.workList = table.workList;

    this.explainContext = {
      utcOffsetMinutes: offset,
      periodsLabel: periods.map((p) => `${p.start}-${p.end}`).join('、'),
      dayAt: (epochDay) => this.dayAt(epochDay - this.firstEpochDay),
      epochDayOf: (ms) => Math.floor((ms + this.offsetMs) / DAY_MS),
      workingMs: (a, b) => this.workingMs(a, b),
      pausedWorkingMs: () => 0,
    };
  }

  /** Local calendar date of an instant, at the settings' offset. */
  localDate(instant: Date): string {
    return fromEpochDay(Math.floor((validTime(instant, 'instant') + this.offsetMs) / DAY_MS));
  }

  isWorkingDay(date: string): boolean {
    return this.working[this.indexOfDate(date)] === 1;
  }

  day(date: string): DayInfo {
    return this.dayAt(this.indexOfDate(date));
  }

  /** Every day from `from` to `to`, both included ([] when `to` is before `from`). */
  days(from: string, to: string): DayInfo[] {
    const a = this.indexOfDate(from);
    const b = this.indexOfDate(to);
    const out: DayInfo[] = [];
    for (let i = a; i <= b; i++) out.push(this.dayAt(i));
    return out;
  }

  /** The deadline `amount` units after `start` (before it when negative); docs/calendar.md "Units". */
  add(start: Date, amount: number, unit: DurationUnit, opts?: { pauses?: Interval[] }): AddResult {
    const t = validTime(start, 'start');
    if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number, got ${amount}`);
    const pauses = opts?.pauses && opts.pauses.length > 0 ? normalizePauses(opts.pauses) : undefined;
    switch (unit) {
      case 'working_days':
        return this.addWorkingDays(t, amount, pauses);
      case 'working_hours':
        return this.addMeasured(t, Math.round(amount * HOUR_MS), unit, amount, pauses, true);
      case 'hours':
        return this.addMeasured(t, Math.round(amount * HOUR_MS), unit, amount, pauses, false);
      case 'days':
        return this.addMeasured(t, Math.round(amount * DAY_MS), unit, amount, pauses, false);
      case 'months':
      case 'years':
        return this.addMonths(t, amount, unit, pauses);
      default:
        throw new RangeError(`unknown duration unit "${String(unit)}"`);
    }
  }

  /**
   * How many units lie between two instants, pauses subtracted; negative when `end` is before `start`
   * (between(s, e) = −between(e, s)). The inverse of add: between(s, add(s, n).due) === n.
   */
  between(start: Date, end: Date, unit: DurationUnit, opts?: { pauses?: Interval[] }): BetweenResult {
    const s = validTime(start, 'start');
    const e = validTime(end, 'end');
    if (e < s) {
      const reverse = this.between(end, start, unit, opts);
      return { amount: reverse.amount === 0 ? 0 : -reverse.amount, provisional: reverse.provisional };
    }
    const pauses = opts?.pauses && opts.pauses.length > 0 ? normalizePauses(opts.pauses) : undefined;
    switch (unit) {
      case 'working_days': {
        // The end moves back by the working time paused inside [s, e] (docs/calendar.md "Pauses").
        const paused = pauses ? this.pausedWorkingMs(s, e, pauses) : 0;
        const end_ = paused > 0 ? this.subtractWorkingMs(e, paused) : e;
        return { amount: this.countWorkingDays(s, end_), provisional: this.spanProvisional(s, e) };
      }
      case 'working_hours': {
        const ms = this.workingMs(s, e) - (pauses ? this.pausedWorkingMs(s, e, pauses) : 0);
        return { amount: ms / HOUR_MS, provisional: this.spanProvisional(s, e) };
      }
      case 'hours':
      case 'days': {
        const ms = e - s - (pauses ? pausedElapsedMs(s, e, pauses) : 0);
        return { amount: ms / (unit === 'hours' ? HOUR_MS : DAY_MS), provisional: false };
      }
      case 'months':
      case 'years': {
        const end_ = e - (pauses ? pausedElapsedMs(s, e, pauses) : 0);
        const months = this.wholeMonthsBetween(s, end_);
        return { amount: unit === 'years' ? Math.floor(months / 12) : months, provisional: false };
      }
      default:
        throw new RangeError(`unknown duration unit "${String(unit)}"`);
    }
  }

  // ---- units ------------------------------------------------------------------------------------------

  /**
   * N working days: the close of the N-th working day after the start's local day (the start day never
   * counts, 民法典 art. 201). Back in time (N < 0): the close of the working day before the |N| working
   * days that end at or before `start`. Pauses extend the deadline by the paused working time.
   */
  private addWorkingDays(t: number, n: number, pauses: Pauses | undefined): AddResult {
    if (!Number.isInteger(n)) throw new RangeError(`working_days must be a whole number, got ${n}`);
    if (n === 0) return this.result(t, t, t, 0, 'working_days', 0, false);
    const local = t + this.offsetMs;
    const epochDay = Math.floor(local / DAY_MS);
    const i = this.checkIndex(epochDay - this.firstEpochDay);
    let k: number;
    if (n > 0) {
      k = this.workPrefix[i + 1] + n - 1;
    } else {
      if (pauses) throw new RangeError('pauses apply only to deadlines forward in time (amount > 0)');
      const startCounts = this.working[i] === 1 && local - epochDay * DAY_MS >= this.closeMs;
      k = this.workPrefix[i] + (startCounts ? 1 : 0) + n - 1;
    }
    if (k < 0 || k >= this.workList.length) throw this.outOfRange();
    const dueIndex = this.workList[k];
    const due0 = (this.firstEpochDay + dueIndex) * DAY_MS + this.closeMs - this.offsetMs;
    if (!pauses) {
      const provisional = this.provisionalPrefix[Math.max(i, dueIndex) + 1] - this.provisionalPrefix[Math.min(i, dueIndex)] > 0;
      return this.result(t, due0, due0, 0, 'working_days', n, provisional);
    }
    const paused = this.pausedWorkingMs(t, due0, pauses);
    const due = paused > 0 ? this.advance(due0, paused, pauses, true) : due0;
    return this.result(t, due, due0, paused, 'working_days', n, this.spanProvisional(t, due), pauses);
  }

  /** working_hours (working = true) and plain hours/days: a measure of time, consumed forward or backward. */
  private addMeasured(
    t: number,
    ms: number,
    unit: DurationUnit,
    amount: number,
    pauses: Pauses | undefined,
    working: boolean,
  ): AddResult {
    let due: number;
    if (ms === 0) due = t;
    else if (pauses) due = ms > 0 ? this.advance(t, ms, pauses, working) : this.retreat(t, -ms, pauses, working);
    else if (!working) due = t + ms;
    else due = ms > 0 ? this.addWorkingMs(t, ms) : this.subtractWorkingMs(t, -ms);
    const [a, b] = due >= t ? [t, due] : [due, t];
    const paused = pauses ? (working ? this.pausedWorkingMs(a, b, pauses) : pausedElapsedMs(a, b, pauses)) : 0;
    const provisional = working && this.spanProvisional(a, b);
    return this.result(t, due, working ? due : t + ms, paused, unit, amount, provisional, pauses);
  }

  /** Calendar months/years on the local date, keeping the local time of day; paused time extends it. */
  private addMonths(t: number, amount: number, unit: 'months' | 'years', pauses: Pauses | undefined): AddResult {
    if (!Number.isInteger(amount)) throw new RangeError(`${unit} must be a whole number, got ${amount}`);
    if (pauses && amount < 0) throw new RangeError('pauses apply only to deadlines forward in time (amount > 0)');
    const due0 = this.addMonthsMs(t, unit === 'years' ? amount * 12 : amount);
    const paused = pauses ? pausedElapsedMs(t, due0, pauses) : 0;
    const due = paused > 0 ? this.advance(due0, paused, pauses as Pauses, false) : due0;
    return this.result(t, due, due0, paused, unit, amount, false, pauses);
  }

  private addMonthsMs(t: number, months: number): number {
    const local = t + this.offsetMs;
    const epochDay = Math.floor(local / DAY_MS);
    const timeOfDay = local - epochDay * DAY_MS;
    const date = addCalendar(fromEpochDay(epochDay), months, 'months');
    return toEpochDay(date) * DAY_MS + timeOfDay - this.offsetMs;
  }

  /** Largest k ≥ 0 with addMonths(s, k) ≤ e, for s ≤ e. */
  private wholeMonthsBetween(s: number, e: number): number {
    if (e < s) return 0;
    const a = fromEpochDay(Math.floor((s + this.offsetMs) / DAY_MS));
    const b = fromEpochDay(Math.floor((e + this.offsetMs) / DAY_MS));
    let k = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
    while (k > 0 && this.addMonthsMs(s, k) > e) k--;
    while (this.addMonthsMs(s, k + 1) <= e) k++;
    return k;
  }

  // ---- working time -----------------------------------------------------------------------------------

  /** Working milliseconds from local midnight to `timeOfDay` on a working day. */
  private workedBefore(timeOfDay: number): number {
    let sum = 0;
    for (let p = 0; p < this.periodStarts.length; p++) {
      if (timeOfDay <= this.periodStarts[p]) break;
      sum += Math.min(timeOfDay, this.periodEnds[p]) - this.periodStarts[p];
    }
    return sum;
  }

  /** Earliest time of day at which `worked` (0 < worked ≤ dayWorkMs) has been worked: ends stay ends. */
  private earliestAt(worked: number): number {
    let before = 0;
    for (let p = 0; p < this.periodStarts.length; p++) {
      const length = this.periodEnds[p] - this.periodStarts[p];
      if (worked <= before + length) return this.periodStarts[p] + worked - before;
      before += length;
    }
    return this.closeMs;
  }

  /** Latest time of day at which exactly `worked` (0 ≤ worked < dayWorkMs) has been worked: starts stay starts. */
  private latestAt(worked: number): number {
    let before = 0;
    for (let p = 0; p < this.periodStarts.length; p++) {
      const length = this.periodEnds[p] - this.periodStarts[p];
      if (worked < before + length) return this.periodStarts[p] + worked - before;
      before += length;
    }
    return this.closeMs;
  }

  /** Working milliseconds inside [a, b], a ≤ b; whole days in between come from the prefix table. */
  private workingMs(a: number, b: number): number {
    const la = a + this.offsetMs;
    const lb = b + this.offsetMs;
    const da = Math.floor(la / DAY_MS);
    const db = Math.floor(lb / DAY_MS);
    const ia = this.checkIndex(da - this.firstEpochDay);
    const ib = this.checkIndex(db - this.firstEpochDay);
    const ta = la - da * DAY_MS;
    const tb = lb - db * DAY_MS;
    if (ia === ib) return this.working[ia] ? this.workedBefore(tb) - this.workedBefore(ta) : 0;
    return (
      (this.working[ia] ? this.dayWorkMs - this.workedBefore(ta) : 0) +
      (this.workPrefix[ib] - this.workPrefix[ia + 1]) * this.dayWorkMs +
      (this.working[ib] ? this.workedBefore(tb) : 0)
    );
  }

  /** The earliest instant after `t` by which `ms` > 0 of working time has passed (no day-by-day loop). */
  private addWorkingMs(t: number, ms: number): number {
    const local = t + this.offsetMs;
    const epochDay = Math.floor(local / DAY_MS);
    const i = this.checkIndex(epochDay - this.firstEpochDay);
    let rest = ms;
    if (this.working[i]) {
      const done = this.workedBefore(local - epochDay * DAY_MS);
      if (rest <= this.dayWorkMs - done) return epochDay * DAY_MS + this.earliestAt(done + rest) - this.offsetMs;
      rest -= this.dayWorkMs - done;
    }
    const wholeDays = Math.ceil(rest / this.dayWorkMs);
    const k = this.workPrefix[i + 1] + wholeDays - 1;
    if (k >= this.workList.length) throw this.outOfRange();
    const day = this.firstEpochDay + this.workList[k];
    return day * DAY_MS + this.earliestAt(rest - (wholeDays - 1) * this.dayWorkMs) - this.offsetMs;
  }

  /** The latest instant before `t` from which `ms` > 0 of working time passes until `t`. */
  private subtractWorkingMs(t: number, ms: number): number {
    const local = t + this.offsetMs;
    const epochDay = Math.floor(local / DAY_MS);
    const i = this.checkIndex(epochDay - this.firstEpochDay);
    let rest = ms;
    if (this.working[i]) {
      const done = this.workedBefore(local - epochDay * DAY_MS);
      if (rest <= done) return epochDay * DAY_MS + this.latestAt(done - rest) - this.offsetMs;
      rest -= done;
    }
    const wholeDays = Math.ceil(rest / this.dayWorkMs);
    const k = this.workPrefix[i] - wholeDays;
    if (k < 0) throw this.outOfRange();
    const day = this.firstEpochDay + this.workList[k];
    return day * DAY_MS + this.latestAt(this.dayWorkMs - (rest - (wholeDays - 1) * this.dayWorkMs)) - this.offsetMs;
  }

  /** Working days d with startDay < d ≤ endDay whose close is ≤ e, for s ≤ e (docs/calendar.md). */
  private countWorkingDays(s: number, e: number): number {
    const is = this.checkIndex(Math.floor((s + this.offsetMs) / DAY_MS) - this.firstEpochDay);
    const localEnd = e + this.offsetMs;
    const endDay = Math.floor(localEnd / DAY_MS);
    const ie = this.checkIndex(endDay - this.firstEpochDay);
    if (ie <= is) return 0;
    let count = this.workPrefix[ie + 1] - this.workPrefix[is + 1];
    if (this.working[ie] && localEnd - endDay * DAY_MS < this.closeMs) count--;
    return count;
  }

  // ---- pauses -----------------------------------------------------------------------------------------

  private pausedWorkingMs(a: number, b: number, pauses: Pauses): number {
    let sum = 0;
    for (let p = 0; p < pauses.length; p += 2) {
      const from = Math.max(a, pauses[p]);
      const to = Math.min(b, pauses[p + 1]);
      if (from < to) sum += this.workingMs(from, to);
    }
    return sum;
  }

  /**
   * The earliest instant after `t` at which `ms` > 0 of unpaused time (working time when `working`) has
   * passed: walk the pauses in order, consuming the time between them.
   */
  private advance(t: number, ms: number, pauses: Pauses, working: boolean): number {
    const measure = (a: number, b: number) => (working ? this.workingMs(a, b) : b - a);
    const step = (from: number, rest: number) => (working ? this.addWorkingMs(from, rest) : from + rest);
    let cursor = t;
    let rest = ms;
    for (let p = 0; p < pauses.length; p += 2) {
      if (pauses[p + 1] <= cursor) continue;
      if (pauses[p] > cursor) {
        const available = measure(cursor, pauses[p]);
        if (available >= rest) return step(cursor, rest);
        rest -= available;
      }
      cursor = pauses[p + 1];
    }
    return step(cursor, rest);
  }

  /** Mirror of advance: the latest instant before `t` from which `ms` > 0 of unpaused time passes until `t`. */
  private retreat(t: number, ms: number, pauses: Pauses, working: boolean): number {
    const measure = (a: number, b: number) => (working ? this.workingMs(a, b) : b - a);
    const step = (from: number, rest: number) => (working ? this.subtractWorkingMs(from, rest) : from - rest);
    let cursor = t;
    let rest = ms;
    for (let p = pauses.length - 2; p >= 0; p -= 2) {
      if (pauses[p] >= cursor) continue;
      if (pauses[p + 1] < cursor) {
        const available = measure(pauses[p + 1], cursor);
        if (available >= rest) return step(cursor, rest);
        rest -= available;
      }
      cursor = pauses[p];
    }
    return step(cursor, rest);
  }

  // ---- days and results -------------------------------------------------------------------------------

  private dayAt(i: number): DayInfo {
    return dayInfo(this.table, i);
  }

  private indexOfDate(date: string): number {
    const i = toEpochDay(date) - this.firstEpochDay;
    if (i < 0 || i >= this.dayCount) {
      throw new RangeError(`${date} is outside the working calendar (${this.firstDate} to ${this.lastDate})`);
    }
    return i;
  }

  private checkIndex(i: number): number {
    if (i < 0 || i >= this.dayCount) throw this.outOfRange();
    return i;
  }

  private outOfRange(): RangeError {
    return new RangeError(`date outside the working calendar (${this.firstDate} to ${this.lastDate})`);
  }

  /** Whether any local day touched by [a, b] is provisional (O(1) via the prefix table). */
  private spanProvisional(a: number, b: number): boolean {
    const ia = this.checkIndex(Math.floor((a + this.offsetMs) / DAY_MS) - this.firstEpochDay);
    const ib = this.checkIndex(Math.floor((b + this.offsetMs) / DAY_MS) - this.firstEpochDay);
    return this.provisionalPrefix[ib + 1] - this.provisionalPrefix[ia] > 0;
  }

  private result(
    start: number,
    due: number,
    dueBeforePauses: number,
    pausedMs: number,
    unit: DurationUnit,
    amount: number,
    provisional: boolean,
    pauses?: Pauses,
  ): AddResult {
    const context: ExplainContext = pauses
      ? { ...this.explainContext, pausedWorkingMs: (a, b) => this.pausedWorkingMs(a, b, pauses) }
      : this.explainContext;
    let text: string | undefined;
    return {
      due: new Date(due),
      provisional,
      get explain() {
        text ??= buildExplain(context, { unit, amount, start, due, dueBeforePauses, pausedMs, provisional });
        return text;
      },
    };
  }
}

function parsePeriods(periods: WorkingPeriod[]): [number[], number[]] {
  if (periods.length === 0) throw new RangeError('settings.periods must list at least one working period');
  const starts: number[] = [];
  const ends: number[] = [];
  periods.forEach((p, k) => {
    const start = parseTimeOfDay(p.start);
    const end = parseTimeOfDay(p.end);
    if (end <= start) throw new RangeError(`settings.periods[${k}]: end ${p.end} must be after start ${p.start}`);
    if (k > 0 && start < ends[k - 1]) {
      throw new RangeError(`settings.periods[${k}]: ${p.start} overlaps or precedes the period before it`);
    }
    starts.push(start);
    ends.push(end);
  });
  return [starts, ends];
}
