// HTTP section of `npm run bench` (docs/performance.md): the real intake endpoint (POST /api/workorders: session,
// Zod, policy, severity pack, calendar deadlines, audit, one transaction) next to a bare "validate + one
// insert" endpoint, measured in the same run on the same database so their ratio is comparable; then keyset
// paging of the register with many rows. On SQLite always, on PostgreSQL too with `--postgres` (a uniquely named
// database created and dropped like the test suites'). Prints figures; asserts nothing.

import Fastify from 'fastify';
import { sql } from 'kysely';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildGaugeApp } from '../src/composition';
import { seedDemo } from '../src/modules/demo';
import { systemClock } from '../src/platform/clock';
import { testConfig, type DatabaseDialect } from '../src/platform/config';
import { openDatabase } from '../src/platform/db/database';
import { migrateToLatest } from '../src/platform/db/migrator';
import { newId } from '../src/platform/ids';
import { createTestDatabase } from '../test/helpers/test-app';
import { figure } from './figures';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

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

/** `concurrency` loops posting for `ms`; returns requests per second and the share that failed. */
async function load(url: string, headers: Record<string, string>, ms: number, concurrency = 32) {
  let ok = 0;
  let failed = 0;
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(BODY) });
      await res.arrayBuffer();
      if (res.ok) ok++;
      else failed++;
    }
  };
  const start = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rps: (ok + failed) / ((Date.now() - start) / 1000), ok, failed };
}

export async function httpSection(dialect: DatabaseDialect): Promise<void> {
  const target = await createTestDatabase(dialect);
  const sqliteFile = dialect === 'sqlite' ? target.url.slice('sqlite:'.length) : undefined;
  const config = testConfig({ database: { dialect, url: target.url, sqliteFile } });
  const opened = openDatabase(config);
  try {
    await migrateToLatest(opened.db as never, dialect);
    const ctx0 = { config, db: opened.db, dialect, clock: systemClock };
    const app = await buildGaugeApp({ ctx: ctx0, logger: false, serveWeb: false });
    await seedDemo(app.ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent', password: 'demo1234' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

    // The bare endpoint: the same body through a Zod schema and one insert into a scratch table, same database.
    await sql`CREATE TABLE IF NOT EXISTS bench_bare (id text primary key, body text not null, created_at text not null)`.execute(opened.db);
    const bare = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    const Body = z.object({ kind: z.string(), channel: z.string(), customerName: z.string(), productCode: z.string(), problem: z.string() }).passthrough();
    bare.post('/bare', { schema: { body: Body } }, async (req, reply) => {
      const id = newId();
      await sql`INSERT INTO bench_bare (id, body, created_at) VALUES (${id}, ${JSON.stringify(req.body)}, ${new Date().toISOString()})`.execute(opened.db);
      return reply.code(201).send({ id });
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const barePort = (bare.server.address() as { port: number }).port;

    const engine = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    // Three rounds of bare then intake, 3 s each: the shared machine's speed drifts by up to 2× between runs, so the
    // ratio is taken within each round and the median round is reported.
    console.log(`HTTP on ${engine} (32 concurrent clients, same process, 3 rounds of 3 s each)`);
    await load(`http://127.0.0.1:${barePort}/bare`, {}, 1000);
    await load(`http://127.0.0.1:${port}/api/workorders`, { cookie }, 1000);
    const rounds: { b: number; w: number; failed: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const b = await load(`http://127.0.0.1:${barePort}/bare`, {}, 3000);
      const w = await load(`http://127.0.0.1:${port}/api/workorders`, { cookie }, 3000);
      rounds.push({ b: b.rps, w: w.rps, failed: w.failed });
    }
    const median = [...rounds].sort((x, y) => x.w / x.b - y.w / y.b)[1];
    const each = rounds.map((r) => (r.w / r.b).toFixed(2)).join(' · ');
    console.log(`  bare validate + one insert                   ${fmt(median.b).padStart(13)} req/s`);
    console.log(`  POST /api/workorders (real intake)           ${fmt(median.w).padStart(13)} req/s  (${rounds.reduce((a, r) => a + r.failed, 0)} failed)  ratio ${(median.w / median.b).toFixed(2)}  (rounds ${each})`);
    figure(`intake_ratio_${dialect}`, median.w / median.b, 'ratio');

    // Paging the register: the first page and a page deep in the keyset cursor chain, p50 of 200 requests each.
    const rows = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM work_orders`.execute(opened.db)).rows[0].n);
    const timeGet = async (url: string) => {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return times.sort((x, y) => x - y)[100];
    };
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = (await (await fetch(`http://127.0.0.1:${port}/api/workorders${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { cookie } })).json()) as { nextCursor: string | null };
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const first = await timeGet(`http://127.0.0.1:${port}/api/workorders`);
    const deep = cursor ? await timeGet(`http://127.0.0.1:${port}/api/workorders?cursor=${encodeURIComponent(cursor)}`) : NaN;
    console.log(`  GET /api/workorders first page, ${fmt(rows)} rows   p50 ${first.toFixed(2)} ms`);
    console.log(`  GET /api/workorders 50 pages deep (cursor)   p50 ${deep.toFixed(2)} ms`);
    await bare.close();
    await app.close();
    console.log('');
  } finally {
    await opened.close();
    await target.drop();
  }
}
