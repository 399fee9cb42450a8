import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, scores2020, setupGrading, type Grading } from './grading-helpers';

// The pipeline of Art. 7 end to end (docs/grading.md#the-pipeline-art-7): apply → initial review with a hidden danger → assessment
// below the target (next grade down) → public notice with an objection → announcement.
describe.each(TEST_DIALECTS)('grading pipeline on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  let mineId: string;
  let appId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-09-01T02:00:00.000Z' });
    g = await setupGrading(t);
    mineId = await g.newMine('管道测试一号井');
  });
  afterAll(async () => t?.close());

  it('registers a mine under the enterprise in the org tree, visible to the mine’s parties only', async () => {
    const units = expectOk(await g.get('/api/units', 'enterprise')) as { id: string; parentId: string; kind: string }[];
    expect(units.find((u) => u.id === mineId)).toMatchObject({ parentId: g.units.enterprise, kind: 'mine' });
    const asProvince = expectOk(await g.get('/api/grading/mines', 'province')) as { id: string; grade: unknown }[];
    expect(asProvince.find((m) => m.id === mineId)).toMatchObject({ mineType: 'underground', grade: null });
    const asMine = expectOk(await g.get('/api/grading/mines', 'mine')) as { id: string }[];
    expect(asMine.map((m) => m.id)).not.toContain(mineId);
    expect((await g.get(`/api/grading/mines/${mineId}`, 'mine')).statusCode).toBe(404);
  });

  it('accepts an application for 一级 with a 60-working-day deadline and the rules’ proposed level with its reasons', async () => {
    const res = await g.post('/api/grading/applications', { mineId, targetLevel: '一级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(95), weightedScore: 95.5, basicConditionsMet: true } }, 'enterprise');
    const body = expectOk(res, 201);
    appId = body.id;
    expect(body).toMatchObject({ status: 'submitted', version: 1, proposedLevel: '一级' });
    // Received Tue 2026-09-01; 60 working days skip 中秋 (09-25) and 国庆 (10-01…07) and count 10-10 (调休): due 2026-11-30 18:00 CST.
    expect(body.deadline).toBe('2026-11-30T10:00:00.000Z');
    expect(body.explain.length).toBeGreaterThan(0);
    expect(body.application.initialReviewBody.id).toBe(g.units.province);
    expect(body.application.assessmentBody.id).toBe(g.units.national);
  });

  it('refuses a second open application for the same mine with 409', async () => {
    const res = await g.post('/api/grading/applications', { mineId, targetLevel: '二级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(85), weightedScore: 85, basicConditionsMet: true } }, 'enterprise');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('application_open');
  });

  it('accepts only one of two simultaneous applications for the same mine', async () => {
    const other = await g.newMine('管道测试并发矿');
    const body = { mineId: other, targetLevel: '三级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(75), weightedScore: 75, basicConditionsMet: true } };
    const sibling = await t.sibling();
    const [a, b] = await Promise.all([
      g.post('/api/grading/applications', body, 'enterprise'),
      sibling.app.inject({ method: 'POST', url: '/api/grading/applications', payload: body, headers: { cookie: g.cookies.enterprise } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });

  it('answers 403 when the national body or the mine tries to pass the province’s initial review', async () => {
    for (const who of ['national', 'enterprise'] as const) {
      const res = await g.act(appId, who, { action: 'initial_review_pass' });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses to pass the initial review with 409 naming each hidden danger not yet rectified', async () => {
    const rec = expectOk(await g.act(appId, 'province', { action: 'record_hidden_danger', description: '主通风机房备用风机未联动试验' }));
    expect(rec.status).toBe('initial_review');
    const res = await g.act(appId, 'province', { action: 'initial_review_pass' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('hidden_dangers_open');
    expect(res.json().messageZh).toContain('主通风机房备用风机未联动试验');
  });

  it('answers 409 stale_version when an action names a version that was overtaken', async () => {
    const res = await g.post(`/api/grading/applications/${appId}/actions`, { action: 'initial_review_pass', version: 1 }, 'province');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('stale_version');
  });

  it('passes the initial review once the mine filed the rectification report', async () => {
    const view = expectOk(await g.get(`/api/grading/applications/${appId}`, 'enterprise'));
    const hd = view.hiddenDangers[0];
    const fixed = expectOk(await g.act(appId, 'enterprise', { action: 'rectify_hidden_danger', hiddenDangerId: hd.id, report: '已完成备用风机联动试验，整改报告附后。' }));
    expect(fixed.hiddenDangers[0]).toMatchObject({ rectified: true, report: '已完成备用风机联动试验，整改报告附后。' });
    const passed = expectOk(await g.act(appId, 'province', { action: 'initial_review_pass' }));
    expect(passed.status).toBe('assessment');
  });

  it('answers 403 when the province tries to assess a 一级 application (the national authority assesses, Art. 6)', async () => {
    const res = await g.act(appId, 'province', { action: 'assess', partScores: scores2020(95), weightedScore: 95 });
    expect(res.statusCode).toBe(403);
  });

  it('continues at 二级 with the province as assessing body when the national assessment finds 二级 scores (Art. 7(5))', async () => {
    const res = expectOk(await g.act(appId, 'national', { action: 'assess', method: 'on_site', partScores: scores2020(86, { 通风: 84.5 }), weightedScore: 86.2 }));
    expect(res.status).toBe('assessment');
    expect(res.currentLevel).toBe('二级');
    expect(res.targetLevel).toBe('一级');
    expect(res.assessment.evaluation.level).toBe('二级');
    expect(res.decisions).toEqual([expect.objectContaining({ kind: 'step_down', fromLevel: '一级', toLevel: '二级' })]);
    expect(res.assessmentBody.id).toBe(g.units.province);
  });

  it('publishes the notice on the public site, where anyone may object without an account', async () => {
    expect((await g.act(appId, 'national', { action: 'publish_notice' })).statusCode).toBe(403);
    const res = expectOk(await g.act(appId, 'province', { action: 'publish_notice' }));
    expect(res.status).toBe('public_notice');
    // Published Tue 09-01 10:00 CST: the 5th working day after is Tue 09-08, closing 18:00 CST.
    expect(res.notice.runsUntil).toBe('2026-09-08T10:00:00.000Z');
    const notices = expectOk(await g.get('/api/public/grading/notices', null)) as { id: string; mineName: string; level: string }[];
    const mine = notices.find((n) => n.mineName === '管道测试一号井')!;
    expect(mine.level).toBe('二级');
    const objection = await g.post(`/api/public/grading/notices/${mine.id}/objections`, { name: '张三', contact: '13800000000', text: '该矿上月井下仍有违规作业。' }, null);
    expect(objection.statusCode, objection.body).toBe(201);
  });

  it('refuses to announce with 409 while an objection is unresolved, even after the notice period', async () => {
    await g.setClock('2026-09-08T10:00:00.000Z');
    const res = await g.act(appId, 'province', { action: 'announce' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('objection_unresolved');
  });

  it('announces the grade with 3 years’ validity once the objection is resolved, and lists it publicly', async () => {
    const view = expectOk(await g.get(`/api/grading/applications/${appId}`, 'province'));
    const resolved = expectOk(await g.act(appId, 'province', { action: 'resolve_objection', objectionId: view.objections[0].id, upheld: false, resolution: '经核查，反映问题已于8月整改完毕。' }));
    expect(resolved.objections[0].status).toBe('dismissed');
    const announced = expectOk(await g.act(appId, 'province', { action: 'announce' }));
    expect(announced).toMatchObject({ status: 'announced', grantedLevel: '二级' });
    const mine = expectOk(await g.get(`/api/grading/mines/${mineId}`, 'enterprise'));
    expect(mine.grade).toMatchObject({ level: '二级', since: '2026-09-08', validUntil: '2029-09-08', reapplyBy: '2029-06-08', standard: 'coal-mine-2020' });
    expect(mine.history.map((h: { kind: string }) => h.kind)).toEqual(['graded']);
    const list = expectOk(await g.get('/api/public/grading/announcements', null)) as { mineName: string; kind: string; level: string; validUntil: string }[];
    expect(list.find((a) => a.mineName === '管道测试一号井')).toMatchObject({ kind: 'graded', level: '二级', validUntil: '2029-09-08' });
    const notices = expectOk(await g.get('/api/public/grading/notices', null)) as { mineName: string; status: string }[];
    expect(notices.find((n) => n.mineName === '管道测试一号井')!.status).toBe('closed');
  });

  it('stops the 60-working-day clock at the announcement', async () => {
    const view = expectOk(await g.get(`/api/grading/applications/${appId}`, 'province'));
    expect(view.deadlineClock).toMatchObject({ workingDaysUsed: 5, workingDaysLeft: 55, overdue: false });
    expect(view.allowedActions).toEqual([]);
  });

  it('audits every step of the application', async () => {
    const rows = await t.ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', appId).execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['grading.application.submit', 'grading.application.record_hidden_danger', 'grading.application.initial_review_pass', 'grading.application.assess', 'grading.application.publish_notice', 'grading.objection.file', 'grading.application.announce']),
    );
  });
});
