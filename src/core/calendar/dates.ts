// Pure local-date arithmetic. Dates are 'YYYY-MM-DD' strings in local time; an "epoch day" is the number of
// days since 1970-01-01 of that local date. Nothing here reads the process time zone or the clock.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Asia/Shanghai: a fixed +08:00, exact because China has had no daylight saving time since 1991. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function readDate(date: string): LocalDateParts | undefined {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isValidLocalDate(date: string): boolean {
  return readDate(date) !== undefined;
}

/** Parses a real calendar date 'YYYY-MM-DD'; throws a RangeError naming the value otherwise. */
export function parseLocalDate(date: string): LocalDateParts {
  const parts = readDate(date);
  if (!parts) throw new RangeError(`invalid date "${String(date)}": expected a real calendar date YYYY-MM-DD`);
  return parts;
}

export function toEpochDay(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function weekdayOf(date: string): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** Mon–Fri: the default rule when no notice says otherwise. */
export function isWeekdayEpochDay(epochDay: number): boolean {
  const wd = weekdayOfEpochDay(epochDay);
  return wd >= 1 && wd <= 5;
}

/**
 * Calendar arithmetic on a local date. Months and years keep the day of the month and clamp it to the
 * month's last day (docs/grading.md#date-conventions: 2023-07-10 + 3 years = 2026-07-10; 2024-02-29 + 1 year = 2025-02-28).
 */
export function addCalendar(dateYmd: string, amount: number, unit: 'days' | 'months' | 'years'): string {
  if (!Number.isInteger(amount)) throw new RangeError(`amount must be a whole number of ${unit}, got ${amount}`);
  if (unit === 'days') return fromEpochDay(toEpochDay(dateYmd) + amount);
  const { year, month, day } = parseLocalDate(dateYmd);
  const months = unit === 'years' ? amount * 12 : amount;
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return formatYmd(y, m, Math.min(day, daysInMonth(y, m)));
}

export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function assertUtcOffset(utcOffsetMinutes: number): void {
  if (!Number.isInteger(utcOffsetMinutes) || utcOffsetMinutes < -720 || utcOffsetMinutes > 840) {
    throw new RangeError(`utcOffsetMinutes must be a whole number between -720 and 840, got ${utcOffsetMinutes}`);
  }
}

/** An instant as epoch milliseconds; a RangeError naming `what` when it is not a valid Date. */
export function validTime(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

function offsetSuffix(utcOffsetMinutes: number): string {
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** ISO-8601 with the local offset, e.g. '2026-10-10T18:00:00+08:00' (milliseconds only when not zero). */
export function formatLocal(instant: Date, utcOffsetMinutes: number = DEFAULT_UTC_OFFSET_MINUTES): string {
  assertUtcOffset(utcOffsetMinutes);
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  const iso = new Date(t + utcOffsetMinutes * MINUTE_MS).toISOString();
  const body = t % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23);
  return body + offsetSuffix(utcOffsetMinutes);
}

/** Local calendar date of an instant at a fixed offset. */
export function localDateOf(instant: Date, utcOffsetMinutes: number = DEFAULT_UTC_OFFSET_MINUTES): string {
  return fromEpochDay(Math.floor((instant.getTime() + utcOffsetMinutes * MINUTE_MS) / DAY_MS));
}

/** Parses 'HH:MM' or 'HH:MM:SS' (00:00 … 24:00) into milliseconds after local midnight. */
export function parseTimeOfDay(time: string): number {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  const ms = m ? (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS + Number(m[3] ?? 0) * 1000 : NaN;
  if (!m || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59 || !(ms <= DAY_MS)) {
    throw new RangeError(`invalid time "${String(time)}": expected HH:MM between 00:00 and 24:00`);
  }
  return ms;
}

/** The ISO-8601 suffix of a fixed offset: isoOffset(480) = '+08:00', isoOffset(-300) = '-05:00'. */
export function isoOffset(utcOffsetMinutes: number = DEFAULT_UTC_OFFSET_MINUTES): string {
  assertUtcOffset(utcOffsetMinutes);
  const a = Math.abs(utcOffsetMinutes);
  return `${utcOffsetMinutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The instant of a local date and time at a fixed offset: localInstant('2026-09-30', '17:00') = 09:00Z. */
export function localInstant(
  date: string,
  time = '00:00',
  utcOffsetMinutes: number = DEFAULT_UTC_OFFSET_MINUTES,
): Date {
  assertUtcOffset(utcOffsetMinutes);
  return new Date(toEpochDay(date) * DAY_MS + parseTimeOfDay(time) - utcOffsetMinutes * MINUTE_MS);
}

/**
 * A time zone: a fixed offset in minutes east of UTC (what a working calendar's settings store; Asia/Shanghai is
 * 480) or an IANA name such as 'Europe/Berlin', whose offset (daylight saving included) comes from Intl with that
 * zone named explicitly — never the process time zone.
 */
export type TimeZone = number | string;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at instant `ms`, in minutes. */
export function zoneOffsetMinutes(ms: number, zone: TimeZone): number {
  if (typeof zone === 'number') {
    assertUtcOffset(zone);
    return zone;
  }
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
}

/** The instant local midnight of `date` begins in `zone`. */
function startOfLocalDay(date: string, zone: TimeZone): number {
  const wall = toEpochDay(date) * DAY_MS;
  // The offset at midnight is found from a guess: two rounds settle it even across a daylight-saving change.
  let t = wall - zoneOffsetMinutes(wall, zone) * MINUTE_MS;
  t = wall - zoneOffsetMinutes(t, zone) * MINUTE_MS;
  return t;
}

/**
 * The instants of a local day: [start, end) — from its midnight to the next day's midnight in `zone` (24 hours
 * at a fixed offset; 23 or 25 on a daylight-saving day). Use it to filter timestamps by a day the user picked.
 */
export function dayRange(date: string, zone: TimeZone = DEFAULT_UTC_OFFSET_MINUTES): { start: Date; end: Date } {
  return { start: new Date(startOfLocalDay(date, zone)), end: new Date(startOfLocalDay(addCalendar(date, 1, 'days'), zone)) };
}

/** Today's local date ('YYYY-MM-DD') in `zone` at the instant `now` (pass `ctx.clock.now()`). */
export function todayOf(now: Date, zone: TimeZone = DEFAULT_UTC_OFFSET_MINUTES): string {
  const t = validTime(now, 'now');
  return fromEpochDay(Math.floor((t + zoneOffsetMinutes(t, zone) * MINUTE_MS) / DAY_MS));
}
