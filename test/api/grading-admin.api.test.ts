import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { PARTS_2020, expectOk, scores2020, setupGrading, type Grading } from './grading-helpers';

// Scoring templates and sheets (docs/grading.md#scoring-templates), per-province bodies (定级办法 Art. 6; docs/grading.md#who-acts-art-6), self-inspections and the bulletin (定级办法 Art. 11; docs/grading.md#supervision-art-11),
// direct extension (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10), evidence uploads and the public objection rate limit.
describe.each(TEST_DIALECTS)('grading administration on %s', (dialect) => {
  let t: TestApp;
  let g: Grading;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-05-11T02:00:00.000Z', config: { uploadMaxBytes: 2048, publicPortal: { maxRequests: 3, windowMs: 600_000 } } });
    g = await setupGrading(t);
  });
  afterAll(async () => t?.close());

  const scores2017ug = (n: number, tweak: Record<string, number> = {}) => ({
    ...Object.fromEntries(['安全风险分级管控', '事故隐患排查治理', '通风', '地质灾害防治与测量', '采煤', '掘进', '机电', '运输', '职业卫生', '安全培训和应急管理', '调度和地面设施'].map((p) => [p, n])),
    ...tweak,
  });

  describe('scoring templates', () => {
    it('ships coal-mine-2020 without weights and coal-mine-2017 with complete weights for both mine types', async () => {
      const list = expectOk(await g.get('/api/grading/templates', 'mine')) as { id: string; weightsComplete: Record<string, boolean> }[];
      expect(list.find((x) => x.id === 'coal-mine-2020')!.weightsComplete).toEqual({ underground: false, open_pit: false });
      expect(list.find((x) => x.id === 'coal-mine-2017')!.weightsComplete).toEqual({ underground: true, open_pit: true });
      const t2020 = expectOk(await g.get('/api/grading/templates/coal-mine-2020', 'mine'));
      expect(t2020.parts.map((p: { id: string }) => p.id)).toEqual(PARTS_2020);
      expect(t2020.parts.every((p: { weights: Record<string, unknown> }) => p.weights.underground === null)).toBe(true);
    });

    it('asks for the weighted total from the official sheet while the 2020 weights are not entered', async () => {
      const mine = await g.newMine('模板测试一号矿');
      const res = await g.post('/api/grading/applications', { mineId: mine, targetLevel: '三级', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(75), basicConditionsMet: true } }, 'enterprise');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'selfAssessment.weightedScore' })]);
    });

    it('computes the 2017 weighted total live with two decimals and the grade the rules give', async () => {
      const res = expectOk(await g.post('/api/grading/evaluate', { mineType: 'underground', standard: 'coal-mine-2017', selfAssessment: { partScores: scores2017ug(90, { 通风: 80.005 }), basicConditionsMet: true } }, 'mine'));
      // 0.84 × 90 + 0.16 × 80.005 = 88.4008
      expect(res.weightedScore).toBeCloseTo(88.4008, 9);
      expect(res).toMatchObject({ weightedScoreDisplay: '88.40', weightsSource: 'template' });
      expect(res.evaluation.level).toBe('二级');
      expect(JSON.stringify(res.evaluation.refused)).toContain('通风');
    });

    it('rejects weights that do not sum to 1 and stores valid ones as a new version, keeping the old one', async () => {
      const bad = await g.put('/api/grading/templates/coal-mine-2020/weights', { version: 1, mineType: 'underground', weights: Object.fromEntries(PARTS_2020.map((p) => [p, 0.06])) });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].message).toContain('sum');
      const weights = Object.fromEntries(PARTS_2020.map((p, i) => [p, i < 10 ? 0.06 : 0.08]));
      expect((await g.put('/api/grading/templates/coal-mine-2020/weights', { version: 1, mineType: 'underground', weights }, 'province')).statusCode).toBe(403);
      const ok = expectOk(await g.put('/api/grading/templates/coal-mine-2020/weights', { version: 1, mineType: 'underground', weights }));
      expect(ok).toMatchObject({ version: 2, source: 'database', weightsComplete: { underground: true, open_pit: false } });
      expect((await g.put('/api/grading/templates/coal-mine-2020/weights', { version: 1, mineType: 'underground', weights })).statusCode).toBe(409);
      const v1 = expectOk(await g.get('/api/grading/templates/coal-mine-2020?version=1'));
      expect(v1.weightsComplete.underground).toBe(false);
      const preview = expectOk(await g.post('/api/grading/evaluate', { mineType: 'underground', standard: 'coal-mine-2020', selfAssessment: { partScores: scores2020(80, { 持续改进: 90 }), basicConditionsMet: true } }, 'mine'));
      expect(preview.weightedScore).toBeCloseTo(80.8, 9);
    });

    it('loads a 2024-style edition with three part groups and item scoring, without a release', async () => {
      const edition = {
        id: 'coal-mine-2024',
        version: 1,
        title: { zh: '煤矿安全生产标准化管理体系（2024）', en: 'Coal mine standardisation (2024)' },
        edition: '2024',
        effectiveFrom: '2024-06-01',
        groups: [{ id: '安全基础管理', name: '安全基础管理', level1Min: 85 }, { id: '重大灾害防治', name: '重大灾害防治', level1Min: 90 }, { id: '专业管理', name: '专业管理', level1Min: 90 }],
        parts: [
          { id: '安全管理', name: '安全管理', group: '安全基础管理', mineTypes: ['underground'], weights: { underground: 0.4 }, items: [{ id: 'a1', title: '责任制', standardScore: 40 }, { id: 'a2', title: '制度', standardScore: 30 }, { id: 'a3', title: '冲击地压管理', standardScore: 30, mayBeNotApplicable: true }] },
          { id: '通风', name: '通风', group: '重大灾害防治', mineTypes: ['underground'], weights: { underground: 0.3 } },
          { id: '采煤', name: '采煤', group: '专业管理', mineTypes: ['underground'], weights: { underground: 0.3 } },
        ],
      };
      expect((await g.post('/api/grading/templates', { ...edition, parts: edition.parts.map((p) => ({ ...p, group: p.group === '通风' ? 'x' : p.group, weights: { underground: 0.3 } })) })).statusCode).toBe(422);
      const created = expectOk(await g.post('/api/grading/templates', edition), 201);
      expect(created.groups.map((x: { id: string }) => x.id)).toEqual(['安全基础管理', '重大灾害防治', '专业管理']);

      const mine = await g.newMine('模板测试2024矿');
      const sheet = expectOk(await g.post('/api/grading/sheets', { mineId: mine, standard: 'coal-mine-2024' }, 'enterprise'), 201);
      const saved = expectOk(
        await g.put(`/api/grading/sheets/${sheet.id}`, {
          version: sheet.version,
          entries: [{ itemId: 'a1', deductions: [{ points: 4, reason: '2名区队长未签订责任书' }, { points: 8, reason: '考核记录缺失' }] }, { itemId: 'a3', notApplicable: true }],
          partScores: { 通风: 92, 采煤: 88 },
          facts: { basicConditionsMet: true },
        }, 'enterprise'),
      );
      // 安全管理: (28 + 30) ÷ (100 − 30) × 100 = 82.857…; weighted 0.4 × 82.857 + 0.3 × 92 + 0.3 × 88 = 87.14
      expect(saved.parts[0]).toMatchObject({ partId: '安全管理', earned: 58, applicable: 70, display: '82.86' });
      expect(saved.computedWeightedScoreDisplay).toBe('87.14');
      expect(saved.evaluation.level).toBe('二级');
      expect(saved.errors).toEqual([]);
      const wrong = await g.put(`/api/grading/sheets/${sheet.id}`, { version: saved.version, entries: [{ itemId: 'a2', notApplicable: true }] }, 'enterprise');
      expect(wrong.statusCode).toBe(422);
    });
  });

  describe('per-province bodies', () => {
    it('defaults to the Art. 6 bodies and lets only an administrator change them, with optimistic concurrency', async () => {
      const cfg = expectOk(await g.get(`/api/grading/provinces/${g.units.province}/config`, 'province'));
      expect(cfg).toMatchObject({ isDefault: true, version: 0, levels: { 一级: { initialReviewBodyId: g.units.province, assessmentBodyId: g.units.national }, 三级: { assessmentBodyId: g.units.province } } });
      const levels = { ...cfg.levels, 三级: { initialReviewBodyId: g.units.localSupervision, assessmentBodyId: g.units.province } };
      expect((await g.put(`/api/grading/provinces/${g.units.province}/config`, { version: 0, levels }, 'province')).statusCode).toBe(403);
      const wrong = await g.put(`/api/grading/provinces/${g.units.province}/config`, { version: 0, levels: { ...levels, 一级: { initialReviewBodyId: g.units.province, assessmentBodyId: g.units.province } } });
      expect(wrong.statusCode).toBe(422);
      expect(expectOk(await g.put(`/api/grading/provinces/${g.units.province}/config`, { version: 0, levels })).version).toBe(1);
      expect((await g.put(`/api/grading/provinces/${g.units.province}/config`, { version: 0, levels })).statusCode).toBe(409);
    });

    it('routes a 三级 initial review to the configured local supervision body and refuses the province with 403', async () => {
      const user = await g.post('/api/users', { username: 'datong', displayName: '大同市监管局 审查员', unitId: g.units.localSupervision, password: 'ledger-pass-4821', roles: [{ role: 'province_reviewer', unitId: g.units.localSupervision }] });
      expect(user.statusCode, user.body).toBe(201);
      const local = await t.login('datong', 'ledger-pass-4821');
      const mine = await g.newMine('配置测试三级矿');
      const { id } = await g.apply(mine, '三级', 75);
      const view = expectOk(await g.get(`/api/grading/applications/${id}`, 'enterprise'));
      expect(view.initialReviewBody.id).toBe(g.units.localSupervision);
      expect((await g.act(id, 'province', { action: 'initial_review_pass' })).statusCode).toBe(403);
      const listed = (await t.app.inject({ method: 'GET', url: '/api/grading/applications', headers: { cookie: local } })).json() as { id: string }[];
      expect(listed.map((a) => a.id)).toContain(id);
      const pass = await t.app.inject({ method: 'POST', url: `/api/grading/applications/${id}/actions`, payload: { action: 'initial_review_pass', version: view.version }, headers: { cookie: local } });
      expect(pass.statusCode, pass.body).toBe(200);
      expect(pass.json().status).toBe('assessment');
    });
  });

  describe('self-inspections and bulletin', () => {
    it('schedules quarterly mine and half-yearly enterprise self-inspections and lists the overdue ones', async () => {
      const mine = await g.newMine('自查测试矿');
      await g.giveGrade(mine, '二级', '2025-12-20', '2028-12-20', g.units.province);
      const slots = expectOk(await g.get(`/api/grading/self-inspections?mineId=${mine}&year=2026`, 'enterprise')) as { scope: string; period: string; dueDate: string; overdue: boolean }[];
      expect(slots.map((s) => `${s.period}:${s.overdue}`)).toEqual(['2026-Q1:true', '2026-Q2:false', '2026-Q3:false', '2026-Q4:false', '2026-H1:false', '2026-H2:false']);
      const overdue = expectOk(await g.get('/api/grading/self-inspections/overdue', 'enterprise')) as { mineId: string; period: string }[];
      expect(overdue.filter((s) => s.mineId === mine).map((s) => s.period)).toEqual(['2025-Q4', '2025-H2', '2026-Q1']);
      expect((await g.post('/api/grading/self-inspections', { mineId: mine, scope: 'mine', period: '2026-H1', inspectedOn: '2026-03-20', summary: '全面自查' }, 'enterprise')).statusCode).toBe(422);
      const done = expectOk(await g.post('/api/grading/self-inspections', { mineId: mine, scope: 'mine', period: '2026-Q1', inspectedOn: '2026-03-20', summary: '一季度全面自查，发现问题12条，均已整改', weightedScore: 84.5 }, 'enterprise'), 201);
      expect(done.done.weightedScore).toBe(84.5);
      expect((await g.post('/api/grading/self-inspections', { mineId: mine, scope: 'mine', period: '2026-Q1', inspectedOn: '2026-03-21', summary: '重复' }, 'enterprise')).statusCode).toBe(409);
      const after = expectOk(await g.get('/api/grading/self-inspections/overdue', 'province')) as { mineId: string; period: string }[];
      expect(after.filter((s) => s.mineId === mine).map((s) => s.period)).toEqual(['2025-Q4', '2025-H2']);
    });

    it('prints the province’s yearly bulletin with the gradings of its mines', async () => {
      const b = expectOk(await g.get(`/api/grading/bulletins?authorityId=${g.units.province}&year=2024`, 'province'));
      expect(b).toMatchObject({ authorityName: '山西省煤矿安全生产标准化工作主管部门', year: 2024 });
      expect(b.gradings).toEqual([expect.objectContaining({ mineName: '晋北一号井工煤矿', level: '二级', date: '2024-05-20', enterpriseName: '晋北煤业集团有限公司' })]);
      expect(b.downgrades).toEqual([]);
      expect((await g.get(`/api/grading/bulletins?authorityId=${g.units.province}&year=2024`, 'mine')).statusCode).toBe(403);
    });
  });

  describe('direct extension of a 一级 grade', () => {
    it('checks the Art. 9 conditions, then takes the province’s review and the national filing to add 3 years', async () => {
      const mine = await g.newMine('延期测试矿');
      await g.giveGrade(mine, '一级', '2023-08-01', '2026-08-01', g.units.national);
      const checklist = { commitment: true, zeroGasOverLimit: true, zeroOutburst: true, zeroWaterInrush: true, zeroSpontaneousCombustion: true, zeroRockBurst: true, faceMode: 'two_faces', mechanisationPercent: 100 };
      const failed = await g.post('/api/grading/extensions', { mineId: mine, checklist: { ...checklist, faceMode: 'other' } }, 'enterprise');
      expect(failed.statusCode).toBe(422);
      expect(failed.json().errors).toEqual([expect.objectContaining({ field: 'checklist.faceMode' })]);
      const ext = expectOk(await g.post('/api/grading/extensions', { mineId: mine, checklist, evidence: [{ item: 'zeroGasOverLimit', text: '瓦斯监控系统三年报表' }] }, 'enterprise'), 201);
      expect(ext.status).toBe('submitted');
      expect((await g.post(`/api/grading/extensions/${ext.id}/actions`, { action: 'national_file', version: ext.version }, 'national')).statusCode).toBe(409);
      expect((await g.post(`/api/grading/extensions/${ext.id}/actions`, { action: 'province_approve', version: ext.version, localSupervisionOpinion: 'x' }, 'national')).statusCode).toBe(403);
      const approved = expectOk(await g.post(`/api/grading/extensions/${ext.id}/actions`, { action: 'province_approve', version: ext.version, localSupervisionOpinion: '大同市监管局：三年内无死亡事故，无重大隐患组织生产' }, 'province'));
      const filed = expectOk(await g.post(`/api/grading/extensions/${ext.id}/actions`, { action: 'national_file', version: approved.version }, 'national'));
      expect(filed).toMatchObject({ status: 'filed', validUntilBefore: '2026-08-01', validUntilAfter: '2029-08-01' });
      const detail = expectOk(await g.get(`/api/grading/mines/${mine}`, 'enterprise'));
      expect(detail.grade).toMatchObject({ level: '一级', validUntil: '2029-08-01', extended: true, reapplyBy: '2029-05-01' });
      const ann = expectOk(await g.get('/api/public/grading/announcements', null)) as { mineName: string; kind: string }[];
      expect(ann.find((a) => a.mineName === '延期测试矿')!.kind).toBe('extended');
    });
  });

  describe('evidence and the public form', () => {
    const multipart = (filename: string, content: Buffer) => {
      const boundary = '----gaugeboundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    const upload = async (mineId: string, filename: string, content: Buffer) => {
      const m = multipart(filename, content);
      return t.app.inject({ method: 'POST', url: `/api/grading/mines/${mineId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: g.cookies.mine } });
    };

    it('stores a PDF as evidence and refuses other types, disguised files and files over the size limit', async () => {
      const mineId = (expectOk(await g.get('/api/grading/mines', 'mine')) as { id: string }[])[0].id;
      const pdf = Buffer.from('%PDF-1.4\n整改报告\n%%EOF');
      const ok = expectOk(await upload(mineId, '整改报告.pdf', pdf), 201);
      expect(ok).toMatchObject({ mime: 'application/pdf', size: pdf.length });
      const back = await t.app.inject({ method: 'GET', url: `/api/grading/attachments/${ok.id}`, headers: { cookie: g.cookies.province } });
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect(back.rawPayload.equals(pdf)).toBe(true);
      expect((await upload(mineId, 'tool.exe', Buffer.from('MZ....'))).statusCode).toBe(415);
      expect((await upload(mineId, 'photo.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).statusCode).toBe(415);
      expect((await upload(mineId, 'big.pdf', Buffer.concat([Buffer.from('%PDF'), Buffer.alloc(4096)]))).statusCode).toBe(413);
    });

    it('rate-limits public objections per address with 429', async () => {
      const notice = (expectOk(await g.get('/api/public/grading/notices', null)) as { id: string; status: string }[]).find((n) => n.status === 'open')!;
      const file = () => t.app.inject({ method: 'POST', url: `/api/public/grading/notices/${notice.id}/objections`, payload: { name: '李四', contact: 'lisi@example.com', text: '公示内容与实际不符。' }, remoteAddress: '203.0.113.9' });
      expect((await file()).statusCode).toBe(201);
      expect((await file()).statusCode).toBe(201);
      expect((await file()).statusCode).toBe(201);
      const limited = await file();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      const other = await t.app.inject({ method: 'POST', url: `/api/public/grading/notices/${notice.id}/objections`, payload: { name: '王五', contact: '13900000000', text: '另一地址的异议。' }, remoteAddress: '203.0.113.10' });
      expect(other.statusCode).toBe(201);
    });

    it('answers 422 for an objection without text and 404 for an unknown notice', async () => {
      expect((await g.post('/api/public/grading/notices/nope/objections', { name: 'a', contact: 'b', text: '' }, null)).statusCode).toBe(422);
      expect((await t.app.inject({ method: 'POST', url: '/api/public/grading/notices/nope/objections', payload: { name: 'a', contact: 'b', text: '一条异议内容' }, remoteAddress: '198.51.100.7' })).statusCode).toBe(404);
    });
  });
});
