// Validation of one notice file (CalendarYearFile) before it reaches a WorkCalendar: an administrator enters
// next year's schedule each November (docs/calendar.md#rules-and-their-sources), so bad input must be refused with the field named.

import { fromEpochDay, isValidLocalDate, isWeekdayEpochDay, toEpochDay } from './dates';
import type { CalendarYearFile, ValidationIssue } from './types';

/** Statutory days off for everyone per year: 11 until 2024, 13 from 2025 (春节 and 劳动节 +1 each). */
export function statutoryDayCount(year: number): number {
  return year >= 2025 ? 13 : 11;
}

const FILE_KEYS = ['year', 'source', 'holidays', 'workdays', 'importedFrom'];
const SOURCE_KEYS = ['title', 'docNo', 'published', 'urls'];
const HOLIDAY_KEYS = ['name', 'start', 'end', 'note'];
const WORKDAY_KEYS = ['date', 'name', 'note'];

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/**
 * Checks a notice file. Errors: wrong shape, bad dates, a date outside the file's year (a notice may reach
 * back into December of the previous year, as the 2023 notice's 元旦 2022-12-31..2023-01-02 does), a range
 * ending before it starts, overlapping holiday ranges, a day both off and working, a repeated workday.
 * Warnings: unknown keys, an adjusted workday that is already Monday–Friday, and the statutory-days
 * invariant (weekday days off − adjusted workdays ≠ 11 before 2025 / 13 from 2025; 2015 and 2020 were
 * legitimate exceptions).
 */
export function validateCalendarYear(input: unknown): {
  ok: boolean;
  year?: CalendarYearFile;
  issues: ValidationIssue[];
} {
  const issues: ValidationIssue[] = [];
  const error = (path: string, message: string) => issues.push({ path, message, severity: 'error' });
  const warning = (path: string, message: string) => issues.push({ path, message, severity: 'warning' });
  const unknownKeys = (rec: Rec, allowed: string[], path: string) => {
    for (const key of Object.keys(rec)) {
      if (!allowed.includes(key)) warning(path ? `${path}.${key}` : key, `unknown field "${key}" is ignored`);
    }
  };

  if (!isRecord(input)) {
    error('', 'expected an object with year, source, holidays and workdays');
    return { ok: false, issues };
  }
  unknownKeys(input, FILE_KEYS, '');

  const year = input.year;
  const yearOk = Number.isInteger(year) && (year as number) >= 1950 && (year as number) <= 2200;
  if (!yearOk) error('year', 'year must be a whole number between 1950 and 2200');

  const source = input.source;
  if (!isRecord(source)) {
    error('source', 'source must be an object with title and docNo (docNo "unknown" when not known)');
  } else {
    unknownKeys(source, SOURCE_KEYS, 'source');
    if (!isNonEmptyString(source.title)) error('source.title', 'title must be a non-empty string');
    if (!isNonEmptyString(source.docNo)) error('source.docNo', 'docNo must be a non-empty string (or "unknown")');
    if (source.published !== undefined && !isValidLocalDate(source.published as string)) {
      error('source.published', 'published must be a date YYYY-MM-DD');
    }
    if (source.urls !== undefined && !(Array.isArray(source.urls) && source.urls.every(isNonEmptyString))) {
      error('source.urls', 'urls must be a list of strings');
    }
  }
  if (input.importedFrom !== undefined && !isNonEmptyString(input.importedFrom)) {
    error('importedFrom', 'importedFrom must be a non-empty string when present');
  }

  // Dates may fall in the file's year, or in December of the previous year (see above).
  const firstDay = yearOk ? toEpochDay(`${(year as number) - 1}-12-01`) : NaN;
  const lastDay = yearOk ? toEpochDay(`${year as number}-12-31`) : NaN;
  const checkDate = (value: unknown, path: string): number | undefined => {
    if (typeof value !== 'string' || !isValidLocalDate(value)) {
      error(path, `"${String(value)}" is not a real date YYYY-MM-DD`);
      return undefined;
    }
    const day = toEpochDay(value);
    if (yearOk && (day < firstDay || day > lastDay)) {
      error(path, `${value} is outside ${year as number} (only December of the previous year may be included)`);
      return undefined;
    }
    return day;
  };

  const offDays = new Map<number, string>(); // epoch day → path of the holiday range
  const holidays: CalendarYearFile['holidays'] = [];
  if (!Array.isArray(input.holidays)) {
    error('holidays', 'holidays must be a list of { name, start, end }');
  } else {
    input.holidays.forEach((h: unknown, i) => {
      const path = `holidays[${i}]`;
      if (!isRecord(h)) return error(path, 'expected { name, start, end }');
      unknownKeys(h, HOLIDAY_KEYS, path);
      if (!isNonEmptyString(h.name)) error(`${path}.name`, 'name must be a non-empty string');
      if (h.note !== undefined && typeof h.note !== 'string') error(`${path}.note`, 'note must be a string');
      const start = checkDate(h.start, `${path}.start`);
      const end = checkDate(h.end, `${path}.end`);
      if (start === undefined || end === undefined) return;
      if (end < start) return error(path, `end ${h.end as string} is before start ${h.start as string}`);
      for (let d = start; d <= end; d++) {
        const other = offDays.get(d);
        if (other !== undefined) return error(path, `overlaps ${other} on ${fromEpochDay(d)}`);
      }
      for (let d = start; d <= end; d++) offDays.set(d, path);
      holidays.push({ name: h.name as string, start: h.start as string, end: h.end as string, ...note(h) });
    });
  }

  const workDays = new Map<number, string>();
  const workdays: CalendarYearFile['workdays'] = [];
  if (!Array.isArray(input.workdays)) {
    error('workdays', 'workdays must be a list of { date, name }');
  } else {
    input.workdays.forEach((w: unknown, i) => {
      const path = `workdays[${i}]`;
      if (!isRecord(w)) return error(path, 'expected { date, name }');
      unknownKeys(w, WORKDAY_KEYS, path);
      if (!isNonEmptyString(w.name)) error(`${path}.name`, 'name must be a non-empty string');
      if (w.note !== undefined && typeof w.note !== 'string') error(`${path}.note`, 'note must be a string');
      const day = checkDate(w.date, `${path}.date`);
      if (day === undefined) return;
      const holiday = offDays.get(day);
      if (holiday !== undefined) return error(path, `${w.date as string} is both a day off (${holiday}) and a working day`);
      const repeated = workDays.get(day);
      if (repeated !== undefined) return error(path, `${w.date as string} repeats ${repeated}`);
      if (isWeekdayEpochDay(day)) warning(path, `${w.date as string} is a Monday–Friday already; an adjusted workday is normally a weekend day`);
      workDays.set(day, path);
      workdays.push({ date: w.date as string, name: w.name as string, ...note(w) });
    });
  }

  const hasErrors = issues.some((i) => i.severity === 'error');
  if (!hasErrors) {
    const y = year as number;
    let weekdaysOff = 0;
    for (const d of offDays.keys()) if (isWeekdayEpochDay(d)) weekdaysOff++;
    const net = weekdaysOff - workDays.size;
    const expected = statutoryDayCount(y);
    if (net !== expected) {
      warning(
        'holidays',
        `statutory-days check: ${weekdaysOff} weekday days off − ${workDays.size} adjusted workdays = ${net}, ` +
          `expected ${expected} for ${y} (legitimate exceptions exist, e.g. 2015 and 2020; check the notice)`,
      );
    }
  }
  if (hasErrors) return { ok: false, issues };

  const src = source as Rec;
  const file: CalendarYearFile = {
    year: year as number,
    source: {
      title: src.title as string,
      docNo: src.docNo as string,
      ...(src.published !== undefined ? { published: src.published as string } : {}),
      ...(src.urls !== undefined ? { urls: [...(src.urls as string[])] } : {}),
    },
    holidays,
    workdays,
    ...(input.importedFrom !== undefined ? { importedFrom: input.importedFrom as string } : {}),
  };
  return { ok: true, year: file, issues };
}

function note(rec: Rec): { note?: string } {
  return typeof rec.note === 'string' ? { note: rec.note } : {};
}
