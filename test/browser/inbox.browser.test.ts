import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { layoutProblems } from '../helpers/layout';
import { TEST_DIALECTS } from '../helpers/test-app';

// 我的待办 (docs/inbox.md) and the hand-off notice (docs/notifications.md): an agent registers a phone complaint;
// the intake clerk signs in, finds it on the home page and in the bell's count, and opens it — on a desktop
// (1440×900) and on a phone (390×844, no horizontal scroll). The server's clock is pinned to Monday
// 2026-03-02 10:00 Beijing.

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.each(TEST_DIALECTS)('my work in Chromium on %s', { timeout: 240_000 }, (dialect) => {
  let env: BrowserEnv;
  let number = '';

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z' });
  }, 120_000);
  afterAll(async () => env?.close());

  async function loginAt(username: string, viewport: { width: number; height: number }, clock = false): Promise<Page> {
    const context = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'zh-CN', viewport, ...(viewport === PHONE && { isMobile: true, hasTouch: true }) });
    // The page's timers under playwright's clock (starting at the server's pinned now), so that a test can move
    // them on instead of waiting out a 30-second poll.
    if (clock) await context.clock.install({ time: env.t.clock.now() });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  /** What the outbox worker does in production: deliver the queued notifications (the test server runs no jobs). */
  async function deliver() {
    while ((await deliverOutbox(env.t.ctx, outboxHandlers, 100)) > 0);
  }

  /** No sideways scroll and no text squeezed to a character per line (test/helpers/layout.ts, shared with the phone suites). */
  async function noHorizontalScroll(page: Page) {
    const { overflow, broken } = await layoutProblems(page);
    expect(overflow, `the page is ${overflow}px wider than the viewport`).toBeLessThanOrEqual(0);
    expect(broken, 'texts laid out one character per line').toEqual([]);
  }

  async function register(page: Page, customer: string): Promise<string> {
    await page.goto('/workorders/new');
    await page.getByLabel('客户名称').fill(customer);
    await page.getByLabel('联系电话').fill('13800138000');
    await page.getByLabel('问题描述（不良现象）').fill('M8 螺栓牙纹不良，无法装配');
    await page.getByLabel('产品编码').fill('BOLT-M8');
    await page.getByLabel('问题类别').fill('牙纹不良');
    await page.getByLabel('出货日期').fill('2026-02-20');
    await page.getByLabel('出货数量').fill('5000');
    await page.getByLabel('不良率 (%)').fill('4');
    await page.getByLabel('发现地点').fill('装配线');
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('wo-number'));
    return (await page.getByTestId('wo-number').innerText()).trim();
  }

  it('shows an agent a home page of what waits for them', async () => {
    const page = await loginAt('agent', DESKTOP);
    await visible(page.getByTestId('inbox').getByText('我的待办'));
    await visible(page.getByTestId('inbox-item'));
    await env.screenshot(page, `inbox-agent-desktop-${dialect}`);
    number = await register(page, '东风配件厂');
    expect(number).toMatch(/^KS-/);
    await deliver();
    await page.context().close();
  });

  it('puts the phone complaint in the clerk’s 我的待办 and bell at 1440×900, and opens it from there', async () => {
    const page = await loginAt('clerk', DESKTOP);
    const row = page.getByTestId('inbox-item').filter({ hasText: number });
    await visible(row);
    await visible(row.getByText('受理', { exact: true }));
    await visible(row.getByText(/剩余/));
    // The bell counts the hand-off notice (delivered by the outbox worker), and the menu shows the desk's count.
    await visible(page.getByTestId('bell-count').locator('.ant-badge-count'), 30_000);
    expect(Number((await page.getByTestId('bell-count').locator('.ant-badge-count').first().getAttribute('title')) ?? '0')).toBeGreaterThanOrEqual(1);
    await visible(page.getByTestId('nav-count-/workorders'));
    await env.screenshot(page, `inbox-clerk-desktop-${dialect}`);
    await row.getByRole('link').click();
    await page.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('wo-number').getByText(number));
    await page.context().close();
  });

  it('shows the clerk the same list on a phone at 390×844 without horizontal scroll, and refreshes the bell without a reload', async () => {
    const page = await loginAt('clerk', PHONE, true);
    const row = page.getByTestId('inbox-item').filter({ hasText: number });
    await visible(row);
    await noHorizontalScroll(page);
    await env.screenshot(page, `inbox-clerk-phone-${dialect}`);
    const badge = page.getByTestId('bell-count').locator('.ant-badge-count').first();
    await visible(badge, 30_000);
    const before = Number(await badge.getAttribute('title'));

    // Another agent's registration reaches the open page within 30 s: the bell and the list poll.
    const agent = await loginAt('agent', DESKTOP);
    const second = await register(agent, '西安重型机械厂');
    await agent.context().close();
    await deliver();
    // Nothing reloads the page: 30 s on its clock, and the polls (every 30 s) bring the new count and item.
    await page.clock.fastForward(31_000);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="bell-count"] .ant-badge-count')?.getAttribute('title') ?? '0') > n, before, { timeout: 15_000 });
    await visible(page.getByTestId('inbox-item').filter({ hasText: second }), 15_000);
    await noHorizontalScroll(page);
    await row.getByRole('link').click();
    await page.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('wo-number'));
    await page.context().close();
  });
});
