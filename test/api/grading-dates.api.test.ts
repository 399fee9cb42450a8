import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidityReminders } from '../../src/modules/grading/grading.supervision';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, scores2020, selfAssessment, setupGrading, type Grading } from './grading-helpers';

// The dated rules of docs/grading.md with the clock pinned: the 60-working-day clock, the ≥ 5-working-day notice,
// the bans and their anniversaries (docs/grading.md#date-conventions), expiry and the reminder 3 months before.
describe.each(TEST_DIALECTS)('grading dates on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-01-20T02:00:00.000Z' });
    g = await setupGrading(t);
  });
  afterAll(async () => t?.close());

  const applyRaw = (mineId: string, targetLevel: string, n: number, extra: Record<string, unknown> = {}) =>
    g.post('/api/grading/applications', { mineId, targetLevel, standard: 'coal-mine-2020', selfAssessment: selfAssessment(n), ...extra }, 'enterprise');

  it('puts the 60-working-day deadline of an application received 2026-01-20 past 春节 at 2026-04-21 18:00', async () => {
    const mine = await g.newMine('日期测试春节矿');
    const body = expectOk(await applyRaw(mine, '三级', 75, { receivedAt: '2026-01-20' }), 201);
    // 春节 2026-02-15…23 off, 02-14 and 02-28 (Saturdays) worked, 清明 04-04…06 off (a weekend and a Monday).
    expect(body.deadline).toBe('2026-04-21T10:00:00.000Z');
    expect(body.application.deadlineClock).toMatchObject({ workingDaysUsed: 0, workingDaysLeft: 60, overdue: false });
    expectOk(await g.act(body.id, 'enterprise', { action: 'withdraw', reason: '测试结束' }));
  });

  it('moves an open application’s deadline when an administrator makes a day inside it a day off', async () => {
    const mine = await g.newMine('日期测试调休矿');
    const { id } = await g.apply(mine, '三级', 75, { receivedAt: '2026-01-20' });
    const override = await g.put('/api/calendar/overrides/2026-03-10', { working: false, note: '测试：临时停工' });
    expect(override.statusCode, override.body).toBe(200);
    expect(expectOk(await g.get(`/api/grading/applications/${id}`, 'enterprise')).deadline).toBe('2026-04-22T10:00:00.000Z');
    expectOk(await g.act(id, 'enterprise', { action: 'withdraw' }));
  });

  it('refuses to announce on the 4th working day of a back-dated notice and announces at the close of the 5th', async () => {
    await g.setClock('2026-10-09T08:00:00.000Z');
    const mine = await g.newMine('日期测试公示矿');
    const { id } = await g.apply(mine, '二级', 86, { receivedAt: '2026-09-15' });
    expectOk(await g.act(id, 'province', { action: 'initial_review_pass' }));
    expectOk(await g.act(id, 'province', { action: 'assess', partScores: scores2020(85), weightedScore: 85 }));
    // Posted on the province's website on Mon 09-28 before it was recorded here: the period runs from then.
    const published = expectOk(await g.act(id, 'province', { action: 'publish_notice', publishedAt: '2026-09-28' }));
    // Working days after 09-28: 09-29, 09-30, (国庆 10-01…07 off), 10-08, 10-09, 10-10 (调休 Saturday) → closes 10-10 18:00.
    expect(published.notice.runsUntil).toBe('2026-10-10T10:00:00.000Z');
    const early = await g.act(id, 'province', { action: 'announce' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'notice_period_running', details: { runsUntil: '2026-10-10T10:00:00.000Z' } });
    expect(early.json().message).toContain('2026-10-10 18:00 Beijing time');
    expect(early.json().messageZh).toContain('北京时间2026-10-10 18:00后方可公告');
    await g.setClock('2026-10-10T09:59:00.000Z');
    expect((await g.act(id, 'province', { action: 'announce' })).statusCode).toBe(409);
    await g.setClock('2026-10-10T10:00:00.000Z');
    expect(expectOk(await g.act(id, 'province', { action: 'announce' })).grantedLevel).toBe('二级');
  });

  it('bars 二级 for a year after fraud, but not 三级, and accepts 二级 again on the anniversary', async () => {
    await g.setClock('2026-10-12T02:00:00.000Z');
    const mine = await g.newMine('日期测试造假矿');
    const { id } = await g.apply(mine, '二级', 86);
    const res = expectOk(await g.act(id, 'province', { action: 'find_fraud', reason: '自评材料中的通风测定记录系伪造' }));
    expect(res.status).toBe('disqualified');
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    expect(detail.bans).toEqual([expect.objectContaining({ scope: '二级及以上', until: '2027-10-12', cause: 'fraud' })]);
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['fraud']);

    await g.setClock('2027-10-11T02:00:00.000Z');
    const barred = await applyRaw(mine, '二级', 86);
    expect(barred.statusCode).toBe(422);
    expect(barred.json()).toMatchObject({ code: 'application_banned', details: { bans: [expect.objectContaining({ until: '2027-10-12' })] } });
    expect((await applyRaw(mine, '一级', 95)).statusCode).toBe(422);
    const third = expectOk(await applyRaw(mine, '三级', 75), 201);
    expectOk(await g.act(third.id, 'enterprise', { action: 'withdraw' }));

    await g.setClock('2027-10-12T02:00:00.000Z');
    expect((await applyRaw(mine, '二级', 86)).statusCode).toBe(201);
  });

  it('bars 一级 for a year after a downgrade, counted from the accident date, and accepts it on the anniversary', async () => {
    await g.setClock('2026-03-02T02:00:00.000Z');
    const mine = await g.newMine('日期测试降级矿');
    await g.giveGrade(mine, '一级', '2025-01-10', '2028-01-10', g.units.national);
    const ev = expectOk(await g.post(`/api/grading/mines/${mine}/events`, { type: 'fatal_accident', date: '2026-03-01', class: 'general' }, 'province'), 201);
    expect(ev.proposal).toMatchObject({ action: 'downgrade', toLevel: '三级', status: 'pending' });
    expectOk(await g.post(`/api/grading/proposals/${ev.proposal.id}/confirm`, { reason: '依第十一条第二项降为三级', version: 1 }, 'national'));
    await g.setClock('2027-02-28T02:00:00.000Z');
    const barred = await applyRaw(mine, '一级', 95);
    expect(barred.statusCode).toBe(422);
    expect(barred.json().details.bans).toEqual([expect.objectContaining({ scope: '一级', until: '2027-03-01', cause: 'downgraded' })]);
    await g.setClock('2027-03-01T02:00:00.000Z');
    const ok = expectOk(await applyRaw(mine, '一级', 95), 201);
    // The accident's one-year window (Art. 5 一级 case 2) also ends on the anniversary, so the rules allow 一级 again.
    expect(ok.proposedLevel).toBe('一级');
  });

  it('bars only 一级 for two years after a revocation and accepts it on the second anniversary', async () => {
    await g.setClock('2026-03-02T02:00:00.000Z');
    const mine = await g.newMine('日期测试撤消矿');
    await g.giveGrade(mine, '二级', '2025-06-01', '2028-06-01', g.units.province);
    const ev = expectOk(await g.post(`/api/grading/mines/${mine}/events`, { type: 'major_hidden_danger_production', date: '2026-03-02' }, 'province'), 201);
    expect(ev.proposal.action).toBe('revoke');
    expectOk(await g.post(`/api/grading/proposals/${ev.proposal.id}/confirm`, { reason: '存在重大事故隐患且组织生产', version: 1, stopProductionOrder: '晋煤安责停〔2026〕12号' }, 'province'));
    await g.setClock('2026-03-03T02:00:00.000Z');
    const second = expectOk(await applyRaw(mine, '二级', 86), 201);
    // The revocation for a major hidden danger keeps 二级 out for 6 months in the rules (Art. 5 二级 case 3), not as a ban.
    expect(second.proposedLevel).toBe('三级');
    expectOk(await g.act(second.id, 'enterprise', { action: 'withdraw' }));
    await g.setClock('2028-03-01T02:00:00.000Z');
    expect((await applyRaw(mine, '一级', 95)).statusCode).toBe(422);
    await g.setClock('2028-03-02T02:00:00.000Z');
    expect((await applyRaw(mine, '一级', 95)).statusCode).toBe(201);
  });

  it('reminds a mine once, 3 months before expiry, even with two instances running the job, and drops the grade on expiry', async () => {
    await g.setClock('2026-04-09T02:00:00.000Z');
    const mine = await g.newMine('日期测试到期矿');
    await g.giveGrade(mine, '三级', '2023-07-10', '2026-07-10', g.units.province);
    const remindersFor = async () => (await t.ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'notify').execute()).filter((r) => r.payload.includes('日期测试到期矿')).length;
    await runValidityReminders(t.ctx);
    expect(await remindersFor()).toBe(0);

    await g.setClock('2026-04-10T02:00:00.000Z');
    const sibling = await t.sibling();
    await Promise.all([runValidityReminders(t.ctx), runValidityReminders(sibling.ctx)]);
    await runValidityReminders(t.ctx);
    expect(await remindersFor()).toBe(1);
    const grade = await t.ctx.db.selectFrom('grading_grades').select('reminded_for').where('mine_id', '=', mine).executeTakeFirstOrThrow();
    expect(grade.reminded_for).toBe('2026-07-10');

    await g.setClock('2026-07-09T02:00:00.000Z');
    expect(expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise')).grade).toMatchObject({ level: '三级', validUntil: '2026-07-10' });
    await g.setClock('2026-07-10T02:00:00.000Z');
    expect(expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise')).grade).toBeNull();
    await runValidityReminders(t.ctx);
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    expect(detail.history.map((h: { kind: string; date: string }) => `${h.kind}:${h.date}`)).toEqual(['graded:2023-07-10', 'expired:2026-07-10']);
  });
});
