import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { pickUnit, submitAction } from './workorders.helpers';

// Issue 4: two people on one work order. The server answers a stale version with 409 stale_version and an action
// the status no longer allows with 409 and the allowed actions; the detail page reloads and says so plainly.
describe('complaint desk in Chromium: concurrent edits and English', { timeout: 90_000 }, () => {
  let env: BrowserEnv;

  beforeAll(async () => {
    env = await startBrowserEnv('sqlite', { now: '2026-03-02T02:00:00.000Z' });
  }, 120_000);
  afterAll(async () => env?.close());

  it('reloads and warns when someone else changed the work order, then names the actions still allowed', async () => {
    const clerk = await env.loginAs('clerk');
    const created = await clerk.request.post('/api/workorders', {
      data: { kind: 'complaint', channel: 'phone', category: 'service', customerName: '并发测试客户', problem: '送货司机态度差' },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await clerk.goto(`/workorders/${id}`);
    // The first page of a fresh session on a busy machine may take a while; the wait is the assertion.
    await visible(clerk.getByTestId('action-accept'), 30_000);

    // The supervisor accepts it in the meantime, from another session.
    const supervisor = await env.loginAs('supervisor');
    const accepted = await supervisor.request.post(`/api/workorders/${id}/actions`, { data: { action: 'accept', version: 1 } });
    expect(accepted.status()).toBe(200);

    await clerk.getByTestId('action-accept').click();
    const dialog = clerk.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await visible(dialog.getByText('该工单刚被他人修改，已重新加载最新内容。请核对后再次提交。'));
    await visible(clerk.getByTestId('wo-status').getByText('已受理', { exact: true }));
    // Submitting the same step again now meets the new status: 409 with what is allowed instead.
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await visible(dialog.getByText(/当前状态允许：.*派单/));
    await env.screenshot(clerk, 'workorders-conflict');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    // The panel itself offers only what the new status allows.
    expect(await clerk.getByTestId('action-accept').count()).toBe(0);
    await visible(clerk.getByTestId('action-dispatch'));
  });

  it('pauses every running clock for tests and samples, and moves a deadline only with the customer’s agreement', async () => {
    const clerk = await env.loginAs('clerk');
    const created = await clerk.request.post('/api/workorders', {
      data: { kind: 'complaint', channel: 'email', category: 'delivery', customerName: '延期测试客户', problem: '交货延迟三天' },
    });
    const { id } = (await created.json()) as { id: string };
    const units = (await (await clerk.request.get('/api/units')).json()) as { id: string; name: string }[];
    const production = units.find((u) => u.name === '生产部')!;
    expect((await clerk.request.post(`/api/workorders/${id}/actions`, { data: { action: 'dispatch', version: 1, departmentId: production.id } })).status()).toBe(200);

    const dept = await env.loginAs('dept');
    await dept.goto(`/workorders/${id}`);
    await dept.getByTestId('action-sign').click();
    await submitAction(dept, '签收');

    // docs/workorders.md#deadlines (顾客抱怨办法 cl. 4.3.4): 试验及制样 stops the clock of every running deadline.
    await dept.getByTestId('action-pause').click();
    expect(await dept.getByRole('dialog').getByLabel('暂停原因（如 试验及制样，已告知客户）').inputValue()).toBe('试验及制样');
    await submitAction(dept, '暂停计时');
    await visible(dept.getByText('计时暂停中'));
    await visible(dept.getByTestId('deadlines').getByText('已暂停').first());
    env.t.clock.advance(2 * 3_600_000);
    await dept.getByTestId('action-resume').click();
    await submitAction(dept, '恢复计时');
    expect(await dept.getByText('计时暂停中').count()).toBe(0);

    // The department asks at least one working day ahead; the clerk grants it with the customer's agreement.
    await dept.getByTestId('action-request_extension').click();
    const ask = dept.getByRole('dialog');
    await ask.locator('.ant-select').first().click();
    await dept.locator('.ant-select-item-option', { hasText: '答复客户' }).click();
    await ask.getByLabel('延至（北京时间）').fill('2026-03-10 18:00');
    await ask.getByLabel('延至（北京时间）').press('Enter');
    await ask.getByLabel('延期理由（须在期限前至少 1 个工作日提出）').fill('等待供应商补货');
    await submitAction(dept, '申请延期');
    await visible(dept.getByText('申请延期至 2026-03-10 18:00'));

    await clerk.goto(`/workorders/${id}`);
    await clerk.getByTestId('action-grant_extension').click();
    await clerk.getByRole('dialog').getByLabel('客户同意记录').fill('3月2日邮件，客户采购部同意');
    await submitAction(clerk, '批准延期');
    await visible(clerk.getByTestId('deadlines').getByText(/客户同意：3月2日邮件，客户采购部同意/));
    await env.screenshot(clerk, 'workorders-extension');
  });

  it('lets the department object to an assignment the same day and the manager reassign it; anyone may escalate', async () => {
    const clerk = await env.loginAs('clerk');
    const created = await clerk.request.post('/api/workorders', {
      data: { kind: 'complaint', channel: 'phone', category: 'service', customerName: '异议测试客户', problem: '售后人员未回电' },
    });
    const { id } = (await created.json()) as { id: string };
    const units = (await (await clerk.request.get('/api/units')).json()) as { id: string; name: string }[];
    const production = units.find((u) => u.name === '生产部')!;
    expect((await clerk.request.post(`/api/workorders/${id}/actions`, { data: { action: 'dispatch', version: 1, departmentId: production.id } })).status()).toBe(200);

    // docs/workorders.md#handling-steps, step 3 (投诉作业流程 cl. 5.2.2; 投诉处理制度 cl. 5.2): an objection is raised the same day and decided by the leader in charge.
    const dept = await env.loginAs('dept');
    await dept.goto(`/workorders/${id}`);
    await dept.getByTestId('action-object').click();
    await dept.getByRole('dialog').getByLabel('异议理由（须当天提出）').fill('属售后服务问题，应由客户关爱部处理');
    await submitAction(dept, '提出异议');
    await visible(dept.getByText('属售后服务问题，应由客户关爱部处理').first());

    const manager = await env.loginAs('manager');
    await manager.goto(`/workorders/${id}`);
    await manager.getByTestId('action-decide_objection').click();
    const decide = manager.getByRole('dialog');
    await decide.getByText('改派其他部门').click();
    await pickUnit(manager, '客户关爱部');
    await submitAction(manager, '裁定异议');
    await visible(manager.getByText('客户关爱部', { exact: true }));

    await clerk.goto(`/workorders/${id}`);
    await clerk.getByTestId('action-escalate').click();
    await clerk.getByRole('dialog').getByLabel('升级原因（超出权限或事态扩大）').fill('客户威胁向消费者协会投诉');
    await submitAction(clerk, '升级至总监');
    await visible(clerk.getByText('已升级至总监'));
    await visible(clerk.getByTestId('deadlines').getByText('升级处理'));
  });

  it('lets the callback agent reopen a refused result as an upgraded complaint, its level shown on the page', async () => {
    const clerk = await env.loginAs('clerk');
    const created = await clerk.request.post('/api/workorders', {
      data: { kind: 'complaint', channel: 'phone', category: 'service', customerName: '升级测试客户', problem: '维修后仍漏油' },
    });
    const { id } = (await created.json()) as { id: string };
    const units = (await (await clerk.request.get('/api/units')).json()) as { id: string; name: string }[];
    const production = units.find((u) => u.name === '生产部')!;
    expect((await clerk.request.post(`/api/workorders/${id}/actions`, { data: { action: 'dispatch', version: 1, departmentId: production.id } })).status()).toBe(200);
    const dept = await env.loginAs('dept');
    expect((await dept.request.post(`/api/workorders/${id}/actions`, { data: { action: 'sign', version: 2 } })).status()).toBe(200);
    const agent = await env.loginAs('agent');
    expect((await agent.request.post(`/api/workorders/${id}/actions`, { data: { action: 'reply', version: 3, message: '已更换密封件' } })).status()).toBe(200);

    // docs/workorders.md#handling-steps, step 5 (投诉处理制度 cl. 6.3): the customer refuses the result — an upgraded complaint (升级投诉) restarts the flow.
    const callback = await env.loginAs('callback');
    await callback.goto(`/workorders/${id}`);
    await visible(callback.getByTestId('wo-status').getByText('已答复待回访', { exact: true }), 30_000);
    await callback.getByTestId('action-reopen').click();
    await callback.getByRole('dialog').getByLabel('客户不接受处理结果的原因').fill('客户拒绝接受，要求整机更换');
    await submitAction(callback, '升级投诉');
    await visible(callback.getByTestId('wo-header').getByText('升级投诉 第1次'));
    await visible(callback.getByTestId('wo-status').getByText('已受理', { exact: true }));
    await visible(callback.getByText('客户拒绝接受，要求整机更换').first());
    await env.screenshot(callback, 'workorders-reopen');
  });

  it('lets the QE override the proposed severity with a reason, shown with the explanation', async () => {
    const clerk = await env.loginAs('clerk');
    const created = await clerk.request.post('/api/workorders', {
      data: { kind: 'complaint', channel: 'phone', category: 'service', customerName: '改判测试客户', problem: '现场安装造成设备停机' },
    });
    const { id } = (await created.json()) as { id: string };
    const qe = await env.loginAs('qe');
    await qe.goto(`/workorders/${id}`);
    await visible(qe.getByTestId('action-set_severity'), 30_000);
    await qe.getByTestId('action-set_severity').click();
    const dialog = qe.getByRole('dialog');
    await dialog.locator('.ant-select').first().click();
    await qe.locator('.ant-select-item-option', { hasText: /^严重$/ }).click();
    await dialog.getByLabel('改判理由').fill('造成客户产线停机 4 小时，按严重处理');
    await submitAction(qe, '改判程度');
    await visible(qe.getByTestId('wo-header').getByText('严重', { exact: true }));
    // The reasons popover names the override, its reason and who made it (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity).
    await qe.getByTestId('severity-tag').hover();
    await visible(qe.getByTestId('severity-explain').getByText(/造成客户产线停机 4 小时，按严重处理/));
    await env.screenshot(qe, 'workorders-severity-override');
  });

  it('exports the filtered register as .xlsx and refuses a sheet with a bad row, listing each error', async () => {
    const page = await env.loginAs('clerk');
    await page.goto('/workorders?kind=complaint');
    const href = await page.getByTestId('export').getAttribute('href');
    expect(href).toBe('/api/workorders/export.xlsx?kind=complaint');
    const exported = await page.request.get(href!);
    expect(exported.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await exported.body()) as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(1).getCell(1).value).toBe('编号');

    // Row 2 is complete; row 3 is a quality complaint without product, shipment or defect data (docs/workorders.md#intake).
    const sheet = new ExcelJS.Workbook();
    const ws = sheet.addWorksheet('登记表');
    ws.addRow(['类型', '渠道', '类别', '客户名称', '问题描述']);
    ws.addRow(['投诉', '电话', '服务', '导入客户甲', '安装人员未按约定时间上门']);
    ws.addRow(['投诉', '电话', '质量', '导入客户乙', '外观划伤']);
    const file = join(mkdtempSync(join(tmpdir(), 'gauge-import-')), 'register.xlsx');
    writeFileSync(file, Buffer.from(await sheet.xlsx.writeBuffer()));
    await page.locator('input[type=file]').setInputFiles(file);
    const result = page.getByRole('dialog');
    // All or nothing (docs/workorders.md "Import"): row 2 waits until row 3 is corrected.
    await visible(result.getByText(/已导入 0 条，错误 \d+ 处/));
    // Each error names its sheet column (产品编号) and reads Chinese first.
    const missing = result.locator('tr', { hasText: '「产品编号」必填' });
    await visible(missing.getByText('3', { exact: true }));
    await visible(missing.getByText('产品编号', { exact: true }));
    await env.screenshot(page, 'workorders-import');
  });

  it('lets the administrator publish a new policy version and names each invalid path of a bad one', async () => {
    const page = await env.loginAs('admin');
    await page.goto('/workorders/policy');
    await visible(page.getByText('现行第 1 版'));
    // The structured form: each deadline's due time for the sample receipt is previewed; a zero limit is refused
    // before it reaches the server.
    await visible(page.getByTestId('policy-preview-due'));
    const firstLimit = page.getByTestId('policy-form').getByLabel('时限').first();
    await firstLimit.fill('0');
    await visible(page.getByText('时限须大于 0'));
    await firstLimit.fill('1');
    await env.screenshot(page, 'workorders-policy-form');
    // The YAML stays available as the advanced view.
    await page.getByRole('tab', { name: '高级（YAML）' }).click();
    const editor = page.getByLabel('策略 YAML');
    const yaml = await editor.inputValue();
    expect(yaml).toContain('complaint-severity-pedal');

    await editor.fill(yaml.replace('pack: complaint-severity-pedal', 'pack: no-such-pack'));
    await page.getByRole('button', { name: '发布新版本' }).click();
    await visible(page.getByTestId('policy-errors').getByText(/程度判定 · 规则包/));

    // docs/workorders.md#severity (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2): the QA scheme is selectable instead of the pedal one.
    await editor.fill(yaml.replace('pack: complaint-severity-pedal', 'pack: complaint-severity-qa'));
    await page.getByPlaceholder('修改说明').fill('改用顾客抱怨处理办法 §4.2');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await visible(page.getByText('已发布第 2 版'));
    await visible(page.getByText('现行第 2 版'));
    await visible(page.getByText('改用顾客抱怨处理办法 §4.2'));
    await env.screenshot(page, 'workorders-policy');
  });

  it('shows the register in English on request', async () => {
    const page = await env.loginAs('agent');
    await page.goto('/workorders');
    await page.getByText('EN', { exact: true }).first().click();
    await visible(page.getByText('Work orders (complaint register)'));
    await visible(page.getByRole('button', { name: 'New work order' }));
    await visible(page.getByText('Next deadline'));
    await env.screenshot(page, 'workorders-list-en');
  });
});
