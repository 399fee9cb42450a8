import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';

// The acceptance flow of issue 5 (DOMAIN §3.3–§3.5) through the pages, one party at a time: the mine applies
// for 一级; the province records a hidden danger, the mine rectifies it, the province passes the initial review;
// the national authority assesses at 二级 scores and publishes the notice; the public objects and the body
// resolves it; after 5 working days the grade is announced with its validity; a later general fatal accident
// proposes 三级, the authority confirms it, and the public list shows the downgrade.

const modal = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal').last();
const MINE = '晋北一号井工煤矿';
const DAY_MS = 86_400_000;

/** Opens an antd Select and clicks the option whose text is `text`. */
async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click();
}

/** Types a date into an antd DatePicker and confirms it. */
async function pickDate(page: Page, picker: Locator, ymd: string): Promise<void> {
  const input = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input').first();
  await input.click();
  await input.fill(ymd);
  // Tab commits the typed date and closes the panel (Enter would also submit the surrounding form).
  await input.press('Tab');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
}

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

/** A screenshot of what is on screen (a modal's backdrop covers only the viewport, so no full page). */
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/${name}.png` });

/** Creations the server makes idempotent, and the proposal decisions that must name the version read. */
const CREATION = /\/api\/(grading\/(mines|mines\/[^/]+\/events|applications|sheets|extensions)|public\/grading\/notices\/[^/]+\/objections)$/;
const DECISION = /\/api\/grading\/proposals\/[^/]+\/(confirm|dismiss)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
interface SentRequests {
  creations: { path: string; key: string | undefined }[];
  decisions: { path: string; version: unknown }[];
}
/** Records what the page sends: each creation's Idempotency-Key and each decision's version (architecture.md). */
function track(page: Page, sent: SentRequests): Page {
  page.on('request', (req) => {
    if (req.method() !== 'POST') return;
    const path = new URL(req.url()).pathname;
    if (CREATION.test(path)) sent.creations.push({ path, key: req.headers()['idempotency-key'] });
    if (DECISION.test(path)) sent.decisions.push({ path, version: (req.postDataJSON() as { version?: unknown }).version });
  });
  return page;
}

/** The Asia/Shanghai day of an instant (the server's calendar day). */
const shanghaiDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe.each(TEST_DIALECTS)('standardisation grading in Chromium on %s', { sequential: true, timeout: 120_000 }, (dialect) => {
  let env: BrowserEnv;
  let appUrl = '';
  let appId = '';
  const sent: SentRequests = { creations: [], decisions: [] };

  /** Signs a party in afresh (sessions last 12 h of server time, and the clock moves) and opens the application. */
  const openAs = async (username: string, url = appUrl): Promise<Page> => {
    const page = track(await env.loginAs(username), sent);
    page.setDefaultTimeout(15_000);
    await page.goto(url);
    return page;
  };

  /** The application as the server holds it, read with the session of the page's user. */
  const readApplication = async (page: Page) => {
    const res = await page.request.get(`/api/grading/applications/${appId}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as { status: string; notice: { runsUntil: string } | null; grantedLevel: string | null; announcedAt: string | null };
  };

  beforeAll(async () => {
    // Sessions expire by the server's clock and Chromium drops a cookie whose expiry lies in its own past, so the
    // pinned clock starts at the real present; every later step moves it forward with env.t.clock.set.
    env = await startBrowserEnv(dialect, { now: new Date().toISOString() });
  });
  afterAll(async () => env?.close());

  it('lets the mine fill in a self-assessment, see 一级 with its reasons live, and apply for 一级', async () => {
    const page = await openAs('mine', '/grading/applications/new');
    const scoring = page.getByTestId('scoring');
    // coal-mine-2020 ships its 15 parts without items or weights: part scores and the total come from the official sheet.
    await visible(scoring.getByRole('spinbutton', { name: '通风' }));
    const inputs = scoring.getByRole('spinbutton');
    expect(await inputs.count()).toBe(16);
    for (let i = 0; i < 16; i++) await inputs.nth(i).fill('95');
    await page.getByTestId('target-level').getByText('一级').click();
    await page.getByTestId('report').fill('本矿对照《管理体系》逐项自评，各部分均达到一级要求。');
    await page.locator('input[type=file]').setInputFiles({ name: '自评证明材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n') });
    await visible(page.getByTestId('evidence-list').getByText('自评证明材料.pdf'));

    const live = page.getByTestId('live-panel');
    await visible(live.getByTestId('explain').getByTestId('level-tag').filter({ hasText: '一级' }));
    await visible(live.getByText('95.00'));
    await env.screenshot(page, 'grading-1-self-assessment');

    await page.getByTestId('submit-application').click();
    await page.waitForURL(/\/grading\/applications\/[0-9a-f-]{36}$/);
    appUrl = new URL(page.url()).pathname;
    appId = appUrl.split('/').pop()!;
    await visible(page.getByTestId('app-status').filter({ hasText: '已申报' }));
    await visible(page.getByTestId('deadline-clock').getByText('60'));
    // The evidence uploaded with the part scores is linked to the application and listed on it and on the report.
    await visible(page.getByTestId('app-evidence').getByText('自评证明材料.pdf'));
    await env.screenshot(page, 'grading-2-submitted');
    const report = await openAs('province', `${appUrl}/print/report`);
    await visible(report.getByTestId('report-evidence').getByText('自评证明材料.pdf', { exact: false }));
    // The list shows the 60-working-day clock of each application.
    const list = await openAs('province', '/grading/applications');
    await visible(list.getByRole('row', { name: new RegExp(MINE) }).getByTestId('clock-left'));
    await env.screenshot(list, 'grading-2a-applications-clock');
  });

  it('refuses a second 一级 application while one is open and keeps what was typed', async () => {
    const page = await openAs('mine', '/grading/applications/new');
    const scoring = page.getByTestId('scoring');
    await visible(scoring.getByRole('spinbutton', { name: '通风' }));
    const inputs = scoring.getByRole('spinbutton');
    for (let i = 0; i < 16; i++) await inputs.nth(i).fill('93');
    await page.getByTestId('target-level').getByText('一级').click();
    await page.getByTestId('submit-application').click();
    await visible(page.getByTestId('error-alert'));
    expect(page.url()).toContain('/grading/applications/new');
    expect(Number(await scoring.getByRole('spinbutton', { name: '通风' }).inputValue())).toBe(93);
    await env.screenshot(page, 'grading-2b-second-refused');
  });

  it('has the province record a hidden danger that blocks the initial review until the mine rectifies it', async () => {
    const province = await openAs('province');
    await province.getByTestId('danger-text').fill('主要通风机房备用电源切换试验记录缺失');
    await province.getByTestId('add-danger').click();
    await visible(province.getByTestId('hidden-dangers').getByText('1 项未整改'));
    // Passing now is refused: each hidden danger must be rectified first (Art. 7(2)).
    await province.getByTestId('action-initial_review_pass').click();
    await modal(province).getByRole('button', { name: /确\s*定/ }).click();
    await visible(modal(province).getByTestId('error-alert'));
    await shot(province, 'grading-3-danger-blocks-pass');
    await province.keyboard.press('Escape');

    const mine = await openAs('mine');
    await mine.getByTestId('rectify').click();
    await modal(mine).getByTestId('rectify-text').fill('已补做备用电源切换试验并建立月度试验记录制度，附试验记录。');
    await modal(mine).getByTestId('rectify-ok').click();
    await visible(mine.getByTestId('hidden-dangers').getByText('已整改'));
    await env.screenshot(mine, 'grading-4-rectified');

    const again = await openAs('province');
    await again.getByTestId('action-initial_review_pass').click();
    await modal(again).getByTestId('action-text').fill('材料审查及现场检查合格，隐患已整改。');
    await modal(again).getByRole('button', { name: /确\s*定/ }).click();
    await visible(again.getByTestId('app-status').filter({ hasText: '考核中' }));
    await env.screenshot(again, 'grading-5-initial-review-passed');
  });

  it('has the national authority assess at 二级 scores, so the mine continues at 二级 with the province, which publishes the notice', async () => {
    const page = await openAs('national');
    await page.getByTestId('action-assess').click();
    const m = modal(page);
    const inputs = m.getByRole('spinbutton');
    await visible(inputs.first());
    const parts = (await inputs.count()) - 1;
    expect(parts).toBe(15);
    for (let i = 0; i < parts; i++) await inputs.nth(i).fill('86');
    await page.getByTestId('assess-weighted').fill('86.5');
    await visible(m.getByTestId('assess-preview').getByTestId('level-tag').filter({ hasText: '二级' }));
    await visible(m.getByText(/按下一等级继续考核定级/));
    await shot(page, 'grading-6-assess-preview');
    await m.getByTestId('assess-ok').click();
    await visible(page.getByText('现按'));
    // Art. 7(5) and §3.2: at 二级 the province's configured bodies take over (both the province by default).
    await visible(page.getByTestId('decisions').getByText(/按二级继续考核定级/));
    await env.screenshot(page, 'grading-6b-stepped-down');

    const province = await openAs('province');
    await province.getByTestId('action-publish_notice').click();
    await modal(province).getByTestId('publish-ok').click();
    await visible(province.getByTestId('app-status').filter({ hasText: '公示中' }));
    await visible(province.getByTestId('notice'));
    await env.screenshot(province, 'grading-7-notice-published');
  });

  it('shows the notice on the public page and accepts an objection without an account', async () => {
    const page = track(await env.newPage(), sent);
    page.setDefaultTimeout(15_000);
    await page.goto('/public/grading');
    const row = page.getByTestId('public-notices').getByRole('row', { name: new RegExp(MINE) });
    await visible(row);
    expect(await row.textContent()).toContain('二级');
    await row.getByTestId('object').click();
    await modal(page).getByTestId('objection-name').fill('李明');
    await modal(page).getByTestId('objection-contact').fill('13800000000');
    await modal(page).getByTestId('objection-text').fill('该矿去年曾发生井下皮带运输违章作业，请核查。');
    await shot(page, 'grading-8-public-objection');
    await modal(page).getByTestId('objection-ok').click();
    await visible(page.getByText('异议已受理', { exact: false }));
    await env.screenshot(page, 'grading-9-public-notices');
    // The mine sees what was said but not who said it, shown once (为反映人保密).
    const mine = await openAs('mine');
    const objection = mine.getByTestId('notice').getByRole('row', { name: /违章作业/ });
    await visible(objection.getByText('（保密）', { exact: true }));
    expect(await objection.textContent()).not.toContain('（（保密））');
    expect(await objection.textContent()).not.toContain('李明');
  });

  it('refuses to announce while the objection is open or the notice has not run 5 working days, then announces with validity', async () => {
    const page = await openAs('province');
    const objection = page.getByTestId('notice').getByRole('row', { name: /李明/ });
    await visible(objection);
    await page.getByTestId('action-announce').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /公\s*告/ }).click();
    await visible(page.getByTestId('error-alert'));
    await env.screenshot(page, 'grading-10-announce-refused');

    await objection.getByTestId('resolve-objection').click();
    await modal(page).getByTestId('resolution-text').fill('经核查，所反映问题已于去年整改并处罚到位，不影响本次考核结果。');
    await modal(page).getByTestId('resolve-ok').click();
    await visible(page.getByTestId('notice').getByText('异议不成立'));

    // Still inside the notice period: the 409 says from when it may be announced.
    await page.getByTestId('action-announce').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /公\s*告/ }).click();
    await visible(page.getByTestId('error-alert'));
    await env.screenshot(page, 'grading-11-notice-not-over');

    const app = await readApplication(page);
    expect(app.status).toBe('public_notice');
    env.t.clock.set(new Date(new Date(app.notice!.runsUntil).getTime() + 60_000));
    const later = await openAs('province');
    await later.getByTestId('action-announce').click();
    await later.locator('.ant-popconfirm:visible').getByRole('button', { name: /公\s*告/ }).click();
    await visible(later.getByTestId('granted'));
    await visible(later.getByTestId('app-status').filter({ hasText: '已公告' }));
    await env.screenshot(later, 'grading-12-announced');

    const announced = await readApplication(later);
    expect(announced.grantedLevel).toBe('二级');
    const since = shanghaiDay(announced.announcedAt!);
    const validUntil = `${Number(since.slice(0, 4)) + 3}${since.slice(4)}`;
    const mine = await openAs('mine', '/grading/mines');
    const mineRow = mine.getByRole('row', { name: new RegExp(MINE) });
    await visible(mineRow.getByText(validUntil));
    expect(await mineRow.textContent()).toContain('二级');
    await env.screenshot(mine, 'grading-13-mines-list');

    const print = await openAs('province', `${appUrl}/print/announcement`);
    await visible(print.getByTestId('print-doc').getByText(validUntil));
    await env.screenshot(print, 'grading-14-announcement-print');
  });

  it('proposes 三级 after a general fatal accident, and the public list shows the confirmed downgrade', async () => {
    env.t.clock.set(new Date(env.t.clock.now().getTime() + 30 * DAY_MS));
    const today = shanghaiDay(env.t.clock.now().toISOString());
    // The province granted the 二级 (it assessed at that grade), so it confirms the change (Art. 11(3)).
    const page = await openAs('province', '/grading/mines');
    // The authority's worklist under the mines: the demo mines have not recorded their self-inspections (Art. 11(6)).
    await visible(page.getByTestId('overdue-inspections').getByRole('row', { name: new RegExp(MINE) }));
    await env.screenshot(page, 'grading-15a-authority-mines');
    await page.getByTestId('mines').getByRole('link', { name: MINE }).click();
    await visible(page.getByTestId('mine-name').filter({ hasText: MINE }));
    await choose(page, page.getByTestId('event-type'), '生产安全死亡事故');
    await choose(page, page.getByTestId('event-class'), '一般事故');
    await pickDate(page, page.getByTestId('event-date'), today);
    await page.getByRole('button', { name: /记录并生成处理建议/ }).click();
    const proposal = modal(page).getByTestId('proposal');
    await visible(proposal.getByText('降级'));
    expect(await proposal.textContent()).toContain('三级');
    await modal(page).getByLabel('决定理由').fill('依据第十一条第二款，二级煤矿发生一般死亡事故降为三级。');
    await shot(page, 'grading-15-proposal');
    await modal(page).getByTestId('confirm-proposal').click();
    await visible(page.getByTestId('mine-grade').getByText('三级'));
    await visible(page.getByTestId('history').getByText('降级'));
    await env.screenshot(page, 'grading-16-downgraded');

    const pub = await env.newPage();
    await pub.goto('/public/grading');
    await pub.getByRole('tab', { name: '等级公告' }).click();
    const row = pub.getByTestId('public-announcements').getByRole('row', { name: /降级/ }).filter({ hasText: MINE });
    await visible(row);
    expect(await row.textContent()).toContain('三级');
    await env.screenshot(pub, 'grading-17-public-announcements');
  });

  it('shows the ban with its reason when the downgraded mine applies for 一级 within a year, keeping what was typed', async () => {
    const page = await openAs('mine', '/grading/applications/new');
    const scoring = page.getByTestId('scoring');
    await visible(scoring.getByRole('spinbutton', { name: '通风' }));
    await visible(page.getByText('不得申报一级', { exact: false }));
    const inputs = scoring.getByRole('spinbutton');
    for (let i = 0; i < 16; i++) await inputs.nth(i).fill('92');
    await page.getByTestId('target-level').getByText('一级').click();
    await page.getByTestId('submit-application').click();
    // DOMAIN §3.5: a downgraded mine may not apply for 一级 for 1 year — the 422 names the ban and its end.
    await visible(page.getByTestId('error-alert').getByTestId('ban-reason'));
    expect(await page.getByTestId('ban-reason').first().textContent()).toMatch(/降级/);
    expect(Number(await scoring.getByRole('spinbutton', { name: '通风' }).inputValue())).toBe(92);
    // The live panel reads the recorded accident from the mine's history: a general fatal accident less than
    // 6 months ago refuses 一级 and 二级 (Art. 5), so the rules give 三级 and say why.
    const explain = page.getByTestId('live-panel').getByTestId('explain');
    await visible(explain.getByText('三级', { exact: true }).first());
    expect(await explain.textContent()).toMatch(/一般.*死亡事故/);
    await env.screenshot(page, 'grading-18-ban-refused');
  });

  it('lets the mine enter its quarterly self-inspection, which then counts as done', async () => {
    const today = shanghaiDay(env.t.clock.now().toISOString());
    const page = await openAs('mine', '/grading/mines');
    await page.getByRole('link', { name: MINE }).click();
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const row = page.getByRole('row', { name: new RegExp(quarter) });
    await row.getByRole('button', { name: /录\s*入/ }).click();
    await pickDate(page, modal(page).getByTestId('inspection-date'), today);
    await modal(page).getByLabel('自查结论').fill('全面自查完成，发现问题 3 项，均已整改。');
    await modal(page).getByRole('button', { name: /保\s*存/ }).click();
    await visible(row.getByText('已完成'));
    await env.screenshot(page, 'grading-19-self-inspection');
  });

  it('sent a fresh UUID Idempotency-Key with every creation and the version with every proposal decision', async () => {
    const kinds = new Set(sent.creations.map((c) => c.path.replace(/[0-9a-f-]{36}/g, ':id')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['/api/grading/applications', '/api/grading/mines/:id/events', '/api/public/grading/notices/:id/objections']));
    for (const c of sent.creations) expect(c.key, c.path).toMatch(UUID);
    // Two different forms never share a key (a retry of the same form does).
    const applicationKeys = sent.creations.filter((c) => c.path === '/api/grading/applications').map((c) => c.key);
    expect(new Set(applicationKeys).size).toBe(applicationKeys.length);
    expect(sent.decisions.length).toBeGreaterThan(0);
    for (const d of sent.decisions) expect(typeof d.version, d.path).toBe('number');
  });
});

describe('grading settings, bulletin and English in Chromium (sqlite)', { sequential: true, timeout: 120_000 }, () => {
  let env: BrowserEnv;
  beforeAll(async () => {
    env = await startBrowserEnv('sqlite', { now: new Date().toISOString() });
  });
  afterAll(async () => env?.close());

  it('saves the 2020 weights only once they sum to 1, as a new template version (DOMAIN §3.6)', async () => {
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

  it('loads an itemised edition pasted as YAML, and the mine scores it item by item with 缺项 and deductions (DOMAIN §3.6)', async () => {
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
