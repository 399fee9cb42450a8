// Writes one year's notice file (src/core/calendar/data/YYYY.json format) from the chinese-days package.
//
//   npx tsx scripts/import-calendar-year.ts 2023 [--out src/core/calendar/data/2023.json]
//
// chinese-days is a test oracle and an import source, not the run-time source of truth
// (docs/calendar.md#importing-a-year-from-chinese-days). Its traps, handled here: a process time zone west of UTC shifts every
// date by one day, even inside the data it builds at import time — so TZ is fixed before it is loaded; only
// its default export works at run time; years without data silently read as plain Monday–Friday — so a year
// with no notice days is refused. Entries named 元旦 in December belong to the next year's notice (the 2023
// notice gives 元旦 as 2022-12-31 to 2023-01-02), which is how the State Council publishes them.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { addCalendar, fromEpochDay, toEpochDay } from '../src/core/calendar/dates';
import type { CalendarYearFile } from '../src/core/calendar/types';
import { validateCalendarYear } from '../src/core/calendar/validate';

/** The part of chinese-days (default export) used here and by the calendar's oracle tests. */
export interface ChineseDays {
  getDayDetail(date: string): { date: string; work: boolean; name: string };
  isWorkday(date: string): boolean;
  getSolarDateFromLunar(lunarDate: string): { date: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}

/** The notices we know by title and number; other years get the standard title and docNo "unknown". */
const NOTICES: Record<number, CalendarYearFile['source'] & { notes?: Record<string, string> }> = {
  2020: {
    title: '国务院办公厅关于2020年部分节假日安排的通知',
    docNo: '国办发明电〔2019〕16号',
    published: '2019-11-21',
    urls: [
      'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm',
      'http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
    ],
    notes: {
      春节: '原定1月24日至30日，2月1日（星期六）上班；国办发明电〔2020〕1号延长春节假期至2月2日，2月3日起正常上班',
    },
  },
  2021: {
    title: '国务院办公厅关于2021年部分节假日安排的通知',
    docNo: '国办发明电〔2020〕27号',
    published: '2020-11-25',
    urls: ['http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm'],
  },
  2022: {
    title: '国务院办公厅关于2022年部分节假日安排的通知',
    docNo: '国办发明电〔2021〕11号',
    published: '2021-10-25',
    urls: ['http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm'],
  },
  2023: {
    title: '国务院办公厅关于2023年部分节假日安排的通知',
    docNo: '国办发明电〔2022〕16号',
    published: '2022-12-08',
    urls: ['http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm'],
  },
  2024: {
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    docNo: '国办发明电〔2023〕7号',
    published: '2023-10-25',
    urls: ['https://www.gov.cn/zhengce/content/202310/content_6911527.htm'],
  },
  2025: {
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    docNo: '国办发明电〔2024〕12号',
    published: '2024-11-12',
    urls: ['https://www.gov.cn/zhengce/content/202411/content_6986382.htm'],
  },
  2026: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    docNo: '国办发明电〔2025〕7号',
    published: '2025-11-04',
    urls: ['https://www.gov.cn/zhengce/content/202511/content_7047090.htm'],
  },
};

/** chinese-days short names → the names the notices use. */
const NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** Loads chinese-days with the process time zone pinned to Asia/Shanghai, and checks that it took. */
export async function loadChineseDays(): Promise<{ cd: ChineseDays; version: string }> {
  process.env.TZ = 'Asia/Shanghai'; // before the import: the package builds its date keys when loaded
  const cd = (await import('chinese-days')).default as ChineseDays;
  const probe = cd.getDayDetail('2026-10-10');
  if (probe.date !== '2026-10-10' || !probe.work) {
    throw new Error(`chinese-days answered for ${probe.date} when asked about 2026-10-10: time-zone shift`);
  }
  const version = (createRequire(import.meta.url)('chinese-days/package.json') as { version: string }).version;
  return { cd, version };
}

interface NoticeDay {
  date: string;
  name: string;
  working: boolean;
}

function noticeDays(year: number, cd: ChineseDays): NoticeDay[] {
  const days: NoticeDay[] = [];
  for (let d = toEpochDay(`${year - 1}-12-01`); d <= toEpochDay(`${year}-12-31`); d++) {
    const date = fromEpochDay(d);
    const detail = cd.getDayDetail(date);
    if (detail.date !== date) throw new Error(`chinese-days shifted ${date} to ${detail.date}`);
    const parts = detail.name.split(',');
    if (parts.length < 2) continue; // an ordinary weekday or weekend: its English weekday name
    const name = NAMES[parts[1]] ?? parts[1];
    const nextYearsNewYear = date.slice(5, 7) === '12' && name === '元旦';
    const belongs = date.startsWith(`${year}-`) ? !nextYearsNewYear : nextYearsNewYear;
    if (belongs) days.push({ date, name, working: detail.work });
  }
  return days;
}

/** Builds the notice file of `year` from chinese-days: holiday ranges grouped by name, then the workdays. */
export function buildCalendarYear(year: number, cd: ChineseDays, version: string): CalendarYearFile {
  const days = noticeDays(year, cd);
  if (days.length === 0) throw new Error(`chinese-days ${version} has no holiday data for ${year}`);

  // Ranges of consecutive days off; adjacent festivals merge into one range named like the notice
  // ("国庆节、中秋节" in 2025, "中秋节、国庆节" in 2023).
  const ranges: { names: string[]; start: string; end: string }[] = [];
  for (const day of days.filter((d) => !d.working)) {
    const last = ranges[ranges.length - 1];
    if (last && addCalendar(last.end, 1, 'days') === day.date) {
      last.end = day.date;
      if (!last.names.includes(day.name)) last.names.push(day.name);
    } else {
      ranges.push({ names: [day.name], start: day.date, end: day.date });
    }
  }
  // chinese-days files a 中秋 that falls inside the 国庆 break under 国庆 alone (2020); the notice names both.
  const midAutumn = cd.getSolarDateFromLunar(`${year}-08-15`).date;
  for (const r of ranges) {
    if (r.start <= midAutumn && midAutumn <= r.end && !r.names.includes('中秋节')) r.names.push('中秋节');
  }

  const notice = NOTICES[year];
  const holidays = ranges.map((r) => {
    const name = r.names.join('、');
    const note = notice?.notes?.[name];
    return { name, start: r.start, end: r.end, ...(note ? { note } : {}) };
  });
  const rangeName = (name: string) => holidays.find((h) => h.name.split('、').includes(name))?.name ?? name;
  const workdays = days.filter((d) => d.working).map((d) => ({ date: d.date, name: rangeName(d.name) }));

  return {
    year,
    source: {
      title: notice?.title ?? `国务院办公厅关于${year}年部分节假日安排的通知`,
      docNo: notice?.docNo ?? 'unknown',
      ...(notice?.published ? { published: notice.published } : {}),
      ...(notice?.urls ? { urls: notice.urls } : {}),
    },
    holidays,
    workdays,
    importedFrom: `chinese-days@${version}`,
  };
}

/** The layout of the hand-checked files: one holiday or workday per line. */
export function formatCalendarYearFile(file: CalendarYearFile): string {
  const line = (o: object) =>
    `{ ${Object.entries(o)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')} }`;
  const list = (items: object[]) => (items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${line(i)}`).join(',\n')}\n  ]`);
  const source = JSON.stringify(file.source, null, 2).replace(/\n/g, '\n  ');
  return (
    `{\n  "year": ${file.year},\n  "source": ${source},\n  "holidays": ${list(file.holidays)},\n` +
    `  "workdays": ${list(file.workdays)}` +
    (file.importedFrom ? `,\n  "importedFrom": ${JSON.stringify(file.importedFrom)}` : '') +
    '\n}\n'
  );
}

async function main(argv: string[]): Promise<number> {
  const year = Number(argv[0]);
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (!Number.isInteger(year) || (outIndex >= 0 && !out)) {
    process.stderr.write('usage: tsx scripts/import-calendar-year.ts <year> [--out <file>]\n');
    return 2;
  }
  const { cd, version } = await loadChineseDays();
  const file = buildCalendarYear(year, cd, version);
  const { issues } = validateCalendarYear(file);
  for (const issue of issues) process.stderr.write(`${issue.severity}: ${issue.path}: ${issue.message}\n`);
  if (issues.some((i) => i.severity === 'error')) return 1;
  const text = formatCalendarYearFile(file);
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
