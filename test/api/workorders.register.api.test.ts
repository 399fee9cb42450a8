import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, REPORT_8D, api, type Api } from './workorders.fixtures';

// The register as .xlsx (export with filters, import with per-row errors), the reports (用户抱怨制度 cl. 7-3, 7-4; docs/workorders.md#reports) and the
// policy as versioned data (docs/workorders.md#policy-format-policiescomplaint-policyyaml).

function multipart(filename: string, content: Buffer, mime: string) {
  const boundary = '----gaugeboundary7MA4YWxk';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(TEST_DIALECTS)('register, reports and policy on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
  });
  afterAll(async () => t?.close());

  const upload = async (who: string, filename: string, content: Buffer, mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') => {
    const m = multipart(filename, content, mime);
    const cookie = await t.login(who);
    return t.app.inject({ method: 'POST', url: '/api/workorders/import', payload: m.payload, headers: { ...m.headers, cookie } });
  };

  it('exports the filtered register as an .xlsx that exceljs opens, with the 登记表 columns', async () => {
    await a.create({ ...QUALITY_COMPLAINT, problemCategory: '导出' });
    await a.create({ kind: 'suggestion', channel: 'web', problem: '导出建议' });
    const res = await a.get('/api/workorders/export.xlsx?kind=complaint', 'clerk');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('客户投诉登记表')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.getRow(1).getCell(12).value).toBe('问题描述');
    const kinds = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 1) kinds.add(String(row.getCell(2).value));
    });
    expect([...kinds]).toEqual(['投诉']);
    expect(ws.rowCount).toBeGreaterThanOrEqual(2);
    // Labels as the UI shows them (one shared table): 产品质量, not 质量; 电话; the next deadline by its name.
    const quality = ws.getRow(2);
    expect(quality.getCell(3).value).toBe('电话');
    expect(quality.getCell(4).value).toBe('产品质量');
    expect(String(quality.getCell(22).value)).toMatch(/^派单（处理单发出） 2026-03-02 11:00$/);
  });

  it('imports nothing from a sheet with bad rows and reports each bad row with its row number and field', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户投诉登记表');
    ws.addRow(['类型', '渠道', '类别', '客户名称', '产品编号', '问题描述', '问题类别', '出货日期', '出货数量', '批量', '不良数', '发现地点']);
    ws.addRow(['投诉', '电话', '产品质量', '导入客户甲', 'HR-IMP-1', '标签错误', '标签错误', '2026-02-25', 500, 500, 10, '仓库']);
    ws.addRow(['投诉', '电话', '质量', '导入客户乙', '', '短装', '短装', '2026-02-25', 500, '', '', '']);
    ws.addRow(['建议', '意见箱', '', '导入客户丙', '', '希望提供电子质保书', '', '', '', '', '', '']);
    // An older register's short word (质量) still imports; an unknown channel is reported in Chinese.
    ws.addRow(['投诉', '飞鸽', '服务', '导入客户丁', '', '态度', '', '', '', '', '', '']);
    ws.addRow(['投诉', '电话', '质量', '导入客户戊', 'HR-IMP-2', '短装', '短装', '2026-02-26', '五百', 500, 10, '仓库']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('clerk', 'register.xlsx', buf);
    // All or nothing (docs/workorders.md "Import"): the two good rows wait until the bad ones are corrected.
    expect(res.statusCode).toBe(422);
    const body = res.json();
    type ImportError = { row: number; field: string; column: string; message: string };
    const errors = body.details.rows as ImportError[];
    expect(body.errors).toContainEqual({ field: 'rows.6.出货数量', message: '「出货数量」须为数字（shipQuantity: a number is required）' });
    expect([...new Set(errors.map((e) => e.row))].sort()).toEqual([3, 5, 6]);
    expect(errors.filter((e) => e.row === 3).map((e) => e.field).sort()).toEqual(['defectRate', 'foundAt', 'productCode']);
    expect(errors.find((e) => e.row === 3 && e.field === 'productCode')).toMatchObject({ column: '产品编号', message: '「产品编号」必填 / productCode is required' });
    // Chinese first, naming the column and its choices by the UI's labels — not Zod's "Invalid option: expected one of".
    const channel = errors.find((e) => e.row === 5)!;
    expect(channel).toMatchObject({ field: 'channel', column: '渠道' });
    expect(channel.message).toMatch(/^「渠道」须为以下之一：电话、口头\/现场、书面信函/);
    expect(channel.message).not.toContain('Invalid option');
    expect(errors.find((e) => e.row === 6)).toMatchObject({ field: 'shipQuantity', column: '出货数量', message: '「出货数量」须为数字（shipQuantity: a number is required）' });
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent('导入客户')}`, 'clerk')).json();
    expect(list.items).toHaveLength(0);
  });

  it('refuses a register of more than 5,000 rows with 422 import_too_large, importing nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户投诉登记表');
    ws.addRow(['类型', '渠道', '问题描述']);
    for (let i = 0; i < 5001; i++) ws.addRow(['建议', '意见箱', `超限 ${i}`]);
    const res = await upload('clerk', 'big.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_too_large', details: { maxRows: 5000 } });
    expect(res.json().messageZh).toContain('一次最多导入 5000 行');
    const list = (await a.get(`/api/workorders?q=${encodeURIComponent('超限')}`, 'clerk')).json();
    expect(list.items).toHaveLength(0);
  });

  it('refuses a file that is not an .xlsx workbook with 415', async () => {
    const res = await upload('clerk', 'register.csv', Buffer.from('类型,渠道\n投诉,电话\n'), 'text/csv');
    expect(res.statusCode).toBe(415);
    const fake = await upload('clerk', 'fake.xlsx', Buffer.from('not a zip at all'));
    expect(fake.statusCode).toBe(415);
  });

  it('reports counts by kind, on-time rate per deadline, satisfaction and overdue now', async () => {
    const wo = await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '报表客户', problem: '报表' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    await a.step(wo.id, 'reply', 'agent', { message: '已处理' });
    await a.step(wo.id, 'callback', 'callback', { satisfied: true });
    const res = await a.get('/api/reports/workorders?from=2026-03-01&to=2026-03-31&groupBy=kind', 'supervisor');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const counts = Object.fromEntries(r.groups.map((g: { key: string; count: number }) => [g.key, g.count]));
    const list = (await a.get('/api/workorders?limit=200&from=2026-03-01&to=2026-03-31', 'supervisor')).json();
    const byKind = list.items.reduce((m: Record<string, number>, i: { kind: string }) => ({ ...m, [i.kind]: (m[i.kind] ?? 0) + 1 }), {});
    expect(counts).toEqual(byKind);
    expect(r.total).toBe(list.items.length);
    const reply = r.onTime.find((x: { deadline: string }) => x.deadline === 'reply');
    expect(reply.met).toBeGreaterThanOrEqual(1);
    expect(reply.rate).toBe(1);
    expect(r.satisfaction).toEqual({ callbacks: 1, satisfied: 1, rate: 1 });
    const overdue = (await a.get('/api/workorders?limit=200&overdue=true', 'supervisor')).json();
    expect(r.overdueNow).toBe(overdue.items.length);
    const byDept = (await a.get('/api/reports/workorders?from=2026-03-01&to=2026-03-31&groupBy=department', 'supervisor')).json();
    const inProduction = (await a.get(`/api/workorders?limit=200&from=2026-03-01&to=2026-03-31&department=${production}`, 'supervisor')).json();
    expect(byDept.groups.find((g: { label: string }) => g.label === '生产部').count).toBe(inProduction.items.length);
    // The single form also lists its one grouping.
    expect(r.groupings).toEqual([{ groupBy: 'kind', groups: r.groups }]);
  });

  it('lists a problem repeated on the same product in the period, and never a group without product or category', async () => {
    const body = { ...QUALITY_COMPLAINT, productCode: 'REP-TEST-9', problemCategory: '主轴断裂', problem: '主轴断裂（重复问题测试）' };
    await a.create(body);
    await a.create(body);
    // Two without product or category: their NULL group must not be listed as a repeat.
    for (let i = 0; i < 2; i++) await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: '无产品的服务投诉', contactPhone: '13900000000', problem: '态度不好' });
    const r = (await a.get('/api/reports/workorders?from=2026-03-01&to=2026-03-31&groupBy=kind', 'supervisor')).json();
    const rep = r.repeats.find((x: { productCode: string }) => x.productCode === 'REP-TEST-9');
    expect(rep).toMatchObject({ problemCategory: '主轴断裂' });
    expect(rep.count).toBeGreaterThanOrEqual(2);
    for (const x of r.repeats) {
      expect(x.productCode).toBeTruthy();
      expect(x.problemCategory).toBeTruthy();
    }
  });

  it('answers several groupBy values in one request, each as the single form would, and refuses an unknown one with 422', async () => {
    const base = '/api/reports/workorders?from=2026-03-01&to=2026-03-31';
    const res = await a.get(`${base}&groupBy=kind,channel,severity`, 'supervisor');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.groupBy).toBe('kind');
    expect(r.groupings.map((g: { groupBy: string }) => g.groupBy)).toEqual(['kind', 'channel', 'severity']);
    for (const by of ['kind', 'channel', 'severity']) {
      const single = (await a.get(`${base}&groupBy=${by}`, 'supervisor')).json();
      expect(r.groupings.find((g: { groupBy: string }) => g.groupBy === by).groups).toEqual(single.groups);
    }
    // Channel labels are the UI's (电话), from the shared table.
    expect(r.groupings[1].groups.find((g: { key: string }) => g.key === 'phone').label).toBe('电话');
    expect((await a.get(`${base}&groupBy=kind,colour`, 'supervisor')).statusCode).toBe(422);
  });

  it('lists the approved 8D corrective actions in the monthly and quarterly reports', async () => {
    const wo = await a.create({ ...QUALITY_COMPLAINT, problemCategory: '月报' });
    await a.step(wo.id, 'dispatch', 'clerk', { departmentId: production });
    await a.step(wo.id, 'sign', 'dept');
    await a.step(wo.id, 'submit_8d', 'dept', { report: REPORT_8D });
    await a.step(wo.id, 'pass_8d', 'qe');
    await a.step(wo.id, 'approve_8d', 'manager');
    const monthly = (await a.get('/api/reports/workorders/monthly?period=2026-03', 'director')).json();
    expect(monthly).toMatchObject({ kind: 'monthly', from: '2026-03-01', to: '2026-03-31' });
    expect(monthly.correctiveActions).toEqual([expect.objectContaining({ number: wo.number, rootCause: REPORT_8D.d4RootCause, actions: REPORT_8D.d5Actions })]);
    const quarterly = (await a.get('/api/reports/workorders/quarterly?period=2026-Q1', 'director')).json();
    expect(quarterly).toMatchObject({ kind: 'quarterly', from: '2026-01-01', to: '2026-03-31' });
    const q1 = (await a.get('/api/workorders?limit=200&from=2026-01-01&to=2026-03-31', 'director')).json();
    expect(quarterly.total).toBe(q1.items.length);
    expect(quarterly.total).toBeGreaterThan(monthly.total); // the demo world's February cases
    expect((await a.get('/api/reports/workorders/monthly?period=2026-Q1', 'director')).statusCode).toBe(422);
    expect((await a.get('/api/reports/workorders?from=2026-03-01&to=2026-03-31', 'agent')).statusCode).toBe(403);
  });

  it('serves the shipped policy as version 1 and publishes a valid edit as version 2', async () => {
    const v1 = (await a.get('/api/workorders/policy', 'agent')).json();
    expect(v1.version).toBe(1);
    expect(v1.document.severity.pack).toBe('complaint-severity-pedal');
    const doc = { ...v1.document, warnAtFraction: 0.75 };
    expect((await a.put('/api/workorders/policy', { baseVersion: 1, document: doc }, 'agent')).statusCode).toBe(403);
    const res = await a.put('/api/workorders/policy', { baseVersion: 1, document: doc, note: '提前提醒' }, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(2);
    const stale = await a.put('/api/workorders/policy', { baseVersion: 1, document: doc }, 'admin');
    expect(stale.statusCode).toBe(409);
    const versions = (await a.get('/api/workorders/policy/versions', 'agent')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // New work orders record the version they were created under.
    const wo = await a.create({ kind: 'inquiry', channel: 'phone', problem: '策略版本' });
    expect((await a.view(wo.id)).policyVersion).toBe(2);
  });

  it('refuses an invalid policy with 422 naming each path', async () => {
    const v = (await a.get('/api/workorders/policy', 'admin')).json();
    const doc = structuredClone(v.document);
    doc.deadlines[0].unit = 'fortnights';
    doc.actions.sign = ['no_such_role'];
    doc.severity.pack = 'no-such-pack';
    const res = await a.put('/api/workorders/policy', { baseVersion: v.version, document: doc }, 'admin');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['deadlines.0.unit']);
    doc.deadlines[0].unit = 'hours';
    const res2 = await a.put('/api/workorders/policy', { baseVersion: v.version, document: doc }, 'admin');
    expect(res2.statusCode).toBe(422);
    expect(res2.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['actions.sign.0', 'severity.pack', 'severity.selectable'].sort());
  });
});
