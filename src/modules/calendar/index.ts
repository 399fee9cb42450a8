// What other modules may use of calendar: the working calendar (with unit working hours) for deadline
// arithmetic, and the listener type of the calendar-changed hook the composition root wires.
export { calendarToday, getCalendar, type CalendarChangedListener } from './calendar.service';
export type { CalendarTables } from './calendar.tables';
