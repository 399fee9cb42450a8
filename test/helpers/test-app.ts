import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { FixedClock } from '../../src/platform/clock';
import { testConfig, type DatabaseDialect } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db/database';
import { migrateToLatest } from '../../src/platform/db/migrator';
import { buildGaugeApp, demoSeeders } from '../../src/composition';
import { DEMO_PASSWORD, seedDemo } from '../../src/modules/demo';
import type { AppContext } from '../../src/platform/context';

/**
 * One suite, two databases (docs/architecture.md#tests): integration tests run once per dialect listed here.
 * GAUGE_TEST_DB=sqlite or =postgres narrows it to one.
 */
export const TEST_DIALECTS: DatabaseDialect[] =
  process.env.GAUGE_TEST_DB === 'sqlite' ? ['sqlite'] : process.env.GAUGE_TEST_DB === 'postgres' ? ['postgres'] : ['sqlite', 'postgres'];

const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  dialect: DatabaseDialect;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database (PostgreSQL) or file (SQLite), dropped by `drop()`. */
export async function createTestDatabase(dialect: DatabaseDialect): Promise<TestDatabase> {
  const name = `gauge_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const file = `/tmp/${name}.db`;
    return {
      dialect,
      url: `sqlite:${file}`,
      async drop() {
        const { rm } = await import('node:fs/promises');
        for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FixedClock;
  dialect: DatabaseDialect;
  /** Logs in and returns the Cookie header value for `inject`. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
  /** Another app instance on the same database (for multi-instance tests). */
  sibling(): Promise<{ app: FastifyInstance; ctx: AppContext; close(): Promise<void> }>;
}

export async function createTestApp(
  dialect: DatabaseDialect,
  opts: { now?: string; demo?: boolean; config?: Parameters<typeof testConfig>[0] } = {},
): Promise<TestApp> {
  const tdb = await createTestDatabase(dialect);
  const clock = new FixedClock(opts.now ?? '2026-03-02T02:00:00.000Z');
  const config = testConfig({ database: { dialect, url: tdb.url, sqliteFile: dialect === 'sqlite' ? tdb.url.slice(7) : undefined }, ...opts.config });
  let shared: ReturnType<typeof openDatabase> | undefined;
  const make = async () => {
    // SQLite is embedded: instances in one process share its connection (two synchronous connections in one
    // thread would block each other). PostgreSQL siblings get their own pool, as separate servers would.
    const own = dialect === 'postgres' || !shared;
    const opened = own ? openDatabase(config, { poolSize: 4 }) : shared!;
    shared ??= opened;
    const app = await buildGaugeApp({ ctx: { config, db: opened.db, dialect, clock }, logger: false, serveWeb: false });
    return { app, ctx: app.ctx, close: async () => { await app.close(); if (own) await opened.close(); } };
  };
  const first = await make();
  await migrateToLatest(first.ctx.db as never, dialect);
  if (opts.demo !== false) await seedDemo(first.ctx, demoSeeders);
  const siblings: { close(): Promise<void> }[] = [];
  return {
    ...first,
    clock,
    dialect,
    async login(username, password = DEMO_PASSWORD) {
      const res = await first.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'gauge_session');
      return `gauge_session=${cookie!.value}`;
    },
    async sibling() {
      const s = await make();
      siblings.push(s);
      return s;
    },
    async close() {
      for (const s of siblings) await s.close();
      await first.close();
      await tdb.drop();
    },
  };
}
