// The day tables behind WorkCalendar: one entry per local date from FIRST_TABLE_YEAR to the horizon, saying
// whether it is a working day, why (its kind and name), whether it is provisional, plus prefix sums so that
// counting working days between two dates is O(1). Built once per calendar; docs/calendar.md "Priority of a
// day" and "Horizon" give the rules.

import { fromEpochDay, isWeekdayEpochDay, toEpochDay } from './dates';
import { LUNAR_TABLE_LAST_YEAR, statutoryHolidays } from './statutory';
import type { CalendarYearFile, DayInfo, DayKind, DayOverride } from './types';
import { validateCalendarYear } from './validate';

/** The tables always reach back to this year (Mon–Fri where no notice is loaded). */
const FIRST_TABLE_YEAR = 2000;
/** …and forward this many years past the last published year (docs/calendar.md "Horizon"). */
const HORIZON_YEARS = 10;

const KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday', 'override'];
const KIND = { workday: 0, weekend: 1, holiday: 2, adjusted_workday: 3, override: 4 } as const;

/** Day index i is the local date fromEpochDay(firstEpochDay + i). */
export interface DayTable {
  /** 'YYYY-12-31' of the last year of the contiguous run of published years starting at the first one. */
  lastPublishedDate: string;
  firstDate: string;
  lastDate: string;
  firstEpochDay: number;
  dayCount: number;
  working: Uint8Array;
  kinds: Uint8Array;
  provisional: Uint8Array;
  nameIds: Int32Array;
  names: string[];
  /** workPrefix[i] = number of working days among day indices < i (docs/calendar.md "Performance"). */
  workPrefix: Int32Array;
  provisionalPrefix: Int32Array;
  /** Day indices of the working days, ascending: the k-th working day is workList[k]. */
  workList: Int32Array;
}

/** Builds the tables from the published year files (validated here) and the local overrides. */
export function buildDayTable(input: CalendarYearFile[], overrides: DayOverride[] | undefined): DayTable {
  const years = checkYears(input);
  const published = new Set(years.map((y) => y.year));
  let lastContiguous = years.length > 0 ? years[0].year - 1 : FIRST_TABLE_YEAR - 1;
  while (years.length > 0 && published.has(lastContiguous + 1)) lastContiguous++;
  const lastPublishedDate = `${lastContiguous}-12-31`;

  const firstYear = Math.min(FIRST_TABLE_YEAR, years[0]?.year ?? FIRST_TABLE_YEAR);
  const lastYear = Math.max(
    years[years.length - 1]?.year ?? 0,
    lastContiguous + HORIZON_YEARS,
    LUNAR_TABLE_LAST_YEAR,
  );
  const firstDate = `${firstYear}-01-01`;
  const lastDate = `${lastYear}-12-31`;
  const firstEpochDay = toEpochDay(firstDate);
  const dayCount = toEpochDay(lastDate) - firstEpochDay + 1;

  const n = dayCount;
  const working = new Uint8Array(n);
  const kinds = new Uint8Array(n);
  const provisional = new Uint8Array(n);
  const nameIds = new Int32Array(n).fill(-1);
  const names: string[] = [];
  const nameId = (name: string | undefined) => {
    if (name === undefined) return -1;
    const found = names.indexOf(name);
    return found >= 0 ? found : names.push(name) - 1;
  };
  const set = (epochDay: number, isWorking: boolean, kind: number, name: string | undefined, isProvisional: boolean) => {
    const i = epochDay - firstEpochDay;
    if (i < 0 || i >= n) return; // e.g. a notice reaching into a December before the tables start
    working[i] = isWorking ? 1 : 0;
    kinds[i] = kind;
    nameIds[i] = nameId(name);
    provisional[i] = isProvisional ? 1 : 0;
  };

  // Lowest priority first: weekday rule, then (for unpublished years) the statutory holidays, then the
  // notices, then the overrides (docs/calendar.md "Priority of a day").
  for (let i = 0; i < n; i++) {
    const weekday = isWeekdayEpochDay(firstEpochDay + i);
    working[i] = weekday ? 1 : 0;
    kinds[i] = weekday ? KIND.workday : KIND.weekend;
  }
  for (let year = firstYear; year <= lastYear; year++) {
    if (published.has(year)) continue;
    provisional.fill(1, toEpochDay(`${year}-01-01`) - firstEpochDay, toEpochDay(`${year}-12-31`) - firstEpochDay + 1);
    for (const day of statutoryHolidays(year)) set(toEpochDay(day.date), false, KIND.holiday, day.name, true);
  }
  for (const file of years) {
    for (const h of file.holidays) {
      for (let d = toEpochDay(h.start); d <= toEpochDay(h.end); d++) set(d, false, KIND.holiday, h.name, false);
    }
    for (const w of file.workdays) set(toEpochDay(w.date), true, KIND.adjusted_workday, w.name, false);
  }
  // toEpochDay throws a RangeError naming a malformed date; overrides outside the tables cannot matter.
  for (const o of overrides ?? []) set(toEpochDay(o.date), o.working, KIND.override, o.note, false);

  const workPrefix = new Int32Array(n + 1);
  const provisionalPrefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    workPrefix[i + 1] = workPrefix[i] + working[i];
    provisionalPrefix[i + 1] = provisionalPrefix[i] + provisional[i];
  }
  const workList = new Int32Array(workPrefix[n]);
  for (let i = 0, k = 0; i < n; i++) if (working[i]) workList[k++] = i;

  return {
    lastPublishedDate,
    firstDate,
    lastDate,
    firstEpochDay,
    dayCount,
    working,
    kinds,
    provisional,
    nameIds,
    names,
    workPrefix,
    provisionalPrefix,
    workList,
  };
}

/** The public description of day index i. */
export function dayInfo(t: DayTable, i: number): DayInfo {
  const nameId = t.nameIds[i];
  const info: DayInfo = {
    date: fromEpochDay(t.firstEpochDay + i),
    working: t.working[i] === 1,
    kind: KINDS[t.kinds[i]],
    provisional: t.provisional[i] === 1,
  };
  if (nameId >= 0) info.name = t.names[nameId];
  return info;
}

function checkYears(input: CalendarYearFile[]): CalendarYearFile[] {
  const seen = new Set<number>();
  const years = input.map((raw, k) => {
    const { ok, year, issues } = validateCalendarYear(raw);
    if (!ok || !year) {
      const errors = issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
      const label = typeof raw?.year === 'number' ? String(raw.year) : `#${k}`;
      throw new RangeError(`calendar year ${label} is invalid: ${errors.join('; ')}`);
    }
    if (seen.has(year.year)) throw new RangeError(`calendar year ${year.year} is given twice`);
    seen.add(year.year);
    return year;
  });
  return years.sort((a, b) => a.year - b.year);
}
