// What a mine's recorded history means for later decisions (DOMAIN §3.1, §3.5): the rules pack's `events`
// fact and the open shutdown. Pure: the caller passes the history rows in date order.
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
