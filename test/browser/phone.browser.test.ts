import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { layoutProblems, PHONE } from '../helpers/layout';

// Phones (docs/web.md#phones): at 390×844 the portal (file, track, result), login, the register, a work
// order and the home page neither scroll sideways nor break text one character per line; the portal's 查看进度
// shows the progress at once and the phone number never appears in a URL.

describe('phone layout at 390×844', { timeout: 180_000 }, () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite');
  }, 120_000);
  afterAll(async () => env?.close());

  const phonePage = async () => {
    const context = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    return context.newPage();
  };

  const expectFits = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(200);
    await env.screenshot(page, `phone-${name}`);
    const { overflow, broken } = await layoutProblems(page);
    expect({ page: name, overflow: overflow > 0 ? overflow : 0, broken }).toEqual({ page: name, overflow: 0, broken: [] });
  };

  const urls: string[] = [];

  it('login fits a phone', async () => {
    const page = await phonePage();
    await page.goto('/login');
    await visible(page.getByLabel('用户名'));
    await expectFits(page, 'login');
  });

  it('a customer files on the portal, and 查看进度 shows the progress without typing, the phone kept out of every URL', async () => {
    const page = await phonePage();
    page.on('request', (r) => urls.push(r.url()));
    await page.goto('/portal');
    await visible(page.getByLabel('您的姓名'));
    await expectFits(page, 'portal-file');
    await page.getByLabel('您的姓名').fill('赵先生');
    await page.getByLabel('联系电话').fill('13900007777');
    await page.getByLabel('遇到的问题').fill('踏板轴断裂');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await visible(page.getByTestId('tracking-number'));
    await expectFits(page, 'portal-filed');
    await page.getByRole('button', { name: /查看进度/ }).click();
    await visible(page.getByTestId('track-result'));
    expect(page.url()).not.toContain('13900007777');
    await expectFits(page, 'portal-track-result');
    expect(urls.filter((u) => u.includes('13900007777'))).toEqual([]);
  });

  it('the empty tracking form fits a phone', async () => {
    const page = await phonePage();
    await page.goto('/portal/track');
    await visible(page.getByLabel('查询编号'));
    await expectFits(page, 'portal-track');
  });

  it('the home page, the register (as cards) and a work order fit a phone', async () => {
    const page = await phonePage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('agent');
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await expectFits(page, 'home');
    await page.goto('/workorders');
    await visible(page.getByTestId('register-card'));
    expect(await page.locator('[data-testid="workorders-table"] table').count()).toBe(0);
    await expectFits(page, 'register');
    await page.getByTestId('register-card').first().getByRole('link').first().click();
    await visible(page.getByTestId('wo-number'));
    await expectFits(page, 'workorder');
  });
});
