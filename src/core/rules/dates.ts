// Calendar arithmetic on 'YYYY-MM-DD' strings, integer-only (no Date, no time zone).
// docs/grading.md#date-conventions: "未满1年" holds while asOf < eventDate + 1 calendar year; months and years are calendar ones,
// a month-end date clamps (2025-08-31 + 6 months = 2026-02-28, 2024-02-29 + 1 year = 2025-02-28).

import type { Period } from './types';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function fmt(y: number, m: number, d: number): string {
  return String(y).padStart(4, '0') + '-' + pad2(m) + '-' + pad2(d);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** date + period, clamping to the month's last day. */
export function addPeriod(date: string, period: Period): string {
  const [y, m, d] = parts(date);
  if ('days' in period) return fmt(...civilFromDays(daysFromCivil(y, m, d) + period.days));
  const months = 'years' in period ? period.years * 12 : period.months;
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return fmt(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/**
 * The latest event date whose window has passed on `asOf`: an event on date e is still within `period`
 * of asOf exactly when cutoff < e (and e ≤ asOf). Equivalent to "asOf < e + period" with month-end clamping:
 * when asOf is the last day of its month, every day of the target month has reached its anniversary.
 */
export function windowCutoff(asOf: string, period: Period): string {
  const [y, m, d] = parts(asOf);
  if ('days' in period) return fmt(...civilFromDays(daysFromCivil(y, m, d) - period.days));
  const months = 'years' in period ? period.years * 12 : period.months;
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const dimT = daysInMonth(ty, tm);
  const day = d === daysInMonth(y, m) ? dimT : Math.min(d, dimT);
  return fmt(ty, tm, day);
}

export function periodKey(period: Period): string {
  if ('years' in period) return period.years + 'y';
  if ('months' in period) return period.months + 'm';
  return period.days + 'd';
}

export function describePeriod(period: Period): { zh: string; en: string } {
  if ('years' in period) return { zh: period.years + '年', en: period.years === 1 ? '1 year' : period.years + ' years' };
  if ('months' in period) {
    return { zh: period.months + '个月', en: period.months === 1 ? '1 month' : period.months + ' months' };
  }
  return { zh: period.days + '天', en: period.days === 1 ? '1 day' : period.days + ' days' };
}
