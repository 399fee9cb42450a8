import { z } from 'zod';

// The only place that reads process.env (docs/architecture.md#conventions-every-module-follows). Parsed once at boot into a frozen, typed object;
// a bad value fails fast with a message naming the variable.
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/gauge.db')
    .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with sqlite: or postgres://',
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  // Per client address, across usernames: well above the per-username limit so one office behind one NAT
  // address is not locked out by a few people's typos, low enough to stop spraying guesses over many accounts.
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  PUBLIC_MAX_REQUESTS: z.coerce.number().int().positive().default(30),
  PUBLIC_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  // What an uploaded .xlsx may unpack to before it is parsed (docs/security.md "V12"): a small zip can hold
  // hundreds of MB of sheet XML.
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  // Files attached to work orders, 8D reports and portal complaints (docs/security.md "V12"): the largest file,
  // and how many one work order may hold.
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().positive().max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  ATTACHMENT_MAX_PER_WORK_ORDER: z.coerce.number().int().positive().max(1000).default(20),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Gauge <gauge@localhost>'),
  // E-mail in (docs/integrations-mail.md): an IMAP mailbox polled for new mail, off when neither the URL nor the
  // host is set. MAIL_IN_IMAP_URL = imap[s]://user:password@host[:port][/mailbox] replaces the separate variables.
  MAIL_IN_IMAP_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^imaps?:\/\/[^/\s]+/.test(v), { message: 'must look like imaps://user:password@host[:port]' }),
  MAIL_IN_HOST: z.string().trim().optional(),
  MAIL_IN_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MAIL_IN_USER: z.string().optional(),
  MAIL_IN_PASSWORD: z.string().optional(),
  MAIL_IN_TLS: z.enum(['true', 'false']).default('true'),
  MAIL_IN_MAILBOX: z.string().trim().min(1).default('INBOX'),
  MAIL_IN_UNIT: z.string().trim().optional(),
  MAIL_IN_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  WORKER_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  WORKERS: z.enum(['on', 'off']).default('on'),
  SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  TIME_ZONE: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
  WEB_DIST: z.string().default('dist/web'),
  // Addresses whose X-Forwarded-For is believed (proxy-addr syntax: names like loopback, CIDRs, comma-separated),
  // or 'true' for any hop (only behind a proxy that overwrites the header) / 'false' for none. Default none: a
  // client on a private network must not choose the address every rate limit keys on (README "Behind nginx").
  TRUST_PROXY: z.string().trim().min(1).default('false'),
  // Other origins (scheme://host[:port], comma-separated) allowed to send state-changing requests besides the
  // site's own (docs/security.md, V14).
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin must look like https://host[:port] without a path'))),
  // Outbound webhooks (docs/integrations.md): a receiver whose name resolves to a private, loopback, link-local or
  // unique-local address is refused unless this is 'true' (a receiver inside the same network; the tests).
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(10_000),
  // SMS (docs/integrations.md "SMS"): off unless SMS_PROVIDER is set; then the keys and the sign name are required.
  SMS_PROVIDER: z.enum(['aliyun', 'tencent', '']).default(''),
  SMS_ACCESS_KEY_ID: z.string().default(''),
  SMS_ACCESS_KEY_SECRET: z.string().default(''),
  SMS_SIGN_NAME: z.string().default(''),
  // Tencent Cloud only: the SMS application (SmsSdkAppId).
  SMS_SDK_APP_ID: z.string().default(''),
  SMS_REGION: z.string().default(''),
  // Another base URL for the provider's API (a proxy, or a local server in tests), e.g. http://127.0.0.1:9000.
  SMS_ENDPOINT: z
    .string()
    .default('')
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' }),
  // Template per message: {"workorder.closed": {"code": "SMS_123", "params": ["number"]}} — the provider's template
  // code and the order of its parameters (Tencent's templates take them by position).
  SMS_TEMPLATES: z
    .string()
    .default('{}')
    .transform((v, c) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        c.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), z.object({ code: z.string().min(1), params: z.array(z.string().min(1)).default([]) }))),
});

export type DatabaseDialect = 'sqlite' | 'postgres';

/** The mailbox the e-mail intake polls (docs/integrations-mail.md). */
export interface MailInConfig {
  host: string;
  port: number;
  /** Implicit TLS (IMAPS); false = plain IMAP, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** The code of the receiving unit (units.code) the mail's work orders are registered for. */
  unitCode: string;
  pollIntervalMs: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: { dialect: DatabaseDialect; url: string; sqliteFile?: string };
  logLevel: string;
  sessionTtlMs: number;
  cookieSecure: boolean | 'auto';
  /** Failed sign-ins per username, and attempts per client address, per fixed window. */
  login: { maxAttempts: number; maxAttemptsPerAddress: number; windowMs: number };
  publicPortal: { maxRequests: number; windowMs: number };
  uploadMaxBytes: number;
  /** Largest total unpacked size of an imported .xlsx (IMPORT_MAX_UNCOMPRESSED_BYTES). */
  importMaxUncompressedBytes: number;
  /** Work-order attachments: largest file (ATTACHMENT_MAX_BYTES) and files per work order (ATTACHMENT_MAX_PER_WORK_ORDER). */
  attachments: { maxBytes: number; maxPerWorkOrder: number };
  smtpUrl?: string;
  mailFrom: string;
  /** E-mail intake over IMAP; null when unconfigured (off). */
  mailIn: MailInConfig | null;
  workerIntervalMs: number;
  workersEnabled: boolean;
  seedDemo: 'auto' | 'on' | 'off';
  timeZone: 'Asia/Shanghai';
  webDist: string;
  /** Fastify's trustProxy: which peers may name the client address (rate limits key on it). */
  trustProxy: boolean | string;
  /** Origins besides the site's own that may send POST/PUT/PATCH/DELETE (lower-case, no trailing slash). */
  allowedOrigins: readonly string[];
  /** Outbound webhooks: whether private/loopback receivers are allowed, and the request timeout. */
  webhooks: { allowPrivate: boolean; timeoutMs: number };
  /** SMS account; null when SMS is off (SMS_PROVIDER unset). */
  sms: SmsConfig | null;
}

export interface SmsConfig {
  provider: 'aliyun' | 'tencent';
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  sdkAppId: string;
  region: string;
  /** Base URL override (no trailing slash), else the provider's public endpoint. */
  endpoint: string | null;
  templates: Readonly<Record<string, { code: string; params: readonly string[] }>>;
}

function smsConfig(e: z.infer<typeof EnvSchema>): SmsConfig | null {
  if (!e.SMS_PROVIDER) return null;
  const missing = [
    ['SMS_ACCESS_KEY_ID', e.SMS_ACCESS_KEY_ID],
    ['SMS_ACCESS_KEY_SECRET', e.SMS_ACCESS_KEY_SECRET],
    ['SMS_SIGN_NAME', e.SMS_SIGN_NAME],
    ...(e.SMS_PROVIDER === 'tencent' ? [['SMS_SDK_APP_ID', e.SMS_SDK_APP_ID]] : []),
  ].filter(([, v]) => !v);
  if (missing.length) throw new Error(`Invalid configuration:\n${missing.map(([k]) => `  ${k}: required when SMS_PROVIDER=${e.SMS_PROVIDER}`).join('\n')}`);
  return {
    provider: e.SMS_PROVIDER,
    accessKeyId: e.SMS_ACCESS_KEY_ID,
    accessKeySecret: e.SMS_ACCESS_KEY_SECRET,
    signName: e.SMS_SIGN_NAME,
    sdkAppId: e.SMS_SDK_APP_ID,
    region: e.SMS_REGION || (e.SMS_PROVIDER === 'aliyun' ? 'cn-hangzhou' : 'ap-guangzhou'),
    endpoint: e.SMS_ENDPOINT ? e.SMS_ENDPOINT.replace(/\/+$/, '') : null,
    templates: e.SMS_TEMPLATES,
  };
}

export function parseDatabaseUrl(url: string): Config['database'] {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', url, sqliteFile: file || ':memory:' };
  }
  return { dialect: 'postgres', url };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mailIn = parseMailIn(e);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    login: { maxAttempts: e.LOGIN_MAX_ATTEMPTS, maxAttemptsPerAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, windowMs: e.LOGIN_WINDOW_SECONDS * 1000 },
    publicPortal: { maxRequests: e.PUBLIC_MAX_REQUESTS, windowMs: e.PUBLIC_WINDOW_SECONDS * 1000 },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    importMaxUncompressedBytes: e.IMPORT_MAX_UNCOMPRESSED_BYTES,
    attachments: { maxBytes: e.ATTACHMENT_MAX_BYTES, maxPerWorkOrder: e.ATTACHMENT_MAX_PER_WORK_ORDER },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailIn,
    workerIntervalMs: e.WORKER_INTERVAL_MS,
    workersEnabled: e.WORKERS === 'on',
    seedDemo: e.SEED_DEMO,
    timeZone: e.TIME_ZONE,
    webDist: e.WEB_DIST,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS.map((o) => o.toLowerCase()),
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true', timeoutMs: e.WEBHOOK_TIMEOUT_MS },
    sms: smsConfig(e),
  });
}

function parseMailIn(e: z.infer<typeof EnvSchema>): MailInConfig | null {
  const fail = (msg: string): never => {
    throw new Error(`Invalid configuration:\n  ${msg}`);
  };
  let host = e.MAIL_IN_HOST;
  let port = e.MAIL_IN_PORT;
  let user = e.MAIL_IN_USER;
  let password = e.MAIL_IN_PASSWORD;
  let secure = e.MAIL_IN_TLS === 'true';
  let mailbox = e.MAIL_IN_MAILBOX;
  if (e.MAIL_IN_IMAP_URL) {
    const u = new URL(e.MAIL_IN_IMAP_URL);
    secure = u.protocol === 'imaps:';
    host = u.hostname;
    port = u.port ? Number(u.port) : undefined;
    user = decodeURIComponent(u.username) || user;
    password = decodeURIComponent(u.password) || password;
    const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (path) mailbox = path;
  }
  if (!host) return null;
  if (!user || !password) fail('MAIL_IN_USER and MAIL_IN_PASSWORD (or the user and password in MAIL_IN_IMAP_URL) are required for the e-mail intake');
  if (!e.MAIL_IN_UNIT) fail('MAIL_IN_UNIT: the code of the unit that receives the mail is required for the e-mail intake');
  return { host, port: port ?? (secure ? 993 : 143), secure, user: user!, password: password!, mailbox, unitCode: e.MAIL_IN_UNIT!, pollIntervalMs: e.MAIL_IN_POLL_SECONDS * 1000 };
}

/** Test and script helper: defaults with overrides, without touching the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WORKERS: 'off', SEED_DEMO: 'off' });
  return Object.freeze({ ...base, ...overrides });
}
