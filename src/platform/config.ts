import { z } from 'zod';

// The only place that reads process.env (STYLE.md §10). Parsed once at boot into a frozen, typed object;
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
  PUBLIC_MAX_REQUESTS: z.coerce.number().int().positive().default(30),
  PUBLIC_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Gauge <gauge@localhost>'),
  WORKER_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  WORKERS: z.enum(['on', 'off']).default('on'),
  SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  TIME_ZONE: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
  WEB_DIST: z.string().default('dist/web'),
  // Addresses whose X-Forwarded-For is believed (proxy-addr syntax: names like loopback, CIDRs, comma-separated),
  // or 'true' for any hop (only behind a proxy that overwrites the header) / 'false' for none.
  TRUST_PROXY: z.string().trim().min(1).default('loopback,linklocal,uniquelocal'),
});

export type DatabaseDialect = 'sqlite' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: { dialect: DatabaseDialect; url: string; sqliteFile?: string };
  logLevel: string;
  sessionTtlMs: number;
  cookieSecure: boolean | 'auto';
  login: { maxAttempts: number; windowMs: number };
  publicPortal: { maxRequests: number; windowMs: number };
  uploadMaxBytes: number;
  smtpUrl?: string;
  mailFrom: string;
  workerIntervalMs: number;
  workersEnabled: boolean;
  seedDemo: 'auto' | 'on' | 'off';
  timeZone: 'Asia/Shanghai';
  webDist: string;
  /** Fastify's trustProxy: which peers may name the client address (rate limits key on it). */
  trustProxy: boolean | string;
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
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    login: { maxAttempts: e.LOGIN_MAX_ATTEMPTS, windowMs: e.LOGIN_WINDOW_SECONDS * 1000 },
    publicPortal: { maxRequests: e.PUBLIC_MAX_REQUESTS, windowMs: e.PUBLIC_WINDOW_SECONDS * 1000 },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    workerIntervalMs: e.WORKER_INTERVAL_MS,
    workersEnabled: e.WORKERS === 'on',
    seedDemo: e.SEED_DEMO,
    timeZone: e.TIME_ZONE,
    webDist: e.WEB_DIST,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY,
  });
}

/** Test and script helper: defaults with overrides, without touching the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WORKERS: 'off', SEED_DEMO: 'off' });
  return Object.freeze({ ...base, ...overrides });
}
