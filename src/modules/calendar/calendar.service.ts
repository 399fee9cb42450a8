import {
  DEFAULT_UTC_OFFSET_MINUTES,
  DEFAULT_WORKING_PERIODS,
  WorkCalendar,
  formatLocal,
  isValidLocalDate,
  loadShippedYears,
  toEpochDay,
  todayOf,
  validateCalendarYear,
  type CalendarSettings,
  type CalendarYearFile,
  type DayOverride,
  type Interval,
} from '../../core/calendar';
import type { AppContext } from '../../platform/context';
import type { Db, DbOrTrx } from '../../platform/db/database';
import { AppError, fieldError, forbidden, invalid, notFound, staleVersion, type FieldError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { findUnit, unitsByIds } from '../org';
import { coversUnit, requireSysAdmin, type Principal } from '../auth';
import * as repo from './calendar.repository';
import type {
  AddInput,
  AddViewOutput,
  BetweenInput,
  CalendarYearViewOutput,
  DayViewOutput,
  OverrideInput,
  OverrideViewOutput,
  SettingsPutInput,
  SettingsViewOutput,
  StatusViewOutput,
} from './calendar.schemas';

// The working calendar's persistence (docs/calendar.md#rules-and-their-sources, docs/calendar.md#administration-and-api): the shipped notice files are the base, the
// years administrators import replace or extend them, single-day overrides beat both, and the working hours
// are a setting (global, or per organisation unit). Arithmetic itself is the pure core (src/core/calendar).

/** Built-in working hours: 09:00–12:00 and 13:00–18:00, Asia/Shanghai (docs/calendar.md#rules-and-their-sources). */
export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
  periods: DEFAULT_WORKING_PERIODS.map((p) => ({ ...p })),
};

/** The longest range GET /api/calendar/days answers in one call (a little over three years). */
const MAX_DAYS_RANGE = 1200;

interface Snapshot {
  /** The `calendar.revision` token this snapshot was read at; any change writes a new token. */
  revision: string | null;
  years: CalendarYearFile[];
  overrides: DayOverride[];
  global: CalendarSettings | undefined;
  unitSettings: Map<string, CalendarSettings>;
  /** Built calendars by settings, so a unit with its own hours costs one build, not one per call. */
  built: Map<string, WorkCalendar>;
}

// One snapshot per database handle (a process usually has one; tests open several). Each read costs one
// primary-key lookup of the revision row, so an override made by another instance is seen on the next call,
// and the calendar is rebuilt only when the revision changed.
const snapshots = new WeakMap<Db, Snapshot>();

function mergeYears(dbYears: CalendarYearFile[]): CalendarYearFile[] {
  const byYear = new Map<number, CalendarYearFile>();
  for (const y of loadShippedYears()) byYear.set(y.year, y);
  for (const y of dbYears) byYear.set(y.year, y); // an imported year replaces the shipped one
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function parseSettings(value: string): CalendarSettings {
  const v = JSON.parse(value) as CalendarSettings;
  return { utcOffsetMinutes: v.utcOffsetMinutes, periods: v.periods.map((p) => ({ start: p.start, end: p.end })) };
}

async function loadSnapshot(db: DbOrTrx, revision: string | null): Promise<Snapshot> {
  const [years, overrides, settings] = await Promise.all([
    repo.listYears(db),
    repo.listOverrides(db),
    repo.findSettingsByPrefix(db, repo.SETTINGS_KEY),
  ]);
  const unitSettings = new Map<string, CalendarSettings>();
  let global: CalendarSettings | undefined;
  for (const s of settings) {
    if (s.key === repo.SETTINGS_KEY) global = parseSettings(s.value);
    else if (s.key.startsWith(repo.unitSettingsKey(''))) unitSettings.set(s.key.slice(repo.unitSettingsKey('').length), parseSettings(s.value));
  }
  return {
    revision,
    years: mergeYears(years.map((y) => JSON.parse(y.data) as CalendarYearFile)),
    overrides: overrides.map((o) => ({ date: o.date, working: o.working === 1, ...(o.note ? { note: o.note } : {}) })),
    global,
    unitSettings,
    built: new Map(),
  };
}

async function currentSnapshot(ctx: Pick<AppContext, 'db'>): Promise<Snapshot> {
  const revision = await repo.readRevision(ctx.db);
  const cached = snapshots.get(ctx.db);
  if (cached && cached.revision === revision) return cached;
  const fresh = await loadSnapshot(ctx.db, revision);
  snapshots.set(ctx.db, fresh);
  return fresh;
}

/** The settings that apply to a unit: its own, else the nearest ancestor's, else the global ones. */
async function settingsFor(ctx: Pick<AppContext, 'db'>, snap: Snapshot, unitId: string | undefined): Promise<CalendarSettings> {
  if (unitId && snap.unitSettings.size > 0) {
    const unit = await findUnit(ctx.db, unitId);
    const chain = unit ? unit.path.split('/').filter(Boolean).reverse() : [];
    for (const id of chain) {
      const s = snap.unitSettings.get(id);
      if (s) return s;
    }
  }
  return snap.global ?? DEFAULT_CALENDAR_SETTINGS;
}

/**
 * The working calendar as of the database's current state, built once per change and cached per process.
 * `unitId` selects that organisation's working hours (docs/calendar.md#rules-and-their-sources); omitted, the global setting applies.
 */
export async function getCalendar(ctx: Pick<AppContext, 'db'>, opts: { unitId?: string } = {}): Promise<WorkCalendar> {
  const snap = await currentSnapshot(ctx);
  const settings = await settingsFor(ctx, snap, opts.unitId);
  const key = JSON.stringify(settings);
  let cal = snap.built.get(key);
  if (!cal) {
    cal = new WorkCalendar({ years: snap.years, overrides: snap.overrides, settings });
    snap.built.set(key, cal);
  }
  return cal;
}

/**
 * Today's local date where a unit works: the clock's instant in its working calendar's zone (the default
 * calendar's, Asia/Shanghai, without a unit). The one "today" of every module (docs/architecture.md "Shared helpers").
 */
export async function calendarToday(ctx: Pick<AppContext, 'db' | 'clock'>, opts: { unitId?: string } = {}): Promise<string> {
  const cal = await getCalendar(ctx, opts);
  return todayOf(ctx.clock.now(), cal.settings.utcOffsetMinutes);
}

// ---- reads -------------------------------------------------------------------------------------------------

/** A RangeError from the core (a date past the tables, a bad period) is the caller's input: 422, not 500. */
function asInputError<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw invalid([{ field, message: e.message }]);
    throw e;
  }
}

export async function listDays(ctx: AppContext, q: { from: string; to: string; unitId?: string }): Promise<DayViewOutput[]> {
  const errors: FieldError[] = [];
  if (!isValidLocalDate(q.from)) errors.push(fieldError('from', '不是有效日期', 'not a real date'));
  if (!isValidLocalDate(q.to)) errors.push(fieldError('to', '不是有效日期', 'not a real date'));
  if (errors.length) throw invalid(errors);
  const span = toEpochDay(q.to) - toEpochDay(q.from);
  if (span < 0) throw invalid([fieldError('to', '结束日期早于开始日期', 'to is before from')]);
  if (span >= MAX_DAYS_RANGE) throw invalid([fieldError('to', `一次最多 ${MAX_DAYS_RANGE} 天`, `at most ${MAX_DAYS_RANGE} days per call`)]);
  const cal = await getCalendar(ctx, { unitId: q.unitId });
  return asInputError('from', () =>
    cal.days(q.from, q.to).map((d) => ({
      date: d.date,
      working: d.working,
      ...(d.name !== undefined && { name: d.name }),
      kind: d.kind,
      provisional: d.provisional,
    })),
  );
}

const toPauses = (pauses: { start: string; end: string }[] | undefined): Interval[] | undefined =>
  pauses?.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));

export async function addDuration(ctx: AppContext, input: AddInput): Promise<AddViewOutput> {
  const cal = await getCalendar(ctx, { unitId: input.unitId });
  return asInputError('amount', () => {
    const r = cal.add(new Date(input.start), input.amount, input.unit, { pauses: toPauses(input.pauses) });
    return { due: formatLocal(r.due, cal.settings.utcOffsetMinutes), provisional: r.provisional, explain: r.explain };
  });
}

export async function measureBetween(ctx: AppContext, input: BetweenInput): Promise<{ amount: number; provisional: boolean }> {
  const cal = await getCalendar(ctx, { unitId: input.unitId });
  return asInputError('end', () => cal.between(new Date(input.start), new Date(input.end), input.unit, { pauses: toPauses(input.pauses) }));
}

export async function listYears(ctx: AppContext): Promise<CalendarYearViewOutput[]> {
  const rows = await repo.listYears(ctx.db);
  const byYear = new Map<number, CalendarYearViewOutput>();
  for (const y of loadShippedYears()) byYear.set(y.year, presentYear(y, null));
  for (const r of rows) byYear.set(r.year, presentYear(JSON.parse(r.data) as CalendarYearFile, r));
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function presentYear(y: CalendarYearFile, row: repo.CalendarYearRow | null): CalendarYearViewOutput {
  return {
    year: y.year,
    origin: row ? 'database' : 'shipped',
    source: y.source,
    holidays: y.holidays,
    workdays: y.workdays,
    ...(y.importedFrom !== undefined && { importedFrom: y.importedFrom }),
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    version: row?.version ?? null,
  };
}

const presentOverride = (o: repo.CalendarOverrideRow): OverrideViewOutput => ({
  date: o.date,
  working: o.working === 1,
  note: o.note,
  updatedAt: o.updated_at,
  updatedBy: o.updated_by,
  version: o.version,
});

export async function listOverrides(ctx: AppContext, q: { from?: string; to?: string }): Promise<OverrideViewOutput[]> {
  const range = q.from || q.to ? { from: q.from ?? '0000-01-01', to: q.to ?? '9999-12-31' } : undefined;
  return (await repo.listOverrides(ctx.db, range)).map(presentOverride);
}

/**
 * The banner (docs/calendar.md#administration-and-api): from 1 October while next year's notice is missing (the State Council publishes it
 * each November, docs/calendar.md#rules-and-their-sources), administrators are reminded to import it.
 */
export async function calendarStatus(ctx: AppContext): Promise<StatusViewOutput> {
  const cal = await getCalendar(ctx);
  const today = todayOf(ctx.clock.now(), cal.settings.utcOffsetMinutes);
  const year = Number(today.slice(0, 4));
  const bannerFrom = `${year}-10-01`;
  const nextYearMissing = cal.lastPublishedDate < `${year + 1}-12-31`;
  // A missing current year is overdue already: show the banner whatever the month.
  const currentMissing = cal.lastPublishedDate < `${year}-12-31`;
  return {
    today,
    lastPublishedDate: cal.lastPublishedDate,
    nextYear: year + 1,
    nextYearMissing,
    bannerFrom,
    showBanner: currentMissing || (nextYearMissing && today >= bannerFrom),
  };
}

// ---- changes ---------------------------------------------------------------------------------------------

/**
 * Called after the working calendar changed (a year imported, an override set, working hours changed): modules
 * with running deadlines recompute the ones the change affects. The composition root hands the list to
 * `calendarRoutes`, which passes it to every change below; calendar itself knows none of its listeners.
 */
export type CalendarChangedListener = (ctx: AppContext) => Promise<void>;

/**
 * Runs a calendar change in one transaction with its audit record and a new revision token, then lets every
 * module with running deadlines recompute them (adding a year recomputes the open deadlines, docs/calendar.md).
 */
async function changeCalendar<T>(
  ctx: AppContext,
  p: Principal,
  onChanged: readonly CalendarChangedListener[],
  fn: (trx: DbOrTrx, now: string) => Promise<T>,
  unitPath?: string,
): Promise<T> {
  // Who may: the calendar and the global hours apply everywhere (a system administrator); a unit's own
  // hours belong to an administrator whose subtree holds that unit (docs/regulations.md#organisation-and-roles).
  if (unitPath === undefined) requireSysAdmin(p);
  else if (!coversUnit(p, unitPath, ['admin'])) throw forbidden('The unit is outside your administration scope', '该单位不在您的管理范围内');
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now().toISOString();
    const r = await fn(trx, now);
    await repo.bumpRevision(trx, newId(), now, p.id);
    return r;
  });
  snapshots.delete(ctx.db);
  for (const hook of onChanged) {
    // The change is committed; a module failing to recompute must not hide that, but it must be seen.
    try {
      await hook(ctx);
    } catch (err) {
      ctx.log.error({ err }, 'recomputing deadlines after a calendar change failed');
    }
  }
  return result;
}

export async function importYear(
  ctx: AppContext,
  p: Principal,
  input: unknown,
  expectedVersion: number | undefined,
  onChanged: readonly CalendarChangedListener[],
): Promise<{ year: CalendarYearViewOutput; warnings: { path: string; message: string; severity: 'error' | 'warning' }[] }> {
  const checked = validateCalendarYear(input);
  const warnings = checked.issues.filter((i) => i.severity === 'warning');
  if (!checked.ok || !checked.year) {
    const errors = checked.issues.filter((i) => i.severity === 'error').map((i) => ({ field: i.path || 'body', message: i.message }));
    throw new AppError(422, 'calendar_year_invalid', 'The notice file has errors', '节假日安排文件有错误', { warnings }, errors);
  }
  const file = checked.year;
  // The whole calendar must still build with this year in it (e.g. no clash with a neighbouring year).
  const snap = await currentSnapshot(ctx);
  asInputError('year', () => new WorkCalendar({ years: mergeYears([...snap.years.filter((y) => y.year !== file.year), file]), overrides: snap.overrides }));

  const row = await changeCalendar(ctx, p, onChanged, async (trx, now) => {
    const before = await repo.findYear(trx, file.year);
    const data = JSON.stringify(file);
    if (before) {
      if (expectedVersion !== before.version) throw staleVersion(before.version);
      const patch = { data, source_title: file.source.title, source_doc_no: file.source.docNo, updated_at: now, updated_by: p.displayName };
      if (!(await repo.updateYear(trx, file.year, before.version, patch))) throw staleVersion(before.version);
    } else {
      await repo.insertYear(trx, {
        year: file.year,
        data,
        source_title: file.source.title,
        source_doc_no: file.source.docNo,
        created_at: now,
        created_by: p.displayName,
        updated_at: now,
        updated_by: p.displayName,
      });
    }
    const after = (await repo.findYear(trx, file.year))!;
    await recordAudit(trx, {
      at: now,
      actor: p,
      action: before ? 'calendar.year.replace' : 'calendar.year.import',
      subjectType: 'calendar_year',
      subjectId: String(file.year),
      before: before ? JSON.parse(before.data) : undefined,
      after: file,
      note: file.source.docNo,
    });
    return after;
  });
  return { year: presentYear(file, row), warnings };
}

export async function setOverride(ctx: AppContext, p: Principal, date: string, input: OverrideInput, onChanged: readonly CalendarChangedListener[]): Promise<OverrideViewOutput> {
  if (!isValidLocalDate(date)) throw invalid([fieldError('date', '不是有效日期', 'not a real date')]);
  const cal = await getCalendar(ctx);
  if (date < cal.firstDate || date > cal.lastDate) {
    throw invalid([fieldError('date', `超出日历范围 ${cal.firstDate}…${cal.lastDate}`, `outside the calendar's range`)]);
  }
  return changeCalendar(ctx, p, onChanged, async (trx, now) => {
    const before = await repo.findOverride(trx, date);
    const note = input.note ? input.note : null;
    if (before) {
      if (input.version !== before.version) throw staleVersion(before.version);
      if (!(await repo.updateOverride(trx, date, before.version, { working: input.working ? 1 : 0, note, updated_at: now, updated_by: p.displayName }))) {
        throw staleVersion(before.version);
      }
    } else {
      await repo.insertOverride(trx, { date, working: input.working ? 1 : 0, note, updated_at: now, updated_by: p.displayName });
    }
    const after = presentOverride((await repo.findOverride(trx, date))!);
    await recordAudit(trx, {
      at: now,
      actor: p,
      action: 'calendar.override.set',
      subjectType: 'calendar_day',
      subjectId: date,
      before: before ? presentOverride(before) : undefined,
      after,
      note,
    });
    return after;
  });
}

export async function removeOverride(ctx: AppContext, p: Principal, date: string, version: number, onChanged: readonly CalendarChangedListener[]): Promise<void> {
  await changeCalendar(ctx, p, onChanged, async (trx, now) => {
    const before = await repo.findOverride(trx, date);
    if (!before) throw notFound('Calendar override', '日历调整', 'calendar_override_not_found');
    if (before.version !== version || !(await repo.deleteOverride(trx, date, version))) throw staleVersion(before.version);
    await recordAudit(trx, {
      at: now,
      actor: p,
      action: 'calendar.override.delete',
      subjectType: 'calendar_day',
      subjectId: date,
      before: presentOverride(before),
    });
  });
}

async function unitNames(db: DbOrTrx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await unitsByIds(db, ids)).map((r) => [r.id, r.name]));
}

export async function getSettings(ctx: AppContext, unitId: string | undefined): Promise<SettingsViewOutput> {
  const key = unitId ? repo.unitSettingsKey(unitId) : repo.SETTINGS_KEY;
  const [own, all] = await Promise.all([repo.findSetting(ctx.db, key), repo.findSettingsByPrefix(ctx.db, repo.unitSettingsKey(''))]);
  const unitIds = all.map((s) => s.key.slice(repo.unitSettingsKey('').length));
  const names = await unitNames(ctx.db, unitIds);
  const unitSettings = unitIds.map((id) => ({ unitId: id, unitName: names.get(id) ?? null }));
  if (own) return { ...parseSettings(own.value), unitId: unitId ?? null, inherited: false, version: own.version, unitSettings };
  const snap = await currentSnapshot(ctx);
  const effective = await settingsFor(ctx, snap, unitId);
  return { ...effective, unitId: unitId ?? null, inherited: true, version: null, unitSettings };
}

export async function putSettings(ctx: AppContext, p: Principal, input: SettingsPutInput, onChanged: readonly CalendarChangedListener[]): Promise<SettingsViewOutput> {
  const settings: CalendarSettings = { utcOffsetMinutes: input.utcOffsetMinutes, periods: input.periods };
  // The core refuses overlapping or unordered periods; its message names the problem.
  asInputError('periods', () => new WorkCalendar({ years: [], settings }));
  const unit = input.unitId ? await findUnit(ctx.db, input.unitId) : undefined;
  if (input.unitId && !unit) throw invalid([fieldError('unitId', '单位不存在', 'unit not found')]);
  const key = input.unitId ? repo.unitSettingsKey(input.unitId) : repo.SETTINGS_KEY;
  await changeCalendar(ctx, p, onChanged, async (trx, now) => {
    const before = await repo.findSetting(trx, key);
    const value = JSON.stringify(settings);
    if (before) {
      if (input.version !== before.version) throw staleVersion(before.version);
      if (!(await repo.updateSetting(trx, key, before.version, { value, updated_at: now, updated_by: p.id }))) throw staleVersion(before.version);
    } else {
      await repo.insertSetting(trx, { key, value, updated_at: now, updated_by: p.id });
    }
    await recordAudit(trx, {
      at: now,
      actor: p,
      action: 'calendar.settings.update',
      subjectType: 'setting',
      subjectId: key,
      unitId: input.unitId ?? null,
      before: before ? JSON.parse(before.value) : undefined,
      after: settings,
    });
  }, unit?.path);
  return getSettings(ctx, input.unitId);
}

/** Removes a unit's own working hours, so it inherits its ancestors' (or the global) setting again. */
export async function removeUnitSettings(ctx: AppContext, p: Principal, unitId: string, version: number, onChanged: readonly CalendarChangedListener[]): Promise<void> {
  const key = repo.unitSettingsKey(unitId);
  // A unit since deleted leaves its hours to a system administrator.
  const unit = await findUnit(ctx.db, unitId);
  await changeCalendar(ctx, p, onChanged, async (trx, now) => {
    const before = await repo.findSetting(trx, key);
    if (!before) throw notFound('Unit working hours', '单位工作时间', 'calendar_settings_not_found');
    if (before.version !== version || !(await repo.deleteSetting(trx, key, version))) throw staleVersion(before.version);
    await recordAudit(trx, { at: now, actor: p, action: 'calendar.settings.delete', subjectType: 'setting', subjectId: key, unitId, before: JSON.parse(before.value) });
  }, unit?.path);
}
