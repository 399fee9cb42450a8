// chinese-days as a test oracle: the shipped notice files, the tables built from them, and the importer
// must all agree with it on every day it covers. loadChineseDays pins TZ=Asia/Shanghai before loading it,
// because the package shifts every date by a day in a time zone west of UTC.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCalendarYear,
  loadChineseDays,
  type ChineseDays,
} from '../../../scripts/import-calendar-year';
import { fromEpochDay, isWeekdayEpochDay, toEpochDay } from './dates';
import { loadShippedYears } from './shipped';
import type { CalendarYearFile } from './types';
import { WorkCalendar } from './work-calendar';

let cd: ChineseDays;
let version: string;
const previousTimeZone = process.env.TZ; // loadChineseDays pins TZ; give the worker back what it had
beforeAll(async () => {
  ({ cd, version } = await loadChineseDays());
});
afterAll(() => {
  if (previousTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = previousTimeZone;
});

const shipped = loadShippedYears();
const calendar = new WorkCalendar({ years: shipped });

/** Working or not according to the raw lists of one file (plus any December days it reaches back to). */
function workingPerFile(file: CalendarYearFile): Map<string, boolean> {
  const days = new Map<string, boolean>();
  for (let d = toEpochDay(`${file.year}-01-01`); d <= toEpochDay(`${file.year}-12-31`); d++) {
    days.set(fromEpochDay(d), isWeekdayEpochDay(d));
  }
  for (const h of file.holidays) {
    for (let d = toEpochDay(h.start); d <= toEpochDay(h.end); d++) days.set(fromEpochDay(d), false);
  }
  for (const w of file.workdays) days.set(w.date, true);
  return days;
}

describe('shipped calendar against chinese-days', () => {
  it('pins the time zone so chinese-days answers for the date it was asked', () => {
    expect(cd.getDayDetail('2026-01-01')).toMatchObject({ date: '2026-01-01', work: false });
    expect(version).toBe('1.5.7');
  });

  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026])(
    'agrees on every day of %i, as do the holiday and workday lists of the shipped file',
    (year) => {
      const file = shipped.find((f) => f.year === year)!;
      const fromFile = workingPerFile(file);
      const disagreements: string[] = [];
      for (const [date, expected] of fromFile) {
        const ours = calendar.isWorkingDay(date);
        const theirs = cd.isWorkday(date);
        if (ours !== expected || theirs !== expected) disagreements.push(`${date}: file ${expected}, calendar ${ours}, chinese-days ${theirs}`);
      }
      expect(disagreements).toEqual([]);
      expect([...fromFile.keys()].filter((d) => d.startsWith(`${year}-`))).toHaveLength(year % 4 === 0 ? 366 : 365);
    },
  );

  it('has no provisional day in a shipped year because each has a published notice', () => {
    expect(calendar.days('2020-01-01', '2026-12-31').filter((d) => d.provisional)).toEqual([]);
    expect(calendar.lastPublishedDate).toBe('2026-12-31');
  });

  it.each([2024, 2025, 2026])(
    'rebuilds the hand-checked %i file exactly with the importer, so the imported years follow the same rules',
    (year) => {
      const file = shipped.find((f) => f.year === year)!;
      const imported = buildCalendarYear(year, cd, version);
      const strip = (f: CalendarYearFile) => ({
        holidays: f.holidays.map(({ name, start, end }) => ({ name, start, end })),
        workdays: f.workdays,
      });
      expect(strip(imported)).toEqual(strip(file));
      expect(imported.source).toMatchObject({ title: file.source.title, docNo: file.source.docNo });
    },
  );

  it.each([2020, 2021, 2022, 2023])('ships the %i file exactly as the importer writes it today', (year) => {
    expect(buildCalendarYear(year, cd, version)).toEqual(shipped.find((f) => f.year === year));
  });

  it('refuses to import a year chinese-days has no data for rather than write a plain Monday–Friday year', () => {
    expect(() => buildCalendarYear(2027, cd, version)).toThrow(/no holiday data for 2027/);
  });
});
