import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_INTAKE_ACTOR_ID, pollMailbox } from '../../src/modules/workorders/workorders.mail';
import type { AppContext } from '../../src/platform/context';
import { dovecotAvailable, startDovecot, type Dovecot } from '../helpers/dovecot';
import { startBrowserEnv, visible, type BrowserEnv } from '../helpers/browser';
import { TEST_DIALECTS } from '../helpers/test-app';

// E-mail in, seen by the desk (docs/integrations-mail.md "Reading mail in the app"): a mail taken from a real
// Dovecot mailbox shows in the register's e-mail filter and in the work order's timeline — subject, sender, the
// text as text (markup in it is not rendered) and the attachment to download.

if (!dovecotAvailable) console.warn('mail-intake browser test SKIPPED: /usr/sbin/dovecot is not installed');

describe.skipIf(!dovecotAvailable).each(TEST_DIALECTS)('e-mail in the work-order timeline in Chromium on %s', { timeout: 90_000 }, (dialect) => {
  let env: BrowserEnv;
  let imap: Dovecot;
  let number = '';

  beforeAll(async () => {
    imap = await startDovecot();
    env = await startBrowserEnv(dialect, { now: '2026-03-02T02:00:00.000Z' });
    await env.t.ctx.db.updateTable('units').set({ code: 'CC-MAIL' }).where('name', '=', '呼叫中心').execute();
    const boundary = 'b-1';
    await imap.append(
      [
        'From: "王经理" <wang@customer.example>',
        'To: kefu@gauge.example',
        'Subject: =?UTF-8?B?' + Buffer.from('踏板轴断裂，附照片').toString('base64') + '?=',
        'Message-ID: <browser-1@customer.example>',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('使用两周后踏板轴断裂。<b>请尽快</b>处理。').toString('base64'),
        `--${boundary}`,
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Disposition: attachment; filename="batch.txt"',
        '',
        'LOT 2026-02-20 / 10000 pcs',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const ctx: AppContext = {
      ...env.t.ctx,
      config: { ...env.t.ctx.config, mailIn: { host: imap.host, port: imap.port, secure: false, user: imap.user, password: imap.password, mailbox: 'INBOX', unitCode: 'CC-MAIL', pollIntervalMs: 60_000 } },
    };
    const r = await pollMailbox(ctx);
    expect(r).toMatchObject({ polled: true, created: 1 });
    number = (await env.t.ctx.db.selectFrom('work_orders').select('number').where('created_by', '=', MAIL_INTAKE_ACTOR_ID).executeTakeFirstOrThrow()).number;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await imap?.stop();
  });

  it('lists the mail’s work order under the e-mail channel and shows the mail in its timeline with the attachment to download', async () => {
    const page = await env.loginAs('clerk');
    await page.goto('/workorders?channel=email');
    await visible(page.getByText(number));
    await page.getByText(number).first().click();
    const entry = page.getByTestId('mail-entry');
    await visible(entry);
    await visible(entry.getByText('踏板轴断裂，附照片'));
    await visible(entry.getByText('王经理 <wang@customer.example>', { exact: false }));
    // The sender's markup is text: the tags are shown, nothing is bold.
    await visible(entry.getByText('使用两周后踏板轴断裂。<b>请尽快</b>处理。'));
    expect(await entry.locator('b').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), entry.getByTestId('mail-attachment').click()]);
    expect(download.suggestedFilename()).toBe('batch.txt');
    expect((await readFile((await download.path())!)).toString()).toBe('LOT 2026-02-20 / 10000 pcs');
    await env.screenshot(page, 'mail-in-timeline');
  });
});
