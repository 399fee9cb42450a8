// Drives POST /api/workorders in one process for `--seconds` (default 10) and writes a CPU profile of that
// stretch only (start-up excluded) to `--out` (default intake.cpuprofile), for Chrome DevTools or any
// .cpuprofile reader (docs/performance.md "Intake"). Not part of `npm run bench`:
//   npx tsx bench/profile-intake.ts [--postgres] [--seconds 10] [--out /tmp/intake.cpuprofile] [--without-search-index]
//                                   [--statements] [--pages]
// `--statements` also times every SQLite statement the intakes execute (per SQL text: count and ms per intake).
// `--pages` (SQLite) counts the pages 100 intakes and 100 bare inserts write to the WAL, per table and index.
// `--without-search-index` drops the register search's index upkeep (migration 0010) to show what it costs.
// The requests go through app.inject with the bench's body, 8 at a time, on a fresh database with the demo seeded.
// It also prints CPU milliseconds per request (process.cpuUsage) of the intake and of the bench's bare
// validate-and-insert endpoint: on a shared machine CPU time per request moves far less than requests per second.

import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Database from 'better-sqlite3';

import Fastify from 'fastify';
import { sql } from 'kysely';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildGaugeApp } from '../src/composition';
import { newId } from '../src/platform/ids';
import { seedDemo } from '../src/modules/demo';
import { systemClock } from '../src/platform/clock';
import { testConfig, type DatabaseDialect } from '../src/platform/config';
import { openDatabase } from '../src/platform/db/database';
import { migrateToLatest } from '../src/platform/db/migrator';
import { createTestDatabase } from '../test/helpers/test-app';

const argv = process.argv.slice(2);
const dialect: DatabaseDialect = argv.includes('--postgres') ? 'postgres' : 'sqlite';
const seconds = argv.includes('--seconds') ? Number(argv[argv.indexOf('--seconds') + 1]) : 10;
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'intake.cpuprofile';

const BODY = {
  kind: 'complaint',
  channel: 'phone',
  category: 'quality',
  customerName: '上海联合汽配有限公司',
  customerCode: 'C-SH-001',
  contactPhone: '13800001111',
  productCode: 'HR-M8-25',
  problem: '螺纹牙纹不良，通规不过',
  problemCategory: '牙纹不良',
  shipDate: '2026-02-20',
  shipQuantity: 10000,
  lotSize: 10000,
  defectCount: 120,
  foundAt: '进料检验',
};

/** Wraps better-sqlite3's Statement methods to add up execution time per SQL text, until `stop`. */
function timeStatements() {
  const sample = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  const by = new Map<string, { n: number; ms: number }>();
  const originals: Record<string, (...a: unknown[]) => unknown> = {};
  for (const m of ['run', 'all', 'get']) {
    const orig = (originals[m] = sample[m]);
    sample[m] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return orig.apply(this, args);
      } finally {
        const e = by.get(this.source) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        by.set(this.source, e);
      }
    };
  }
  return { by, stop: () => Object.assign(sample, originals) };
}

/**
 * Every page a transaction changes is written to the WAL once at its commit: the frames' page numbers, mapped to
 * their b-tree through `dbstat`, show what an intake writes (docs/performance.md "Intake").
 */
async function walPagesPerIntake(db: typeof opened.db, file: string, intake: () => Promise<unknown>, bareOne: () => Promise<unknown>) {
  const frames = async (op: () => Promise<unknown>) => {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`PRAGMA wal_autocheckpoint = 0`.execute(db);
    for (let i = 0; i < 100; i++) await op();
    const wal = readFileSync(`${file}-wal`);
    await sql`PRAGMA wal_autocheckpoint = 1000`.execute(db);
    const pageSize = wal.readUInt32BE(8);
    const perPage = new Map<number, number>();
    for (let o = 32; o + 24 + pageSize <= wal.length; o += 24 + pageSize) perPage.set(wal.readUInt32BE(o), (perPage.get(wal.readUInt32BE(o)) ?? 0) + 1);
    return perPage;
  };
  const report = async (label: string, perPage: Map<number, number>) => {
    const names = new Map((await sql<{ name: string; pageno: number }>`select name, pageno from dbstat`.execute(db)).rows.map((r) => [r.pageno, r.name]));
    const by = new Map<string, number>();
    for (const [page, n] of perPage) by.set(names.get(page) ?? '(freed)', (by.get(names.get(page) ?? '(freed)') ?? 0) + n);
    const total = [...perPage.values()].reduce((a, n) => a + n, 0);
    console.log(`${label}: ${(total / 100).toFixed(1)} WAL pages per request, in ${by.size} b-trees`);
    for (const [name, n] of [...by].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / 100).toFixed(2).padStart(6)}  ${name}`);
  };
  await report('intake', await frames(intake));
  await report('bare insert', await frames(bareOne));
}

const target = await createTestDatabase(dialect);
const config = testConfig({ database: { dialect, url: target.url, sqliteFile: dialect === 'sqlite' ? target.url.slice('sqlite:'.length) : undefined } });
const opened = openDatabase(config);
try {
  await migrateToLatest(opened.db as never, dialect);
  if (argv.includes('--without-search-index')) {
    if (dialect === 'sqlite') await sql`DROP TRIGGER work_orders_fts_ai`.execute(opened.db);
    else for (const i of ['work_orders_search_trgm_idx', 'work_orders_search_short_idx']) await sql`DROP INDEX ${sql.id(i)}`.execute(opened.db);
  }
  const app = await buildGaugeApp({ ctx: { config, db: opened.db, dialect, clock: systemClock }, logger: false, serveWeb: false });
  await seedDemo(app.ctx);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: 'demo1234' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const post = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/workorders', headers: { cookie }, payload: BODY });
    if (res.statusCode !== 201) throw new Error(`intake → ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  // The bench's bare endpoint (bench/http.ts), through inject as well.
  await sql`CREATE TABLE IF NOT EXISTS bench_bare (id text primary key, body text not null, created_at text not null)`.execute(opened.db);
  const bare = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  const Body = z.object({ kind: z.string(), channel: z.string(), customerName: z.string(), productCode: z.string(), problem: z.string() }).passthrough();
  bare.post('/bare', { schema: { body: Body } }, async (req, reply) => {
    await sql`INSERT INTO bench_bare (id, body, created_at) VALUES (${newId()}, ${JSON.stringify(req.body)}, ${new Date().toISOString()})`.execute(opened.db);
    return reply.code(201).send({ id: 'x' });
  });
  const cpuPer = async (op: () => Promise<unknown>, count: number) => {
    for (let i = 0; i < 50; i++) await op();
    const c0 = process.cpuUsage();
    for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: 8 }, op));
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000 / count;
  };
  const bareMs = await cpuPer(() => bare.inject({ method: 'POST', url: '/bare', payload: BODY }), 2000);
  const timed = argv.includes('--statements') && dialect === 'sqlite' ? timeStatements() : null;
  if (argv.includes('--pages') && dialect === 'sqlite') await walPagesPerIntake(opened.db, config.database.sqliteFile!, post, () => bare.inject({ method: 'POST', url: '/bare', payload: BODY }));
  const intakeMs = await cpuPer(post, 800);
  if (timed) {
    timed.stop();
    console.log('SQLite statements per intake (count, ms of execution):');
    for (const [text, v] of [...timed.by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`${(v.n / 800).toFixed(2).padStart(6)} × ${(v.ms / 800).toFixed(3).padStart(7)} ms  ${text.replace(/\s+/g, ' ').slice(0, 150)}`);
    }
    const sum = [...timed.by.values()].reduce((a, v) => a + v.ms, 0);
    console.log(`total ${(sum / 800).toFixed(3)} ms of execution per intake`);
  }
  console.log(`CPU per request: bare ${bareMs.toFixed(3)} ms, intake ${intakeMs.toFixed(3)} ms, ratio ${(bareMs / intakeMs).toFixed(2)}`);
  await bare.close();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < end) {
        await post();
        n++;
      }
    }),
  );
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
  console.log(`${dialect}: ${n} intakes in ${((Date.now() - t0) / 1000).toFixed(1)} s = ${(n / ((Date.now() - t0) / 1000)).toFixed(0)}/s`);
  await app.close();
} finally {
  await opened.close();
  await target.drop();
}
