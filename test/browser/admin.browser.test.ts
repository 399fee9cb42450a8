import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';

// The acceptance flow of the Foundation issue (items 4, 6, 7, 9): an administrator builds a unit and a user
// through the pages, sees both in the audit log, and the new user sees only what their role allows.

/**
 * Picks `text` in an antd Select/TreeSelect: opens it by its input, types to filter (when searchable), clicks the
 * option's label and waits until the control shows the choice. Waits first for any other dropdown to close, so
 * a closing one (still animating) can never take the click.
 */
async function choose(page: Page, input: Locator, text: string): Promise<void> {
  const openDropdowns = page.locator('.ant-select-dropdown:visible');
  await expect.poll(() => openDropdowns.count()).toBe(0);
  const control = input.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  await input.click();
  if (await input.isEditable()) await input.fill(text);
  await openDropdowns.locator('.ant-select-item-option-content, .ant-select-tree-title').getByText(text, { exact: true }).first().click();
  await expect.poll(() => control.textContent()).toContain(text);
  await expect.poll(() => openDropdowns.count()).toBe(0);
}

const modal = (page: Page) => page.locator('.ant-modal:visible');
const save = (page: Page) => modal(page).getByRole('button', { name: /保\s*存/ }).click();

describe.each(TEST_DIALECTS)('administration pages in Chromium on %s', { sequential: true }, (dialect) => {
  let env: BrowserEnv;
  let admin: Page;
  beforeAll(async () => {
    // The server's pinned default clock, and the pages' clocks with it: the audit log's days are the server's.
    env = await startBrowserEnv(dialect, { pageClock: true });
    admin = await env.loginAs('admin');
    // Fail a missing element well inside the test's own timeout, with playwright's description of what it awaited.
    admin.setDefaultTimeout(10_000);
  });
  afterAll(async () => env?.close());
  // A failing step leaves a picture of the page behind (test-results/admin-failed-<dialect>.png).
  beforeEach(({ onTestFailed }) => onTestFailed(() => env.screenshot(admin, `admin-failed-${dialect}`)));

  it('creates a department under the company through the unit tree', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '组织机构' }).click();
    await visible(admin.getByRole('heading', { name: '组织机构' }));
    await admin.getByRole('row', { name: /华锐精密机械有限公司/ }).getByRole('button', { name: /新增下级/ }).click();
    await visible(modal(admin).getByText('在「华锐精密机械有限公司」下新建单位'));
    await modal(admin).getByLabel('名称').fill('售后服务部');
    await modal(admin).getByLabel('编码').fill('SVC-01');
    await save(admin);
    const row = admin.getByRole('row', { name: /售后服务部/ });
    await visible(row);
    expect(await row.textContent()).toContain('部门');
    expect(await row.textContent()).toContain('SVC-01');
    await env.screenshot(admin, 'admin-units');
  });

  it('opens the administration overview from the nav with counts and the latest changes', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '管理概览' }).click();
    await visible(admin.getByRole('heading', { name: '管理概览' }));
    // The demo world has 12 units; the one just created makes 13, and its creation heads the latest changes.
    const unitCount = admin.locator('.ant-statistic').filter({ hasText: '组织机构' }).locator('.ant-statistic-content-value');
    await visible(unitCount);
    expect(await unitCount.textContent()).toBe('13');
    await visible(admin.getByText('新建单位').first());
    await env.screenshot(admin, 'admin-overview');
    await admin.getByText('EN', { exact: true }).first().click();
    await visible(admin.getByRole('heading', { name: 'Overview' }));
    await admin.getByTestId('nav').getByRole('link', { name: 'Units' }).click();
    await visible(admin.getByRole('row', { name: /售后服务部.*Department/ }));
    await env.screenshot(admin, 'admin-units-en');
    await admin.getByText('中文', { exact: true }).first().click();
  });

  it('keeps every typed value and marks the username when the server refuses a duplicate (422)', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '用户管理' }).click();
    await visible(admin.getByRole('heading', { name: '用户管理' }));
    await admin.getByRole('button', { name: /新建用户/ }).click();
    const form = modal(admin);
    await form.getByLabel('用户名', { exact: true }).fill('agent');
    await form.getByLabel('姓名').fill('售后 王磊');
    await choose(admin, form.locator('#user_unitId'), '售后服务部');
    await form.getByLabel('初始密码').fill('svc-pass-1234');
    await form.getByLabel('电子邮箱').fill('wang.lei@example.com');
    await choose(admin, form.locator('#user_roles_0_role'), '部门负责人');
    await choose(admin, form.locator('#user_roles_0_unitId'), '售后服务部');
    await save(admin);

    const usernameItem = form.locator('.ant-form-item').filter({ has: admin.locator('#user_username') });
    await visible(usernameItem.getByText('用户名已存在'));
    await visible(form.getByTestId('user-form-alert'));
    expect(await form.getByLabel('姓名').inputValue()).toBe('售后 王磊');
    expect(await form.getByLabel('电子邮箱').inputValue()).toBe('wang.lei@example.com');
    expect(await form.getByLabel('初始密码').inputValue()).toBe('svc-pass-1234');
    expect(await form.locator('.ant-form-item').filter({ has: admin.locator('#user_roles_0_role') }).textContent()).toContain('部门负责人');
    expect(await form.locator('.ant-form-item').filter({ has: admin.locator('#user_unitId') }).textContent()).toContain('售后服务部');
    await env.screenshot(admin, 'admin-users-422');
  });

  it('creates the user with a department-head role on the new unit once the username is free', async () => {
    const form = modal(admin);
    await form.getByLabel('用户名', { exact: true }).fill('svc.wang');
    await save(admin);
    await form.waitFor({ state: 'hidden' });
    const row = admin.getByRole('row', { name: /svc\.wang/ });
    await visible(row);
    expect(await row.textContent()).toContain('部门负责人 · 售后服务部');
    await admin.getByLabel('搜索用户').fill('王磊');
    expect(await admin.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await env.screenshot(admin, 'admin-users');
    await admin.getByLabel('搜索用户').fill('');
  });

  it('edits the user’s phone against the version it read and resets their password', async () => {
    await admin.getByRole('row', { name: /svc\.wang/ }).getByRole('button', { name: /编\s*辑/ }).click();
    const form = modal(admin);
    expect(await form.getByLabel('用户名', { exact: true }).isDisabled()).toBe(true);
    await form.getByLabel('电话').fill('0351-1234567');
    await save(admin);
    await form.waitFor({ state: 'hidden' });
    await admin.getByRole('row', { name: /svc\.wang/ }).getByRole('button', { name: /重置密码/ }).click();
    await modal(admin).getByLabel('新密码').fill('new-pass-5678');
    await modal(admin).getByLabel('再次输入').fill('new-pass-5678');
    await modal(admin).getByRole('button', { name: /重\s*置/ }).click();
    await visible(admin.getByText('密码已重置'));
  });

  it('shows the creations with their after-image, the edit with its changed fields and the reset in the audit log, and exports it filtered', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '审计日志' }).click();
    await visible(admin.getByRole('heading', { name: '审计日志' }));
    const userRow = admin.getByRole('row', { name: /新建用户/ }).filter({ hasText: '售后 王磊' });
    await visible(userRow);
    await visible(admin.getByRole('row', { name: /新建单位/ }).filter({ hasText: '售后服务部' }));
    expect(await userRow.textContent()).toContain('系统管理员');
    await userRow.locator('.ant-table-row-expand-icon').click();
    const diff = admin.getByTestId('audit-diff').first();
    await visible(diff);
    // A readable comparison: each field by its Chinese name with its value (the raw record one click away).
    expect(await diff.textContent()).toMatch(/用户名.*svc\.wang/);

    const editRow = admin.getByRole('row', { name: /修改用户/ }).filter({ hasText: '售后 王磊' });
    await editRow.locator('.ant-table-row-expand-icon').click();
    const changed = admin.getByTestId('audit-diff').filter({ hasText: '电话' }).filter({ hasNotText: '用户名' });
    await visible(changed);
    // Only the changed fields are listed, named in Chinese.
    const fields = await changed.locator('tbody tr td:first-child').allTextContents();
    expect(fields).toEqual(['电话', '版本']);
    await visible(admin.getByRole('row', { name: /重置密码/ }).filter({ hasText: '售后 王磊' }));

    await choose(admin, admin.getByLabel('对象类型'), '用户');
    await admin.getByRole('heading', { name: '审计日志' }).click();
    await admin.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await visible(admin.getByRole('row', { name: /新建用户/ }));
    expect(await admin.getByRole('row', { name: /新建单位/ }).count()).toBe(0);
    const href = await admin.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe('/api/audit/export.xlsx?subjectType=user');
    const xlsx = await admin.request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await env.screenshot(admin, 'admin-audit');
  });

  it('warns about a stale edit (409), shows the newer value and saves on a conscious retry', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '组织机构' }).click();
    await admin.getByRole('row', { name: /品管部/ }).getByRole('button', { name: /编\s*辑/ }).click();
    await modal(admin).getByLabel('名称').fill('质量部');
    // Someone else renames it meanwhile, through the API with the same (admin) session.
    const units = (await (await admin.request.get('/api/units')).json()) as { id: string; name: string; version: number }[];
    const quality = units.find((u) => u.name === '品管部')!;
    expect((await admin.request.patch(`/api/units/${quality.id}`, { data: { version: quality.version, name: '品保部' } })).status()).toBe(200);
    await save(admin);
    await visible(modal(admin).getByText(/记录已被他人修改.*当前名称「品保部」/));
    expect(await modal(admin).getByLabel('名称').inputValue()).toBe('质量部');
    await save(admin);
    await visible(admin.getByRole('row', { name: /质量部/ }));
  });

  it('refuses to delete a unit that still has sub-units and users, with the server’s reason', async () => {
    await admin.getByRole('row', { name: /华锐精密机械有限公司/ }).getByRole('button', { name: /删\s*除/ }).click();
    await admin.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ }).click();
    // The server names what is still there (counts of sub-units and users), so match its shape, not one count.
    await visible(admin.getByText(/该单位下仍有.*下级单位.*用户.*不能删除/));
    await env.screenshot(admin, 'admin-units-not-empty');
    await admin.getByRole('button', { name: /知道了|OK/ }).click();
  });

  it('deletes an empty unit, which leaves the tree', async () => {
    await admin.getByRole('row', { name: /售后服务部/ }).getByRole('button', { name: /新增下级/ }).click();
    await modal(admin).getByLabel('名称').fill('临时工作组');
    await save(admin);
    const row = admin.getByRole('row', { name: /临时工作组/ });
    await visible(row);
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await admin.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ }).click();
    await visible(admin.getByText('已删除「临时工作组」'));
    await row.waitFor({ state: 'detached' });
  });

  it('signs out through the user menu and the new department head sees no administration', async () => {
    await admin.getByTestId('user-menu').click();
    await admin.getByRole('menuitem', { name: '退出登录' }).click();
    await admin.waitForURL(/\/login$/);
    await admin.getByLabel('用户名').fill('svc.wang');
    await admin.getByLabel('密码').fill('new-pass-5678');
    await admin.getByRole('button', { name: /登\s*录/ }).click();
    // The home page is 我的待办 (docs/inbox.md); the header names the person signed in.
    await visible(admin.getByTestId('user-menu').getByText('售后 王磊'));
    await visible(admin.getByText('我的待办').first());
    const me = await admin.evaluate(async () => (await (await fetch('/api/me')).json()) as { roles: { role: string }[] });
    expect(me.roles.map((r) => r.role)).toEqual(['dept_head']);
    // The administrator's pages are gone from the nav (pages open to every role may still sit in that group).
    const nav = admin.getByTestId('nav');
    await visible(nav);
    for (const entry of ['管理概览', '组织机构', '用户管理', '审计日志']) expect(await nav.getByText(entry, { exact: true }).count()).toBe(0);

    await admin.goto('/admin/users');
    await visible(admin.getByText('您的角色无权访问此页面'));
    const status = await admin.evaluate(async () => (await fetch('/api/users')).status);
    expect(status).toBe(403);
    await env.screenshot(admin, 'admin-403-dept-head');
  });
});
