import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { PDF_BYTES, pngImage } from '../helpers/files';
import { TEST_DIALECTS } from '../helpers/test-app';
import { pickUnit } from './workorders.helpers';

// Issue 9 acceptance (attachments, comments): a customer on a phone (390×844) files a complaint on the portal with
// a photo and tracks it; staff see the photo as a thumbnail on the detail page and write a note with an @mention,
// which notifies the person. Clocks are pinned: the server's FixedClock, and each page's clock installed at it.
describe.each(TEST_DIALECTS)('attachments and comments in Chromium on %s', { timeout: 120_000 }, (dialect) => {
  let env: BrowserEnv;
  let phone: BrowserContext;
  let tracking = '';
  const PHOTO = pngImage(320, 240, [190, 70, 50]);

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z', pageClock: true });
    phone = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.clock.install({ time: env.t.clock.now() });
  }, 120_000);
  afterAll(async () => {
    await phone?.close();
    await env?.close();
  });

  /** No horizontal scrolling at the phone's width. */
  const fitsWidth = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  it('lets a customer on a phone file a complaint with a photo and see it when tracking', async () => {
    const page = await phone.newPage();
    await page.goto('/portal');
    await page.getByLabel('您的姓名').fill('周女士');
    await page.getByLabel('联系电话').fill('13800135000');
    await page.getByLabel('遇到的问题').fill('门把手表面掉漆');
    await page.getByLabel('详细描述').fill('收货一周后把手表面大面积掉漆，见照片');
    await page.getByTestId('portal-photos').locator('input[type=file]').setInputFiles({ name: '掉漆照片.png', mimeType: 'image/png', buffer: PHOTO });
    await visible(page.getByTestId('portal-photos').getByText('掉漆照片.png'));
    await env.screenshot(page, 'attachments-portal-phone-form');
    await fitsWidth(page);
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await visible(page.getByTestId('tracking-number'));
    tracking = (await page.getByTestId('tracking-number').innerText()).trim();
    expect(tracking).toMatch(/^TS20260302/);
    await env.screenshot(page, 'attachments-portal-phone-filed');

    await page.goto('/portal/track');
    await page.getByLabel('查询编号').fill(tracking);
    await page.getByLabel('电话或邮箱').fill('13800135000');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await visible(page.getByTestId('track-result'));
    await visible(page.getByTestId('portal-attachments').getByText('掉漆照片.png'));
    await fitsWidth(page);
    await env.screenshot(page, 'attachments-portal-phone-track');
  });

  it('shows staff the customer’s photo as a thumbnail, and a note with an @mention notifies the colleague', async () => {
    const clerk = await env.loginAs('clerk');
    await clerk.goto(`/workorders?q=${encodeURIComponent('门把手表面掉漆')}`);
    await clerk.getByTestId('workorders-table').getByRole('link').first().click();
    await visible(clerk.getByTestId('wo-number'));
    const thumb = clerk.getByTestId('attachment-thumb').locator('img');
    await visible(thumb);
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(320);
    await visible(clerk.getByTestId('attachments').getByText('客户上传'));

    const input = clerk.getByTestId('comments').locator('textarea');
    await input.click();
    await input.pressSequentially('请 @q');
    await clerk.getByTestId('mention-option-qe').click();
    await input.pressSequentially('看一下照片，判断是否批次问题');
    await clerk.getByTestId('comment-submit').click();
    const comment = clerk.getByTestId('comment').first();
    await visible(comment);
    expect(await comment.innerText()).toContain('@QE 工程师 张伟');
    await clerk.getByTestId('attachments').scrollIntoViewIfNeeded();
    await env.screenshot(clerk, 'attachments-detail-staff');

    while ((await deliverOutbox(env.t.ctx, outboxHandlers, 100)) > 0);
    const qe = await env.loginAs('qe');
    await qe.goto('/notifications');
    await visible(qe.getByText('门把手').or(qe.getByText('看一下照片')));
    await env.screenshot(qe, 'attachments-qe-notified');
  });

  it('opens the shortcut help with ? and focuses the search with / in the register', async () => {
    const clerk = await env.loginAs('clerk');
    await clerk.goto('/workorders');
    await visible(clerk.getByTestId('workorders-table').getByRole('link'));
    await clerk.keyboard.press('?');
    await visible(clerk.getByText('键盘快捷键'));
    await clerk.waitForTimeout(400); // the modal's opening animation
    await env.screenshot(clerk, 'attachments-register-shortcuts');
    await clerk.keyboard.press('Escape');
    await clerk.getByText('键盘快捷键').waitFor({ state: 'hidden' });
    await clerk.keyboard.press('/');
    expect(await clerk.evaluate(() => (document.activeElement as HTMLInputElement | null)?.placeholder)).toContain('搜索');
    await clerk.keyboard.press('Escape');
    await clerk.locator('body').click({ position: { x: 5, y: 5 } });
    await clerk.keyboard.press('j');
    await clerk.keyboard.press('j');
    await clerk.keyboard.press('j');
    await clerk.keyboard.press('k');
    await visible(clerk.locator('tr[data-active="true"]'));
    expect(await clerk.locator('tr[data-active="true"]').getAttribute('data-row-key')).toBe(await clerk.locator('tbody tr[data-row-key]').nth(1).getAttribute('data-row-key'));
    await clerk.keyboard.press('x');
    await visible(clerk.getByTestId('bulk-bar').getByText('已选 1 条'));
    await clerk.getByTestId('bulk-bar').getByText('取消选择').click();
    // The customer's complaint (dispatchable) and a closed one: the bulk dispatch does the first and reports the
    // second as not done. (Rows registered at the same instant come in any order, so they are picked by text.)
    const row = (text: string) => clerk.locator('tbody tr[data-row-key]').filter({ hasText: text }).first();
    await row('门把手表面掉漆').locator('input[type=checkbox]').check();
    await row('已结案').locator('input[type=checkbox]').check();
    await visible(clerk.getByTestId('bulk-bar').getByText('已选 2 条'));
    await env.screenshot(clerk, 'attachments-register-bulk');
    await clerk.getByTestId('bulk-dispatch').click();
    const dialog = clerk.getByRole('dialog');
    await pickUnit(clerk, '生产部');
    await dialog.getByRole('button', { name: /确认提交/ }).click();
    const results = clerk.getByTestId('bulk-results');
    await visible(results);
    await visible(results.getByText('成功 1 条，未处理 1 条'));
    await visible(results.getByText('未处理 409'));
    await clerk.waitForTimeout(400);
    await env.screenshot(clerk, 'attachments-register-bulk-results');
  });

  it('takes files at intake and as 8D evidence in the 8D form', async () => {
    const agent = await env.loginAs('agent');
    await agent.goto('/workorders/new');
    await agent.getByLabel('客户名称').fill('东风配件厂');
    await agent.getByLabel('联系电话').fill('13800138000');
    await agent.getByLabel('问题描述（不良现象）').fill('法兰面划伤，附现场照片');
    await agent.getByLabel('产品编码').fill('FLANGE-60');
    await agent.getByLabel('问题类别').fill('外观划伤');
    await agent.getByLabel('出货日期').fill('2026-02-20');
    await agent.getByLabel('出货数量').fill('800');
    await agent.getByLabel('不良率 (%)').fill('2');
    await agent.getByLabel('发现地点').fill('来料检验');
    await agent.getByTestId('pending-files').locator('input[type=file]').setInputFiles({ name: '法兰划伤.png', mimeType: 'image/png', buffer: pngImage(200, 150, [60, 90, 160]) });
    await visible(agent.getByTestId('pending-files').getByText('法兰划伤.png'));
    await agent.getByRole('button', { name: '提交登记' }).click();
    await agent.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    await visible(agent.getByTestId('attachments').getByText('法兰划伤.png'));
    await visible(agent.getByTestId('attachment-thumb'));

    // 生产部's head works on a dispatched quality complaint of the demo desk and attaches 8D evidence.
    const dept = await env.loginAs('dept');
    await dept.goto(`/workorders?q=${encodeURIComponent('通规不过')}`);
    await dept.getByTestId('workorders-table').getByRole('link').first().click();
    await visible(dept.getByTestId('action-submit_8d'));
    await dept.getByTestId('action-submit_8d').click();
    const eightD = dept.getByTestId('eight-d-attachments');
    await visible(eightD);
    await eightD.locator('input[type=file]').setInputFiles({ name: '牙规检验记录.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await visible(eightD.getByText('牙规检验记录.pdf'));
    await dept.waitForTimeout(400);
    // The modal scrolls inside a fixed layer, which a full-page screenshot does not follow: the viewport, scrolled to it.
    await eightD.scrollIntoViewIfNeeded();
    await dept.screenshot({ path: 'test-results/attachments-8d-form.png' });
    await dept.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
    await visible(dept.getByTestId('attachments').getByText('牙规检验记录.pdf'));
  });
});
