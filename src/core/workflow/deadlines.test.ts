import { describe, expect, it } from 'vitest';
import { WorkCalendar, loadShippedYears } from '../calendar';
import { computeDue, extensionTooLate, splitExplain, warnAt, type DeadlineClock } from './deadlines';

const cal = new WorkCalendar({ years: loadShippedYears() });
const clock = (over: Partial<DeadlineClock>): DeadlineClock => ({ name: 'reply', startedAt: '2026-03-02T02:00:00.000Z', amount: 3, unit: 'working_days', pauses: [], extensions: [], ...over });

describe('computeDue (docs/workorders.md#deadlines)', () => {
  it.each<[string, Partial<DeadlineClock>, string]>([
    ['3 working days from Monday 10:00 → Thursday 18:00', {}, '2026-03-05T10:00:00.000Z'],
    ['1 hour', { amount: 1, unit: 'hours' }, '2026-03-02T03:00:00.000Z'],
    ['8 working hours across the lunch break', { amount: 8, unit: 'working_hours' }, '2026-03-03T02:00:00.000Z'],
    ['7 days', { amount: 7, unit: 'days' }, '2026-03-09T02:00:00.000Z'],
    ['3 working days across 国庆 and the adjusted Saturday', { startedAt: '2026-09-30T02:00:00.000Z' }, '2026-10-10T10:00:00.000Z'],
    ['a closed pause of one working day moves the due a working day', { pauses: [{ start: '2026-03-02T06:00:00.000Z', end: '2026-03-03T06:00:00.000Z' }] }, '2026-03-06T10:00:00.000Z'],
    ['an open pause is not yet counted', { pauses: [{ start: '2026-03-02T06:00:00.000Z', end: null }] }, '2026-03-05T10:00:00.000Z'],
    ['an extension replaces the due', { extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }] }, '2026-03-10T10:00:00.000Z'],
    [
      // Wednesday 10:00–16:00 local is 5 working hours (lunch 12–13 is not working time): Tuesday 10 March 18:00
      // plus 5 working hours is Wednesday 11 March 15:00 — the working-time rule of docs/calendar.md "Pauses".
      'a pause after the extension pushes a working-day clock on by the paused working time',
      {
        extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }],
        pauses: [{ start: '2026-03-04T02:00:00.000Z', end: '2026-03-04T08:00:00.000Z' }],
      },
      '2026-03-11T07:00:00.000Z',
    ],
    [
      // Friday 14:00 – Monday 14:00 is 72 elapsed hours but one working day: the new due moves one working day.
      'a weekend-spanning pause after the extension moves a working-day clock by one working day, not 72 hours',
      {
        extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }],
        pauses: [{ start: '2026-03-06T06:00:00.000Z', end: '2026-03-09T06:00:00.000Z' }],
      },
      '2026-03-11T10:00:00.000Z',
    ],
    [
      'a pause after the extension pushes an hours clock on by the paused elapsed hours',
      {
        amount: 24,
        unit: 'hours',
        extensions: [{ from: '2026-03-03T02:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-02T04:00:00.000Z' }],
        pauses: [{ start: '2026-03-06T06:00:00.000Z', end: '2026-03-09T06:00:00.000Z' }],
      },
      '2026-03-13T10:00:00.000Z',
    ],
  ])('%s', (_n, over, due) => {
    expect(computeDue(cal, clock(over)).due.toISOString()).toBe(due);
  });

  it('explains itself Chinese first with English after, in Beijing local time and Chinese unit names', () => {
    expect(computeDue(cal, clock({})).explain).toBe('答复客户：自 2026-03-02 10:00 起 3 个工作日 → 2026-03-05 18:00（reply: 3 working days after 2026-03-02 10:00 → 2026-03-05 18:00）');
  });

  it('spells a single unit in the singular in English', () => {
    expect(computeDue(cal, clock({ name: 'dispatch', amount: 1, unit: 'hours' })).explain).toBe('派单（处理单发出）：自 2026-03-02 10:00 起 1 小时 → 2026-03-02 11:00（dispatch: 1 hour after 2026-03-02 10:00 → 2026-03-02 11:00）');
  });

  it('explains pauses, the extension and the later pause in both languages', () => {
    const explain = computeDue(
      cal,
      clock({
        extensions: [{ from: '2026-03-05T10:00:00.000Z', to: '2026-03-10T10:00:00.000Z', at: '2026-03-03T02:00:00.000Z' }],
        pauses: [{ start: '2026-03-06T06:00:00.000Z', end: '2026-03-09T06:00:00.000Z' }],
      }),
    ).explain;
    expect(explain).toBe(
      '答复客户：自 2026-03-02 10:00 起 3 个工作日 → 2026-03-05 18:00；暂停 2026-03-06 14:00–2026-03-09 14:00 不计；延期至 2026-03-10 18:00，其后暂停的工作时间顺延 → 2026-03-11 18:00' +
        '（reply: 3 working days after 2026-03-02 10:00 → 2026-03-05 18:00; paused 2026-03-06 14:00–2026-03-09 14:00 not counted; extended to 2026-03-10 18:00 → 2026-03-11 18:00 after later pauses (working time)）',
    );
  });
});

describe('extensionTooLate (docs/workorders.md#deadlines (投诉处理制度 cl. 5.3): at least 1 working day before)', () => {
  const due = new Date('2026-03-05T10:00:00.000Z'); // Thursday 18:00
  it.each([
    ['Wednesday 18:00 is exactly one working day before', '2026-03-04T10:00:00.000Z', false],
    ['Tuesday is in time', '2026-03-03T02:00:00.000Z', false],
    ['Wednesday 18:01 is too late', '2026-03-04T10:01:00.000Z', true],
    ['after the due time is too late', '2026-03-06T02:00:00.000Z', true],
  ])('%s', (_n, now, late) => {
    expect(extensionTooLate(cal, new Date(now), due, 1) !== null).toBe(late);
  });
});

describe('warnAt', () => {
  it('is the given share of the span', () => {
    expect(warnAt('2026-03-02T00:00:00.000Z', new Date('2026-03-03T00:00:00.000Z'), 0.8).toISOString()).toBe('2026-03-02T19:12:00.000Z');
  });
});

describe('splitExplain', () => {
  it('gives back the two languages computeDue joined, even when the Chinese name holds full-width brackets', () => {
    const r = computeDue(cal, clock({ name: 'dispatch', amount: 1, unit: 'hours' }));
    expect(splitExplain(r.explain)).toEqual(r.explainText);
    expect(r.explainText.zh).toContain('派单（处理单发出）');
    expect(r.explainText.en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('returns a string not in the joined shape whole, in both languages', () => {
    expect(splitExplain('')).toEqual({ zh: '', en: '' });
    expect(splitExplain('plain')).toEqual({ zh: 'plain', en: 'plain' });
  });
});
