// The working calendar's public types. The conventions behind them are written down once, in docs/calendar.md.

/** How a deadline or a duration is measured (docs/calendar.md#rules-and-their-sources: each deadline in a policy states its unit). */
export type DurationUnit = 'working_days' | 'working_hours' | 'hours' | 'days' | 'months' | 'years';

export const DURATION_UNITS: readonly DurationUnit[] = [
  'working_days',
  'working_hours',
  'hours',
  'days',
  'months',
  'years',
];

/** One State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知), as data. */
export interface CalendarYearFile {
  year: number;
  source: { title: string; docNo: string; published?: string; urls?: string[] };
  /** Days off (放假), inclusive ranges of local dates. */
  holidays: { name: string; start: string; end: string; note?: string }[];
  /** Adjusted working days (调休上班), usually weekend days. */
  workdays: { date: string; name: string; note?: string }[];
  /** Where the data came from when it was not typed from the notice, e.g. "chinese-days@1.5.7". */
  importedFrom?: string;
}

/** An administrator's correction of a single day; it beats the notice and the weekday rule. */
export interface DayOverride {
  date: string;
  working: boolean;
  note?: string;
}

/** A working period of a working day, local 'HH:MM' (end may be '24:00'). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

export interface CalendarSettings {
  /** Fixed offset of local time from UTC; Asia/Shanghai = 480 (no DST since 1991). */
  utcOffsetMinutes: number;
  /** Working periods of every working day, ascending and not overlapping. */
  periods: WorkingPeriod[];
}

export interface Interval {
  start: Date;
  end: Date;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday' | 'override';

export interface DayInfo {
  date: string;
  working: boolean;
  /** Holiday or adjusted-workday name from the notice, or an override's note. */
  name?: string;
  kind: DayKind;
  /** True when no published notice (nor an override) decides the day: see docs/calendar.md "Horizon". */
  provisional: boolean;
}

export interface AddResult {
  due: Date;
  provisional: boolean;
  /** Chinese + English sentence naming the days counted and skipped; computed on first read. */
  explain: string;
}

export interface BetweenResult {
  amount: number;
  provisional: boolean;
}

export interface ValidationIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}
