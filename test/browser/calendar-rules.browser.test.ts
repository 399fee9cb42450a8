import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';

// The working-calendar admin page and the rules page (docs/calendar.md#administration-and-api, docs/rules.md#administration-and-api), in Chromium.
// Each case drives several pages on a machine shared with other suites: allow more than the default 30 s.
describe('working calendar and rule packs in Chromium', { timeout: 90_000 }, () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    // 15 October 2026, server and pages: the banner period, with 2027 not yet published.
    env = await startBrowserEnv('sqlite', { now: '2026-10-15T02:00:00.000Z', pageClock: true });
  });
  afterAll(async () => env?.close());

  it('shows the administrator 国庆节 2026 and the 班 Saturday 2026-10-10, the banner, and takes an override', async () => {
    const page = await env.loginAs('admin');
    await page.goto('/admin/calendar');
    await visible(page.getByTestId('calendar-banner'));
    expect(await page.getByTestId('calendar-banner').innerText()).toContain('2027');

    const national = page.locator('[data-date="2026-10-01"]');
    await visible(national);
    expect(await national.getAttribute('data-kind')).toBe('holiday');
    expect(await national.innerText()).toContain('国庆节');
    const saturday = page.locator('[data-date="2026-10-10"]');
    expect(await saturday.getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await saturday.innerText()).toContain('班');

    // A working Friday becomes a day off with a note.
    const friday = page.locator('[data-date="2026-10-09"]');
    expect(await friday.getAttribute('data-working')).toBe('true');
    await friday.click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    await dialog.getByText('休息日').click();
    await dialog.getByPlaceholder('例如：全厂停电检修').fill('全厂停电检修');
    await page.getByTestId('override-save').click();
    await page.waitForFunction(() => document.querySelector('[data-date="2026-10-09"]')?.getAttribute('data-kind') === 'override');
    expect(await friday.getAttribute('data-working')).toBe('false');
    expect(await friday.innerText()).toContain('全厂停电检修');

    // The calculator follows: 3 working days from 2026-09-30 17:00 now end on Monday 2026-10-12.
    const calc = page.getByTestId('deadline-calculator');
    const start = calc.getByLabel('开始时间');
    await start.click();
    await start.fill('2026-09-30 17:00');
    await start.press('Enter');
    await calc.getByRole('button', { name: /计\s*算/ }).click();
    await visible(page.getByTestId('deadline-result'));
    expect(await page.getByTestId('deadline-result').innerText()).toContain('2026-10-12T18:00:00+08:00');
    await env.screenshot(page, 'calendar-admin');
  });

  it('lets any signed-in user try coal-mine-2020: 二级, with the reasons 一级 was refused', async () => {
    const page = await env.loginAs('mine');
    await page.goto('/rules');
    await page.getByTestId('rule-packs').getByText('煤矿安全生产标准化管理体系考核定级').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="pack-title"]')?.textContent?.includes('煤矿安全生产标准化'));
    await visible(page.getByTestId('pack-levels'));
    expect(await page.getByTestId('pack-levels').innerText()).toContain('加权总分');
    // No upload form for a non-administrator.
    await page.getByRole('tab', { name: '试算' }).click();
    await page.getByTestId('fact-mineType').getByText('井工').click();
    await page.getByTestId('fact-basicConditionsMet').getByText('是', { exact: true }).click();
    await page.getByTestId('fact-weightedScore').locator('input').fill('86.5');
    await page.getByTestId('fact-partScores').getByPlaceholder('部分名称，如 通风').fill('通风');
    await page.getByTestId('fact-partScores').getByPlaceholder('得分').fill('88');
    await page.getByTestId('try-submit').click();
    await visible(page.getByTestId('try-result'));
    expect(await page.getByTestId('try-level').innerText()).toBe('二级');
    const refused = page.getByTestId('refused-一级');
    await visible(refused);
    const why = await refused.innerText();
    expect(why).toContain('86.5');
    expect(why).toContain('通风');
    await env.screenshot(page, 'rules-try-it');

    // The same result in English after the language switch.
    await page.getByText('EN', { exact: true }).first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="try-level"]')?.textContent === 'Level 2');
    expect(await page.getByTestId('refused-一级').innerText()).toContain('weighted score');

    await page.getByRole('tab', { name: 'Versions' }).click();
    expect(await page.getByTestId('upload-version').count()).toBe(0);
  });

  it('lets an administrator upload a new pack version, showing errors by path first', async () => {
    const page = await env.loginAs('admin');
    await page.goto('/rules?pack=complaint-severity-pedal');
    await page.waitForFunction(() => document.querySelector('[data-testid="pack-title"]')?.textContent?.includes('脚踏'));
    await page.getByRole('tab', { name: '版本' }).click();
    const editor = page.getByLabel('YAML');
    await visible(editor);
    const original = await editor.inputValue();
    await editor.fill(original.replace('{ fact: defectRate, gte: 0.3 }', '{ fact: defectRat, gte: 0.3 }'));
    await page.getByRole('button', { name: '校验并保存' }).click();
    await visible(page.getByTestId('upload-errors'));
    const errors = await page.getByTestId('upload-errors').innerText();
    expect(errors).toContain('levels[1].when');
    expect(errors).toContain('defectRat');
    await env.screenshot(page, 'rules-upload-errors');

    await editor.fill(original.replace('{ fact: defectRate, gte: 0.3 }', '{ fact: defectRate, gte: 0.2 }'));
    await page.getByPlaceholder('版本说明').fill('阈值改为 20%');
    await page.getByRole('button', { name: '校验并保存' }).click();
    await visible(page.getByText('已保存为版本 2'));
    await page.getByRole('tab', { name: '等级与条件' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="pack-levels"]')?.textContent?.includes('0.2'));
  });
});
