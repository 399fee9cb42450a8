import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';
import { submitAction } from './workorders.helpers';

// The 话术库 in the web UI (docs/knowledge.md): the administrator adds an entry (an unknown placeholder refused on
// the field, then fixed with the placeholder buttons) and edits a demo entry; the agent answers an inquiry in the
// reply dialog from the picker, texts the customer from an SMS entry, and answers a caller's inquiry on the spot
// at intake — registered closed at once. The uses show on the 话术库 page. Pinned at 2026-03-02 10:00 in Shanghai.

const TORQUE = '咨询：M8 8.8 级螺栓推荐拧紧扭矩';

/** Picks the entry titled `title` in the open picker by searching for `term`, checks the preview, and uses it. */
async function pick(page: Page, term: string, title: string): Promise<void> {
  const picker = page.getByTestId('knowledge-picker');
  await picker.getByTestId('knowledge-search').locator('input').fill(term);
  const item = picker.getByTestId('knowledge-item').filter({ hasText: title });
  await visible(item);
  await expect.poll(() => picker.getByTestId('knowledge-item').count()).toBe(1);
  await item.click();
  await visible(picker.getByTestId('knowledge-preview'));
  await picker.getByTestId('knowledge-use').click();
  await visible(picker.getByTestId('knowledge-picked'));
}

describe.each(TEST_DIALECTS)('话术库 in Chromium on %s', { timeout: 240_000 }, (dialect) => {
  let env: BrowserEnv;
  let inquiryId: string;

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, {
      pageClock: true,
      // An SMS account whose messages wait in the outbox (the worker is off in tests): the dialog's success path.
      config: { sms: { provider: 'aliyun', accessKeyId: 'k', accessKeySecret: 's', signName: '华锐精密', sdkAppId: '', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', templates: { 'workorder.message': { code: 'SMS_900001', params: ['content', 'number'] } } } },
    });
  }, 120_000);
  afterAll(async () => env?.close());

  it('lets the administrator add an entry — an unknown placeholder refused on the field — and edit a demo entry', async () => {
    const admin = await env.loginAs('admin');
    await admin.goto('/knowledge');
    await visible(admin.getByText(TORQUE));
    await admin.getByTestId('entry-new').click();
    const dialog = admin.getByRole('dialog');
    await visible(dialog);
    await dialog.getByLabel('标题').fill('咨询：M8 螺栓包装规格');
    await dialog.getByLabel('来电受理').check();
    await dialog.getByLabel('正文').fill('{客户名称}您好，M8 螺栓每箱 1000 件，每托 40 箱。');
    // The editor says so at once, and the server refuses it on the field when saved anyway.
    await visible(dialog.getByTestId('entry-template-problem').getByText(/未知占位符 \{客户名称\}/));
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await visible(dialog.locator('.ant-form-item-has-error').getByText(/未知占位符 \{客户名称\}/));
    await env.screenshot(admin, 'knowledge-editor-422');

    await dialog.getByLabel('正文').fill('您好，M8 螺栓每箱 1000 件，每托 40 箱。受理编号：');
    await dialog.getByTestId('placeholder-trackingNumber').click();
    await dialog.getByLabel('正文').press('Home');
    await dialog.getByTestId('placeholder-customer').click();
    expect(await dialog.getByLabel('正文').inputValue()).toBe('{客户}您好，M8 螺栓每箱 1000 件，每托 40 箱。受理编号：{受理编号}');
    await visible(dialog.getByTestId('entry-preview').getByText('上海联合汽配有限公司'));
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(admin.getByRole('row', { name: /咨询：M8 螺栓包装规格/ }));

    const row = admin.getByRole('row', { name: new RegExp(TORQUE) });
    await row.getByTestId('entry-edit').click();
    await visible(dialog);
    await dialog.getByLabel('关键词（便于搜索，空格分隔）').fill('扭矩 力矩 拧紧 M8 螺栓 技术手册 预紧力');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(row.getByText(/预紧力/));
    await env.screenshot(admin, 'knowledge-admin');
  });

  it('lets the agent reply to an inquiry from the picker, filled in from the work order', async () => {
    const agent = await env.loginAs('agent');
    const res = await agent.request.post('/api/workorders', { data: { kind: 'inquiry', channel: 'phone', customerName: '宁波精工科技有限公司', contactName: '陈工', contactPhone: '13800002222', problem: '询问 M8 螺栓拧紧扭矩' } });
    expect(res.status()).toBe(201);
    inquiryId = ((await res.json()) as { id: string }).id;
    await agent.goto(`/workorders/${inquiryId}`);
    await agent.getByTestId('action-reply').click();
    const dialog = agent.getByRole('dialog');
    await visible(dialog);
    await pick(agent, '扭矩', TORQUE);
    const message = await dialog.getByLabel('答复内容（处理结果）').inputValue();
    expect(message).toContain('推荐拧紧扭矩约为 25 N·m');
    await env.screenshot(agent, 'knowledge-reply-picker');
    await submitAction(agent, '答复客户');
    await visible(agent.getByTestId('wo-status').getByText('已答复待回访', { exact: true }));
    await visible(agent.getByTestId('timeline').getByText(/推荐拧紧扭矩约为 25 N·m/));
  });

  it('texts the customer from an SMS entry with the tracking number filled in', async () => {
    const agent = await env.loginAs('agent');
    await agent.goto(`/workorders/${inquiryId}`);
    await agent.getByTestId('sms-open').click();
    const dialog = agent.getByRole('dialog');
    await visible(dialog);
    await pick(agent, '受理通知', '短信：受理通知');
    const text = await dialog.getByLabel('短信内容').inputValue();
    expect(text).toMatch(/^宁波精工科技有限公司您好，您的反馈已受理，受理编号 TS\d{8}[A-Z2-9]{10}，/);
    // This inquiry's reply deadline is met; the date promised then still fills {答复期限}.
    expect(text).toContain('2026-03-03 10:00');
    await dialog.getByRole('button', { name: /发\s*送/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(agent.getByTestId('timeline').getByText('已发短信'));
    await env.screenshot(agent, 'knowledge-sms-sent');
  });

  it('registers a caller’s inquiry answered on the spot from the picker as closed at once', async () => {
    const agent = await env.loginAs('agent');
    await agent.goto('/workorders/new');
    await agent.getByLabel('工单类型').click();
    await agent.locator('.ant-select-item-option:visible').filter({ hasText: '咨询' }).click();
    await agent.getByLabel('客户名称').fill('常州标准件厂');
    await agent.getByLabel('联系电话').fill('13900003333');
    await agent.getByLabel('问题描述（不良现象）').fill('询问 M8 8.8 级螺栓推荐扭矩');
    await pick(agent, '矩', TORQUE);
    // Picking the answer marks the inquiry answered on the spot and fills the answer in.
    expect(await agent.getByLabel('当场已答复').getAttribute('aria-checked')).toBe('true');
    expect(await agent.getByLabel('答复内容').inputValue()).toContain('推荐拧紧扭矩约为 25 N·m');
    await env.screenshot(agent, 'knowledge-intake-on-the-spot');
    await agent.getByRole('button', { name: '提交登记' }).click();
    await agent.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    await visible(agent.getByTestId('wo-status').getByText('已结案', { exact: true }));
    await visible(agent.getByTestId('timeline').getByText('当场答复'));
    expect(await agent.getByTestId('action-panel').getByRole('button').filter({ hasText: /答复|回访|受理/ }).count()).toBe(0);
    await env.screenshot(agent, 'knowledge-inquiry-closed');

    // The page counts the uses: one reply and one call for the torque answer, one SMS for the notice.
    await agent.goto('/knowledge');
    await visible(agent.getByRole('row', { name: new RegExp(TORQUE) }));
    await expect.poll(() => agent.getByRole('row', { name: new RegExp(TORQUE) }).getByTestId('entry-uses').innerText()).toBe('2');
    await expect.poll(() => agent.getByRole('row', { name: /短信：受理通知/ }).getByTestId('entry-uses').innerText()).toBe('1');
    // The desk reads the 话术库 but does not edit it.
    expect(await agent.getByTestId('entry-new').count()).toBe(0);
    await env.screenshot(agent, 'knowledge-page-agent');

    // On a phone the entries are cards with their text, and nothing scrolls sideways (docs/web.md "Phones").
    await agent.setViewportSize({ width: 390, height: 844 });
    await visible(agent.getByTestId('entry-card').filter({ hasText: TORQUE }).getByText(/推荐拧紧扭矩约为 25 N·m/));
    expect(await agent.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
    await env.screenshot(agent, 'knowledge-page-phone');
  });
});
