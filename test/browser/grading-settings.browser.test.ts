import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { MINE, UUID, choose, modal, shanghaiDay, track, type SentRequests } from './grading.helpers';

// Grading administration in Chromium (docs/grading.md "Scoring templates", "Self-inspections and bulletin",
// "Validity, reminder, extension"): template weights and a pasted edition, the province's yearly bulletin, a
// direct extension through its three parties, and the mine page in English. The pipeline itself is in
// grading.browser.test.ts.

/** An administrator's edition with items (the shipped 2020 trial has none yet): two parts, weights 0.6 / 0.4. */
const ITEMISED_EDITION = `id: demo-items-2024
version: 1
title: { zh: 分项评分测试标准, en: Itemised test standard }
edition: '2024'
effectiveFrom: '2024-05-01'
rulesPack: coal-mine-2020
parts:
  - id: 通风
    name: 通风
    mineTypes: [underground, open_pit]
    weights: { underground: 0.6, open_pit: 0.6 }
    items:
      - { id: tf-1, title: 通风系统, standardScore: 60, method: 查现场, deductions: [{ text: 不符合要求1处扣2分, points: 2 }] }
      - { id: tf-2, title: 局部通风, standardScore: 40, method: 查资料, deductions: [{ text: 1处扣1分, points: 1 }], mayBeNotApplicable: true }
  - id: 采煤
    name: 采煤
    mineTypes: [underground, open_pit]
    weights: { underground: 0.4, open_pit: 0.4 }
    items:
      - { id: cm-1, title: 采煤工作面, standardScore: 100, method: 查现场, deductions: [{ text: 1处扣1分, points: 1 }] }
`;

describe('grading settings, bulletin and English in Chromium (sqlite)', { sequential: true, timeout: 120_000 }, () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite', { pageClock: true });
  });
  afterAll(async () => env?.close());

  it('saves the 2020 weights only once they sum to 1, as a new template version', async () => {
    const page = await env.loginAs('admin');
    page.setDefaultTimeout(15_000);
    await page.getByTestId('nav').getByRole('link', { name: '定级管理' }).click();
    await visible(page.getByText('第六条：申报一级的煤矿由省级主管部门初审'));
    await env.screenshot(page, 'grading-20-admin-bodies');
    await page.getByRole('tab', { name: '评分标准' }).click();
    await page.getByText('煤矿安全生产标准化管理体系基本要求及评分方法（试行）').click();
    const drawer = page.locator('.ant-drawer:visible');
    const weights = drawer.getByRole('spinbutton');
    await visible(weights.first());
    expect(await weights.count()).toBe(15);
    for (let i = 0; i < 14; i++) await weights.nth(i).fill('0.06');
    await weights.nth(14).fill('0.15');
    await visible(drawer.getByTestId('weight-sum').getByText('须等于 1', { exact: false }));
    expect(await drawer.getByRole('button', { name: /保存权重/ }).isDisabled()).toBe(true);
    await weights.nth(14).fill('0.16');
    await visible(drawer.getByTestId('weight-sum').getByText('权重合计 1'));
    await env.screenshot(page, 'grading-21-weights');
    await drawer.getByRole('button', { name: /保存权重/ }).click();
    await visible(page.getByText('已保存为 v2', { exact: false }));
    await page.keyboard.press('Escape');
    const row = page.getByRole('row', { name: /coal-mine-2020/ });
    await visible(row.getByText('井工 已录入'));
    expect(await row.textContent()).toContain('v2');
  });

  it('loads an itemised edition pasted as YAML, and the mine scores it item by item with 缺项 and deductions', async () => {
    const admin = await env.loginAs('admin');
    admin.setDefaultTimeout(15_000);
    await admin.goto('/grading/admin');
    await admin.getByRole('tab', { name: '评分标准' }).click();
    await admin.getByRole('button', { name: /载入新版本/ }).click();
    const drawer = admin.locator('.ant-drawer:visible');
    await drawer.getByRole('textbox').fill(ITEMISED_EDITION);
    await drawer.getByRole('button', { name: /校验并载入/ }).click();
    await visible(admin.getByText('已载入 demo-items-2024 v1'));
    await visible(admin.getByRole('row', { name: /demo-items-2024/ }));

    const page = await env.loginAs('mine');
    page.setDefaultTimeout(15_000);
    await page.goto('/grading/applications/new');
    await choose(page, page.getByTestId('apply-standard'), '分项评分测试标准');
    const scoring = page.getByTestId('scoring');
    const localVentilation = scoring.getByRole('row', { name: /局部通风/ });
    await visible(localVentilation);
    // 缺项 leaves both sums: 通风 = (60 − 2) ÷ 60 × 100 = 96.67; weighted = 0.6 × 96.67 + 0.4 × 100 = 98.00.
    await localVentilation.getByRole('checkbox').check();
    const system = scoring.getByRole('row', { name: /通风系统/ });
    await system.getByRole('button', { name: /扣分/ }).click();
    await system.getByPlaceholder('扣分原因').fill('测风站记录不全');
    const live = page.getByTestId('live-panel');
    await visible(live.getByText('96.67'));
    await visible(live.getByText('98.00'));
    await visible(live.getByTestId('explain').getByTestId('level-tag').filter({ hasText: '一级' }));
    await visible(scoring.getByText(/已自动保存/));
    await env.screenshot(page, 'grading-26-itemised-sheet');
    await page.getByTestId('target-level').getByText('一级').click();
    await page.getByTestId('submit-application').click();
    await page.waitForURL(/\/grading\/applications\/[0-9a-f-]{36}$/);
    await visible(page.getByText('98.00').first());
    await visible(page.getByRole('cell', { name: '96.67' }));
  });

  it('prints the province’s yearly bulletin with the gradings of that year', async () => {
    const page = await env.loginAs('province');
    page.setDefaultTimeout(15_000);
    await page.goto('/grading/bulletin');
    await visible(page.getByTestId('bulletin').getByRole('heading', { level: 1 }));
    await page.getByRole('spinbutton').fill('2024');
    await page.getByRole('spinbutton').press('Tab');
    await visible(page.getByTestId('bulletin').getByText('2024 年度'));
    const gradings = page.getByTestId('bulletin').locator('table.form').first();
    await visible(gradings.getByText(MINE));
    expect(await gradings.textContent()).toContain('二级');
    await visible(page.getByTestId('print'));
    // Art. 11(6): the 一级 mines' self-inspections summarised for the national authority, below the bulletin.
    await visible(page.getByTestId('level1-summary').getByText('2024 年度一级煤矿自查结果汇总', { exact: false }));
    await env.screenshot(page, 'grading-22-bulletin');
  });

  it('extends a 一级 grade directly: the enterprise requests it with the Art. 9 checklist, the province reviews, the national authority files it', async () => {
    // Setup: the open-pit mine holds a 一级 grade expiring in two months (the demo world has no 一级 mine).
    const db = env.t.ctx.db;
    const openPit = await db.selectFrom('units').select(['id']).where('name', '=', '晋北二号露天煤矿').executeTakeFirstOrThrow();
    const national = await db.selectFrom('units').select(['id']).where('kind', '=', 'national_authority').executeTakeFirstOrThrow();
    const today = shanghaiDay(env.t.clock.now().toISOString());
    const validUntil = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) + 1, 1)).toISOString().slice(0, 10);
    const since = `${Number(validUntil.slice(0, 4)) - 3}${validUntil.slice(4)}`;
    await db
      .insertInto('grading_grades')
      .values({ mine_id: openPit.id, level: '一级', since, valid_until: validUntil, standard: 'coal-mine-2020', granted_by: national.id, extended: 0, reminded_for: null, updated_at: env.t.clock.now().toISOString() })
      .execute();

    const sent: SentRequests = { creations: [], decisions: [] };
    const enterprise = track(await env.loginAs('enterprise'), sent);
    enterprise.setDefaultTimeout(15_000);
    await enterprise.goto('/grading/mines');
    await enterprise.getByRole('link', { name: '晋北二号露天煤矿' }).click();
    await enterprise.getByRole('button', { name: '申请直接延期' }).click();
    const form = modal(enterprise);
    for (const label of ['本矿承诺符合一级管理体系要求', '瓦斯“零超限”', '井下“零突出”', '“零透水”', '“零自燃”', '“零冲击”（无冲击地压事故）']) await form.getByText(label).click();
    await form.getByLabel('证明材料说明').fill('三年内瓦斯零超限、零突出、零透水、零自燃、零冲击，采剥机械化程度 100%。');
    await form.getByRole('button', { name: /提\s*交/ }).click();
    await visible(enterprise.getByTestId('extensions').getByText('待省级审核'));
    await env.screenshot(enterprise, 'grading-24-extension-requested');

    const province = await env.loginAs('province');
    province.setDefaultTimeout(15_000);
    await province.goto(enterprise.url());
    await province.getByTestId('extensions').getByRole('button', { name: '审核通过' }).click();
    await modal(province).getByRole('textbox').fill('经征求当地监管监察部门意见，该矿三年内未发生死亡事故，无重大事故隐患组织生产情形。');
    await modal(province).getByRole('button', { name: /提\s*交/ }).click();
    await visible(province.getByTestId('extensions').getByText('待国家局备案'));

    const nationalPage = await env.loginAs('national');
    nationalPage.setDefaultTimeout(15_000);
    await nationalPage.goto(enterprise.url());
    await nationalPage.getByTestId('extensions').getByRole('button', { name: '备案并公告' }).click();
    await modal(nationalPage).getByRole('button', { name: /提\s*交/ }).click();
    const extendedTo = `${Number(validUntil.slice(0, 4)) + 3}${validUntil.slice(4)}`;
    await visible(nationalPage.getByTestId('extensions').getByText('已备案延期'));
    await visible(nationalPage.getByTestId('mine-grade').getByText(extendedTo));
    expect(sent.creations).toEqual([{ path: '/api/grading/extensions', key: expect.stringMatching(UUID) }]);
    await env.screenshot(nationalPage, 'grading-25-extension-filed');
  });

  it('shows the mine page in English on request', async () => {
    const page = await env.loginAs('mine');
    page.setDefaultTimeout(15_000);
    await page.goto('/grading/mines');
    await page.getByRole('link', { name: MINE }).click();
    await page.getByText('EN', { exact: true }).first().click();
    await visible(page.getByTestId('mine-grade').getByText('Level 2'));
    await visible(page.getByText('Grade history'));
    await visible(page.getByRole('button', { name: 'Apply for a grade' }));
    await env.screenshot(page, 'grading-23-mine-en');
  });
});
