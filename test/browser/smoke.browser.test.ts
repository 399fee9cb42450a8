import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';

describe('web shell in Chromium', () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite');
  });
  afterAll(async () => env?.close());

  // The server sends a Content-Security-Policy (docs/security.md, V14); Chromium reports every blocked script,
  // style, image or connection as a console error naming the policy. Any such error fails the suite.
  const violations: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
    });
    return page;
  };

  it('sends an anonymous visitor to the login page and shows an error for a wrong password', async () => {
    const page = watch(await env.newPage());
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await visible(page.getByText('用户名或密码错误'));
  });

  it('signs in and greets the user by name, switching to English on request', async () => {
    const page = watch(await env.loginAs('agent'));
    await visible(page.getByText('坐席 王芳'));
    await visible(page.getByText('我的待办').first());
    await page.getByText('EN', { exact: true }).first().click();
    // The home page is my work (docs/inbox.md), in English once EN is chosen.
    await visible(page.getByText('My work').first());
    await env.screenshot(page, 'home-agent');
  });

  it('keeps the language on the server: the next sign-in, in a fresh browser, opens in English; 中文 is stored again', async () => {
    // The previous test chose EN in the header, which stored it (PUT /api/me/language).
    const page = watch(await env.loginAs('agent'));
    await visible(page.getByText('My work').first());
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(((await (await page.request.get('/api/me')).json()) as { language: string }).language).toBe('en');
    await page.getByText('中文', { exact: true }).first().click();
    await visible(page.getByText('我的待办').first());
    await expect.poll(async () => ((await (await page.request.get('/api/me')).json()) as { language: string }).language).toBe('zh');
    await page.context().close();
    const again = watch(await env.loginAs('agent'));
    await visible(again.getByText('我的待办').first());
    expect(await again.evaluate(() => localStorage.getItem('gauge.lang'))).toBe('zh');
    await again.context().close();
  });

  it('runs the app under its Content Security Policy without a single violation: shell, admin pages, charts, API docs', async () => {
    const page = await env.newPage();
    watch(page);
    await page.goto('/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const path of ['/admin/units', '/admin/users', '/reports/workorders', '/workorders']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    await visible(page.locator('canvas, .ant-table').first());
    await page.goto('/api/docs');
    await visible(page.locator('.swagger-ui'));
    const csp = (await page.request.get('/')).headers()['content-security-policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(violations).toEqual([]);
  });
});
