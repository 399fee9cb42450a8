import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';
import { submitAction } from './workorders.helpers';

// The call centre's emergency repair (抢修单; docs/callcenter.md "Emergency repairs"; 呼叫中心岗位职责 cl. 3.1(2)) in
// the web UI at 1440×900: 生产部's head reports it; the call centre's team lead finds it in 我的待办, takes it on,
// tells the people concerned (SMS is not configured here, and the page says that none was sent), sends the crew,
// records arrival and completion; an agent finds the callback in 我的待办 and confirms the repair, which completes
// it. The server's clock is pinned to Monday 2026-03-02 10:00 Beijing and moved on between the steps.

const DESKTOP = { width: 1440, height: 900 };
const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('emergency repair in Chromium on %s', { timeout: 300_000 }, (dialect) => {
  let env: BrowserEnv;
  let number = '';
  let detailPath = '';

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z' });
  }, 120_000);
  afterAll(async () => env?.close());

  async function loginAt(username: string): Promise<Page> {
    const context = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'zh-CN', viewport: DESKTOP });
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

  async function expectStatus(page: Page, zh: string) {
    await visible(page.getByTestId('wo-status').getByText(zh, { exact: true }));
  }

  /** Opens the action's dialog, lets `fill` complete it, submits, and moves the clock on a few minutes. */
  async function act(page: Page, action: string, what: string, fill?: (dialog: Locator) => Promise<void>, minutes = 5) {
    await page.getByTestId(`action-${action}`).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    if (fill) await fill(dialog);
    await submitAction(page, what);
    env.t.clock.advance(minutes * MINUTE);
  }

  /** No English on a Chinese screen (docs/web.md#languages): runs of four or more Latin letters, the tracking number aside. */
  async function chineseOnly(locator: Locator) {
    const text = (await locator.innerText()).replace(/TS\d{8}[A-Z0-9]{10}/g, ' ');
    expect(text.match(/[A-Za-z]{4,}/g) ?? []).toEqual([]);
  }

  it('lets 生产部’s head report an emergency repair, which goes to the call centre', async () => {
    const page = await loginAt('dept');
    await page.goto('/workorders');
    await page.getByRole('link', { name: /上报抢修/ }).click();
    await page.waitForURL('**/workorders/repairs/new');
    await page.getByLabel('故障地点').fill('二号车间 3 号装配线');
    await page.getByLabel('故障情况').fill('主电机跳闸，整线停产');
    await page.getByLabel('受影响客户 / 用户').fill('城南配送中心');
    await page.getByLabel('现场联系人').fill('黄工');
    await page.getByLabel('联系电话').fill('13955551234');
    await chineseOnly(page.locator('main'));
    await env.screenshot(page, `emergency-repair-report-${dialect}`);
    await page.getByRole('button', { name: '上报抢修' }).click();
    await page.waitForURL(/\/workorders\/[0-9a-f-]{36}$/);
    detailPath = new URL(page.url()).pathname;
    number = (await page.getByTestId('wo-number').innerText()).trim();
    await expectStatus(page, '已登记');
    const card = page.getByTestId('repair-card');
    await visible(card.getByText('呼叫中心', { exact: true }));
    await visible(card.getByText('生产部', { exact: true }));
    // The clocks run in calendar hours: 接单 within 30 minutes, 到场 within 2 hours, 修复 within 8 hours.
    await visible(page.getByTestId('deadlines').getByText('2026-03-02 10:30'));
    await visible(page.getByTestId('deadlines').getByText('2026-03-02 18:00'));
    // The department follows it; the call centre's steps are not its own.
    await visible(page.getByTestId('action-panel').getByText('当前状态下您没有可执行的操作'));
    await page.context().close();
    await deliver();
  });

  it('has the team lead take it on, tell the people concerned (saying no SMS was sent), send the crew and record arrival and completion', async () => {
    const page = await loginAt('lead');
    const item = page.getByTestId('inbox-item').filter({ hasText: number });
    await visible(item);
    await visible(item.getByText('接单', { exact: true }));
    await env.screenshot(page, `emergency-repair-lead-inbox-${dialect}`);
    await item.getByRole('link').click();
    await page.waitForURL(`**${detailPath}`);

    await act(page, 'take', '接单');
    await expectStatus(page, '已接单');

    await act(page, 'notify', '通知相关人员', async (dialog) => {
      // SMS is not configured on this server: the dialog says so before anything is sent.
      await visible(dialog.getByTestId('sms-notice').getByText(/短信服务未配置/));
      await dialog.getByTestId('notify-recipients').click();
      await page.locator('.ant-select-item-option:visible').filter({ hasText: '生产部部长 刘强' }).first().click();
      // Close the dropdown (it covers the fields below it) by clicking the dialog's title.
      await dialog.locator('.ant-modal-title').click();
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      expect(await dialog.getByLabel('通知内容').inputValue()).toContain('二号车间 3 号装配线');
      await chineseOnly(dialog);
      await env.screenshot(page, `emergency-repair-notify-${dialect}`);
    });
    await expectStatus(page, '已通知');
    // …and after: nothing was sent, to the department's head or the customer.
    await visible(page.getByTestId('timeline-sms').getByText('短信未发送：短信服务未配置'));
    await visible(page.getByTestId('repair-sms').getByText(/人员 生产部部长 刘强：未发送：短信服务未配置/));
    await visible(page.getByTestId('repair-sms').getByText(/客户 黄工：未发送：短信服务未配置/));

    await act(page, 'assign_crew', '派工', async (dialog) => {
      await dialog.getByLabel('抢修人员 1 姓名').fill('张师傅');
      await dialog.getByLabel('抢修人员 1 手机').fill('13955550101');
      await dialog.getByRole('button', { name: /添加人员/ }).click();
      await dialog.getByLabel('抢修人员 2 姓名').fill('李师傅');
    }, 40);
    await expectStatus(page, '已派工');
    await visible(page.getByTestId('repair-crew').getByText('张师傅（13955550101）、李师傅'));

    await act(page, 'record_arrival', '记录到场', undefined, 90);
    await expectStatus(page, '已到场');
    await visible(page.getByTestId('repair-card').getByText('2026-03-02 10:50'));

    await act(page, 'complete_repair', '记录完工', async (dialog) => {
      await dialog.getByLabel('处理情况').fill('更换主电机热继电器，整线恢复生产');
    });
    await expectStatus(page, '已修复待回访');
    await visible(page.getByTestId('repair-card').getByText('更换主电机热继电器，整线恢复生产'));
    await chineseOnly(page.locator('main'));
    await env.screenshot(page, `emergency-repair-completed-${dialect}`);
    await page.context().close();
    await deliver();
  });

  it('has an agent find the callback in 我的待办 and confirm the repair, which completes the order', async () => {
    const page = await loginAt('agent');
    const item = page.getByTestId('inbox-item').filter({ hasText: number });
    await visible(item);
    await visible(item.getByText('记录回访', { exact: true }));
    await item.getByRole('link').click();
    await page.waitForURL(`**${detailPath}`);
    await act(page, 'callback', '记录回访', async (dialog) => {
      await dialog.getByText('已修复，确认完成').click();
      await chineseOnly(dialog);
    });
    await expectStatus(page, '已结案');
    await visible(page.getByTestId('timeline').getByText('回访：已修复，完成'));
    // Every clock was met: taken, arrived and repaired in time, and the callback made.
    const states = await page.getByTestId('deadlines').locator('.ant-tag').allInnerTexts();
    expect(states.filter((s) => s === '按时完成')).toHaveLength(4);
    await chineseOnly(page.locator('main'));
    await env.screenshot(page, `emergency-repair-closed-${dialect}`);
    // English second: the same record in English, no Chinese labels left.
    await page.getByText('EN', { exact: true }).first().click();
    const card = page.getByTestId('repair-card');
    await visible(card.getByText('Emergency repair', { exact: true }));
    await visible(card.getByText('Call centre', { exact: true }));
    await visible(card.getByText(/staff 生产部部长 刘强: not sent: SMS is not configured/));
    await visible(page.getByTestId('timeline').getByText('Callback: repaired, completed'));
    await visible(page.getByTestId('wo-status').getByText('Closed', { exact: true }));
    expect(await card.innerText()).not.toMatch(/抢修记录|承办|报修部门|抢修人员|到场时间|完工时间|处理情况|短信|未发送/);
    await env.screenshot(page, `emergency-repair-closed-en-${dialect}`);
    await page.context().close();
  });
});
