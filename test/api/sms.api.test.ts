import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxHandlers } from '../../src/composition';
import { sendSms } from '../../src/modules/integrations';
import { aliyunRpcSignature, tc3Authorization } from '../../src/modules/integrations/integrations.sms';
import { loadConfig, type SmsConfig } from '../../src/platform/config';
import type { AppContext } from '../../src/platform/context';
import { backoffMs, deliverOutbox } from '../../src/platform/jobs/outbox';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './workorders.fixtures';

// SMS through the outbox (docs/integrations.md "SMS") on both databases: the signed requests of Alibaba Cloud
// SMS (RPC SendSms, HMAC-SHA1) and Tencent Cloud SMS (SendSms 2021-01-11, TC3-HMAC-SHA256) received by a local
// server and verified with implementations written here from the providers' documentation — themselves checked
// against the documentation's worked examples — retries, the log, and SMS being off when unconfigured.

const NOW = '2026-03-02T02:00:00.000Z';

// ——— independent implementations of the documented algorithms ———

/** Alibaba Cloud POP encoding, byte by byte: unreserved characters stay, everything else is %XX (upper case). */
function popEncodeBytes(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 128 && /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function aliyunExpected(method: string, params: Record<string, string>, secret: string): string {
  const pairs = Object.entries(params)
    .filter(([k]) => k !== 'Signature')
    .map(([k, v]) => [popEncodeBytes(k), popEncodeBytes(v)])
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const toSign = `${method}&${popEncodeBytes('/')}&${popEncodeBytes(pairs)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

function tc3Expected(o: { secretKey: string; service: string; host: string; contentType: string; timestamp: string; body: Buffer }): string {
  const hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  const day = new Date(Number(o.timestamp) * 1000).toISOString().split('T')[0];
  const canonical = `POST\n/\n\ncontent-type:${o.contentType}\nhost:${o.host}\n\ncontent-type;host\n${hex(o.body)}`;
  const toSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${day}/${o.service}/tc3_request\n${hex(canonical)}`;
  let key: Buffer = createHmac('sha256', `TC3${o.secretKey}`).update(day).digest();
  key = createHmac('sha256', key).update(o.service).digest();
  key = createHmac('sha256', key).update('tc3_request').digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

// The worked examples of the providers' documentation.
const ALIYUN_DOC = {
  params: {
    AccessKeyId: 'testId', Action: 'SendSms', Format: 'XML', OutId: '123', PhoneNumbers: '15300000001', RegionId: 'cn-hangzhou', SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1', SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466', SignatureVersion: '1.0', TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}', Timestamp: '2017-07-12T02:42:19Z', Version: '2017-05-25',
  },
  secret: 'testSecret',
  signature: 'zJDF+Lrzhj/ThnlvIToysFRq6t4=',
};
const TENCENT_DOC = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  timestamp: 1551113065,
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
};

describe('SMS signatures against the providers’ worked examples', () => {
  it('Alibaba Cloud RPC signature (HMAC-SHA1) of the SendSms example', () => {
    expect(aliyunRpcSignature('GET', ALIYUN_DOC.params, ALIYUN_DOC.secret)).toBe(ALIYUN_DOC.signature);
    expect(aliyunExpected('GET', ALIYUN_DOC.params, ALIYUN_DOC.secret)).toBe(ALIYUN_DOC.signature);
  });

  it('Tencent Cloud TC3-HMAC-SHA256 of the signature v3 example', () => {
    const r = tc3Authorization({ ...TENCENT_DOC });
    expect(r.signature).toBe(TENCENT_DOC.signature);
    expect(r.authorization).toBe(`TC3-HMAC-SHA256 Credential=${TENCENT_DOC.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${TENCENT_DOC.signature}`);
    expect(tc3Expected({ secretKey: TENCENT_DOC.secretKey, service: 'cvm', host: TENCENT_DOC.host, contentType: 'application/json; charset=utf-8', timestamp: String(TENCENT_DOC.timestamp), body: Buffer.from(TENCENT_DOC.payload) })).toBe(TENCENT_DOC.signature);
  });
});

describe('SMS configuration', () => {
  it('is off without SMS_PROVIDER, and fails fast naming what a chosen provider lacks', () => {
    expect(loadConfig({}).sms).toBeNull();
    expect(() => loadConfig({ SMS_PROVIDER: 'tencent', SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 'k', SMS_SIGN_NAME: '华锐' })).toThrow(/SMS_SDK_APP_ID: required when SMS_PROVIDER=tencent/);
    expect(() => loadConfig({ SMS_TEMPLATES: '{nope' })).toThrow(/SMS_TEMPLATES/);
    const c = loadConfig({ SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 'k', SMS_SIGN_NAME: '华锐', SMS_TEMPLATES: '{"workorder.closed":{"code":"SMS_1","params":["number"]}}' });
    expect(c.sms).toMatchObject({ provider: 'aliyun', region: 'cn-hangzhou', endpoint: null, templates: { 'workorder.closed': { code: 'SMS_1', params: ['number'] } } });
  });
});

describe.each(TEST_DIALECTS)('SMS on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let rx: Receiver;
  let aliyun: SmsConfig;
  const drain = async (ctx: AppContext) => {
    while ((await deliverOutbox(ctx, outboxHandlers, 100)) > 0);
  };
  const withSms = (sms: SmsConfig | null): AppContext => ({ ...t.ctx, config: Object.freeze({ ...t.ctx.config, sms }) });
  const form = (body: string) => Object.fromEntries(body.split('&').map((kv) => kv.split('=').map(decodeURIComponent) as [string, string]));

  beforeAll(async () => {
    rx = await startReceiver({ status: 200, body: '{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}' });
    aliyun = {
      provider: 'aliyun', accessKeyId: 'LTAI-test-id', accessKeySecret: 'aliyun-test-secret', signName: '华锐精密', sdkAppId: '', region: 'cn-hangzhou', endpoint: rx.base,
      templates: { 'workorder.closed': { code: 'SMS_154950909', params: ['number'] } },
    };
    t = await createTestApp(dialect, { now: NOW, config: { sms: aliyun } });
    a = api(t);
    await drain(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });
  beforeEach(() => {
    rx.received.length = 0;
    rx.answers.length = 0;
  });

  it('tells the customer by Alibaba Cloud SMS when a work order closes, signed as documented', async () => {
    const wo = await a.create({ kind: 'praise', channel: 'letter', customerName: '短信客户', contactPhone: '13800001111', problem: '服务好', staffName: '李小红' });
    const closed = await a.step(wo.id, 'close', 'supervisor');
    await drain(t.ctx);
    expect(rx.received).toHaveLength(1);
    const req = rx.received[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const p = form(req.body);
    expect(p).toMatchObject({
      AccessKeyId: 'LTAI-test-id', Action: 'SendSms', Format: 'JSON', PhoneNumbers: '13800001111', RegionId: 'cn-hangzhou', SignName: '华锐精密',
      SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', TemplateCode: 'SMS_154950909', TemplateParam: JSON.stringify({ number: closed.trackingNumber }),
      Timestamp: '2026-03-02T02:00:00Z', Version: '2017-05-25',
    });
    expect(closed.trackingNumber).toMatch(/^TS/); // the number the customer knows from the portal
    expect(p.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.Signature).toBe(aliyunExpected('POST', p, 'aliyun-test-secret'));

    const log = (await a.get('/api/integrations/sms', 'admin')).json();
    expect(log).toMatchObject({ enabled: true, provider: 'aliyun', templates: ['workorder.closed'] });
    expect(log.messages[0]).toMatchObject({ phone: '138****1111', template: 'workorder.closed', provider: 'aliyun', status: 'sent', attempts: 1, responseCode: 200, lastError: null });
    expect(JSON.stringify(log)).not.toContain('13800001111');
    const row = await t.ctx.db.selectFrom('sms_messages').select('provider_ref').executeTakeFirstOrThrow();
    expect(row.provider_ref).toBe('900619746936498440^0');
  });

  it('retries after the provider refuses (rate limit), with back-off, and logs the error', async () => {
    rx.answers.push({ status: 200, body: '{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}' });
    await t.ctx.db.transaction().execute((trx) => sendSms(t.ctx, trx, { phone: '13900002222', template: 'workorder.closed', params: { number: 'KS-1' } }));
    await drain(t.ctx);
    let log = (await a.get('/api/integrations/sms', 'admin')).json();
    // Sysadmin sees messages without a unit too.
    const msg = log.messages.find((m: { phone: string }) => m.phone === '139****2222');
    expect(msg).toMatchObject({ status: 'pending', attempts: 1, responseCode: 200, lastError: 'isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1' });
    t.clock.advance(backoffMs(1));
    await drain(t.ctx);
    expect(rx.received).toHaveLength(2);
    expect(form(rx.received[1].body).SignatureNonce).not.toBe(form(rx.received[0].body).SignatureNonce);
    log = (await a.get('/api/integrations/sms', 'admin')).json();
    expect(log.messages.find((m: { phone: string }) => m.phone === '139****2222')).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('sends through Tencent Cloud SMS with a TC3-HMAC-SHA256 signature when configured for it', async () => {
    const tencent: SmsConfig = {
      provider: 'tencent', accessKeyId: 'AKID-test-id', accessKeySecret: 'tencent-test-key', signName: '华锐精密', sdkAppId: '1400006666', region: 'ap-guangzhou', endpoint: rx.base,
      templates: { 'workorder.closed': { code: '449739', params: ['number', 'date'] } },
    };
    const ctx = withSms(tencent);
    rx.answers.push({ status: 200, body: JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: '5000:1045710669157053657849499619', PhoneNumber: '+8613711112222', Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279' } }) });
    await ctx.db.transaction().execute((trx) => sendSms(ctx, trx, { phone: '13711112222', template: 'workorder.closed', params: { date: '3月2日', number: 'KS-20260302-0001' } }));
    await drain(ctx);
    expect(rx.received).toHaveLength(1);
    const req = rx.received[0];
    expect(req.method).toBe('POST');
    expect(req.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-region': 'ap-guangzhou', 'x-tc-timestamp': String(Math.floor(t.clock.now().getTime() / 1000)) });
    expect(req.headers.host).toBe(new URL(rx.base).host);
    expect(JSON.parse(req.body)).toEqual({ PhoneNumberSet: ['+8613711112222'], SmsSdkAppId: '1400006666', SignName: '华锐精密', TemplateId: '449739', TemplateParamSet: ['KS-20260302-0001', '3月2日'] });
    const signature = tc3Expected({ secretKey: 'tencent-test-key', service: 'sms', host: req.headers.host!, contentType: req.headers['content-type']!, timestamp: req.headers['x-tc-timestamp'] as string, body: req.raw });
    expect(req.headers.authorization).toBe(`TC3-HMAC-SHA256 Credential=AKID-test-id/2026-03-02/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`);
    const row = await t.ctx.db.selectFrom('sms_messages').selectAll().where('phone', '=', '13711112222').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', provider: 'tencent', provider_ref: '5000:1045710669157053657849499619' });
  });

  it('records a Tencent error answer as a failed attempt', async () => {
    const ctx = withSms({ ...aliyun, provider: 'tencent', sdkAppId: '1400006666', region: 'ap-guangzhou' });
    rx.answers.push({ status: 200, body: JSON.stringify({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'x' } }) });
    await ctx.db.transaction().execute((trx) => sendSms(ctx, trx, { phone: '13755556666', template: 'workorder.closed', params: { number: 'KS-2' } }));
    await deliverOutbox(ctx, outboxHandlers, 100);
    const row = await t.ctx.db.selectFrom('sms_messages').selectAll().where('phone', '=', '13755556666').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'AuthFailure.SignatureFailure: The provided credentials could not be validated.' });
  });

  it('is off when unconfigured: nothing is queued or sent, and the change goes ahead', async () => {
    const off = withSms(null);
    const before = await t.ctx.db.selectFrom('sms_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await off.db.transaction().execute((trx) => sendSms(off, trx, { phone: '13800001111', template: 'workorder.closed', params: { number: 'KS-3' } }));
    expect(r).toBe('disabled');
    // A message without a configured template is not sent either.
    const n = await t.ctx.db.transaction().execute((trx) => sendSms(t.ctx, trx, { phone: '13800001111', template: 'duty.unknown', params: {} }));
    expect(n).toBe('no_template');
    await drain(off);
    const after = await t.ctx.db.selectFrom('sms_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(rx.received).toHaveLength(0);
  });

  it('shows the SMS log to administrators only (403 otherwise)', async () => {
    expect((await a.get('/api/integrations/sms', 'agent')).statusCode).toBe(403);
  });
});
