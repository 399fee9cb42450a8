import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/modules/calendar/calendar.service';
import { onCalendarChanged } from '../../src/composition';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// The calendar module's API (docs/calendar.md#administration-and-api): reads for everyone, imports / overrides / working hours for
// administrators, every change audited and seen by other instances on the same database.

/** A 2027 notice for tests only (the real one is published in November): 元旦 and a 班 Saturday. */
const notice2027 = {
  year: 2027,
  source: { title: '测试用 2027 年节假日安排', docNo: 'TEST-2027' },
  holidays: [{ name: '元旦', start: '2027-01-01', end: '2027-01-03' }],
  workdays: [{ date: '2027-01-09', name: '元旦' }],
};

describe.each(TEST_DIALECTS)('calendar API on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    // 15 October 2026: inside the banner period, with 2027 not yet published.
    t = await createTestApp(dialect, { now: '2026-10-15T02:00:00.000Z' });
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, cookie?: string) =>
    t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: cookie ? { cookie } : {} });
  const addDays = async (start: string, amount: number, unit = 'working_days', cookie = agent) => {
    const res = await send('POST', '/api/calendar/add', { start, amount, unit }, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { due: string; provisional: boolean; explain: string };
  };

  it('answers 401 to every calendar route without a session', async () => {
    expect((await get('/api/calendar/days?from=2026-10-01&to=2026-10-02')).statusCode).toBe(401);
    expect((await send('POST', '/api/calendar/add', { start: '2026-10-01T00:00:00+08:00', amount: 1, unit: 'days' })).statusCode).toBe(401);
    expect((await send('POST', '/api/calendar/between', {})).statusCode).toBe(401);
    expect((await get('/api/calendar/status')).statusCode).toBe(401);
  });

  it('lists 国庆节 2026 as days off and 2026-10-10 as an adjusted working Saturday (班)', async () => {
    const res = await get('/api/calendar/days?from=2026-09-30&to=2026-10-10', agent);
    expect(res.statusCode).toBe(200);
    const days = res.json() as { date: string; working: boolean; name?: string; kind: string; provisional: boolean }[];
    expect(days).toHaveLength(11);
    expect(days[0]).toMatchObject({ date: '2026-09-30', working: true, kind: 'workday', provisional: false });
    for (const d of days.filter((x) => x.date >= '2026-10-01' && x.date <= '2026-10-07')) {
      expect(d).toMatchObject({ working: false, name: '国庆节', kind: 'holiday' });
    }
    expect(days.find((d) => d.date === '2026-10-10')).toMatchObject({ working: true, name: '国庆节', kind: 'adjusted_workday' });
  });

  it('refuses a day range that is reversed, too long or not a real date with 422 naming the field', async () => {
    const reversed = await get('/api/calendar/days?from=2026-10-10&to=2026-10-01', agent);
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors[0].field).toBe('to');
    expect((await get('/api/calendar/days?from=2020-01-01&to=2026-12-31', agent)).statusCode).toBe(422);
    const fake = await get('/api/calendar/days?from=2026-02-30&to=2026-03-01', agent);
    expect(fake.statusCode).toBe(422);
    expect(fake.json().errors[0].field).toBe('from');
  });

  it('adds 3 working days to 2026-09-30 17:00 ending at the close of the 调休 Saturday 2026-10-10 (the example of docs/calendar.md#working_days--工作日)', async () => {
    const r = await addDays('2026-09-30T17:00:00+08:00', 3);
    expect(r).toMatchObject({ due: '2026-10-10T18:00:00+08:00', provisional: false });
    expect(r.explain.length).toBeGreaterThan(0);
  });

  it('adds 8 working hours to 2026-02-13 16:30 ending on the 班 Saturday 2026-02-14 16:30 (the example of docs/calendar.md#working_hours--工作小时)', async () => {
    expect(await addDays('2026-02-13T16:30:00+08:00', 8, 'working_hours')).toMatchObject({ due: '2026-02-14T16:30:00+08:00', provisional: false });
  });

  it('accepts a UTC instant and answers in +08:00', async () => {
    expect((await addDays('2026-03-02T01:00:00Z', 24, 'hours')).due).toBe('2026-03-03T09:00:00+08:00');
  });

  it('measures working days between two instants, the inverse of add', async () => {
    const res = await send('POST', '/api/calendar/between', { start: '2026-09-30T17:00:00+08:00', end: '2026-10-10T18:00:00+08:00', unit: 'working_days' }, agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ amount: 3, provisional: false });
  });

  it('subtracts paused working time: a pause over 2026-10-08 moves 3 working days one working day later', async () => {
    const res = await send(
      'POST',
      '/api/calendar/add',
      { start: '2026-09-30T17:00:00+08:00', amount: 3, unit: 'working_days', pauses: [{ start: '2026-10-08T00:00:00+08:00', end: '2026-10-09T00:00:00+08:00' }] },
      agent,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().due).toBe('2026-10-12T18:00:00+08:00');
  });

  it('refuses an unknown unit, a missing offset and a fractional working-day amount with 422', async () => {
    const unit = await send('POST', '/api/calendar/add', { start: '2026-09-30T17:00:00+08:00', amount: 3, unit: 'fortnights' }, agent);
    expect(unit.statusCode).toBe(422);
    expect(unit.json().errors.map((e: { field: string }) => e.field)).toContain('unit');
    const naive = await send('POST', '/api/calendar/add', { start: '2026-09-30T17:00:00', amount: 3, unit: 'days' }, agent);
    expect(naive.statusCode).toBe(422);
    const frac = await send('POST', '/api/calendar/add', { start: '2026-09-30T17:00:00+08:00', amount: 1.5, unit: 'working_days' }, agent);
    expect(frac.statusCode).toBe(422);
    expect(frac.json().errors[0].field).toBe('amount');
  });

  it('marks a deadline crossing the last published day (2026-12-31) provisional and states the assumption', async () => {
    const r = await addDays('2026-12-29T10:00:00+08:00', 5);
    expect(r.provisional).toBe(true);
    expect(r.explain).toMatch(/全国年节及纪念日放假办法|provisional|暂定/);
    const days = (await get('/api/calendar/days?from=2026-12-31&to=2027-01-01', agent)).json() as { provisional: boolean }[];
    expect(days.map((d) => d.provisional)).toEqual([false, true]);
  });

  it('shows the banner from 1 October while next year is missing', async () => {
    const res = await get('/api/calendar/status', agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      today: '2026-10-15',
      lastPublishedDate: '2026-12-31',
      nextYear: 2027,
      nextYearMissing: true,
      bannerFrom: '2026-10-01',
      showBanner: true,
    });
  });

  it('answers 403 to a non-administrator on every admin route', async () => {
    expect((await get('/api/calendar/years', agent)).statusCode).toBe(403);
    expect((await send('POST', '/api/calendar/years', notice2027, agent)).statusCode).toBe(403);
    expect((await get('/api/calendar/overrides', agent)).statusCode).toBe(403);
    expect((await send('PUT', '/api/calendar/overrides/2026-10-09', { working: false }, agent)).statusCode).toBe(403);
    expect((await send('DELETE', '/api/calendar/overrides/2026-10-09?version=1', undefined, agent)).statusCode).toBe(403);
    expect((await get('/api/calendar/settings', agent)).statusCode).toBe(403);
    expect((await send('PUT', '/api/calendar/settings', { utcOffsetMinutes: 480, periods: [{ start: '09:00', end: '17:00' }] }, agent)).statusCode).toBe(403);
  });

  it('lists the shipped years 2020–2026 with their notices', async () => {
    const res = await get('/api/calendar/years', admin);
    expect(res.statusCode).toBe(200);
    const years = res.json() as { year: number; origin: string; source: { docNo: string } }[];
    expect(years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(years.every((y) => y.origin === 'shipped')).toBe(true);
    expect(years.find((y) => y.year === 2026)!.source.docNo).toBe('国办发明电〔2025〕7号');
  });

  it('refuses a notice with errors with 422 listing each error by path, and changes nothing', async () => {
    const bad = {
      ...notice2027,
      holidays: [
        { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
        { name: '重叠', start: '2027-01-03', end: '2027-01-04' },
        { name: '越界', start: '2028-02-01', end: '2028-02-02' },
      ],
      workdays: [{ date: '2027-01-02', name: '既休又班' }],
    };
    const res = await send('POST', '/api/calendar/years', bad, admin);
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; errors: { field: string; message: string }[] };
    expect(body.code).toBe('calendar_year_invalid');
    const fields = body.errors.map((e) => e.field);
    expect(fields.some((f) => f.startsWith('holidays[1]') || f.startsWith('holidays.1'))).toBe(true);
    expect(fields.some((f) => f.startsWith('holidays[2]') || f.startsWith('holidays.2'))).toBe(true);
    expect(fields.some((f) => f.startsWith('workdays[0]') || f.startsWith('workdays.0'))).toBe(true);
    expect(((await get('/api/calendar/years', admin)).json() as unknown[]).length).toBe(7);
  });

  it('imports 2027 with the statutory-days warning, ends the banner and recomputes via onCalendarChanged', async () => {
    const before = await addDays('2026-12-30T10:00:00+08:00', 3);
    expect(before.provisional).toBe(true);
    let hookCalls = 0;
    const hook = async () => {
      hookCalls++;
    };
    onCalendarChanged.push(hook);
    try {
      const res = await send('POST', '/api/calendar/years', notice2027, admin);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { year: { year: number; origin: string; version: number }; warnings: { path: string; severity: string }[] };
      expect(body.year).toMatchObject({ year: 2027, origin: 'database', version: 1 });
      // 3 days off of which 1 on a weekday, one 班 day: far from the 13 statutory days, so a warning.
      expect(body.warnings.length).toBeGreaterThan(0);
      expect(hookCalls).toBe(1);
    } finally {
      onCalendarChanged.splice(onCalendarChanged.indexOf(hook), 1);
    }
    const status = (await get('/api/calendar/status', agent)).json();
    expect(status).toMatchObject({ lastPublishedDate: '2027-12-31', nextYearMissing: false, showBanner: false });
    const jan = (await get('/api/calendar/days?from=2027-01-01&to=2027-01-09', agent)).json() as { date: string; working: boolean; provisional: boolean }[];
    expect(jan.every((d) => !d.provisional)).toBe(true);
    expect(jan.find((d) => d.date === '2027-01-09')!.working).toBe(true);
    // 2026-12-31 (Thu) is day 1; 1-1..1-3 off; 1-4 (Mon) day 2; 1-5 day 3.
    expect(await addDays('2026-12-30T10:00:00+08:00', 3)).toMatchObject({ due: '2027-01-05T18:00:00+08:00', provisional: false });
    const audit = (await get('/api/audit?subjectType=calendar_year', admin)).json() as { items: { action: string; subjectId: string }[] };
    expect(audit.items.map((a) => [a.action, a.subjectId])).toContainEqual(['calendar.year.import', '2027']);
  });

  it('refuses to replace an imported year without the version read (409), and replaces it with it', async () => {
    const stale = await send('POST', '/api/calendar/years', notice2027, admin);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    const fixed = { ...notice2027, workdays: [] };
    const ok = await send('POST', '/api/calendar/years?version=1', fixed, admin);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().year.version).toBe(2);
    const day = (await get('/api/calendar/days?from=2027-01-09&to=2027-01-09', agent)).json() as { working: boolean }[];
    expect(day[0].working).toBe(false);
  });

  it('an override makes a working Friday a day off: the deadline moves and a second instance sees it at once', async () => {
    const sibling = await t.sibling();
    const siblingAdd = async () =>
      (await sibling.app.inject({ method: 'POST', url: '/api/calendar/add', headers: { cookie: agent }, payload: { start: '2026-09-30T17:00:00+08:00', amount: 3, unit: 'working_days' } })).json().due;
    // The sibling builds (and caches) its calendar before the change.
    expect(await siblingAdd()).toBe('2026-10-10T18:00:00+08:00');

    const put = await send('PUT', '/api/calendar/overrides/2026-10-09', { working: false, note: '全厂停电检修' }, admin);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ date: '2026-10-09', working: false, note: '全厂停电检修', version: 1 });

    // 10-08 (Thu) day 1, 10-09 off, 10-10 (班) day 2, 10-11 Sunday, 10-12 day 3.
    expect((await addDays('2026-09-30T17:00:00+08:00', 3)).due).toBe('2026-10-12T18:00:00+08:00');
    expect(await siblingAdd()).toBe('2026-10-12T18:00:00+08:00');
    const day = (await get('/api/calendar/days?from=2026-10-09&to=2026-10-09', agent)).json();
    expect(day[0]).toMatchObject({ working: false, kind: 'override', name: '全厂停电检修' });
  });

  it('notices a change another process wrote to the database by its new revision, and only then rebuilds', async () => {
    const before = await getCalendar(t.ctx);
    expect(await getCalendar(t.ctx)).toBe(before); // unchanged revision: the cached calendar
    // Another process (with its own cache) writes an override and a new revision token.
    await t.ctx.db.insertInto('calendar_overrides').values({ date: '2026-10-08', working: 0, note: '外部写入', updated_at: '2026-10-15T02:00:00.000Z', updated_by: 'other' }).execute();
    expect(await getCalendar(t.ctx)).toBe(before); // no new revision yet: nothing noticed
    await t.ctx.db.updateTable('settings').set({ value: JSON.stringify('other-process-token') }).where('key', '=', 'calendar.revision').execute();
    const after = await getCalendar(t.ctx);
    expect(after).not.toBe(before);
    expect(after.isWorkingDay('2026-10-08')).toBe(false);
    await t.ctx.db.deleteFrom('calendar_overrides').where('date', '=', '2026-10-08').execute();
    await t.ctx.db.updateTable('settings').set({ value: JSON.stringify('other-process-token-2') }).where('key', '=', 'calendar.revision').execute();
    expect((await getCalendar(t.ctx)).isWorkingDay('2026-10-08')).toBe(true);
  });

  it('refuses an override edit without the version read (409) and takes it with the version', async () => {
    const stale = await send('PUT', '/api/calendar/overrides/2026-10-09', { working: true }, admin);
    expect(stale.statusCode).toBe(409);
    const ok = await send('PUT', '/api/calendar/overrides/2026-10-09', { working: false, note: '停电', version: 1 }, admin);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    const list = (await get('/api/calendar/overrides?from=2026-10-01&to=2026-10-31', admin)).json();
    expect(list).toEqual([expect.objectContaining({ date: '2026-10-09', working: false, note: '停电', version: 2 })]);
  });

  it('makes a Sunday working by override, and removing the override restores the notice', async () => {
    const sunday = await send('PUT', '/api/calendar/overrides/2026-10-11', { working: true, note: '加班' }, admin);
    expect(sunday.statusCode).toBe(200);
    expect((await addDays('2026-09-30T17:00:00+08:00', 3)).due).toBe('2026-10-11T18:00:00+08:00');
    expect((await send('DELETE', '/api/calendar/overrides/2026-10-11?version=9', undefined, admin)).statusCode).toBe(409);
    expect((await send('DELETE', '/api/calendar/overrides/2026-10-11?version=1', undefined, admin)).statusCode).toBe(204);
    expect((await send('DELETE', '/api/calendar/overrides/2026-10-11?version=1', undefined, admin)).statusCode).toBe(404);
    expect((await send('DELETE', '/api/calendar/overrides/2026-10-09?version=2', undefined, admin)).statusCode).toBe(204);
    expect((await addDays('2026-09-30T17:00:00+08:00', 3)).due).toBe('2026-10-10T18:00:00+08:00');
    const audit = (await get('/api/audit?subjectType=calendar_day', admin)).json() as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.override.set', 'calendar.override.delete']));
  });

  it('refuses an override on a date that does not exist with 422', async () => {
    const res = await send('PUT', '/api/calendar/overrides/2026-02-30', { working: true }, admin);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('date');
  });

  it('starts from the default working hours 09:00–12:00 and 13:00–18:00 at +08:00', async () => {
    const res = await get('/api/calendar/settings', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      utcOffsetMinutes: 480,
      periods: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      inherited: true,
      version: null,
    });
  });

  it('changes the global working hours, which working-hour deadlines then follow', async () => {
    const periods = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ];
    const res = await send('PUT', '/api/calendar/settings', { utcOffsetMinutes: 480, periods }, admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ periods, inherited: false, version: 1 });
    expect((await addDays('2026-03-02T08:00:00+08:00', 8, 'working_hours')).due).toBe('2026-03-02T17:00:00+08:00');
    const stale = await send('PUT', '/api/calendar/settings', { utcOffsetMinutes: 480, periods }, admin);
    expect(stale.statusCode).toBe(409);
  });

  it('refuses overlapping working periods with 422 on periods', async () => {
    const res = await send('PUT', '/api/calendar/settings', { utcOffsetMinutes: 480, periods: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }], version: 1 }, admin);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('periods');
  });

  it('gives a unit its own working hours, inherited by its sub-units, without changing others', async () => {
    const units = (await get('/api/units', admin)).json() as { id: string; name: string }[];
    const company = units.find((u) => u.name === '华锐精密机械有限公司')!;
    const callCentre = units.find((u) => u.name === '呼叫中心')!;
    const mine = units.find((u) => u.name === '晋北一号井工煤矿')!;
    const periods = [{ start: '00:00', end: '24:00' }];
    const res = await send('PUT', '/api/calendar/settings', { unitId: company.id, utcOffsetMinutes: 480, periods }, admin);
    expect(res.statusCode, res.body).toBe(200);
    const add = async (unitId: string) =>
      (await send('POST', '/api/calendar/add', { start: '2026-03-02T08:00:00+08:00', amount: 8, unit: 'working_hours', unitId }, agent)).json().due;
    expect(await add(callCentre.id)).toBe('2026-03-02T16:00:00+08:00');
    expect(await add(mine.id)).toBe('2026-03-02T17:00:00+08:00');
    const own = (await get(`/api/calendar/settings?unitId=${company.id}`, admin)).json();
    expect(own).toMatchObject({ unitId: company.id, inherited: false, version: 1 });
    expect(own.unitSettings).toEqual([{ unitId: company.id, unitName: '华锐精密机械有限公司' }]);
    expect((await send('DELETE', `/api/calendar/settings/units/${company.id}?version=1`, undefined, admin)).statusCode).toBe(204);
    expect(await add(callCentre.id)).toBe('2026-03-02T17:00:00+08:00');
  });
});
