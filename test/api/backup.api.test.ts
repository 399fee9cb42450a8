import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, testConfig } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db/database';
import { migrateToLatest } from '../../src/platform/db/migrator';
import { buildGaugeApp } from '../../src/composition';
import { newId } from '../../src/platform/ids';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo.seed';
import { TEST_DIALECTS, createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../helpers/test-app';
import { multipartBody, pngImage } from '../helpers/files';
import { QUALITY_COMPLAINT } from './workorders.fixtures';

// Backup and restore (docs/operations.md) through the operator's commands, run as separate processes: a backup
// taken while work orders keep arriving holds every one acknowledged before it started, restores into a fresh
// database that migrates cleanly, and the app serves from it.

/** Runs `npm run backup|restore` as the operator would (tsx, DATABASE_URL in the environment). */
function cli(script: 'backup' | 'restore', args: string[], databaseUrl: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/platform/db/${script}.cli.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe.each(TEST_DIALECTS)('backup and restore on %s', (dialect) => {
  let t: TestApp;
  let fresh: TestDatabase;
  let dir: string;
  let agent: string;
  const acknowledged: string[] = [];
  const attachment = { id: newId(), content: Buffer.from([0, 1, 2, 255, 254, 0x89, 0x50, 0x4e, 0x47]) };

  /** Work-order attachments acknowledged (201) by the API: work order id → the bytes sent. */
  const photos = new Map<string, Buffer>();

  /** One intake and a photo of the complaint, as the agent sends them; the id once both are acknowledged. */
  const intake = async (i: number) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/workorders', payload: { ...QUALITY_COMPLAINT, problem: `备份期间受理 ${i}`, problemCategory: `备份-${i}` }, headers: { cookie: agent } });
    if (res.statusCode !== 201) return null;
    const id = res.json().id as string;
    const photo = pngImage(8 + (i % 16), 8, [i % 256, (i * 7) % 256, 90]);
    const m = multipartBody({ file: { name: `现场照片-${i}.png`, content: photo, type: 'image/png' } });
    const up = await t.app.inject({ method: 'POST', url: `/api/workorders/${id}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: agent } });
    if (up.statusCode !== 201) return null;
    photos.set(id, photo);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    fresh = await createTestDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'gauge-backup-'));
    agent = await t.login('agent');
    // Uploaded files live in the database (work_order_attachments, grading_attachments, mail_attachments: a
    // `content` column), so the backup must carry their bytes: the intakes upload photos through the API, and a
    // grading evidence file is stored here.
    const mine = await t.ctx.db.selectFrom('units').select('id').where('kind', '=', 'mine').executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('grading_attachments')
      .values({ id: attachment.id, mine_id: mine.id, filename: '证据.png', mime: 'image/png', size: attachment.content.length, content: attachment.content, uploaded_at: '2026-03-02T02:00:00.000Z', uploaded_by: null })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
    await fresh?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up under a steady intake load and restores every work order and attachment acknowledged before the backup started', async () => {
    for (let i = 0; i < 10; i++) acknowledged.push((await intake(i))!);
    expect(acknowledged.every(Boolean)).toBe(true);

    // Intakes keep arriving, one after another, for as long as the backup runs.
    let running = true;
    const during: string[] = [];
    const load = (async () => {
      for (let i = 100; running; i++) {
        const id = await intake(i);
        if (id) during.push(id);
      }
    })();
    const file = join(dir, dialect === 'sqlite' ? 'gauge.db' : 'gauge.dump');
    const backup = await cli('backup', ['--out', file], t.ctx.config.database.url);
    running = false;
    await load;
    expect(backup.code, backup.out).toBe(0);
    expect(during.length, 'intakes acknowledged while the backup ran').toBeGreaterThan(0);

    // An existing backup is not overwritten by accident.
    const again = await cli('backup', ['--out', file], t.ctx.config.database.url);
    expect(again.code, again.out).toBe(3);

    const restored = await cli('restore', ['--from', file], fresh.url);
    expect(restored.code, restored.out).toBe(0);

    const config = testConfig({ database: parseDatabaseUrl(fresh.url) });
    const opened = openDatabase(config);
    try {
      // Opens and migrates cleanly: nothing is pending, the schema is the source's.
      expect(await migrateToLatest(opened.db as never, dialect)).toEqual([]);
      const ids = (await opened.db.selectFrom('work_orders').select('id').where('id', 'in', acknowledged).execute()).map((r) => r.id);
      expect(new Set(ids)).toEqual(new Set(acknowledged));
      const att = await opened.db.selectFrom('grading_attachments').select('content').where('id', '=', attachment.id).executeTakeFirstOrThrow();
      expect(Buffer.from(att.content as Uint8Array).equals(attachment.content)).toBe(true);
      const files = await opened.db.selectFrom('work_order_attachments').select(['work_order_id', 'content']).where('work_order_id', 'in', acknowledged).execute();
      expect(files).toHaveLength(acknowledged.length);
      for (const f of files) expect(Buffer.from(f.content as Uint8Array).equals(photos.get(f.work_order_id)!), f.work_order_id).toBe(true);
      // Whatever the snapshot holds of the intakes made during the backup is whole: a work order with its photo.
      const duringRows = await opened.db.selectFrom('work_orders').select('id').where('id', 'in', during).execute();
      const duringFiles = await opened.db.selectFrom('work_order_attachments').select(['work_order_id', 'content']).where('work_order_id', 'in', during).execute();
      for (const f of duringFiles) expect(Buffer.from(f.content as Uint8Array).equals(photos.get(f.work_order_id)!)).toBe(true);
      expect(duringFiles.length).toBeLessThanOrEqual(duringRows.length);

      // The app answers on the restored database: sign-in works and an acknowledged work order is there.
      const app = await buildGaugeApp({ ctx: { config, db: opened.db, dialect, clock: t.clock }, logger: false, serveWeb: false });
      try {
        expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: DEMO_PASSWORD } });
        expect(login.statusCode).toBe(200);
        const cookie = `gauge_session=${login.cookies.find((c) => c.name === 'gauge_session')!.value}`;
        const wo = await app.inject({ method: 'GET', url: `/api/workorders/${acknowledged[0]}`, headers: { cookie } });
        expect(wo.statusCode, wo.body).toBe(200);
        expect(wo.json().problem).toBe('备份期间受理 0');
        const [listed] = wo.json().attachments as { id: string }[];
        const file = await app.inject({ method: 'GET', url: `/api/workorders/${acknowledged[0]}/attachments/${listed!.id}`, headers: { cookie } });
        expect(file.statusCode).toBe(200);
        expect(file.rawPayload.equals(photos.get(acknowledged[0]!)!)).toBe(true);
      } finally {
        await app.close();
      }

      // While a process has the restored database open, or without --force, a second restore changes nothing.
      const refused = await cli('restore', ['--from', file], fresh.url);
      expect(refused.code, refused.out).toBe(3);
      if (dialect === 'sqlite') {
        const inUse = await cli('restore', ['--from', file, '--force'], fresh.url);
        expect(inUse.code, inUse.out).toBe(3);
        expect(inUse.out).toContain('in use');
      }
    } finally {
      await opened.close();
    }
    const forced = await cli('restore', ['--from', file, '--force'], fresh.url);
    expect(forced.code, forced.out).toBe(0);
  }, 240_000); // six CLI processes, each starting tsx: tens of seconds on a loaded 2-core CI machine

  it('refuses a backup of the other database kind and answers usage errors with exit code 2', async () => {
    const other = join(dir, 'other');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(other, dialect === 'sqlite' ? 'PGDMP\u0001\u000e' : 'SQLite format 3\u0000');
    const wrong = await cli('restore', ['--from', other, '--force'], fresh.url);
    expect(wrong.code, wrong.out).toBe(3);
    expect((await cli('backup', [], t.ctx.config.database.url)).code).toBe(2);
  }, 120_000);
});
