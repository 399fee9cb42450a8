import { describe, expect, it } from 'vitest';
import { countdown, formatShanghai, nextDeadline, percent, shanghaiToIso } from './format';

describe('formatShanghai', () => {
  it.each([
    ['2026-03-02T02:00:00.000Z', true, '2026-03-02 10:00'],
    ['2026-03-01T17:30:00.000Z', true, '2026-03-02 01:30'], // past midnight in Beijing, still the 1st in UTC
    ['2026-03-01T17:30:00.000Z', false, '2026-03-02'],
    [null, true, ''],
  ])('shows %s as Beijing time (withTime=%s) → %s because the desk works in Asia/Shanghai', (iso, withTime, out) => {
    expect(formatShanghai(iso, withTime)).toBe(out);
  });

  it('reads a Beijing wall-clock entry back into the same UTC instant', () => {
    expect(shanghaiToIso('2026-03-02T10:00')).toBe('2026-03-02T02:00:00.000Z');
    expect(formatShanghai(shanghaiToIso('2026-02-27 18:00'))).toBe('2026-02-27 18:00');
  });
});

describe('countdown', () => {
  const now = Date.parse('2026-03-02T02:00:00.000Z');
  it.each([
    ['2026-03-02T02:40:00.000Z', 'running', 'near', '剩余 40分钟'],
    ['2026-03-02T12:00:00.000Z', 'running', 'ok', '剩余 10小时0分'],
    ['2026-03-04T05:00:00.000Z', 'running', 'ok', '剩余 2天3小时'],
    ['2026-03-02T01:00:00.000Z', 'running', 'overdue', '已超期 1小时0分'],
    ['2026-03-05T00:00:00.000Z', 'missed', 'overdue', '已超期 0分钟'],
    ['2026-03-01T00:00:00.000Z', 'met', 'done', '已按时完成'],
    ['2026-03-01T00:00:00.000Z', 'paused', 'paused', '已暂停'],
  ])('due %s in state %s is %s (%s)', (due, state, tone, zh) => {
    const c = countdown(due, state, now);
    expect(c.tone).toBe(tone);
    expect(c.zh).toBe(zh);
  });
});

describe('nextDeadline', () => {
  it('picks the earliest open deadline and ignores met ones, since only open deadlines can still be missed', () => {
    const d = [
      { name: 'dispatch', due: '2026-03-02T03:00:00.000Z', state: 'met' },
      { name: 'reply', due: '2026-03-05T10:00:00.000Z', state: 'running' },
      { name: 'first_response', due: '2026-03-04T10:00:00.000Z', state: 'running' },
    ];
    expect(nextDeadline(d)?.name).toBe('first_response');
    expect(nextDeadline(d.slice(0, 1))).toBeNull();
  });
});

describe('percent', () => {
  it('shows a 0–1 defect rate as a percentage with two decimals at most', () => {
    expect(percent(0.3)).toBe('30%');
    expect(percent(0.12345)).toBe('12.35%');
    expect(percent(null)).toBe('');
  });
});
