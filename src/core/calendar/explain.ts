// The human-readable explanation of a computed deadline (AddResult.explain): one Chinese sentence and its
// English twin, naming the days counted and skipped and any provisional assumption. Built lazily — only when
// a caller reads it — so the deadline arithmetic itself stays allocation-light.

import { DAY_MS, HOUR_MS, MINUTE_MS, formatLocal, fromEpochDay, isWeekdayEpochDay, toEpochDay } from './dates';
import { STATUTORY_RULE_FROM_YEAR } from './statutory';
import type { DayInfo, DurationUnit } from './types';

/** What an explanation needs to know about the calendar; WorkCalendar provides it. */
export interface ExplainContext {
  utcOffsetMinutes: number;
  periodsLabel: string;
  /** Day info of a local date given as an epoch day inside the calendar's range. */
  dayAt(epochDay: number): DayInfo;
  epochDayOf(instantMs: number): number;
  /** Working milliseconds of [a, b] on the calendar, pauses not subtracted. */
  workingMs(a: number, b: number): number;
  /** Working milliseconds of [a, b] that fall inside the pauses. */
  pausedWorkingMs(a: number, b: number): number;
}

export interface ExplainInput {
  unit: DurationUnit;
  amount: number;
  start: number;
  due: number;
  /** Deadline before pauses were applied. */
  dueBeforePauses: number;
  /** Clock time stopped by pauses: working ms for working units, elapsed ms otherwise. */
  pausedMs: number;
  provisional: boolean;
}

const LIST_LIMIT = 6;

function hours(ms: number): string {
  return String(Math.round((ms / HOUR_MS) * 1000) / 1000);
}

function listDates(dates: string[], zh: boolean): string {
  if (dates.length <= LIST_LIMIT) return dates.join(zh ? '、' : ', ');
  const head = dates.slice(0, 3).join(zh ? '、' : ', ');
  const last = dates[dates.length - 1];
  return zh ? `${head}…${last}（共${dates.length}天）` : `${head} … ${last} (${dates.length} days)`;
}

interface Run {
  from: string;
  to: string;
  names: string[];
}

/** Consecutive non-working days of (fromDay, toDay], grouped into runs with their holiday names. */
function skippedRuns(ctx: ExplainContext, fromDay: number, toDay: number): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  for (let d = fromDay + 1; d <= toDay; d++) {
    const info = ctx.dayAt(d);
    if (info.working) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { from: info.date, to: info.date, names: [] };
      runs.push(current);
    }
    current.to = info.date;
    if (info.kind !== 'weekend' && info.name && !current.names.includes(info.name)) current.names.push(info.name);
  }
  return runs;
}

/** Holiday runs by name and date span; plain weekend runs only as a count of days. */
function describeRuns(runs: Run[], zh: boolean): string {
  const named = runs.filter((r) => r.names.length > 0);
  const weekendDays = runs
    .filter((r) => r.names.length === 0)
    .reduce((sum, r) => sum + toEpochDay(r.to) - toEpochDay(r.from) + 1, 0);
  const parts = named.slice(0, LIST_LIMIT).map((r) => {
    const span = r.from === r.to ? r.from : zh ? `${r.from}至${r.to}` : `${r.from}–${r.to}`;
    return zh ? `${span}（${r.names.join('、')}）` : `${span} (${r.names.join(', ')})`;
  });
  if (named.length > LIST_LIMIT) parts.push(zh ? `等共${named.length}段假日` : `… ${named.length} holiday stretches in all`);
  if (weekendDays > 0) parts.push(zh ? `周末${weekendDays}天` : `${weekendDays} weekend day${weekendDays === 1 ? '' : 's'}`);
  if (parts.length === 0) return zh ? '无' : 'none';
  return parts.join(zh ? '、' : ', ');
}

/** The provisional assumption, per unpublished year that the span touches. */
function provisionalNote(ctx: ExplainContext, fromDay: number, toDay: number): { zh: string; en: string } {
  const statutory: number[] = [];
  const weekdaysOnly: number[] = [];
  let firstDate: string | undefined;
  for (let d = fromDay; d <= toDay; d++) {
    const info = ctx.dayAt(d);
    if (!info.provisional) continue;
    firstDate ??= info.date;
    const year = Number(info.date.slice(0, 4));
    const bucket = year >= STATUTORY_RULE_FROM_YEAR ? statutory : weekdaysOnly;
    if (!bucket.includes(year)) bucket.push(year);
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (statutory.length > 0) {
    zh.push(
      `${statutory.join('、')}年放假安排尚未发布，暂按《全国年节及纪念日放假办法》法定假日放假、周一至周五上班推算，未预估调休和补假`,
    );
    en.push(
      `no holiday notice published for ${statutory.join(', ')}; assumed the statutory holidays off and Monday–Friday working, with no adjusted weekends or substitute days guessed`,
    );
  }
  if (weekdaysOnly.length > 0) {
    zh.push(`${weekdaysOnly.join('、')}年无放假安排数据，暂按周一至周五上班推算`);
    en.push(`no holiday data for ${weekdaysOnly.join(', ')}; assumed Monday–Friday working`);
  }
  return {
    zh: `自${firstDate ?? ''}起为暂定结果：${zh.join('；')}。`,
    en: `Provisional from ${firstDate ?? ''}: ${en.join('; ')}.`,
  };
}

export function buildExplain(ctx: ExplainContext, input: ExplainInput): string {
  const zh: string[] = [];
  const en: string[] = [];
  const local = (ms: number) => formatLocal(new Date(ms), ctx.utcOffsetMinutes);
  const { unit, amount, start, due } = input;
  const startDay = ctx.epochDayOf(start);
  const dueDay = ctx.epochDayOf(due);

  if (amount === 0 || start === due) {
    zh.push(`0${unitZh(unit)}：截止时刻即起算时刻${local(start)}。`);
    en.push(`0 ${unitEn(unit, 0)}: due at the start instant ${local(start)}.`);
  } else if (unit === 'working_days') {
    describeWorkingDays(ctx, input, startDay, local, zh, en);
  } else if (unit === 'working_hours') {
    describeWorkingHours(ctx, input, startDay, dueDay, local, zh, en);
  } else {
    const kindZh = {
      hours: '自然时间，不区分工作日',
      days: '自然日，按24小时计，不区分工作日',
      months: '日历月，保留时刻，月末不足时取当月最后一天',
      years: '日历年，保留时刻，月末不足时取当月最后一天',
    }[unit];
    const kindEn = {
      hours: 'elapsed time, working days not considered',
      days: 'elapsed days of 24 hours, working days not considered',
      months: 'calendar months keeping the time of day, clamped to the month end',
      years: 'calendar years keeping the time of day, clamped to the month end',
    }[unit];
    zh.push(`${amount}${unitZh(unit)}（${kindZh}）：自${local(start)}至${local(input.dueBeforePauses)}。`);
    en.push(`${amount} ${unitEn(unit, amount)} (${kindEn}): from ${local(start)} to ${local(input.dueBeforePauses)}.`);
  }

  if (input.pausedMs > 0) {
    const working = unit === 'working_days' || unit === 'working_hours';
    const h = hours(input.pausedMs);
    if (input.due === input.dueBeforePauses) {
      zh.push(`其中暂停期间的${h}${working ? '个工作小时' : '小时'}不计时。`);
      en.push(`${h} ${working ? 'working hours' : 'hours'} inside pauses were not counted.`);
    } else {
      zh.push(`暂停期间${h}${working ? '个工作小时' : '小时'}不计时，截止顺延至${local(due)}。`);
      en.push(`${h} ${working ? 'working hours' : 'hours'} fell in pauses and do not count; due extended to ${local(due)}.`);
    }
  }
  if (input.provisional) {
    const note = provisionalNote(ctx, Math.min(startDay, dueDay), Math.max(startDay, dueDay));
    zh.push(note.zh);
    en.push(note.en);
  }
  return `${zh.join('')} / ${en.join(' ')}`;
}

function describeWorkingDays(
  ctx: ExplainContext,
  input: ExplainInput,
  startDay: number,
  local: (ms: number) => string,
  zh: string[],
  en: string[],
): void {
  const n = input.amount;
  const lastDay = ctx.epochDayOf(input.dueBeforePauses - 1); // the close may be 24:00, i.e. the next date
  const from = n > 0 ? startDay : lastDay;
  const to = n > 0 ? lastDay : startDay;
  const countedDays: DayInfo[] = [];
  for (let d = from + 1; d <= to; d++) {
    const info = ctx.dayAt(d);
    if (info.working) countedDays.push(info);
  }
  if (n < 0 && countedDays.length > -n) countedDays.pop(); // a start before its day's close does not count that day
  const counted = countedDays.map((info) => info.date);
  const adjusted = countedDays
    .filter((info) => info.kind === 'adjusted_workday' || (info.kind === 'override' && !isWeekdayEpochDay(toEpochDay(info.date))))
    .map((info) => info.date);
  const runs = skippedRuns(ctx, from, to);
  const adjZh = adjusted.length > 0 ? `，其中${adjusted.join('、')}为调休上班日` : '';
  const adjEn = adjusted.length > 0 ? `, including adjusted working day(s) ${adjusted.join(', ')}` : '';
  if (n > 0) {
    zh.push(
      `${n}个工作日：起算日${fromEpochDay(startDay)}不计；依次计${listDates(counted, true)}${adjZh}；` +
        `跳过${describeRuns(runs, true)}；截止${local(input.dueBeforePauses)}（第${n}个工作日下班时）。`,
    );
    en.push(
      `${n} ${unitEn('working_days', n)}: start day ${fromEpochDay(startDay)} not counted; counted ${listDates(counted, false)}${adjEn}; ` +
        `skipped ${describeRuns(runs, false)}; due ${local(input.dueBeforePauses)}, the close of working day ${n}.`,
    );
  } else {
    zh.push(
      `倒推${-n}个工作日：自${local(input.start)}向前计${listDates(counted, true)}${adjZh}；` +
        `跳过${describeRuns(runs, true)}；得${local(input.dueBeforePauses)}（之前一个工作日下班时）。`,
    );
    en.push(
      `${-n} ${unitEn('working_days', n)} back from ${local(input.start)}: counted ${listDates(counted, false)}${adjEn}; ` +
        `skipped ${describeRuns(runs, false)}; result ${local(input.dueBeforePauses)}, the close of the working day before.`,
    );
  }
}

function describeWorkingHours(
  ctx: ExplainContext,
  input: ExplainInput,
  startDay: number,
  dueDay: number,
  local: (ms: number) => string,
  zh: string[],
  en: string[],
): void {
  const [a, b] = input.start <= input.due ? [input.start, input.due] : [input.due, input.start];
  const dayA = Math.min(startDay, dueDay);
  const dayB = Math.max(startDay, dueDay);
  const perDay: { date: string; ms: number; adjusted: boolean }[] = [];
  for (let d = dayA; d <= dayB; d++) {
    const from = Math.max(a, dayStartMs(d, ctx.utcOffsetMinutes));
    const to = Math.min(b, dayStartMs(d + 1, ctx.utcOffsetMinutes));
    if (to <= from) continue;
    const ms = ctx.workingMs(from, to) - ctx.pausedWorkingMs(from, to);
    if (ms <= 0) continue;
    const info = ctx.dayAt(d);
    perDay.push({ date: info.date, ms, adjusted: info.kind === 'adjusted_workday' });
  }
  const show = perDay.length <= LIST_LIMIT ? perDay : [...perDay.slice(0, 2), undefined, perDay[perDay.length - 1]];
  const partsZh = show.map((p) =>
    p ? `${p.date}${p.adjusted ? '（调休上班）' : ''}计${hours(p.ms)}小时` : `…（共${perDay.length}个工作日）`,
  );
  const partsEn = show.map((p) =>
    p ? `${p.date}${p.adjusted ? ' (adjusted workday)' : ''} ${hours(p.ms)} h` : `… (${perDay.length} working days)`,
  );
  const runs = skippedRuns(ctx, dayA, dayB);
  const h = Math.abs(input.amount);
  const direction = input.amount > 0;
  zh.push(
    `${direction ? '' : '倒推'}${h}个工作小时（仅计工作时段${ctx.periodsLabel}）：自${local(input.start)}${direction ? '起' : '向前'}，` +
      `${partsZh.join('，')}；跳过${describeRuns(runs, true)}；${direction ? '截止' : '得'}${local(input.due)}。`,
  );
  en.push(
    `${h} ${unitEn('working_hours', h)} ${direction ? 'from' : 'back from'} ${local(input.start)} (only inside ${ctx.periodsLabel}): ` +
      `${partsEn.join(', ')}; skipped ${describeRuns(runs, false)}; ${direction ? 'due' : 'result'} ${local(input.due)}.`,
  );
}

function dayStartMs(epochDay: number, utcOffsetMinutes: number): number {
  return epochDay * DAY_MS - utcOffsetMinutes * MINUTE_MS;
}

function unitZh(unit: DurationUnit): string {
  return { working_days: '个工作日', working_hours: '个工作小时', hours: '小时', days: '天', months: '个月', years: '年' }[unit];
}

function unitEn(unit: DurationUnit, amount: number): string {
  const one = Math.abs(amount) === 1;
  return {
    working_days: one ? 'working day' : 'working days',
    working_hours: one ? 'working hour' : 'working hours',
    hours: one ? 'hour' : 'hours',
    days: one ? 'day' : 'days',
    months: one ? 'month' : 'months',
    years: one ? 'year' : 'years',
  }[unit];
}
