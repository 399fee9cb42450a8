import { formatLocal, type DurationUnit, type Interval } from '../calendar';
import { DEADLINE_LABELS, UNIT_LABELS } from './labels';

// Deadline arithmetic of the complaint desk (docs/workorders.md#deadlines), over the working calendar. Pure: the calendar is
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

/** 'YYYY-MM-DD HH:mm' in China time (the offset the calendar works in). */
export const shortLocal = (iso: string | Date) => formatLocal(typeof iso === 'string' ? new Date(iso) : iso).slice(0, 16).replace('T', ' ');

function closedPauses(pauses: PauseInterval[], after?: string): Interval[] {
  return pauses
    .filter((p) => p.end !== null && (!after || p.end > after))
    .map((p) => ({ start: new Date(after && p.start < after ? after : p.start), end: new Date(p.end as string) }));
}

/** Units counted in working time: a pause there stops only working time (docs/calendar.md "Pauses"). */
const WORKING_UNITS: readonly DurationUnit[] = ['working_days', 'working_hours'];

/**
 * The due time of a deadline and its one explanation (Chinese first, English after; times in Beijing local
 * 'YYYY-MM-DD HH:mm'): `amount unit` after `startedAt`, with closed pauses not counted (the calendar
 * subtracts them in the deadline's own unit). A granted extension replaces the due time; a pause after the
 * grant pushes the extended due time on by the paused time in the clock's own kind of time — paused working
 * time for working_days / working_hours clocks, paused elapsed time otherwise — as the calendar's pause rule
 * does for the original due time (顾客抱怨办法 cl. 4.3.4; 投诉处理制度 cl. 5.3; docs/workorders.md#deadlines "Pause", "Extension"; docs/calendar.md "Pauses").
 */
export function computeDue(cal: DeadlineCalendar, d: DeadlineClock): { due: Date; provisional: boolean; explain: string; explainText: { zh: string; en: string } } {
  const base = cal.add(new Date(d.startedAt), d.amount, d.unit, { pauses: closedPauses(d.pauses) });
  const u = UNIT_LABELS[d.unit] ?? { zh: d.unit, en: d.unit };
  const name = DEADLINE_LABELS[d.name]?.zh ?? d.name;
  const start = shortLocal(d.startedAt);
  const paused = d.pauses.filter((p) => p.end !== null);
  const spans = paused.map((p) => `${shortLocal(p.start)}–${shortLocal(p.end as string)}`).join(', ');
  let zh = `${name}：自 ${start} 起 ${d.amount} ${u.zh} → ${shortLocal(base.due)}`;
  let en = `${d.name}: ${d.amount} ${Math.abs(d.amount) === 1 ? u.en.replace(/s$/, '') : u.en} after ${start} → ${shortLocal(base.due)}`;
  if (paused.length) {
    zh += `；暂停 ${spans} 不计`;
    en += `; paused ${spans} not counted`;
  }
  const ext = d.extensions[d.extensions.length - 1];
  let due = base.due;
  if (ext) {
    const later = closedPauses(d.pauses, ext.at);
    due = new Date(ext.to);
    zh += `；延期至 ${shortLocal(ext.to)}`;
    en += `; extended to ${shortLocal(ext.to)}`;
    if (later.length) {
      const working = WORKING_UNITS.includes(d.unit);
      const unit: DurationUnit = working ? 'working_hours' : 'hours';
      const left = cal.between(new Date(ext.at), new Date(ext.to), unit).amount;
      due = cal.add(new Date(ext.at), left, unit, { pauses: later }).due;
      zh += `，其后暂停${working ? '的工作时间' : '时长'}顺延 → ${shortLocal(due)}`;
      en += ` → ${shortLocal(due)} after later pauses (${working ? 'working time' : 'elapsed time'})`;
    }
  }
  return { due, provisional: base.provisional, explain: joinExplain({ zh, en }), explainText: { zh, en } };
}

/**
 * The stored explanation is one string, "中文（English）", read whole by notifications and the register export;
 * screens show one language (docs/web.md#languages), so the presenter splits it again. The split is exact: the
 * Chinese part may hold full-width brackets (派单（处理单发出）) but the English part never does (it writes ASCII
 * parentheses), so the English starts after the last "（". A string not in that shape is returned whole as both.
 */
export function joinExplain(text: { zh: string; en: string }): string {
  return `${text.zh}（${text.en}）`;
}

export function splitExplain(explain: string): { zh: string; en: string } {
  const at = explain.lastIndexOf('（');
  if (at <= 0 || !explain.endsWith('）')) return { zh: explain, en: explain };
  return { zh: explain.slice(0, at), en: explain.slice(at + 1, -1) };
}

/** When the owner is warned: `fraction` of the span from start to due has elapsed (policy warnAtFraction). */
export function warnAt(startedAt: string, due: Date, fraction: number): Date {
  const start = new Date(startedAt).getTime();
  return new Date(start + Math.floor((due.getTime() - start) * fraction));
}

/**
 * docs/workorders.md#deadlines "Extension" (投诉处理制度 cl. 5.3): a department asks at least `noticeWorkingDays` working days before the deadline,
 * i.e. no later than `noticeWorkingDays` working days back from the due time. Returns null when the request is
 * in time, else the reason it is refused.
 */
export function extensionTooLate(cal: DeadlineCalendar, now: Date, due: Date, noticeWorkingDays: number): { zh: string; en: string } | null {
  const latest = noticeWorkingDays > 0 ? cal.add(due, -noticeWorkingDays, 'working_days').due : due;
  if (now <= latest) return null;
  return {
    zh: `延期须在期限 ${shortLocal(due)} 前至少 ${noticeWorkingDays} 个工作日、即 ${shortLocal(latest)} 前提出`,
    en: `an extension must be requested at least ${noticeWorkingDays} working day(s) before the deadline ${shortLocal(due)}, i.e. by ${shortLocal(latest)}`,
  };
}
