import type { Page } from 'playwright-core';

// Layout checks shared by the phone and role-day suites (docs/web.md#phones).

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Sideways scroll of the document, and texts of 3+ characters laid out about one character per line. */
export async function layoutProblems(page: Page): Promise<{ overflow: number; broken: string[] }> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      if (text.length < 3) continue;
      const el = n.parentElement;
      // The collapsed side menu (width 0 below lg) lays its text out in no space, but nobody sees it.
      if (!el || el.closest('[aria-hidden="true"], .ant-select-dropdown, .ant-picker-dropdown, .ant-layout-sider-collapsed')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size >= 3 && lines.size >= text.length * 0.6) broken.push(text.slice(0, 40));
    }
    return { overflow: doc.scrollWidth - doc.clientWidth, broken };
  });
}

/**
 * Network quiet and no spinner or skeleton left: what a person would call "loaded". Callers wait for the page's own
 * content first: a client-side navigation may not have started its requests (or its lazy chunk) yet.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}
