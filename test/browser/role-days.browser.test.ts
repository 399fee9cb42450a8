import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { DESKTOP, layoutProblems, PHONE, settle } from '../helpers/layout';
import { TEST_DIALECTS } from '../helpers/test-app';
import type { InboxItem } from '../../src/web/inbox/inbox-api';

// Each role's day (docs/inbox.md, docs/web.md#phones): the person signs in and lands on 我的待办 (my work), sees the
// count the server gives, the missed items first and the rest by the nearest deadline, opens the first item and
// then the page they work in — at 1440×900 and again at 390×844 with the same session. No page scrolls sideways or
// breaks a text one character per line, and none shows an error or a 403. The customer's day on a phone (filing with
// a photo and tracking it) is in attachments.browser.test.ts. Screenshots: test-results/day-<role>-<size>-<page>.png.

/** The page each role works in besides the home page (docs/workorders-guide.md, docs/grading-guide.md, docs/admin.md). */
const WORKPLACE: Record<string, { path: string; ready: string }> = {
  agent: { path: '/workorders/new', ready: 'main form' },
  clerk: { path: '/workorders', ready: '[data-testid="workorders-table"], [data-testid="register-card"]' },
  dept: { path: '/workorders', ready: '[data-testid="workorders-table"], [data-testid="register-card"]' },
  qe: { path: '/workorders', ready: '[data-testid="workorders-table"], [data-testid="register-card"]' },
  manager: { path: '/reports/workorders', ready: 'canvas, .ant-table' },
  callback: { path: '/workorders', ready: '[data-testid="workorders-table"], [data-testid="register-card"]' },
  supervisor: { path: '/callcenter', ready: '.ant-card' },
  mine: { path: '/grading/mines', ready: '.ant-table, .ant-card' },
  province: { path: '/grading/applications', ready: '.ant-table, .ant-list, .ant-card' },
  national: { path: '/grading/applications', ready: '.ant-table, .ant-list, .ant-card' },
  admin: { path: '/admin', ready: '.ant-statistic' },
};


describe.each(TEST_DIALECTS)('each role’s day in Chromium on %s', { timeout: 180_000 }, (dialect) => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv(dialect);
  }, 120_000);
  afterAll(async () => env?.close());

  async function context(browser: Browser, viewport: typeof DESKTOP, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
    return browser.newContext({
      baseURL: env.baseUrl,
      locale: 'zh-CN',
      viewport,
      storageState,
      ...(viewport === PHONE && { isMobile: true, hasTouch: true }),
    });
  }

  /** Loaded, not refused, no sideways scroll, no text one character per line; then the screenshot. */
  async function expectUsable(page: Page, name: string) {
    await settle(page);
    await env.screenshot(page, `day-${name}`);
    expect(await page.locator('.ant-result-403, .ant-result-404').count(), `${name}: refused or not found`).toBe(0);
    expect(await page.locator('.ant-alert-error').count(), `${name}: shows an error`).toBe(0);
    const { overflow, broken } = await layoutProblems(page);
    expect({ page: name, overflow: Math.max(overflow, 0), broken }).toEqual({ page: name, overflow: 0, broken: [] });
  }

  async function day(page: Page, role: string, size: string, items: InboxItem[]) {
    // 我的待办 is the home page, with the server's count.
    await page.goto('/');
    const inbox = page.getByTestId('inbox');
    await visible(inbox);
    await settle(page);
    if (items.length > 0) {
      await visible(inbox.getByTestId('inbox-item'));
      // Missed first, then by due: the order the server sends is the order shown.
      const shown = await inbox.getByTestId('inbox-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
      expect(shown).toEqual(items.slice(0, shown.length).map((i) => i.state ?? 'none'));
      const firstMissed = shown.indexOf('missed');
      const lastMissed = shown.lastIndexOf('missed');
      if (firstMissed >= 0) expect(shown.slice(0, lastMissed + 1).every((s) => s === 'missed')).toBe(true);
    } else {
      // An empty list says what to do next: the pages this role works in.
      await visible(inbox.getByText('没有等您处理的事项。'));
    }
    await expectUsable(page, `${role}-${size}-home`);

    // The first item opens where its action is taken.
    if (items.length > 0) {
      const link = inbox.getByTestId('inbox-item').first().getByRole('link').first();
      const title = (await link.innerText()).trim();
      expect(title).toBe(items[0].title);
      await link.click();
      await page.waitForURL((u) => u.pathname !== '/');
      await visible(page.locator('main').locator('.ant-card, .ant-table, form').first());
      await expectUsable(page, `${role}-${size}-first-item`);
    }

    const work = WORKPLACE[role];
    await page.goto(work.path);
    await visible(page.locator(work.ready));
    await expectUsable(page, `${role}-${size}-workplace`);
  }

  for (const role of Object.keys(WORKPLACE)) {
    it(`${role}: my work, the first item and the workplace at 1440×900 and at 390×844`, async () => {
      const desktop = await env.loginAs(role);
      await desktop.setViewportSize(DESKTOP);
      const res = await desktop.request.get('/api/inbox');
      expect(res.status()).toBe(200);
      const { items } = (await res.json()) as { items: InboxItem[] };
      await day(desktop, role, 'desktop', items);
      const session = await desktop.context().storageState();
      await desktop.context().close();

      const phoneContext = await context(env.browser, PHONE, session);
      const phone = await phoneContext.newPage();
      await day(phone, role, 'phone', items);
      await phoneContext.close();
    });
  }
});
