import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChineseDays, type ChineseDays } from '../../../scripts/import-calendar-year';
import { addCalendar, fromEpochDay, toEpochDay } from './dates';
import { loadShippedYears } from './shipped';
import { LUNAR_TABLE_FIRST_YEAR, LUNAR_TABLE_LAST_YEAR, statutoryHolidays } from './statutory';

let cd: ChineseDays;
const previousTimeZone = process.env.TZ; // loadChineseDays pins TZ; give the worker back what it had
beforeAll(async () => {
  ({ cd } = await loadChineseDays());
});
afterAll(() => {
  if (previousTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = previousTimeZone;
});

const datesNamed = (year: number, name: string) =>
  statutoryHolidays(year)
    .filter((d) => d.name.split('、').includes(name))
    .map((d) => d.date);

describe('statutory holidays for years without a notice', () => {
  it('gives 2027 the 2025 rule: 元旦, 春节 eve + 初一–初三, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it.each(Array.from({ length: LUNAR_TABLE_LAST_YEAR - LUNAR_TABLE_FIRST_YEAR + 1 }, (_, k) => LUNAR_TABLE_FIRST_YEAR + k))(
    'matches the lunar conversion of chinese-days for %i, so the static table has no typo',
    (year) => {
      const newYear = cd.getSolarDateFromLunar(`${year}-01-01`).date;
      expect(datesNamed(year, '春节')).toEqual([-1, 0, 1, 2].map((k) => addCalendar(newYear, k, 'days')));
      expect(datesNamed(year, '清明节')).toEqual([cd.getSolarTermDate(year, 4, 'pure_brightness')]);
      expect(datesNamed(year, '端午节')).toEqual([cd.getSolarDateFromLunar(`${year}-05-05`).date]);
      expect(datesNamed(year, '中秋节')).toEqual([cd.getSolarDateFromLunar(`${year}-08-15`).date]);
    },
  );

  it.each([2025, 2026])('puts every statutory day of %i inside the days off of its published notice', (year) => {
    const file = loadShippedYears().find((f) => f.year === year)!;
    const off = new Set<string>();
    for (const h of file.holidays) {
      for (let d = toEpochDay(h.start); d <= toEpochDay(h.end); d++) off.add(fromEpochDay(d));
    }
    const days = statutoryHolidays(year);
    expect(days).toHaveLength(13);
    expect(days.filter((d) => !off.has(d.date))).toEqual([]);
  });

  it('names a day for both festivals when 中秋 falls on 国庆 (2028-10-03), instead of counting it twice', () => {
    expect(statutoryHolidays(2028).find((d) => d.date === '2028-10-03')).toEqual({ date: '2028-10-03', name: '中秋节、国庆节' });
    expect(statutoryHolidays(2028)).toHaveLength(12);
  });

  it('keeps only the solar-date holidays past the lunar table, and none before the 2025 rule', () => {
    expect(statutoryHolidays(2041).map((d) => d.date)).toEqual([
      '2041-01-01',
      '2041-05-01',
      '2041-05-02',
      '2041-10-01',
      '2041-10-02',
      '2041-10-03',
    ]);
    expect(statutoryHolidays(2024)).toEqual([]);
  });
});
