import { describe, expect, it } from 'vitest';
import { gradeHeldOn, openShutdownSince, packEventsFrom, type HistoryRecord } from './history';

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

describe('gradeHeldOn (the grade an event is judged by, Art. 8, 10, 11)', () => {
  // A mine graded 二级 on 2024-05-20 and announced 二级 again on 2026-03-02 (the current grade).
  const regraded = [h('2024-05-20', 'graded', { level: '二级' }), h('2026-03-02', 'graded', { level: '二级' })];
  const current = { level: '二级', since: '2026-03-02', validUntil: '2029-03-02' };
  it.each<[string, HistoryRecord[], string, typeof current | null, string | null]>([
    ['an event two weeks before the re-announcement: the 2024 grade', regraded, '2026-02-16', current, '二级'],
    ['an event on the day of the re-announcement: the current grade', regraded, '2026-03-02', current, '二级'],
    ['an event before any grade', regraded, '2024-05-19', current, null],
    ['a first grade announced after the event', [h('2026-03-02', 'graded', { level: '二级' })], '2026-02-16', current, null],
    ['an event after the earlier grade expired (3 years, Art. 8)', [h('2021-06-15', 'graded', { level: '三级' }), h('2026-03-02', 'graded', { level: '二级' })], '2024-06-15', current, null],
    ['the last day of the earlier grade', [h('2021-06-15', 'graded', { level: '三级' }), h('2026-03-02', 'graded', { level: '二级' })], '2024-06-14', current, '三级'],
    ['an earlier grade lowered before the event', [h('2024-05-20', 'graded', { level: '一级' }), h('2025-01-10', 'downgraded', { level: '三级' }), h('2026-03-02', 'graded', { level: '二级' })], '2026-02-16', current, '三级'],
    ['an earlier grade revoked before the event', [h('2024-05-20', 'graded', { level: '二级' }), h('2025-01-10', 'revoked'), h('2026-03-02', 'graded', { level: '二级' })], '2026-02-16', current, null],
    ['a 一级 directly extended (Art. 10), event after its first 3 years', [h('2022-01-10', 'graded', { level: '一级' }), h('2024-11-01', 'extended', { level: '一级' }), h('2026-03-02', 'graded', { level: '二级' })], '2025-06-01', current, '一级'],
    ['no current grade: the history alone', regraded.slice(0, 1), '2026-02-16', null, '二级'],
    ['the current grade expired on the event date', [], '2029-03-02', current, null],
  ])('%s', (_name, history, date, cur, expected) => {
    expect(gradeHeldOn(history, date, cur)).toBe(expected);
  });
});
