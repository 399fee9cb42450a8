// The provisional assumption for years without a published notice (docs/calendar.md "Horizon"): the days
// that 《全国年节及纪念日放假办法》 itself makes holidays for everyone, as revised by 国务院关于修改《全国年节及纪念日
// 放假办法》的决定 (published 2024-11-12, in force 2025-01-01): 元旦 Jan 1; 春节 4 days (农历除夕 and 正月初一
// to 初三); 清明节 1 day; 劳动节 May 1–2; 端午节 1 day; 中秋节 1 day; 国庆节 Oct 1–3. No 调休 (adjusted
// weekends) and no 补假 (Art. 6: a weekday off when a holiday falls on a weekend) are guessed: the notice decides
// those, and a day computed from this table is always marked provisional.

import { addCalendar, formatYmd } from './dates';

/**
 * Gregorian dates of the lunar festivals: [春节 (正月初一), 清明 (solar term), 端午 (五月初五), 中秋 (八月十五)].
 * 除夕 is the day before 正月初一.
 *
 * Sources: the lunar-month table of chinese-days 1.5.7 (src/solar_lunar/constants.ts, the common 1900–2100
 * table it credits to Bigkoo/Android-PickerView), converted with its getSolarDateFromLunar and
 * getSolarTermDate under TZ=Asia/Shanghai (its helpers shift dates by a day west of UTC). Checks: 2025 and 2026
 * agree with the State Council notices in ./data (春节 eve and 初一–初三, 清明, 端午, 中秋 all fall inside
 * the notices' holidays); 2027 agrees with the dates the project was given (春节 2027-02-06, 清明 2027-04-05,
 * 端午 2027-06-09, 中秋 2027-09-15); statutory.test.ts re-derives every row from chinese-days, so a typo
 * here fails the suite. To re-check a row against an independent almanac, use the Hong Kong Observatory's
 * 公曆與農曆日期對照表 (https://www.hko.gov.hk/tc/gts/time/conversion.htm).
 */
const LUNAR_FESTIVALS: Readonly<Record<number, readonly [string, string, string, string]>> = {
  2025: ['01-29', '04-04', '05-31', '10-06'],
  2026: ['02-17', '04-05', '06-19', '09-25'],
  2027: ['02-06', '04-05', '06-09', '09-15'],
  2028: ['01-26', '04-04', '05-28', '10-03'],
  2029: ['02-13', '04-04', '06-16', '09-22'],
  2030: ['02-03', '04-05', '06-05', '09-12'],
  2031: ['01-23', '04-05', '06-24', '10-01'],
  2032: ['02-11', '04-04', '06-12', '09-19'],
  2033: ['01-31', '04-04', '06-01', '09-08'],
  2034: ['02-19', '04-05', '06-20', '09-27'],
  2035: ['02-08', '04-05', '06-10', '09-16'],
  2036: ['01-28', '04-04', '05-30', '10-04'],
  2037: ['02-15', '04-04', '06-18', '09-24'],
  2038: ['02-04', '04-05', '06-07', '09-13'],
  2039: ['01-24', '04-05', '05-27', '10-02'],
  2040: ['02-12', '04-04', '06-14', '09-20'],
};

/** The rule of the 2025 revision applies from this year on; earlier unpublished years get no holidays. */
export const STATUTORY_RULE_FROM_YEAR = 2025;
export const LUNAR_TABLE_FIRST_YEAR = 2025;
export const LUNAR_TABLE_LAST_YEAR = 2040;

export interface StatutoryDay {
  date: string;
  name: string;
}

export function hasLunarFestivalDates(year: number): boolean {
  return LUNAR_FESTIVALS[year] !== undefined;
}

/**
 * The statutory days off of a year under the 2025 rule, one entry per date (names joined with '、' when two
 * festivals fall on the same day, e.g. 中秋节 on 2028-10-03). Years outside the lunar table get only the fixed
 * solar-date holidays; years before 2025 get none (callers then fall back to Monday–Friday).
 */
export function statutoryHolidays(year: number): StatutoryDay[] {
  if (year < STATUTORY_RULE_FROM_YEAR) return [];
  const days = new Map<string, string[]>();
  const put = (date: string, name: string) => {
    const names = days.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    days.set(date, names);
  };
  put(formatYmd(year, 1, 1), '元旦');
  const lunar = LUNAR_FESTIVALS[year];
  if (lunar) {
    const [springFestival, qingming, duanwu, midAutumn] = lunar.map((md) => `${year}-${md}`);
    for (let i = -1; i <= 2; i++) put(addCalendar(springFestival, i, 'days'), '春节');
    put(qingming, '清明节');
    put(duanwu, '端午节');
    put(midAutumn, '中秋节');
  }
  put(formatYmd(year, 5, 1), '劳动节');
  put(formatYmd(year, 5, 2), '劳动节');
  for (let d = 1; d <= 3; d++) put(formatYmd(year, 10, d), '国庆节');
  return [...days.entries()]
    .map(([date, names]) => ({ date, name: names.join('、') }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
