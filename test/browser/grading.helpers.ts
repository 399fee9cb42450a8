import type { Locator, Page } from 'playwright-core';

// What the grading browser suites share: the demo mine, antd helpers, and a recorder of what the pages send.

export const modal = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal').last();
export const MINE = '晋北一号井工煤矿';
export const DAY_MS = 86_400_000;

/** Opens an antd Select and clicks the option whose text is `text`. */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click();
}

/** Types a date into an antd DatePicker and confirms it. */
export async function pickDate(page: Page, picker: Locator, ymd: string): Promise<void> {
  const input = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input').first();
  await input.click();
  await input.fill(ymd);
  // Tab commits the typed date and closes the panel (Enter would also submit the surrounding form).
  await input.press('Tab');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
}

/** A screenshot of what is on screen (a modal's backdrop covers only the viewport, so no full page). */
export const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/${name}.png` });

/** Creations the server makes idempotent, and the proposal decisions that must name the version read. */
const CREATION = /\/api\/(grading\/(mines|mines\/[^/]+\/events|applications|sheets|extensions)|public\/grading\/notices\/[^/]+\/objections)$/;
const DECISION = /\/api\/grading\/proposals\/[^/]+\/(confirm|dismiss)$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export interface SentRequests {
  creations: { path: string; key: string | undefined }[];
  decisions: { path: string; version: unknown }[];
}
/** Records what the page sends: each creation's Idempotency-Key and each decision's version (docs/architecture.md). */
export function track(page: Page, sent: SentRequests): Page {
  page.on('request', (req) => {
    if (req.method() !== 'POST') return;
    const path = new URL(req.url()).pathname;
    if (CREATION.test(path)) sent.creations.push({ path, key: req.headers()['idempotency-key'] });
    if (DECISION.test(path)) sent.decisions.push({ path, version: (req.postDataJSON() as { version?: unknown }).version });
  });
  return page;
}

/** The Asia/Shanghai day of an instant (the server's calendar day). */
export const shanghaiDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
