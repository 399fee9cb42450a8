import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';

// The call centre in the web UI (docs/callcenter.md): the duty log handed over between two shifts and reviewed,
// the supervisor's agent figures and the forecast beside the schedule. Pinned at 2026-03-02 10:00 in Shanghai.

async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  await select.click();
  await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click();
}

describe.each(TEST_DIALECTS)('call centre in Chromium on %s', { timeout: 180_000 }, (dialect) => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { pageClock: true });
  }, 120_000);
  afterAll(async () => env?.close());

  it('hands the morning shift’s duty log to the next shift and has the supervisor review the breach', async () => {
    const lead = await env.loginAs('supervisor');
    await lead.goto('/callcenter');
    await lead.getByRole('button', { name: /填写本班日志/ }).click();
    const dialog = lead.locator('.ant-modal-wrap:visible .ant-modal').last();
    await choose(lead, dialog.getByLabel('班次'), '早班 08:00–16:00');
    await dialog.getByLabel('值班情况与交接事项').fill('10:20 系统卡顿 15 分钟，已报信息部；下一班请回拨 3 位未接通客户。');
    await dialog.getByRole('button', { name: /报告违规/ }).click();
    await choose(lead, dialog.locator('.ant-select').filter({ hasText: '违规人员' }), '坐席 王芳');
    await dialog.getByPlaceholder('违规情况').fill('迟到 20 分钟');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const entry = lead.getByTestId('duty-2026-03-02-morning');
    await visible(entry.getByText('待交接'));
    await visible(entry.getByText('违规 1 起'));
    await visible(entry.getByText(/坐席 王芳：迟到 20 分钟/));
    await env.screenshot(lead, 'callcenter-duty-log');

    const agent = await env.loginAs('agent');
    await agent.goto('/callcenter');
    const seen = agent.getByTestId('duty-2026-03-02-morning');
    await visible(seen.getByText(/下一班请回拨/));
    // Only the duty log: figures and the forecast are the supervisor's.
    expect(await agent.getByRole('tab', { name: '坐席绩效' }).count()).toBe(0);
    await seen.getByRole('button', { name: /确认交接/ }).click();
    await visible(seen.getByText('已交接 · 坐席 王芳'));

    await lead.reload();
    await entry.getByRole('button', { name: /审\s*阅/ }).click();
    const review = lead.locator('.ant-modal-wrap:visible .ant-modal').last();
    await review.getByLabel('审阅意见').fill('迟到已按考勤制度处理');
    await review.getByRole('button', { name: /提\s*交/ }).click();
    await visible(entry.getByText('主管已阅 · 呼叫中心主管 周静'));
    await visible(entry.getByText('主管意见：迟到已按考勤制度处理'));
  });

  it('shows the supervisor each agent’s figures against the month’s targets, with an Excel export', async () => {
    const sup = await env.loginAs('supervisor');
    await sup.goto('/callcenter?tab=figures');
    await sup.getByRole('button', { name: /设定月度目标/ }).click();
    const dialog = sup.locator('.ant-modal-wrap:visible .ant-modal').last();
    await dialog.getByLabel('坐席 王芳 受理量目标').fill('120');
    await dialog.getByLabel('坐席 王芳 满意率目标').fill('90');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const row = sup.getByRole('row', { name: /坐席 王芳/ });
    await visible(row);
    await expect.poll(() => row.textContent()).toContain('/ 120');
    expect(await sup.getByTestId('figures-export').getAttribute('href')).toBe('/api/callcenter/figures.xlsx?from=2026-03-01&to=2026-03-02');
    const xlsx = await sup.request.get('/api/callcenter/figures.xlsx?from=2026-03-01&to=2026-03-02');
    expect(xlsx.status()).toBe(200);
    await env.screenshot(sup, 'callcenter-figures');
  });

  it('forecasts the coming week from past arrivals and puts the agents needed beside the schedule', async () => {
    const sup = await env.loginAs('supervisor');
    await sup.goto('/callcenter?tab=forecast');
    await visible(sup.getByText('话务量预测'));
    await visible(sup.getByText(/最近 \d+ 天|历史太短/));
    await visible(sup.getByRole('columnheader', { name: '所需' }));
    const slot = sup.getByLabel('2026-03-03 早班 08:00–16:00 排班');
    await choose(sup, slot, '坐席 王芳');
    await visible(sup.getByText('排班已保存'));
    await env.screenshot(sup, 'callcenter-forecast');
  });
});
