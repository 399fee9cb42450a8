import { describe, expect, it } from 'vitest';
import { addCalendar, weekdayOf } from '../calendar/dates';
import { backtest, dayGroup, fitModel, forecastDays, SLOTS_PER_DAY, type Arrival, type DayKind } from './forecast';

function days(from: string, n: number, rest: string[] = [], work: string[] = []): DayKind[] {
  return Array.from({ length: n }, (_, i) => {
    const date = addCalendar(from, i, 'days');
    const weekday = weekdayOf(date) === 0 ? 7 : weekdayOf(date);
    const working = work.includes(date) || (!rest.includes(date) && weekday <= 5);
    return { date, weekday, working };
  });
}

describe('workload forecast', () => {
  // 2026-09-07 is a Monday. Every working day gets 3 calls at 09:00–09:29 and Mondays 2 more at 14:00; rest days 1 at 10:00.
  const history = days('2026-09-07', 28);
  const arrivals: Arrival[] = history.flatMap((d) =>
    d.working
      ? [{ date: d.date, minute: 540 }, { date: d.date, minute: 545 }, { date: d.date, minute: 569 }, ...(d.weekday === 1 ? [{ date: d.date, minute: 840 }, { date: d.date, minute: 859 }] : [])]
      : [{ date: d.date, minute: 600 }],
  );

  it('averages each weekday and half-hour over the history', () => {
    const model = fitModel(history, arrivals);
    const [mon, tue, sat] = forecastDays(model, days('2026-10-05', 6).filter((d) => [1, 2, 6].includes(d.weekday)));
    expect(mon.basis).toBe('W1');
    expect(mon.basisDays).toBe(4);
    expect(mon.perSlot[18]).toBe(3); // 09:00–09:29
    expect(mon.perSlot[28]).toBe(2); // 14:00–14:29
    expect(mon.total).toBe(5);
    expect(tue.total).toBe(3);
    expect(sat.basis).toBe('R-weekend');
    expect(sat.perSlot[20]).toBe(1);
    expect(mon.perSlot).toHaveLength(SLOTS_PER_DAY);
  });

  it('forecasts a 调休 Saturday like a working day and a weekday holiday like a rest day', () => {
    const model = fitModel(history, arrivals);
    const [adjusted, holiday] = forecastDays(model, [
      { date: '2026-10-10', weekday: 6, working: true },
      { date: '2026-10-01', weekday: 4, working: false },
    ]);
    expect(dayGroup({ date: '2026-10-10', weekday: 6, working: true })).toBe('W6');
    expect(adjusted.basis).toBe('W'); // no working Saturday in the history: all working days
    expect(adjusted.total).toBeCloseTo((4 * 5 + 16 * 3) / 20, 9);
    expect(holiday.basis).toBe('R'); // no weekday holiday in the history: all rest days
    expect(holiday.total).toBe(1);
  });

  it('backtests on the last days: exact for a stable pattern, and measures a change', () => {
    expect(backtest(history, arrivals, 7)).toEqual({ days: 7, actual: 5 + 4 * 3 + 2, forecast: 19, wape: 0 });
    const busier = [...arrivals, ...history.slice(21).filter((d) => d.working).map((d) => ({ date: d.date, minute: 900 }))];
    const err = backtest(history, busier, 7);
    expect(err.actual).toBe(24);
    expect(err.wape).toBeCloseTo(5 / 24, 9);
  });

  it('says when it has nothing to go on', () => {
    expect(forecastDays(fitModel([], []), days('2026-10-05', 1))[0]).toMatchObject({ basis: 'none', total: 0 });
    expect(backtest(history.slice(0, 3), arrivals, 7).wape).toBeNull();
  });
});
