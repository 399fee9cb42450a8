import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedPackText } from '../../src/core/rules';
import { evaluatePack, getActivePack, recordShippedPacks, validatePackFacts } from '../../src/modules/rules/rules.service';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// The rules module's API (docs/rules.md#administration-and-api): packs and versions, evaluation naming the version used, uploads.

/** Facts that give 二级 under coal-mine-2020: 86.5 ≥ 80 but < 90, and one part (通风) below 90. */
const level2Facts = {
  mineType: 'underground',
  basicConditionsMet: true,
  weightedScore: 86.5,
  partScores: { 通风: 88, 地质灾害防治与测量: 92, 采煤: 91 },
  events: [{ type: 'fatal_accident', class: 'general', date: '2026-03-02' }],
};

describe.each(TEST_DIALECTS)('rules API on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-10-15T02:00:00.000Z' });
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (url: string, payload: unknown, cookie?: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as string, headers: { ...(cookie ? { cookie } : {}), ...headers } });
  const evaluateCoal = (facts: unknown, cookie = agent, extra: object = {}) =>
    post('/api/rules/coal-mine-2020/evaluate', { facts, asOf: '2026-10-15', ...extra }, cookie);

  it('answers 401 without a session', async () => {
    expect((await get('/api/rules')).statusCode).toBe(401);
    expect((await evaluateCoal(level2Facts, '')).statusCode).toBe(401);
  });

  it('lists the six shipped packs, each at version 1 marked as shipped', async () => {
    const res = await get('/api/rules', agent);
    expect(res.statusCode).toBe(200);
    const packs = res.json() as { id: string; latestVersion: number; versions: { version: number; shipped: boolean }[]; title: { zh: string } }[];
    expect(packs.map((p) => p.id).sort()).toEqual(['accident-management', 'coal-mine-2020', 'complaint-severity-pedal', 'complaint-severity-qa', 'quality-accidents', 'staff-waiter']);
    for (const p of packs) {
      expect(p.latestVersion).toBe(1);
      expect(p.versions).toEqual([expect.objectContaining({ version: 1, shipped: true })]);
      expect(p.title.zh.length).toBeGreaterThan(0);
    }
  });

  it('returns a pack with each level’s conditions in readable Chinese and English', async () => {
    const res = await get('/api/rules/coal-mine-2020', agent);
    expect(res.statusCode).toBe(200);
    const pack = res.json() as { version: number; levels: { id: string; conditions: { zh: string; en: string }[] }[]; fallback: string; facts: Record<string, { type: string }>; yaml: string };
    expect(pack.version).toBe(1);
    expect(pack.levels.map((l) => l.id)).toEqual(['一级', '二级', '三级']);
    expect(pack.fallback).toBe('不达标');
    const level1 = pack.levels[0].conditions;
    expect(level1.some((c) => c.zh.includes('加权总分') && c.zh.includes('90'))).toBe(true);
    expect(level1.some((c) => c.en.includes('weighted score'))).toBe(true);
    expect(pack.facts.partScores.type).toBe('score_map');
    expect(pack.yaml).toBe(shippedPackText('coal-mine-2020'));
  });

  it('answers 404 rule_pack_not_found for an unknown pack on every route', async () => {
    for (const res of [
      await get('/api/rules/no-such-pack', agent),
      await get('/api/rules/no-such-pack/versions/1', agent),
      await post('/api/rules/no-such-pack/evaluate', { facts: {}, asOf: '2026-10-15' }, agent),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('rule_pack_not_found');
    }
    const missingVersion = await get('/api/rules/coal-mine-2020/versions/7', agent);
    expect(missingVersion.statusCode).toBe(404);
    expect(missingVersion.json().code).toBe('rule_pack_version_not_found');
  });

  it('grades 二级 with the version used, and lists every failed condition of 一级', async () => {
    const res = await evaluateCoal(level2Facts);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as {
      level: string;
      version: number;
      packId: string;
      asOf: string;
      levelLabel: { zh: string };
      explain: { zh: string; ok: boolean }[];
      refused: { level: string; reasons: { zh: string; en: string; ok: boolean }[] }[];
    };
    expect(r).toMatchObject({ packId: 'coal-mine-2020', level: '二级', version: 1, asOf: '2026-10-15', levelLabel: { zh: '二级' } });
    expect(r.explain.length).toBeGreaterThan(0);
    expect(r.explain.every((x) => x.ok)).toBe(true);
    expect(r.refused.map((x) => x.level)).toEqual(['一级']);
    const why = r.refused[0].reasons.map((x) => x.zh).join('\n');
    expect(why).toMatch(/86\.5/); // weighted score below 90
    expect(why).toMatch(/通风/); // part 通风 88 < 90
    expect(why).toMatch(/2026-03-02/); // a general fatal accident within one year
    expect(r.refused[0].reasons.every((x) => !x.ok)).toBe(true);
  });

  it('counts the anniversary: on 2027-03-02 the general fatal accident of 2026-03-02 no longer refuses 一级', async () => {
    const facts = { ...level2Facts, weightedScore: 95, partScores: { 通风: 95 } };
    const dayBefore = (await evaluateCoal(facts, agent, { asOf: '2027-03-01' })).json();
    expect(dayBefore.level).toBe('二级');
    const anniversary = (await evaluateCoal(facts, agent, { asOf: '2027-03-02' })).json();
    expect(anniversary.level).toBe('一级');
  });

  it('refuses facts that do not fit the pack with 422 naming each field', async () => {
    const res = await evaluateCoal({ ...level2Facts, weightedScore: 'high', mineType: 'shaft', colour: 'red', events: [{ type: 'fatal_accident', date: '2026-13-01' }] });
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['facts.weightedScore', 'facts.mineType', 'facts.colour']));
    expect(fields.some((f) => f.startsWith('facts.events[0]') || f.startsWith('facts.events.0'))).toBe(true);
    const missing = await evaluateCoal({ mineType: 'underground' });
    expect(missing.statusCode).toBe(422);
    expect((missing.json().errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(['facts.basicConditionsMet', 'facts.weightedScore', 'facts.partScores']));
    const badDate = await evaluateCoal(level2Facts, agent, { asOf: '2026-02-30' });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json().errors[0].field).toBe('asOf');
  });

  it('evaluates as of today (local) when asOf is omitted', async () => {
    const res = await post('/api/rules/complaint-severity-pedal/evaluate', { facts: { defectRate: 0.3 } }, agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ level: '批量', asOf: '2026-10-15', version: 1 });
  });

  it('answers 403 to a non-administrator uploading a version', async () => {
    const res = await post('/api/rules/complaint-severity-pedal/versions', { yaml: shippedPackText('complaint-severity-pedal') }, agent);
    expect(res.statusCode).toBe(403);
  });

  it('refuses an invalid pack with 422 naming the path of each error, and keeps the version', async () => {
    const broken = shippedPackText('complaint-severity-pedal')!.replace('{ fact: defectRate, gte: 0.3 }', '{ fact: defectRat, gte: 0.3 }').replace('fallback: 一般', 'fallback: 特别');
    const res = await post('/api/rules/complaint-severity-pedal/versions', broken, admin, { 'content-type': 'text/yaml' });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; errors: { field: string; message: string }[] };
    expect(body.code).toBe('rule_pack_invalid');
    expect(body.errors.length).toBeGreaterThanOrEqual(1);
    expect(body.errors.some((e) => e.field.startsWith('levels[1].when') && e.message.includes('defectRat'))).toBe(true);
    const malformed = await post('/api/rules/complaint-severity-pedal/versions', { yaml: 'id: [unclosed' }, admin);
    expect(malformed.statusCode).toBe(422);
    const otherId = await post('/api/rules/complaint-severity-pedal/versions', { yaml: shippedPackText('complaint-severity-qa') }, admin);
    expect(otherId.statusCode).toBe(422);
    expect(otherId.json().errors[0].field).toBe('id');
    expect((await get('/api/rules/complaint-severity-pedal', agent)).json().latestVersion).toBe(1);
  });

  it('uploads version 2 as YAML; evaluations then use and name it, version 1 stays readable and usable', async () => {
    // The batch threshold goes from 30 % to 20 %.
    const v2 = shippedPackText('complaint-severity-pedal')!.replace('{ fact: defectRate, gte: 0.3 }', '{ fact: defectRate, gte: 0.2 }');
    const res = await post('/api/rules/complaint-severity-pedal/versions?note=20%25%20threshold', v2, admin, { 'content-type': 'text/yaml' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: 'complaint-severity-pedal', version: 2, latestVersion: 2, meta: { version: 2, note: '20% threshold', shipped: false } });

    const now = await post('/api/rules/complaint-severity-pedal/evaluate', { facts: { defectRate: 0.25 }, asOf: '2026-10-15' }, agent);
    expect(now.json()).toMatchObject({ level: '批量', version: 2 });
    const old = await post('/api/rules/complaint-severity-pedal/evaluate', { facts: { defectRate: 0.25 }, asOf: '2026-10-15', version: 1 }, agent);
    expect(old.json()).toMatchObject({ level: '一般', version: 1 });

    const list = (await get('/api/rules', agent)).json() as { id: string; latestVersion: number; versions: { version: number; createdBy: string | null }[] }[];
    const pedal = list.find((p) => p.id === 'complaint-severity-pedal')!;
    expect(pedal.latestVersion).toBe(2);
    expect(pedal.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(pedal.versions[1].createdBy).toBe('系统管理员');
    const v1 = (await get('/api/rules/complaint-severity-pedal/versions/1', agent)).json();
    expect(v1.yaml).toBe(shippedPackText('complaint-severity-pedal'));
    expect((await get('/api/rules/complaint-severity-pedal?version=2', agent)).json().yaml).toBe(v2);

    const audit = (await get('/api/audit?subjectType=rule_pack', admin)).json() as { items: { action: string; subjectId: string }[] };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'rules.version.create', subjectId: 'complaint-severity-pedal' }));
  });

  it('accepts JSON {yaml, note}, and a second instance evaluates with the new version at once', async () => {
    const sibling = await t.sibling();
    const siblingEval = async () =>
      (await sibling.app.inject({ method: 'POST', url: '/api/rules/complaint-severity-pedal/evaluate', headers: { cookie: agent }, payload: { facts: { defectRate: 0.15 }, asOf: '2026-10-15' } })).json();
    expect(await siblingEval()).toMatchObject({ level: '一般', version: 2 });
    const v3 = shippedPackText('complaint-severity-pedal')!.replace('{ fact: defectRate, gte: 0.3 }', '{ fact: defectRate, gte: 0.1 }');
    const res = await post('/api/rules/complaint-severity-pedal/versions', { yaml: v3, note: '10 %' }, admin);
    expect(res.statusCode, res.body).toBe(201);
    expect(await siblingEval()).toMatchObject({ level: '批量', version: 3 });
  });

  it('records a release’s changed shipped pack as the next version, but never over an administrator’s version', async () => {
    // As if the database had been used with an older release whose qa pack differed.
    const older = shippedPackText('complaint-severity-qa')!.replace('version: 1', 'version: 0');
    await t.ctx.db.updateTable('rule_pack_versions').set({ yaml: older }).where('pack_id', '=', 'complaint-severity-qa').execute();
    // What a process of the new release does once at its first use of the rules.
    await recordShippedPacks(t.ctx);
    const list = (await get('/api/rules', agent)).json() as { id: string; latestVersion: number; versions: { shipped: boolean; note: string | null }[] }[];
    const qa = list.find((p) => p.id === 'complaint-severity-qa')!;
    expect(qa.latestVersion).toBe(2);
    expect(qa.versions.map((v) => v.shipped)).toEqual([true, true]);
    const v2 = (await get('/api/rules/complaint-severity-qa/versions/2', agent)).json();
    expect(v2.yaml).toBe(shippedPackText('complaint-severity-qa'));
    // The pedal pack carries an administrator's versions 2 and 3: the release leaves it alone.
    expect(list.find((p) => p.id === 'complaint-severity-pedal')!.latestVersion).toBe(3);
  });

  it('serves other modules through evaluatePack, validatePackFacts and getActivePack', async () => {
    const r = await evaluatePack(t.ctx, 'accident-management', { deaths: 1 }, '2026-10-15');
    expect(r.version).toBe(1);
    expect(r.level).not.toBe('无');
    expect(await validatePackFacts(t.ctx, 'complaint-severity-qa', { nature: 42 })).toEqual([expect.objectContaining({ field: 'nature' })]);
    const active = await getActivePack(t.ctx, 'complaint-severity-pedal');
    expect(active.pack.version).toBe(3);
    await expect(evaluatePack(t.ctx, 'nope', {}, '2026-10-15')).rejects.toMatchObject({ status: 404, code: 'rule_pack_not_found' });
    await expect(evaluatePack(t.ctx, 'coal-mine-2020', { weightedScore: 200 }, '2026-10-15')).rejects.toMatchObject({ status: 422 });
  });
});
