import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { SmsConfig } from '../../platform/config';
import { post, type HttpResponse } from './integrations.net';

// SMS providers behind one adapter (docs/integrations.md "SMS"): Alibaba Cloud SMS (dysmsapi, RPC-style SendSms,
// signature version 1.0 with HMAC-SHA1 over the canonicalized query — Alibaba Cloud SMS API "签名机制") and
// Tencent Cloud SMS (SendSms of API 2021-01-11, signed with TC3-HMAC-SHA256 — Tencent Cloud API "签名方法 v3").
// The signing functions are pure and exported so the tests can check them against the providers' worked examples.

export interface SmsSend {
  phone: string;
  templateCode: string;
  /** Template parameters by name (Aliyun's TemplateParam object) … */
  params: Record<string, string>;
  /** … and in the template's order (Tencent's TemplateParamSet is positional). */
  order: readonly string[];
}

export interface SmsOutcome {
  ok: boolean;
  status: number;
  ref: string | null;
  error: string | null;
}

export interface SmsAdapter {
  readonly provider: 'aliyun' | 'tencent';
  send(msg: SmsSend, now: Date, timeoutMs: number): Promise<SmsOutcome>;
}

// ——— Alibaba Cloud ———

/** RFC 3986 percent-encoding as Alibaba Cloud's POP signature requires: space %20, `*` %2A, `~` kept. */
export const popEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** StringToSign = METHOD & %2F & encode(sorted, encoded query); Signature = Base64(HMAC-SHA1(secret + "&", StringToSign)). */
export function aliyunRpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k])}`)
    .join('&');
  const stringToSign = `${method}&${popEncode('/')}&${popEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Timestamps in the RPC style: ISO 8601 UTC without milliseconds (2017-07-12T02:42:19Z). */
const rpcTimestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function aliyunAdapter(c: SmsConfig, nonce: () => string = randomUUID): SmsAdapter {
  const endpoint = c.endpoint ?? 'https://dysmsapi.aliyuncs.com';
  return {
    provider: 'aliyun',
    async send(msg, now, timeoutMs) {
      const params: Record<string, string> = {
        AccessKeyId: c.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: msg.phone.replace(/^\+86/, ''),
        RegionId: c.region,
        SignName: c.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        TemplateCode: msg.templateCode,
        TemplateParam: JSON.stringify(msg.params),
        Timestamp: rpcTimestamp(now),
        Version: '2017-05-25',
      };
      params.Signature = aliyunRpcSignature('POST', params, c.accessKeySecret);
      // POST with the parameters in a form body, so phone numbers stay out of access logs' URLs.
      const body = Object.entries(params).map(([k, v]) => `${popEncode(k)}=${popEncode(v)}`).join('&');
      const res = await post(`${endpoint}/`, body, { 'Content-Type': 'application/x-www-form-urlencoded' }, { allowPrivate: true, timeoutMs });
      return outcome(res, (r: { Code?: string; Message?: string; BizId?: string }) => (r.Code === 'OK' ? { ref: r.BizId ?? null } : { error: `${r.Code ?? '?'}: ${r.Message ?? ''}` }));
    },
  };
}

// ——— Tencent Cloud ———

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac256 = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  timestamp: number;
  payload: string;
  contentType?: string;
}

/**
 * TC3-HMAC-SHA256 for a POST of JSON to "/": CanonicalRequest → StringToSign (with the UTC date's credential
 * scope) → the key derived from "TC3" + SecretKey over date, service and "tc3_request" → hex signature.
 */
export function tc3Authorization(i: Tc3Input): { authorization: string; signature: string; canonicalRequest: string; stringToSign: string } {
  const contentType = i.contentType ?? 'application/json; charset=utf-8';
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = ['POST', '/', '', `content-type:${contentType}\nhost:${i.host}\n`, signedHeaders, sha256hex(i.payload)].join('\n');
  const scope = `${date}/${i.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(i.timestamp), scope, sha256hex(canonicalRequest)].join('\n');
  const signing = hmac256(hmac256(hmac256(`TC3${i.secretKey}`, date), i.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex');
  return { authorization: `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`, signature, canonicalRequest, stringToSign };
}

export function tencentAdapter(c: SmsConfig): SmsAdapter {
  const endpoint = c.endpoint ?? 'https://sms.tencentcloudapi.com';
  return {
    provider: 'tencent',
    async send(msg, now, timeoutMs) {
      // Mainland numbers without a country code get +86 (Tencent expects E.164).
      const phone = /^1\d{10}$/.test(msg.phone) ? `+86${msg.phone}` : msg.phone;
      const payload = JSON.stringify({
        PhoneNumberSet: [phone],
        SmsSdkAppId: c.sdkAppId,
        SignName: c.signName,
        TemplateId: msg.templateCode,
        TemplateParamSet: msg.order.map((k) => msg.params[k] ?? ''),
      });
      const timestamp = Math.floor(now.getTime() / 1000);
      const host = new URL(endpoint).host;
      const { authorization } = tc3Authorization({ secretId: c.accessKeyId, secretKey: c.accessKeySecret, service: 'sms', host, timestamp, payload });
      const res = await post(`${endpoint}/`, payload, {
        Authorization: authorization,
        'Content-Type': 'application/json; charset=utf-8',
        Host: host,
        'X-TC-Action': 'SendSms',
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Version': '2021-01-11',
        'X-TC-Region': c.region,
      }, { allowPrivate: true, timeoutMs });
      type TcAnswer = { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string; SerialNo?: string }[] } };
      return outcome(res, (r: TcAnswer) => {
        const resp = r.Response;
        if (resp?.Error) return { error: `${resp.Error.Code}: ${resp.Error.Message}` };
        const st = resp?.SendStatusSet?.[0];
        return st?.Code === 'Ok' ? { ref: st.SerialNo ?? null } : { error: `${st?.Code ?? '?'}: ${st?.Message ?? 'no status'}` };
      });
    },
  };
}

function outcome<T>(res: HttpResponse, read: (r: T) => { ref?: string | null; error?: string }): SmsOutcome {
  let parsed: T;
  try {
    parsed = JSON.parse(res.body) as T;
  } catch {
    return { ok: false, status: res.status, ref: null, error: `HTTP ${res.status}: ${res.body.slice(0, 200)}` };
  }
  const r = read(parsed);
  const ok = res.status >= 200 && res.status < 300 && !r.error;
  return { ok, status: res.status, ref: r.ref ?? null, error: ok ? null : (r.error ?? `HTTP ${res.status}`) };
}

/** The configured provider's adapter. */
export function smsAdapter(c: SmsConfig): SmsAdapter {
  return c.provider === 'aliyun' ? aliyunAdapter(c) : tencentAdapter(c);
}
