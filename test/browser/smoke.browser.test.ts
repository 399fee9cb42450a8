import { afterAll, beforeAll, describe, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';

describe('web shell in Chromium', () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite');
  });
  afterAll(async () => env?.close());

  it('sends an anonymous visitor to the login page and shows an error for a wrong password', async () => {
    const page = await env.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await visible(page.getByText('用户名或密码错误'));
  });

  it('signs in and greets the user by name, switching to English on request', async () => {
    const page = await env.loginAs('agent');
    await visible(page.getByText('坐席 王芳'));
    await page.getByText('EN', { exact: true }).first().click();
    await visible(page.getByText('Welcome'));
    await env.screenshot(page, 'home-agent');
  });
});
