import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, scores2020, setupGrading, type Grading } from './grading-helpers';

// Supervision (Art. 11, docs/grading.md#supervision-art-11): each event on each grade → the proposal; confirmation by the granting body.
describe.each(TEST_DIALECTS)('grading supervision on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    g = await setupGrading(t);
  });
  afterAll(async () => t?.close());

  let n = 0;
  const gradedMine = async (level: string, grantedBy: 'province' | 'national' = level === '一级' ? 'national' : 'province') => {
    const id = await g.newMine(`监管测试矿${++n}`);
    await g.giveGrade(id, level, '2025-01-10', '2028-01-10', g.units[grantedBy]);
    return id;
  };
  const event = async (mineId: string, body: Record<string, unknown>) => expectOk(await g.post(`/api/grading/mines/${mineId}/events`, body, 'province'), 201).proposal;

  it.each([
    ['一级', { type: 'fatal_accident', class: 'general' }, 'downgrade', '三级'],
    ['二级', { type: 'fatal_accident', class: 'general' }, 'downgrade', '三级'],
    ['三级', { type: 'fatal_accident', class: 'general' }, 'revoke', undefined],
    ['一级', { type: 'fatal_accident', class: 'larger' }, 'revoke', undefined],
    ['二级', { type: 'fatal_accident', class: 'especially_major' }, 'revoke', undefined],
    ['一级', { type: 'major_hidden_danger_production' }, 'revoke', undefined],
    ['三级', { type: 'major_hidden_danger_production' }, 'revoke', undefined],
    ['一级', { type: 'failed_inspection' }, 'downgrade', '二级'],
    ['二级', { type: 'spot_check_failed' }, 'downgrade', '三级'],
    ['三级', { type: 'failed_inspection' }, 'revoke', undefined],
  ] as const)('proposes for a %s mine after %j: %s %s', async (level, body, action, toLevel) => {
    const mine = await gradedMine(level);
    const proposal = await event(mine, { ...body, date: '2026-03-01' });
    expect(proposal.action).toBe(action);
    expect(proposal.toLevel).toBe(toLevel);
    expect(proposal.status).toBe('pending');
  });

  it('proposes the level the scores found at a spot-check support (一级 mine scoring 三级 → 三级)', async () => {
    const mine = await gradedMine('一级');
    const proposal = await event(mine, { type: 'spot_check_failed', date: '2026-03-01', partScores: scores2020(75), weightedScore: 75.5 });
    expect(proposal).toMatchObject({ action: 'downgrade', toLevel: '三级' });
  });

  it('revokes after a shutdown of more than six calendar months and proposes nothing for exactly six', async () => {
    const longer = await gradedMine('二级');
    expect((await event(longer, { type: 'shutdown_started', date: '2025-08-31' })).action).toBe('none');
    expect(await event(longer, { type: 'shutdown_ended', date: '2026-03-01' })).toMatchObject({ action: 'revoke' });
    const exact = await gradedMine('二级');
    await event(exact, { type: 'shutdown_started', date: '2025-09-01' });
    expect(await event(exact, { type: 'shutdown_ended', date: '2026-03-01' })).toMatchObject({ action: 'none', status: 'not_needed' });
  });

  it('proposes nothing for a mine without a grade, but keeps the event in its history', async () => {
    const mine = await g.newMine(`监管测试矿${++n}`);
    expect((await event(mine, { type: 'fatal_accident', class: 'general', date: '2026-03-01' })).action).toBe('none');
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    expect(detail.history).toEqual([expect.objectContaining({ kind: 'event', eventType: 'fatal_accident', eventClass: 'general' })]);
  });

  it('answers 403 when the mine itself records a supervision event', async () => {
    const mine = await gradedMine('二级');
    expect((await g.post(`/api/grading/mines/${mine}/events`, { type: 'fatal_accident', class: 'general', date: '2026-03-01' }, 'enterprise')).statusCode).toBe(403);
  });

  it('lets only the body that granted the grade confirm, then lowers it, announces it and records it in the history', async () => {
    const mine = await gradedMine('一级');
    const proposal = await event(mine, { type: 'fatal_accident', class: 'general', date: '2026-03-01' });
    expect((await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '降为三级', version: 1 }, 'province')).statusCode).toBe(403);
    const confirmed = expectOk(await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '依第十一条第二项降为三级', version: 1 }, 'national'));
    expect(confirmed).toMatchObject({ status: 'confirmed', decisionReason: '依第十一条第二项降为三级' });
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    expect(detail.grade).toMatchObject({ level: '三级', validUntil: '2028-01-10' });
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['graded', 'event', 'downgraded']);
    const ann = expectOk(await g.get('/api/public/grading/announcements', null)) as { mineName: string; kind: string; level: string; fromLevel: string }[];
    expect(ann.find((a) => a.mineName === detail.name)).toMatchObject({ kind: 'downgraded', level: '三级', fromLevel: '一级' });
    expect((await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '再次确认', version: 1 }, 'national')).statusCode).toBe(409);
  });

  it('requires the stop-production order with a revocation and records it', async () => {
    const mine = await gradedMine('二级');
    const proposal = await event(mine, { type: 'fatal_accident', class: 'larger', date: '2026-03-01' });
    const missing = await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '较大事故，撤消等级', version: 1 }, 'province');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('stopProductionOrder');
    expectOk(await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '较大事故，撤消等级', version: 1, stopProductionOrder: '晋煤安责停〔2026〕3号' }, 'province'));
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'province'));
    expect(detail.grade).toBeNull();
    expect(detail.history.at(-1)).toMatchObject({ kind: 'revoked', fromLevel: '二级', stopProductionOrder: '晋煤安责停〔2026〕3号', date: '2026-03-01' });
    expect(detail.bans).toEqual([expect.objectContaining({ scope: '一级', until: '2028-03-01', cause: 'revoked' })]);
  });

  it('lets a later evaluation see the recorded accident: a 二级 application within 6 months of a general fatal accident is proposed 三级', async () => {
    const mine = await g.newMine(`监管测试矿${++n}`);
    await event(mine, { type: 'fatal_accident', class: 'general', date: '2026-01-15' });
    const app = expectOk(await g.post('/api/grading/applications', { mineId: mine, targetLevel: '二级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(88), weightedScore: 88, basicConditionsMet: true } }, 'enterprise'), 201);
    expect(app.proposedLevel).toBe('三级');
    expect(JSON.stringify(app.application.evaluation.refused)).toContain('2026-01-15');
  });

  it('judges an event dated before the current announcement by the grade held that day and lowers the current grade', async () => {
    // 二级 since 2024-05-20, announced 二级 again today (2026-03-02) as the pipeline's announce step does: the grade
    // row restarts today and the history gains a second 'graded' entry.
    const mine = await g.newMine(`监管测试矿${++n}`);
    await g.giveGrade(mine, '二级', '2024-05-20', '2027-05-20', g.units.province);
    const at = t.clock.now().toISOString();
    await t.ctx.db.updateTable('grading_grades').set({ since: '2026-03-02', valid_until: '2029-03-02', updated_at: at }).where('mine_id', '=', mine).execute();
    await t.ctx.db
      .insertInto('grading_history')
      .values({ id: newId(), mine_id: mine, date: '2026-03-02', kind: 'graded', level: '二级', from_level: '二级', event_type: null, event_class: null, reason: 'test arrangement: announced again', standard: 'coal-mine-2020', application_id: null, proposal_id: null, authority_id: g.units.province, stop_order: null, data: null, created_at: at, created_by: null })
      .execute();

    // A general fatal accident two weeks ago: the mine held its 2024 二级 that day (Art. 11(2) → 三级).
    const proposal = await event(mine, { type: 'fatal_accident', class: 'general', date: '2026-02-16' });
    expect(proposal).toMatchObject({ action: 'downgrade', toLevel: '三级', status: 'pending' });
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'province'));
    expect(detail.history.find((h: { kind: string }) => h.kind === 'event')).toMatchObject({ eventType: 'fatal_accident', level: '二级', date: '2026-02-16' });

    // Confirmed, it lowers the grade held now — today's announcement keeps its validity — from the event date.
    expectOk(await g.post(`/api/grading/proposals/${proposal.id}/confirm`, { reason: '依第十一条第二项降为三级', version: 1 }, 'province'));
    const after = expectOk(await g.get(`/api/grading/mines/${mine}`, 'province'));
    expect(after.grade).toMatchObject({ level: '三级', validUntil: '2029-03-02' });
    expect(after.history.find((h: { kind: string }) => h.kind === 'downgraded')).toMatchObject({ fromLevel: '二级', level: '三级', date: '2026-02-16' });
  });

  it('proposes nothing for an event before a mine’s first grade', async () => {
    const mine = await g.newMine(`监管测试矿${++n}`);
    await g.giveGrade(mine, '二级', '2026-03-02', '2029-03-02', g.units.province);
    expect(await event(mine, { type: 'fatal_accident', class: 'general', date: '2026-02-16' })).toMatchObject({ action: 'none', status: 'not_needed' });
  });

  it('dismisses a proposal with a reason and leaves the grade', async () => {
    const mine = await gradedMine('二级');
    const proposal = await event(mine, { type: 'failed_inspection', date: '2026-03-01' });
    const res = expectOk(await g.post(`/api/grading/proposals/${proposal.id}/dismiss`, { reason: '复查合格', version: 1 }, 'province'));
    expect(res.status).toBe('dismissed');
    expect(expectOk(await g.get(`/api/grading/mines/${mine}`, 'province')).grade.level).toBe('二级');
    const pending = expectOk(await g.get('/api/grading/proposals?status=pending', 'province')) as { id: string }[];
    expect(pending.map((p) => p.id)).not.toContain(proposal.id);
  });
});
