import { z } from 'zod';
import type { FieldError } from './errors';

// Input bounds every module's request schemas share (docs/security.md, "V5 Validation, sanitisation"): a value
// the schema accepts must also fit the column it lands in and the business it describes, so bad input is a 422
// naming the field, never a database or calendar error surfacing as a 500. Pure Zod: the web app imports the
// schemas that use these.

/** The largest value of an `integer` column (32-bit on PostgreSQL; SQLite would take more, PostgreSQL refuses). */
export const INT32_MAX = 2_147_483_647;

/** A whole number stored in an `integer` column, within [min, 2³¹−1]. */
export const int32 = (min = -INT32_MAX - 1) => z.number().int().min(min).max(INT32_MAX);

/** The same from a query string ('?version=3'). */
export const int32Query = (min = -INT32_MAX - 1) => z.coerce.number().int().min(min).max(INT32_MAX);

/** The optimistic-concurrency version a client read (an `integer` column; rows start at 1). */
export const version = () => int32(0);

/** An identifier in a path, query or body: UUIDv7 text (36 characters) or a short code ('coal-mine-2020'). */
export const ID_MAX = 100;
export const id = () => z.string().min(1).max(ID_MAX);

/**
 * Free text bound for `text` columns that hold a paragraph (notes, reasons, descriptions). Every such field has
 * an explicit `.max`; this is the ceiling for the longest (reports, summaries). Short fields use 200 or less.
 */
export const TEXT_MAX = 20_000;

/** Business dates start here: the working calendar's first year, and nothing the system records is older. */
export const MIN_BUSINESS_DATE = '2000-01-01';
/** And end here: the calendar tables (and any plausible deadline or validity) stop before it. */
export const MAX_BUSINESS_DATE = '2099-12-31';

const inRangeMessage = `须在 ${MIN_BUSINESS_DATE} 至 ${MAX_BUSINESS_DATE} 之间 / must be between ${MIN_BUSINESS_DATE} and ${MAX_BUSINESS_DATE}`;

/** A real calendar date 'YYYY-MM-DD' (no 2026-02-30) within the business range. */
export const businessDate = () =>
  z.iso.date().refine((d) => d >= MIN_BUSINESS_DATE && d <= MAX_BUSINESS_DATE, { message: inRangeMessage });

/** An instant with an offset ('2026-03-02T10:00:00+08:00') within the business range. */
export const businessInstant = () =>
  z.iso.datetime({ offset: true }).refine(
    (s) => {
      const t = Date.parse(s);
      return t >= Date.parse(`${MIN_BUSINESS_DATE}T00:00:00Z`) && t <= Date.parse(`${MAX_BUSINESS_DATE}T23:59:59.999Z`);
    },
    { message: inRangeMessage },
  );

/**
 * How far a client's "now" may be ahead of the server's: a date typed on a machine whose clock is a few minutes
 * fast (or in a time zone east of the server's) is not "in the future".
 */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Local dates: any time zone up to UTC+14 may already be on the next day. */
const DATE_SKEW_MS = 14 * 3600_000;

/**
 * Checks that depend on "now" (ctx.clock), which a static schema cannot express; services call these and add
 * the result to their field errors. `value` is an ISO date or instant as the schema accepted it.
 */
export function notInFuture(now: Date, value: string | undefined | null, field: string): FieldError | null {
  if (!value) return null;
  const future = value.length === 10 ? value > new Date(now.getTime() + DATE_SKEW_MS).toISOString().slice(0, 10) : Date.parse(value) > now.getTime() + CLOCK_SKEW_MS;
  return future ? { field, message: '不能晚于当前时间 / must not be in the future' } : null;
}

export function notInPast(now: Date, value: string | undefined | null, field: string): FieldError | null {
  if (!value) return null;
  const past = value.length === 10 ? value < new Date(now.getTime() - DATE_SKEW_MS).toISOString().slice(0, 10) : Date.parse(value) < now.getTime() - CLOCK_SKEW_MS;
  return past ? { field, message: '不能早于当前时间 / must not be in the past' } : null;
}
