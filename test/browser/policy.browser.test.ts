import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';

// The complaint policy's structured form (docs/workorders.md#policy-format-policiescomplaint-policyyaml): besides the
// deadlines and their preview, who may take each step (`actions`) and the steps that need other roles for some
// severities (`approvals`) are edited without touching the YAML, checked before publishing, and published into the
// YAML the server validates. The deadline preview keeps working (workorders-conflicts.browser.test.ts covers its limits).

describe('complaint policy: who may act and approvals in the form', { timeout: 180_000 }, () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite', { now: '2026-03-02T02:00:00.000Z' });
  }, 120_000);
  afterAll(async () => env?.close());

  /** Opens a select by clicking `trigger` and picks the option labelled exactly `text`. */
  async function add(page: Page, trigger: Locator, text: string) {
    await trigger.click();
    // Typing filters the list (it is virtual: an option far down is not rendered until scrolled to).
    await page.keyboard.type(text);
    await page.locator(`.ant-select-item-option[title="${text}"]:visible`).last().click();
    await page.keyboard.press('Escape');
    // The closed list fades out with every option shown again: wait until it has gone, or the next pick finds it.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  }

  it('refuses a step without a role, adds an approval by severity, and publishes both into the YAML', async () => {
    const page = await env.loginAs('admin');
    await page.goto('/workorders/policy');
    await visible(page.getByText('现行第 1 版'));
    await visible(page.getByTestId('policy-preview-due'));
    await page.getByRole('tab', { name: /操作权限/ }).click();

    // 签收 is the department head's alone (shipped policy); taking the role away leaves the step without anyone.
    const sign = page.getByTestId('policy-action-sign');
    const head = sign.locator('[class*="selection-item"]').filter({ hasText: '部门负责人' });
    await visible(head);
    await head.locator('[class*="-remove"]').click();
    await visible(sign.getByText('每个操作至少需要一个角色'));
    await visible(page.getByRole('tab', { name: /操作权限.*有误/ }));
    await page.getByRole('button', { name: '发布新版本' }).click();
    await visible(page.getByText('请先改正标红的项。'));
    await add(page, sign.locator('.ant-select').first(), '部门负责人');
    await sign.getByText('每个操作至少需要一个角色').waitFor({ state: 'detached' });

    // The shipped approval (a serious complaint's dispatch by the director or the manager) is shown in words.
    await visible(page.getByTestId('approval-dispatch').getByTestId('approval-summary').getByText(/程度为「严重」的工单，「派单」由 总监、总经理/));

    // A new rule starts empty and says what it lacks; then 批准 8D of a serious complaint goes to the director.
    await page.getByTestId('approval-add').click();
    const rule = page.locator('[data-testid^="approval-"]').filter({ hasText: '请至少选择一个程度' });
    await visible(rule.getByText('请至少选择一个角色'));
    await add(page, rule.getByLabel('审批的步骤'), '批准 8D');
    const approve = page.getByTestId('approval-approve_8d');
    await add(page, approve.getByLabel('适用程度'), '严重');
    await add(page, approve.getByLabel('改由角色'), '总监');
    await visible(approve.getByTestId('approval-summary').getByText(/程度为「严重」的工单，「批准 8D」由 总监 执行（其他程度：总经理/));
    // The repair path's steps: 接单 left without anyone is refused; the supervisor (主管) may also record a completion.
    const take = page.getByTestId('policy-repair-take');
    await take.locator('[class*="selection-item"]').filter({ hasText: '班长' }).locator('[class*="-remove"]').click();
    await visible(take.getByText('每个抢修步骤至少需要一个角色'));
    await add(page, take.locator('.ant-select').first(), '班长');
    await take.getByText('每个抢修步骤至少需要一个角色').waitFor({ state: 'detached' });
    await add(page, page.getByTestId('policy-repair-complete_repair').locator('.ant-select').first(), '主管');
    await env.screenshot(page, 'policy-permissions');

    await page.getByPlaceholder('修改说明').fill('严重投诉的 8D 由总监批准');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await visible(page.getByText('已发布第 2 版'));

    // What the server now holds: the roles and the rule as chosen, in the YAML with its comments kept.
    const policy = (await (await page.request.get('/api/workorders/policy')).json()) as { version: number; yaml: string; document: { actions: Record<string, string[]>; approvals: Record<string, { severities: string[]; roles: string[] }>; repairs: { actions: Record<string, string[]> } } };
    expect(policy.version).toBe(2);
    expect(policy.document.actions.sign).toEqual(['dept_head']);
    expect(policy.document.approvals).toEqual({ dispatch: { severities: ['严重'], roles: ['director', 'manager'] }, approve_8d: { severities: ['严重'], roles: ['director'] } });
    expect(policy.yaml).toMatch(/approve_8d: \{ ?severities: \[ ?严重 ?\], roles: \[ ?director ?\] ?\}/);
    expect(policy.yaml).toContain('# docs/workorders.md#handling-steps, step 3');
    expect(policy.document.repairs.actions.take).toEqual(['team_lead']);
    expect(policy.document.repairs.actions.complete_repair).toEqual(['team_lead', 'supervisor']);
  });
});
