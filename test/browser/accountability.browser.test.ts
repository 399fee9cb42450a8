import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/test-app';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';

// Accountability pages (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions) in Chromium: record → level preview → detail chain → monthly ledger.
describe.each(TEST_DIALECTS)('accountability pages on %s', (dialect) => {
  let env: BrowserEnv;
  beforeAll(async () => {
    // The form's 发生日期 defaults to the browser's today and the server refuses a date after its own today:
    // both clocks start at the server's pinned default (2026-03-02), so the two agree on any machine date.
    env = await startBrowserEnv(dialect, { pageClock: true });
    // The responsible person must belong to the accident's unit (docs/accountability.md): a worker of 生产部.
    const admin = await env.loginAs('admin');
    const units = (await (await admin.request.get('/api/units')).json()) as { id: string; name: string }[];
    const unitId = units.find((u) => u.name === '生产部')!.id;
    const created = await admin.request.post('/api/users', { data: { username: 'pworker', displayName: '装配工 马超', unitId, password: 'ledger-pass-4821', roles: [] } });
    expect(created.status()).toBe(201);
    await admin.context().close();
  });
  afterAll(async () => env?.close());

  it('lets a manager record 2 minor injuries as 三级 and shows the 5/3/2 deductions in the ledger', async () => {
    const page = await env.loginAs('manager');
    await page.goto('/accountability/new');
    const unit = page.getByRole('combobox', { name: '发生部门' });
    await unit.click();
    await unit.fill('生产部');
    await page.keyboard.press('Enter');
    const person = page.getByRole('combobox', { name: '责任人' });
    await person.click();
    await person.fill('马超');
    await page.keyboard.press('Enter');
    await page.getByLabel('事故名称').fill('装配线夹手');
    await page.getByLabel('轻伤人数').fill('2');
    await page.getByLabel('治疗工作日').fill('15');
    // The live preview evaluates the pack before anything is saved.
    await visible(page.getByTestId('preview').getByText('三级事故'));
    await env.screenshot(page, `accountability-record-${dialect}`);
    await page.getByTestId('accident-submit').click();
    await page.waitForURL(/\/accountability\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('chain').getByText('部门负责人'));
    const chain = await page.getByTestId('chain').locator('tbody tr').allInnerTexts();
    expect(chain.map((r) => r.split('\t').slice(0, 3).join('|'))).toEqual([
      expect.stringMatching(/^责任人\|装配工 马超\|5$/),
      expect.stringMatching(/^部门负责人\|.*\|3$/),
      expect.stringMatching(/^直接上级\|.*\|2$/),
    ]);
    await env.screenshot(page, `accountability-detail-${dialect}`);

    await page.getByRole('link', { name: '扣分台账' }).first().click();
    await page.waitForURL(/\/accountability\/ledger$/);
    await visible(page.getByTestId('ledger-entries').getByText('装配线夹手'));
    const totals = await page.getByTestId('ledger-totals').locator('tbody tr').allInnerTexts();
    expect(totals.some((r) => /装配工 马超\s+1\s+5/.test(r))).toBe(true);
    await env.screenshot(page, `accountability-ledger-${dialect}`);
  });
});
