import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { deliverOutbox } from '../../src/platform/jobs/outbox';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { startReceiver, type Receiver } from '../helpers/http-receiver';

// The administrator's 集成 page (docs/integrations.md): register a signed generic webhook through the form, let a
// new work order fire it, and see the delivery in the log.

describe('integrations page in Chromium', { sequential: true }, () => {
  let env: BrowserEnv;
  let rx: Receiver;
  let admin: Page;
  beforeAll(async () => {
    rx = await startReceiver();
    env = await startBrowserEnv('sqlite', { config: { webhooks: { allowPrivate: true, timeoutMs: 5000 } } });
    admin = await env.loginAs('admin');
    admin.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await env?.close();
    await rx?.close();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => env.screenshot(admin, 'integrations-failed')));

  it('registers a webhook from the admin section and shows its delivery after a work order is created', async () => {
    await admin.getByTestId('nav').getByRole('link', { name: '集成' }).click();
    await visible(admin.getByRole('heading', { name: '集成' }));
    await admin.getByRole('button', { name: /新建 Webhook/ }).click();
    const modal = admin.locator('.ant-modal:visible');
    await visible(modal.getByText('企业微信群机器人'));
    await env.screenshot(admin, 'integrations-form');
    await modal.getByText('通用 JSON（签名）').click();
    await modal.getByLabel('地址').fill(`${rx.base}/gauge-events`);
    await modal.getByLabel('签名密钥').fill('browser-secret');
    await modal.getByRole('button', { name: /登\s*记/ }).click();
    await expect.poll(() => modal.count()).toBe(0);
    const row = admin.getByRole('row', { name: /gauge-events/ });
    await visible(row);
    expect(await row.textContent()).toContain('通用 JSON（签名）');
    expect(await row.textContent()).toContain('已设置');

    // A work order registered by the call centre (through the API) fires the webhook; the worker delivers it.
    const login = await fetch(`${env.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'demo1234' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const created = await fetch(`${env.baseUrl}/api/workorders`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: JSON.stringify({ kind: 'praise', channel: 'letter', customerName: '浏览器客户', problem: '服务热情', staffName: '李小红' }) });
    expect(created.status).toBe(201);
    while ((await deliverOutbox(env.t.ctx, outboxHandlers, 100)) > 0);
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0];
    expect(r.headers['x-gauge-signature']).toBe(`sha256=${createHmac('sha256', 'browser-secret').update(r.raw).digest('hex')}`);

    const log = admin.locator('.ant-card').filter({ has: admin.locator('.ant-card-head-title', { hasText: /^投递记录$/ }) });
    await log.getByRole('button', { name: /刷\s*新/ }).click();
    const delivered = log.getByRole('row', { name: /新工单/ });
    await visible(delivered);
    expect(await delivered.textContent()).toContain('已送达');
    expect(await delivered.textContent()).toContain('200');
    await env.screenshot(admin, 'integrations');
  });
});
