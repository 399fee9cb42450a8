import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, setupGrading, type Grading } from './grading-helpers';

// The demo world's grading records (src/modules/grading/grading.seed.ts) and subtree scoping of the mines.
describe.each(TEST_DIALECTS)('grading demo and scoping on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    g = await setupGrading(t);
  });
  afterAll(async () => t?.close());

  it('shows each party only the mines its role covers', async () => {
    const names = async (who: 'mine' | 'enterprise' | 'province' | 'national') => (expectOk(await g.get('/api/grading/mines', who)) as { name: string }[]).map((m) => m.name).sort();
    expect(await names('mine')).toEqual(['晋北一号井工煤矿']);
    expect(await names('enterprise')).toEqual(['晋北一号井工煤矿', '晋北二号露天煤矿']);
    expect(await names('province')).toEqual(['晋北一号井工煤矿', '晋北二号露天煤矿']);
    expect(await names('national')).toEqual(['晋北一号井工煤矿', '晋北二号露天煤矿']);
    const agent = await t.login('agent');
    const res = await t.app.inject({ method: 'GET', url: '/api/grading/mines', headers: { cookie: agent } });
    expect(res.json()).toEqual([]);
  });

  it('gives the underground demo mine its 二级 grade announced 2024-05-20 with history and no open application', async () => {
    const list = expectOk(await g.get('/api/grading/mines', 'mine')) as { id: string }[];
    const mine = expectOk(await g.get(`/api/grading/mines/${list[0].id}`, 'mine'));
    expect(mine.grade).toMatchObject({ level: '二级', since: '2024-05-20', validUntil: '2027-05-20', reapplyBy: '2027-02-20' });
    expect(mine.history.map((h: { kind: string }) => h.kind)).toEqual(['graded', 'event', 'event', 'graded']);
    expect(mine.applications.map((a: { status: string }) => a.status).sort()).toEqual(['announced', 'announced', 'withdrawn']);
    expect(mine.bans).toEqual([]);
  });

  it('publishes the open-pit mine’s 三级 notice and the underground mine’s announcements on the public site', async () => {
    const notices = expectOk(await g.get('/api/public/grading/notices', null)) as { mineName: string; level: string; status: string }[];
    expect(notices).toEqual([expect.objectContaining({ mineName: '晋北二号露天煤矿', level: '三级', status: 'open' })]);
    const ann = expectOk(await g.get('/api/public/grading/announcements', null)) as { mineName: string; level: string }[];
    expect(ann.map((a) => `${a.mineName}:${a.level}`)).toEqual(['晋北一号井工煤矿:二级', '晋北一号井工煤矿:三级']);
  });

  it('lets the province register a mine without an enterprise directly under itself, and refuses the enterprise outside its subtree', async () => {
    const created = expectOk(await g.post('/api/grading/mines', { name: '省直管测试矿', mineType: 'open_pit', provinceId: g.units.province }, 'province'), 201);
    const mine = expectOk(await g.get(`/api/grading/mines/${created.id}`, 'national'));
    expect(mine).toMatchObject({ mineType: 'open_pit', enterpriseId: null, provinceId: g.units.province, grade: null, bans: [], history: [] });
    expect((await g.post('/api/grading/mines', { name: '越权测试矿', mineType: 'underground', provinceId: g.units.province }, 'enterprise')).statusCode).toBe(403);
    expect((await g.post('/api/grading/mines', { name: '无归属测试矿', mineType: 'underground' }, 'province')).statusCode).toBe(422);
    expect((await g.post('/api/grading/mines', { name: '越权测试矿', mineType: 'underground', enterpriseId: g.units.enterprise }, 'mine')).statusCode).toBe(403);
    expect((await g.get('/api/grading/mines/not-a-mine', 'national')).statusCode).toBe(404);
  });
});
