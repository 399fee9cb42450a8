import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Config, DatabaseDialect } from '../../src/platform/config';
import { createTestApp, type TestApp } from './test-app';

/**
 * A real server on a free loopback port, serving the built web app (dist/web, made by `npm run build:web`)
 * over a fresh demo database, plus Debian's Chromium driven by playwright-core.
 */
export interface BrowserEnv {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  newPage(): Promise<Page>;
  /** Opens a fresh context, signs in through the login form and returns the page. */
  loginAs(username: string, password?: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserEnvOptions {
  /** The server's pinned instant (FixedClock); createTestApp's default, Monday 2026-03-02 10:00 Beijing, when omitted. */
  now?: string;
  /**
   * Start the clock of each new page at the server's pinned now (playwright's clock; time then runs on from there),
   * so that a page which takes "today" from the browser — a date field defaulting to dayjs(), a year picker —
   * agrees with the server instead of reading the machine's real date.
   */
  pageClock?: boolean;
  /** Configuration besides the defaults (e.g. `webhooks.allowPrivate` for a receiver on loopback). */
  config?: Partial<Config>;
}

export async function startBrowserEnv(dialect: DatabaseDialect = 'sqlite', opts: BrowserEnvOptions = {}): Promise<BrowserEnv> {
  if (!existsSync('dist/web/index.html')) throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
  const t = await createTestApp(dialect, { now: opts.now, config: { ...opts.config, webDist: 'dist/web' } });
  // The test app is built without the web root; build a sibling that serves it on a real port.
  await t.app.close();
  const { buildGaugeApp } = await import('../../src/composition');
  const app = await buildGaugeApp({ ctx: { config: t.ctx.config, db: t.ctx.db, dialect, clock: t.clock }, logger: false, serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  // Every context, the suites' own included, asks for reduced motion, so the app runs without animations
  // (src/web/app/App.tsx): on a loaded machine a click could land on a dialog still zooming in and miss its button.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options });
  const journal = new Journal();
  const newPage = async () => {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    if (opts.pageClock) await context.clock.install({ time: t.clock.now() });
    return journal.watch(await context.newPage());
  };
  const env: BrowserEnv = {
    t,
    baseUrl,
    browser,
    newPage,
    async loginAs(username, password = 'demo1234') {
      const page = await newPage();
      await page.goto('/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      // The URL changes before the signed-in shell replaces the login page: wait for the shell, or a click meant for
      // its header (the language switch) lands on the login page's and is undone by the stored language.
      await page.getByTestId('user-menu').waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
    },
    async close() {
      LIVE.delete(journal);
      await browser.close();
      await app.close();
      await t.close().catch(() => undefined);
    },
  };
  LIVE.add(journal);
  return env;
}

/**
 * What the pages of one environment did lately — API answers, console errors, uncaught exceptions — kept so that a
 * failed browser test can say what the page showed and what the server answered (test/helpers/browser-setup.ts):
 * a CI log with only "timeout waiting for …" cannot be acted on.
 */
class Journal {
  private readonly lines: string[] = [];
  private readonly pages = new Set<Page>();
  private readonly started = Date.now();

  watch(page: Page): Page {
    this.pages.add(page);
    const n = this.pages.size;
    const note = (text: string) => {
      this.lines.push(`+${((Date.now() - this.started) / 1000).toFixed(1)}s p${n} ${text}`);
      if (this.lines.length > 80) this.lines.shift();
    };
    page.on('close', () => this.pages.delete(page));
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/api/')) note(`${res.request().method()} ${url.pathname}${url.search} → ${res.status()}`);
    });
    page.on('requestfailed', (req) => note(`${req.method()} ${new URL(req.url()).pathname} failed: ${req.failure()?.errorText ?? '?'}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') note(`console.${msg.type()}: ${msg.text().slice(0, 300)}`);
    });
    page.on('pageerror', (err) => note(`uncaught: ${err.message.slice(0, 300)}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) note(`at ${new URL(frame.url()).pathname}`);
    });
    return page;
  }

  /** Screenshots of every open page (test-results/failed-*.png) and a report for the log. */
  async report(test: string): Promise<string> {
    const slug = test.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    const out = [`── browser state after the failure of "${test}" ──`];
    // The last pages opened are the ones the failing step used; older ones are earlier steps' sign-ins.
    const pages = [...this.pages].slice(-3);
    let i = 0;
    for (const page of pages) {
      i++;
      const file = `test-results/failed-${slug}-p${i}.png`;
      await page.screenshot({ path: file, timeout: 5_000 }).catch(() => undefined);
      const seen = await page
        .evaluate(() => {
          const text = (sel: string) =>
            [...document.querySelectorAll<HTMLElement>(sel)]
              .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
              .map((el) => el.innerText.replace(/\s+/g, ' ').slice(0, 300));
          return { dialogs: text('.ant-modal'), alerts: text('.ant-alert, .ant-message-notice, .ant-form-item-explain-error') };
        })
        .catch((e: unknown) => ({ dialogs: [], alerts: [`(page not readable: ${String(e).slice(0, 100)})`] }));
      out.push(`p${i} ${page.url()} → ${file}`);
      for (const d of seen.dialogs) out.push(`  dialog: ${d}`);
      for (const a of seen.alerts) out.push(`  shown: ${a}`);
    }
    out.push('recent activity:', ...this.lines.slice(-40).map((l) => `  ${l}`));
    return out.join('\n');
  }
}

const LIVE = new Set<Journal>();

/** The reports of every browser environment still open (at most one per test file, since files run one at a time). */
export async function reportLiveBrowsers(test: string): Promise<string[]> {
  return Promise.all([...LIVE].map((j) => j.report(test)));
}

/** Waits until the locator is visible (playwright-core has no `expect`; this is the assertion). */
export async function visible(locator: import('playwright-core').Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
