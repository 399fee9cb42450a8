import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';
import { submitAction } from './workorders.helpers';

// Issue 13 acceptance (docs/quality-loop.md): the manager approves an 8D with verification facts, the QA manager
// confirms the proposed quality accident, the ledger shows the four deductions, the Pareto page shows the cause;
// and at intake the desk is warned of the similar complaint. Clocks pinned to Monday 2026-03-02 10:00 Beijing.
describe.each(TEST_DIALECTS)('quality loop in Chromium on %s', { timeout: 240_000 }, (dialect) => {
  let env: BrowserEnv;
  let woId = '';
  let woNumber = '';

  /** The body of a successful response (the fields these steps read). */
  const json = async (r: Awaited<ReturnType<APIRequestContext['get']>>): Promise<{ id: string; number: string; version: number }> => {
    if (!r.ok()) throw new Error(`${r.url()} → ${r.status()} ${await r.text()}`);
    return (await r.json()) as { id: string; number: string; version: number };
  };

  beforeAll(async () => {
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z', pageClock: true });
    // The world of the test, through the API: a workshop under 生产部 with its head and a worker (so the chain has
    // four people), the QA manager, one sub-cause, and a quality complaint with a batch number taken up to the
    // QE's pass of its 8D (D4 classified 机 · 搓丝板磨损).
    const admin = (await env.loginAs('admin')).request;
    const units = (await (await admin.get('/api/units')).json()) as { id: string; name: string }[];
    const unit = (n: string) => units.find((u) => u.name === n)!.id;
    const ws = await json(await admin.post('/api/units', { data: { name: '制粉车间', kind: 'department', parentId: unit('生产部') } }));
    for (const [username, displayName, unitId, roles] of [
      ['worker1', '制粉工 马超', ws.id, []],
      ['wshead', '车间主任 赵刚', ws.id, [{ role: 'dept_head', unitId: ws.id }]],
    ] as const) {
      await json(await admin.post('/api/users', { data: { username, displayName, unitId, password: 'quality-pass-4821', roles } }));
    }
    const cause = await json(await admin.post('/api/workorders/root-causes', { data: { category: 'machine', name: '搓丝板磨损' } }));

    const agent = (await env.loginAs('agent')).request;
    const created = await json(
      await agent.post('/api/workorders', {
        data: {
          kind: 'complaint', channel: 'phone', category: 'quality', customerName: '郑州金穗面业', contactName: '周经理', contactPhone: '13900002222',
          productCode: 'HR-M8-25', productName: 'M8×25 外六角螺栓', batchNumber: 'B-260301', problem: '螺纹牙纹不良，通规不过', problemCategory: '牙纹不良',
          shipDate: '2026-02-20', shipQuantity: 10000, lotSize: 10000, defectCount: 120, foundAt: '进料检验',
        },
      }),
    );
    woId = created.id;
    woNumber = created.number;
    const step = async (who: APIRequestContext, action: string, extra: Record<string, unknown> = {}) => {
      const v = await json(await who.get(`/api/workorders/${woId}`));
      await json(await who.post(`/api/workorders/${woId}/actions`, { data: { action, version: v.version, ...extra } }));
    };
    const clerk = (await env.loginAs('clerk')).request;
    const dept = (await env.loginAs('dept')).request;
    const qe = (await env.loginAs('qe')).request;
    await step(clerk, 'accept');
    await step(clerk, 'dispatch', { departmentId: unit('生产部') });
    await step(dept, 'sign');
    await step(dept, 'submit_8d', {
      report: { d1Team: '生产部 刘强', d2Problem: '牙纹不良 120/10000', d3Containment: '库存全检隔离', d4RootCause: '搓丝板磨损超出寿命', d4Category: 'machine', d4CauseId: cause.id, d5Actions: '更换搓丝板' },
    });
    await step(qe, 'pass_8d');
  }, 180_000);
  afterAll(async () => env?.close());

  async function shot(page: Page, name: string) {
    await env.screenshot(page, `quality-${name}-${dialect}`);
  }

  it('warns of the similar complaint while a new one is typed in', async () => {
    const page = await env.loginAs('agent');
    await page.goto('/workorders/new');
    await page.getByLabel('客户名称').fill('郑州金穗面业');
    await page.getByLabel('问题描述（不良现象）').fill('螺纹牙纹不良');
    await visible(page.getByTestId('similar-complaints').getByText(woNumber), 20_000);
    await visible(page.getByTestId('similar-item').first().getByText('同一客户'));
    await shot(page, 'similar');
  });

  it('lets the manager approve the 8D with verification facts, and the QA manager confirm the proposed quality accident', async () => {
    const manager = await env.loginAs('manager');
    await manager.goto(`/workorders/${woId}`);
    await visible(manager.getByTestId('action-approve_8d'), 30_000);
    await manager.getByTestId('action-approve_8d').click();
    const dialog = manager.getByRole('dialog');
    await visible(dialog);
    await dialog.getByText('记录质量验证结果').click();
    await dialog.getByText('经验证投诉产品操作性能差').click();
    await dialog.getByText('产品指标不在内控标准范围内').click();
    await dialog.getByTestId('verify-responsible').click();
    await manager.keyboard.type('马超');
    await visible(manager.locator('.ant-select-item-option').filter({ hasText: '制粉工 马超' }));
    await manager.keyboard.press('Enter');
    await visible(dialog.getByText('批号 B-260301'));
    await shot(manager, 'approve');
    await submitAction(manager, '批准 8D');
    await visible(manager.getByTestId('wo-status').getByText('已批准', { exact: true }));

    const qam = await env.loginAs('qam');
    await qam.goto('/accountability/quality');
    const row = qam.getByTestId('qa-list').locator('tbody tr').filter({ hasText: woNumber });
    await visible(row, 30_000);
    await row.getByRole('link', { name: /质量事故⑴/ }).click();
    await visible(qam.getByTestId('qa-level').getByText(/质量事故⑴/));
    await visible(qam.getByTestId('qa-cases').getByText('适用'));
    await shot(qam, 'proposal');
    await qam.getByTestId('qa-confirm').click();
    await visible(qam.getByTestId('qa-status').getByText('已认定'), 30_000);
    await shot(qam, 'confirmed');
  });

  it('shows the four deductions on the ledger, linked to the work order', async () => {
    const manager = await env.loginAs('manager');
    await manager.goto('/accountability/ledger');
    const rows = manager.getByTestId('ledger-entries').locator('tbody tr').filter({ hasText: woNumber });
    await visible(rows.first(), 30_000);
    const texts = (await rows.allInnerTexts()).map((r) => r.split('\t').slice(1, 4).join('|'));
    expect(texts.sort()).toEqual(['制粉工 马超|责任人|10', '车间主任 赵刚|部门负责人|5', '生产部部长 刘强|直接上级|3', '总经理 陈明|上上级|2'].sort());
    await shot(manager, 'ledger');
  });

  it('shows the cause on the Pareto page with the work order behind the bar', async () => {
    const manager = await env.loginAs('manager');
    await manager.goto('/reports/root-causes');
    const row = manager.getByTestId('pareto-table').locator('tbody tr').filter({ hasText: '机 · 搓丝板磨损' });
    await visible(row, 30_000);
    await visible(row.getByText(woNumber));
    await visible(manager.locator('[data-testid="pareto-chart"] canvas').first());
    await shot(manager, 'pareto');
  });

  it('lets the administrator add a sub-cause to the company’s list', async () => {
    const admin = await env.loginAs('admin');
    await admin.goto('/admin/root-causes');
    await visible(admin.getByText('搓丝板磨损'), 30_000);
    await admin.getByTestId('root-cause-name').fill('操作失误');
    await admin.getByTestId('root-cause-add').click();
    await visible(admin.locator('tbody tr').filter({ hasText: '操作失误' }), 30_000);
    await shot(admin, 'root-causes');
  });
});
