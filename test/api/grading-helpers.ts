import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { newId } from '../../src/platform/ids';
import type { TestApp } from '../helpers/test-app';

// Shared arrangements of the grading API suites (test/api/grading*.api.test.ts).

/** The 15 parts of the 2020 edition (policies/grading/coal-mine-2020.yaml). */
export const PARTS_2020 = [
  '理念目标和矿长安全承诺',
  '组织机构',
  '安全生产责任制及安全管理制度',
  '从业人员素质',
  '安全风险分级管控',
  '事故隐患排查治理',
  '通风',
  '地质灾害防治与测量',
  '采煤',
  '掘进',
  '机电',
  '运输',
  '调度和应急管理',
  '职业病危害防治和地面设施',
  '持续改进',
];

export const scores2020 = (n: number, overrides: Record<string, number> = {}) => ({ ...Object.fromEntries(PARTS_2020.map((p) => [p, n])), ...overrides });

export const selfAssessment = (n: number, extra: Record<string, unknown> = {}) => ({ partScores: scores2020(n), weightedScore: n, basicConditionsMet: true, ...extra });

export interface Grading {
  t: TestApp;
  cookies: Record<'admin' | 'mine' | 'enterprise' | 'province' | 'national', string>;
  units: { province: string; national: string; enterprise: string; localSupervision: string };
  get(url: string, who?: keyof Grading['cookies'] | null): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, who?: keyof Grading['cookies'] | null): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, who?: keyof Grading['cookies'] | null): Promise<LightMyRequestResponse>;
  newMine(name: string, mineType?: 'underground' | 'open_pit'): Promise<string>;
  apply(mineId: string, targetLevel: string, n: number, extra?: Record<string, unknown>): Promise<{ id: string; version: number }>;
  act(appId: string, who: keyof Grading['cookies'], body: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** Moves the pinned clock and signs everyone in again (sessions last 12 hours). */
  setClock(at: string): Promise<void>;
  /** Arrangement: give a mine a grade directly in the database (as if announced earlier). */
  giveGrade(mineId: string, level: string, since: string, validUntil: string, grantedBy: string): Promise<void>;
}

export async function setupGrading(t: TestApp): Promise<Grading> {
  const cookies = {
    admin: await t.login('admin'),
    mine: await t.login('mine'),
    enterprise: await t.login('enterprise'),
    province: await t.login('province'),
    national: await t.login('national'),
  };
  const unitRows = await t.ctx.db.selectFrom('units').select(['id', 'kind', 'name']).execute();
  const byKind = (k: string) => unitRows.find((u) => u.kind === k)!.id;
  const units = { province: byKind('provincial_authority'), national: byKind('national_authority'), enterprise: byKind('enterprise'), localSupervision: byKind('local_supervision') };
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, body: unknown, who: keyof typeof cookies | null | undefined) =>
    t.app.inject({ method, url, ...(body !== undefined && { payload: body as object }), headers: who ? { cookie: cookies[who] } : {} });
  const g: Grading = {
    t,
    cookies,
    units,
    get: (url, who = 'admin') => inject('GET', url, undefined, who),
    post: (url, body, who = 'admin') => inject('POST', url, body, who),
    put: (url, body, who = 'admin') => inject('PUT', url, body, who),
    async newMine(name, mineType = 'underground') {
      const res = await g.post('/api/grading/mines', { name, mineType, enterpriseId: units.enterprise }, 'enterprise');
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    },
    async apply(mineId, targetLevel, n, extra = {}) {
      const res = await g.post('/api/grading/applications', { mineId, targetLevel, standard: 'coal-mine-2020', selfAssessment: selfAssessment(n), ...extra }, 'enterprise');
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id as string, version: res.json().version as number };
    },
    async act(appId, who, body) {
      const current = await g.get(`/api/grading/applications/${appId}`, who);
      expect(current.statusCode, current.body).toBe(200);
      return g.post(`/api/grading/applications/${appId}/actions`, { version: current.json().version, ...body }, who);
    },
    async setClock(at) {
      t.clock.set(at);
      for (const who of Object.keys(cookies) as (keyof typeof cookies)[]) cookies[who] = await t.login(who);
    },
    async giveGrade(mineId, level, since, validUntil, grantedBy) {
      const at = t.clock.now().toISOString();
      await t.ctx.db.insertInto('grading_grades').values({ mine_id: mineId, level, since, valid_until: validUntil, standard: 'coal-mine-2020', granted_by: grantedBy, extended: 0, reminded_for: null, updated_at: at }).execute();
      await t.ctx.db
        .insertInto('grading_history')
        .values({ id: newId(), mine_id: mineId, date: since, kind: 'graded', level, from_level: null, event_type: null, event_class: null, reason: 'test arrangement', standard: 'coal-mine-2020', application_id: null, proposal_id: null, authority_id: grantedBy, stop_order: null, data: null, created_at: at, created_by: null })
        .execute();
    },
  };
  return g;
}

export function expectOk(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
