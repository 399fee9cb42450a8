import { describe, expect, it } from 'vitest';
import { openShutdownSince, packEventsFrom, type HistoryRecord } from './history';

const h = (date: string, kind: string, extra: Partial<HistoryRecord> = {}): HistoryRecord => ({ date, kind, level: null, event_type: null, event_class: null, ...extra });

describe('packEventsFrom (what the rules pack sees of a mine’s history)', () => {
  it.each<[string, HistoryRecord, object[]]>([
    ['a general fatal accident', h('2026-01-15', 'event', { event_type: 'fatal_accident', event_class: 'general', level: '二级' }), [{ type: 'fatal_accident', date: '2026-01-15', class: 'general' }]],
    ['a failed inspection of a 一级 mine', h('2026-01-15', 'event', { event_type: 'failed_inspection', level: '一级' }), [{ type: 'failed_level1_inspection', date: '2026-01-15' }]],
    ['a failed spot-check of a 二级 mine (not case 3)', h('2026-01-15', 'event', { event_type: 'spot_check_failed', level: '二级' }), []],
    ['a revocation for a major hidden danger', h('2026-01-15', 'revoked', { event_type: 'major_hidden_danger_production' }), [{ type: 'revoked_major_hidden_danger', date: '2026-01-15' }]],
    ['a downgrade after a failed spot-check (management slide)', h('2026-01-15', 'downgraded', { event_type: 'spot_check_failed' }), [{ type: 'downgraded_management_slide', date: '2026-01-15' }]],
    ['a downgrade after a fatal accident (already counted as the accident)', h('2026-01-15', 'downgraded', { event_type: 'fatal_accident' }), []],
    ['a grading', h('2026-01-15', 'graded', { level: '二级' }), []],
  ])('turns %s into %j', (_name, record, expected) => {
    expect(packEventsFrom([record])).toEqual(expected);
  });
});

describe('openShutdownSince', () => {
  it.each<[string, HistoryRecord[], string | null]>([
    ['no shutdown', [], null],
    ['an open shutdown', [h('2025-09-01', 'event', { event_type: 'shutdown_started' })], '2025-09-01'],
    ['an ended shutdown', [h('2025-09-01', 'event', { event_type: 'shutdown_started' }), h('2025-10-01', 'event', { event_type: 'shutdown_ended' })], null],
    ['a repeated start keeps the first date', [h('2025-09-01', 'event', { event_type: 'shutdown_started' }), h('2025-09-05', 'event', { event_type: 'shutdown_started' })], '2025-09-01'],
  ])('%s → %s', (_name, records, expected) => {
    expect(openShutdownSince(records)).toBe(expected);
  });
});
