import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { expectOk, selfAssessment, setupGrading, type Grading } from './grading-helpers';

// Gaps closed after review: bans in the mines registry, self-assessment evidence linked to the application, the
// 60-working-day clock in the applications list, Chinese texts in Beijing time, proposal versions, withheld
// objectors, and the direct-extension window (定级办法 Art. 7–11; docs/grading.md#date-conventions).
describe.each(TEST_DIALECTS)('grading review gaps on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  beforeAll(async () => {
    // Tue 2026-09-01 10:00 Beijing time.
    t = await createTestApp(dialect, { now: '2026-09-01T02:00:00.000Z' });
    g = await setupGrading(t);
  });
  afterAll(async () => t?.close());

  const multipartPdf = (filename: string) => {
    const boundary = '----gaugereview';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from('%PDF-1.4\n自评佐证\n%%EOF'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };
  const upload = async (mineId: string, filename: string) => {
    const m = multipartPdf(filename);
    const res = await t.app.inject({ method: 'POST', url: `/api/grading/mines/${mineId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: g.cookies.enterprise } });
    return expectOk(res, 201) as { id: string; filename: string };
  };

  it('lists each mine’s bans in force (scope, until, reason) in the mines registry, so a barred mine is visible before it applies', async () => {
    const mine = await g.newMine('台账禁申测试矿');
    const app = await g.apply(mine, '三级', 75);
    expectOk(await g.act(app.id, 'province', { action: 'find_fraud', reason: '自评报告数据造假' }));
    const list = expectOk(await g.get('/api/grading/mines', 'enterprise')) as { id: string; bans: { scope: string; until: string; reason: string }[] }[];
    // Art. 7(3): fraud found on 2026-09-01 bars 二级 and above until the anniversary.
    expect(list.find((m) => m.id === mine)!.bans).toEqual([expect.objectContaining({ scope: '二级及以上', until: '2027-09-01', cause: 'fraud', reason: expect.any(String) })]);
    const clean = await g.newMine('台账无禁申矿');
    const again = expectOk(await g.get('/api/grading/mines', 'enterprise')) as { id: string; bans: unknown[] }[];
    expect(again.find((m) => m.id === clean)!.bans).toEqual([]);
  });

  it('links the evidence uploaded with a part-score self-assessment to the application and refuses another mine’s file', async () => {
    const mine = await g.newMine('佐证材料测试矿');
    const other = await g.newMine('佐证材料他矿');
    const own = await upload(mine, '自评佐证.pdf');
    const foreign = await upload(other, '他矿材料.pdf');
    const refused = await g.post('/api/grading/applications', { mineId: mine, targetLevel: '三级', standard: 'coal-mine-2020', selfAssessment: selfAssessment(75, { attachmentIds: [own.id, foreign.id] }) }, 'enterprise');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'selfAssessment.attachmentIds' })]);
    const app = await g.apply(mine, '三级', 75, { selfAssessment: selfAssessment(75, { attachmentIds: [own.id] }) });
    const view = expectOk(await g.get(`/api/grading/applications/${app.id}`, 'province'));
    expect(view.selfAssessment.attachmentIds).toEqual([own.id]);
    expect(view.attachments).toEqual([expect.objectContaining({ id: own.id, filename: '自评佐证.pdf', mime: 'application/pdf' })]);
  });

  it('shows the 60-working-day clock in the applications list: working days left, overdue, provisional', async () => {
    const fresh = await g.newMine('时钟测试新申请矿');
    const late = await g.newMine('时钟测试逾期矿');
    const a = await g.apply(fresh, '三级', 75);
    // Received 2026-03-02: 60 working days ended in late May, so by 2026-09-01 the clock has run out.
    const b = await g.apply(late, '三级', 75, { receivedAt: '2026-03-02' });
    const list = expectOk(await g.get('/api/grading/applications', 'province')) as { id: string; workingDaysLeft: number; overdue: boolean; deadlineProvisional: boolean; clockStopped: boolean }[];
    expect(list.find((x) => x.id === a.id)).toMatchObject({ workingDaysLeft: 60, overdue: false, deadlineProvisional: false, clockStopped: false });
    expect(list.find((x) => x.id === b.id)).toMatchObject({ workingDaysLeft: 0, overdue: true, clockStopped: false });
  });

  it('explains the deadline in Chinese first with Beijing local time, never a raw UTC instant', async () => {
    const mine = await g.newMine('时间文字测试矿');
    const app = await g.apply(mine, '三级', 75);
    const view = expectOk(await g.get(`/api/grading/applications/${app.id}`, 'enterprise'));
    // Due 2026-11-30 18:00 Beijing time (= 10:00Z), see grading-pipeline.api.test.ts.
    expect(view.deadlineClock.explain).toBe('自收到申请之日起60个工作日内完成考核定级（第七条），截止时间：北京时间2026-11-30 18:00');
    expect(view.deadlineClock.explainEn).toBe('Within 60 working days of receipt (Art. 7): due 2026-11-30 18:00 Beijing time');
  });

  it('withholds who objected from the mine once (withheld flag), and shows it to the authority', async () => {
    const mine = await g.newMine('异议保密测试矿');
    const app = await g.apply(mine, '三级', 75);
    expectOk(await g.act(app.id, 'province', { action: 'initial_review_pass' }));
    expectOk(await g.act(app.id, 'province', { action: 'assess', partScores: selfAssessment(75).partScores, weightedScore: 75 }));
    const published = expectOk(await g.act(app.id, 'province', { action: 'publish_notice' }));
    expect(published.notice.text).toContain('至北京时间2026-09-08 18:00止');
    expectOk(await g.post(`/api/public/grading/notices/${published.notice.id}/objections`, { name: '李四', contact: '13900000000', text: '该矿存在超能力生产。' }, null), 201);
    const asMine = expectOk(await g.get(`/api/grading/applications/${app.id}`, 'enterprise'));
    expect(asMine.objections[0]).toMatchObject({ withheld: true, name: '（保密）', contact: '（保密）' });
    const asProvince = expectOk(await g.get(`/api/grading/applications/${app.id}`, 'province'));
    expect(asProvince.objections[0]).toMatchObject({ withheld: false, name: '李四', contact: '13900000000' });
    const early = await g.act(app.id, 'province', { action: 'announce' });
    expect(early.statusCode).toBe(409);
    expect(early.json().messageZh).toContain('北京时间2026-09-08 18:00后方可公告');
  });

  it('requires the proposal version on confirm and dismiss, and answers 409 stale_version for an old one', async () => {
    const mine = await g.newMine('建议版本测试矿');
    await g.giveGrade(mine, '二级', '2025-06-01', '2028-06-01', g.units.province);
    const ev = expectOk(await g.post(`/api/grading/mines/${mine}/events`, { type: 'fatal_accident', class: 'general', date: '2026-08-20' }, 'province'), 201);
    const missing = await g.post(`/api/grading/proposals/${ev.proposal.id}/confirm`, { reason: '降为三级' }, 'province');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'version' })]);
    expect((await g.post(`/api/grading/proposals/${ev.proposal.id}/dismiss`, { reason: '复查' }, 'province')).statusCode).toBe(422);
    const stale = await g.post(`/api/grading/proposals/${ev.proposal.id}/confirm`, { reason: '降为三级', version: 7 }, 'province');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    const confirmed = expectOk(await g.post(`/api/grading/proposals/${ev.proposal.id}/confirm`, { reason: '依第十一条第二项降为三级', version: 1 }, 'province'));
    expect(confirmed.status).toBe('confirmed');
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    const downgraded = detail.history.find((h: { kind: string }) => h.kind === 'downgraded');
    expect(downgraded.reason).toContain('；确认理由：依第十一条第二项降为三级');
    expect(downgraded.reasonEn).toContain('confirmed: 依第十一条第二项降为三级');
  });

  it('refuses a direct-extension request earlier than 3 months before expiry with 422 naming the first day it may apply (Art. 10)', async () => {
    const mine = await g.newMine('延期窗口测试矿');
    await g.giveGrade(mine, '一级', '2024-12-01', '2027-12-01', g.units.national);
    const checklist = { commitment: true, zeroGasOverLimit: true, zeroOutburst: true, zeroWaterInrush: true, zeroSpontaneousCombustion: true, zeroRockBurst: true, faceMode: 'one_face', mechanisationPercent: 100 };
    const res = await g.post('/api/grading/extensions', { mineId: mine, checklist }, 'enterprise');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'extension_too_early', details: { opensOn: '2027-09-01', validUntil: '2027-12-01' } });
    expect(res.json().messageZh).toContain('2027-09-01起方可申请');
    // On the day the window opens the request is accepted.
    const near = await g.newMine('延期窗口开启矿');
    await g.giveGrade(near, '一级', '2023-12-01', '2026-12-01', g.units.national);
    expectOk(await g.post('/api/grading/extensions', { mineId: near, checklist }, 'enterprise'), 201);
  });

  it('summarises the year’s self-inspections of the 一级 mines for the national authority: done, missed, pending (Art. 11(6))', async () => {
    const level1 = await g.newMine('一级自查汇总矿');
    const level2 = await g.newMine('二级自查不汇总矿');
    await g.giveGrade(level1, '一级', '2025-10-01', '2028-10-01', g.units.national);
    await g.giveGrade(level2, '二级', '2025-10-01', '2028-10-01', g.units.province);
    expectOk(await g.post('/api/grading/self-inspections', { mineId: level1, scope: 'mine', period: '2026-Q1', inspectedOn: '2026-03-20', summary: '一季度自查，问题已整改', weightedScore: 91.5 }, 'enterprise'), 201);
    const report = expectOk(await g.get('/api/grading/self-inspections/level1-summary?year=2026', 'national'));
    expect(report.mines.map((m: { mineId: string }) => m.mineId)).toContain(level1);
    expect(report.mines.map((m: { mineId: string }) => m.mineId)).not.toContain(level2);
    const row = report.mines.find((m: { mineId: string }) => m.mineId === level1);
    // Today is 2026-09-01: Q1 recorded; Q2 and H1 ended without a record; Q3, Q4 and H2 still running or ahead.
    expect(row).toMatchObject({ done: 1, missed: 2, pending: 3, lowestScore: 91.5, since: '2025-10-01' });
    expect(row.periods.find((x: { period: string }) => x.period === '2026-Q1')).toMatchObject({ status: 'done', inspectedOn: '2026-03-20' });
    expect(row.periods.find((x: { period: string }) => x.period === '2026-H1')).toMatchObject({ scope: 'enterprise', status: 'missed' });
    expect((await g.get('/api/grading/self-inspections/level1-summary?year=2026', 'enterprise')).statusCode).toBe(403);
  });

  it('records the announcement in the history in Chinese with Beijing times, with an English note beside it', async () => {
    const mine = await g.newMine('公告文字测试矿');
    const app = await g.apply(mine, '三级', 75);
    expectOk(await g.act(app.id, 'province', { action: 'initial_review_pass' }));
    expectOk(await g.act(app.id, 'province', { action: 'assess', partScores: selfAssessment(75).partScores, weightedScore: 75 }));
    expectOk(await g.act(app.id, 'province', { action: 'publish_notice', publishedAt: '2026-08-31T06:40:00.000Z' }));
    await g.setClock('2026-09-07T10:00:00.000Z');
    expectOk(await g.act(app.id, 'province', { action: 'announce' }));
    const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
    expect(detail.history[0]).toMatchObject({
      kind: 'graded',
      reason: '经公示（2026-08-31 14:40起）无异议，公告确认为三级，有效期至2029-09-07',
      reasonEn: 'Announced as 三级 after the public notice from 2026-08-31 14:40 (Beijing time); valid until 2029-09-07',
    });
    expect(detail.history[0].reason).not.toMatch(/\d{2}:\d{2}:\d{2}/);
  });
});
