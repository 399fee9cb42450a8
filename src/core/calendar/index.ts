// Public surface of the working calendar core (docs/calendar.md).
export * from './types';
export {
  DAY_MS,
  DEFAULT_UTC_OFFSET_MINUTES,
  HOUR_MS,
  addCalendar,
  dayRange,
  formatLocal,
  fromEpochDay,
  isValidLocalDate,
  localDateOf,
  isoOffset,
  localInstant,
  parseLocalDate,
  toEpochDay,
  todayOf,
  weekdayOf,
  zoneOffsetMinutes,
  type LocalDateParts,
  type TimeZone,
} from './dates';
export { statutoryDayCount, validateCalendarYear } from './validate';
export { statutoryHolidays, LUNAR_TABLE_LAST_YEAR, type StatutoryDay } from './statutory';
export { DEFAULT_WORKING_PERIODS, WorkCalendar, type WorkCalendarOptions } from './work-calendar';
export { loadShippedYears } from './shipped';
