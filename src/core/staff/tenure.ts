import { addPeriod } from '../rules/dates';

// Tenure for the staff-waiter pack (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels): "来店时间" counted in calendar months from the hiring date to
// the as-of date. Whole months are calendar ones with month-end clamping (hired 01-31 → one month on 02-28);
// the part month after the last whole one is days elapsed / days until the next monthly anniversary, so
// tenureMonths may be fractional (the pack allows it, and "≥ 3 months" then means the third anniversary).

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Calendar months from `hiredOn` to `asOf` (both 'YYYY-MM-DD'); 0 when asOf is before the hiring date. */
export function tenureMonths(hiredOn: string, asOf: string): number {
  if (asOf <= hiredOn) return 0;
  let whole = 0;
  while (addPeriod(hiredOn, { months: whole + 1 }) <= asOf) whole++;
  const from = addPeriod(hiredOn, { months: whole });
  const to = addPeriod(hiredOn, { months: whole + 1 });
  const part = (dayNumber(asOf) - dayNumber(from)) / (dayNumber(to) - dayNumber(from));
  // Two decimals: enough to tell "not yet 3" from "3", and stable to print.
  return Math.floor((whole + part) * 100) / 100;
}
