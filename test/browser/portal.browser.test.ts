import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';
import { submitAction } from './workorders.helpers';

// Issue 4 acceptance: a customer without an account files a complaint on the portal and follows it with the
// tracking number and the phone given; staff names and internal notes never reach the public page.
describe.each(TEST_DIALECTS)('customer portal in Chromium on %s', { timeout: 90_000 }, (dialect) => {
  let env: BrowserEnv;
  let tracking = '';

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z' });
  }, 120_000);
  afterAll(async () => env?.close());

  it('files a complaint without an account and shows the tracking number prominently', async () => {
    const page = await env.newPage();
    await page.goto('/portal');
    await page.getByLabel('您的姓名').fill('赵先生');
    await page.getByLabel('联系电话').fill('13900001111');
    await page.getByLabel('产品型号/编码').fill('PEDAL-200');
    await page.getByLabel('遇到的问题').fill('踏板轴断裂');
    await page.getByLabel('详细描述').fill('使用两周后踏板轴在螺纹处断裂');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await visible(page.getByTestId('tracking-number'));
    tracking = (await page.getByTestId('tracking-number').innerText()).trim();
    expect(tracking.length).toBeGreaterThan(4);
    await env.screenshot(page, 'portal-filed');
  });

  it('asks for a phone or an e-mail before sending, since the case is tracked by one of them', async () => {
    const page = await env.newPage();
    await page.goto('/portal');
    await page.getByLabel('您的姓名').fill('钱女士');
    await page.getByLabel('遇到的问题').fill('包装破损');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await visible(page.getByText('电话和邮箱至少填写一项'));
  });

  it('refuses to show the case for a wrong contact, without saying whether the number exists', async () => {
    const page = await env.newPage();
    await page.goto('/portal/track');
    await page.getByLabel('查询编号').fill(tracking);
    await page.getByLabel('电话或邮箱').fill('13900009999');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await visible(page.getByText('未找到：请核对查询编号和提交时留下的电话或邮箱。'));
  });

  it('shows status and public timeline for number + phone, and after staff accept it no staff name or note', async () => {
    const clerk = await env.loginAs('clerk');
    await clerk.goto(`/workorders?q=${encodeURIComponent('踏板轴')}`);
    await clerk.getByTestId('workorders-table').getByRole('link').first().click();
    await visible(clerk.getByTestId('wo-number'));
    await clerk.getByTestId('action-accept').click();
    const dialog = clerk.getByRole('dialog');
    await dialog.getByLabel('备注（内部）').fill('内部备注：该客户曾多次投诉');
    await submitAction(clerk, '受理');

    const page = await env.newPage();
    await page.goto('/portal/track');
    await page.getByLabel('查询编号').fill(tracking);
    await page.getByLabel('电话或邮箱').fill('13900001111');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await visible(page.getByTestId('track-result'));
    await visible(page.getByTestId('public-status').getByText('已受理'));
    await visible(page.getByText('踏板轴断裂'));
    const text = await page.getByTestId('track-result').innerText();
    expect(text).not.toContain('李娜');
    expect(text).not.toContain('内部备注');
    await env.screenshot(page, 'portal-track');
  });
});
