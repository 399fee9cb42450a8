// What a mine's recorded history means for later decisions (定级办法 Art. 4, 5; docs/grading.md#grades-and-conditions-art-4-5, docs/grading.md#supervision-art-11 (定级办法 Art. 11)): the rules pack's `events`
// fact and the open shutdown. Pure: the caller passes the history rows in date order.
import { validUntil, type Level } from './dates';
import { isLevel } from './levels';
import { packEventForChange, type SupervisionEventType } from './supervision';

export interface HistoryRecord {
  date: string;
  kind: string; // graded | downgraded | revoked | extended | event | fraud | expired
  level: string | null;
  event_type: string | null;
  event_class: string | null;
}

export interface PackEvent {
  type: string;
  date: string;
  class?: string;
}

/**
 * The coal-mine-2020 pack's `events` fact: fatal accidents; failed 一级 inspections (Art. 5 一级 case 3: an
 * inspection or spot-check failed by a mine holding 一级 that day); downgrades and revocations for a major hidden
 * danger or a management slide (一级 case 4, 二级 case 3).
 */
export function packEventsFrom(history: HistoryRecord[]): PackEvent[] {
  const out: PackEvent[] = [];
  for (const h of history) {
    if (h.kind === 'event' && h.event_type === 'fatal_accident' && h.event_class) out.push({ type: 'fatal_accident', date: h.date, class: h.event_class });
    if (h.kind === 'event' && (h.event_type === 'failed_inspection' || h.event_type === 'spot_check_failed') && h.level === '一级') out.push({ type: 'failed_level1_inspection', date: h.date });
    if (h.kind === 'downgraded' || h.kind === 'revoked') {
      const t = packEventForChange(h.kind, h.event_type as SupervisionEventType | null);
      if (t) out.push({ type: t, date: h.date });
    }
  }
  return out;
}

/** The start date of a shutdown recorded and not yet ended, or null. */
export function openShutdownSince(history: HistoryRecord[]): string | null {
  let since: string | null = null;
  for (const h of history) {
    if (h.kind !== 'event') continue;
    if (h.event_type === 'shutdown_started') since = since ?? h.date;
    if (h.event_type === 'shutdown_ended') since = null;
  }
  return since;
}

/** The grade in force now (the mine's grades row), as far as the date of an event is concerned. */
export interface CurrentGrade {
  level: string;
  since: string;
  validUntil: string;
}

/**
 * The grade a mine held on `date` (Art. 8: a grade lasts 3 years from its announcement; Art. 10: a direct
 * extension adds 3 years; Art. 11: a downgrade keeps the validity, a revocation ends it). Art. 11 judges an event
 * by the grade held when it happened, which may be an earlier announcement than the one in force now — e.g. a
 * mine re-announced 二级 today still held its 2024 二级 on an accident two weeks ago.
 *
 * From the current grade's start on, the current grade decides; before it, the history is replayed: graded
 * (level, valid 3 years from its date), downgraded (new level), extended (+3 years), revoked/expired (none).
 */
export function gradeHeldOn(history: HistoryRecord[], date: string, current?: CurrentGrade | null): Level | null {
  if (current && current.since <= date) return isLevel(current.level) && date < current.validUntil ? current.level : null;
  let level: Level | null = null;
  let until: string | null = null;
  for (const h of [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    if (h.date > date) break;
    if (h.kind === 'graded' && isLevel(h.level)) [level, until] = [h.level, validUntil(h.date)];
    else if (h.kind === 'downgraded' && isLevel(h.level)) level = h.level;
    else if (h.kind === 'extended' && until) until = validUntil(until);
    else if (h.kind === 'revoked' || h.kind === 'expired') [level, until] = [null, null];
  }
  return level && until && date < until ? level : null;
}
