// Self-inspection schedule of Art. 11(6): the mine at least quarterly, its enterprise at least half-yearly.
// A period's inspection is due by the period's last day and overdue from the next day.
import { addCalendar } from '../calendar/dates';

export type Scope = 'mine' | 'enterprise';

export function periodsOf(year: number, scope: Scope): { period: string; start: string; dueDate: string }[] {
  const spans = scope === 'mine' ? [['Q1', 1], ['Q2', 4], ['Q3', 7], ['Q4', 10]] as const : [['H1', 1], ['H2', 7]] as const;
  const months = scope === 'mine' ? 3 : 6;
  return spans.map(([name, month]) => {
    const start = `${year}-${String(month).padStart(2, '0')}-01`;
    return { period: `${year}-${name}`, start, dueDate: addCalendar(addCalendar(start, months, 'months'), -1, 'days') };
  });
}

export function scopeOfPeriod(period: string): Scope {
  return period.includes('-Q') ? 'mine' : 'enterprise';
}

/** The period an inspection on `date` belongs to. */
export function periodOf(date: string, scope: Scope): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return scope === 'mine' ? `${year}-Q${Math.floor((month - 1) / 3) + 1}` : `${year}-H${month <= 6 ? 1 : 2}`;
}

export function isOverdue(dueDate: string, today: string, done: boolean): boolean {
  return !done && today > dueDate;
}
