import { formatLocal, type DurationUnit, type Interval } from '../calendar';

// Deadline arithmetic of the complaint desk (DOMAIN §2.5), over the working calendar. Pure: the calendar is
// passed in (the service gets the administrator-maintained one from the calendar module).

export interface DeadlineCalendar {
  add(start: Date, amount: number, unit: DurationUnit, opts?: { pauses?: Interval[] }): { due: Date; provisional: boolean };
  between(start: Date, end: Date, unit: DurationUnit, opts?: { pauses?: Interval[] }): { amount: number; provisional: boolean };
}

export interface PauseInterval {
  start: string;
  /** null while the pause is still running */
  end: string | null;
}

export interface GrantedExtension {
  from: string;
  to: string;
  /** When it was granted: pauses after this instant push the new due time further. */
  at: string;
}

export interface DeadlineClock {
  name: string;
  startedAt: string;
  amount: number;
  unit: DurationUnit;
  pauses: PauseInterval[];
  extensions: GrantedExtension[];
}

const UNIT_TEXT: Record<DurationUnit, { zh: string; en: string }> = {
  working_days: { zh: '个工作日', en: 'working days' },
  working_hours: { zh: '个工作小时', en: 'working hours' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '天', en: 'days' },
  months: { zh: '个月', en: 'months' },
  years: { zh: '年', en: 'years' },
};

/** 'YYYY-MM-DD HH:mm' in China time (the offset the calendar works in). */
export const shortLocal = (iso: string | Date) => formatLocal(typeof iso === 'string' ? new Date(iso) : iso).slice(0, 16).replace('T', ' ');

function closedPauses(pauses: PauseInterval[], after?: string): Interval[] {
  return pauses
    .filter((p) => p.end !== null && (!after || p.end > after))
    .map((p) => ({ start: new Date(after && p.start < after ? after : p.start), end: new Date(p.end as string) }));
}

/**
 * The due time of a deadline: `amount unit` after `startedAt`, with closed pauses not counted (the calendar
 * subtracts them in the deadline's own unit). A granted extension replaces the due time; a pause after the
 * grant pushes the extended due time on by the paused hours (DOMAIN §2.5 "Pauses", "Extension").
 */
export function computeDue(cal: DeadlineCalendar, d: DeadlineClock): { due: Date; provisional: boolean; explain: string } {
  const base = cal.add(new Date(d.startedAt), d.amount, d.unit, { pauses: closedPauses(d.pauses) });
  const u = UNIT_TEXT[d.unit];
  const paused = d.pauses.filter((p) => p.end !== null);
  let explain = `${d.name}: ${d.amount} ${d.unit} after ${shortLocal(d.startedAt)} → ${shortLocal(base.due)}（自 ${shortLocal(d.startedAt)} 起 ${d.amount}${u.zh}）`;
  if (paused.length) explain += `; paused ${paused.map((p) => `${shortLocal(p.start)}–${shortLocal(p.end as string)}`).join(', ')} not counted（暂停期间不计）`;
  const ext = d.extensions[d.extensions.length - 1];
  if (!ext) return { due: base.due, provisional: base.provisional, explain };
  // Pauses after the grant shift the agreed due time by their elapsed hours.
  const later = closedPauses(d.pauses, ext.at);
  const hours = cal.between(new Date(ext.at), new Date(ext.to), 'hours').amount;
  const moved = later.length ? cal.add(new Date(ext.at), hours, 'hours', { pauses: later }).due : new Date(ext.to);
  explain += `; extended to ${shortLocal(ext.to)}（延期至 ${shortLocal(ext.to)}）`;
  if (later.length) explain += ` → ${shortLocal(moved)} after later pauses`;
  return { due: moved, provisional: base.provisional, explain };
}

/** When the owner is warned: `fraction` of the span from start to due has elapsed (policy warnAtFraction). */
export function warnAt(startedAt: string, due: Date, fraction: number): Date {
  const start = new Date(startedAt).getTime();
  return new Date(start + Math.floor((due.getTime() - start) * fraction));
}

/**
 * DOMAIN §2.5 "Extension": a department asks at least `noticeWorkingDays` working days before the deadline,
 * i.e. no later than `noticeWorkingDays` working days back from the due time. Returns null when the request is
 * in time, else the reason it is refused.
 */
export function extensionTooLate(cal: DeadlineCalendar, now: Date, due: Date, noticeWorkingDays: number): string | null {
  const latest = noticeWorkingDays > 0 ? cal.add(due, -noticeWorkingDays, 'working_days').due : due;
  if (now <= latest) return null;
  return `an extension must be requested at least ${noticeWorkingDays} working day(s) before the deadline ${shortLocal(due)}, i.e. by ${shortLocal(latest)}（须在期限 ${shortLocal(due)} 前至少${noticeWorkingDays}个工作日、即 ${shortLocal(latest)} 前提出）`;
}
