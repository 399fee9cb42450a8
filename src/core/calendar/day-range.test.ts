import { describe, expect, it } from 'vitest';
import { dayRange, todayOf, zoneOffsetMinutes } from './dates';

// A local day as instants, and "today" at an instant, in the default zone and in others (docs/calendar.md).
describe('dayRange', () => {
  it.each([
    ['2026-03-02', undefined, '2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z'],
    ['2026-12-31', 480, '2026-12-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-03-02', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z'],
    ['2026-03-02', 0, '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['2026-03-02', 330, '2026-03-01T18:30:00.000Z', '2026-03-02T18:30:00.000Z'],
    ['2026-03-02', -300, '2026-03-02T05:00:00.000Z', '2026-03-03T05:00:00.000Z'],
    ['2026-07-01', 'Asia/Urumqi', '2026-06-30T18:00:00.000Z', '2026-07-01T18:00:00.000Z'],
    // Daylight saving: New York's 8 March 2026 has 23 hours, 1 November 25.
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
  ] as const)('%s in %s is [%s, %s)', (day, zone, start, end) => {
    const r = zone === undefined ? dayRange(day) : dayRange(day, zone);
    expect(r.start.toISOString()).toBe(start);
    expect(r.end.toISOString()).toBe(end);
  });

  it('refuses an unreal date, a bad offset and an unknown zone', () => {
    expect(() => dayRange('2026-02-30')).toThrow(RangeError);
    expect(() => dayRange('2026-03-02', 900)).toThrow(RangeError);
    expect(() => dayRange('2026-03-02', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('todayOf', () => {
  it.each([
    // 15:59:59Z is still 23:59:59 in Beijing; a second later it is the next day there, not yet in London.
    ['2026-03-01T15:59:59.000Z', undefined, '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', undefined, '2026-03-02'],
    ['2026-03-01T16:00:00.000Z', 0, '2026-03-01'],
    ['2026-03-02T03:00:00.000Z', -300, '2026-03-01'],
    ['2026-03-02T03:00:00.000Z', 'America/New_York', '2026-03-01'],
    ['2026-07-02T03:30:00.000Z', 'America/New_York', '2026-07-01'],
    ['2026-07-02T04:30:00.000Z', 'America/New_York', '2026-07-02'],
    ['2026-03-01T18:29:00.000Z', 330, '2026-03-01'],
    ['2026-03-01T18:30:00.000Z', 'Asia/Kolkata', '2026-03-02'],
  ] as const)('at %s in %s it is %s', (now, zone, day) => {
    expect(zone === undefined ? todayOf(new Date(now)) : todayOf(new Date(now), zone)).toBe(day);
  });

  it('agrees with dayRange: today contains now', () => {
    for (const zone of [480, -300, 'America/New_York', 'Europe/Berlin'] as const) {
      const now = new Date('2026-10-25T00:30:00Z');
      const { start, end } = dayRange(todayOf(now, zone), zone);
      expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(end.getTime()).toBeGreaterThan(now.getTime());
    }
  });

  it('reads offsets from Intl for a named zone', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(() => todayOf(new Date(NaN))).toThrow(RangeError);
  });
});
