import { spawn } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, readSync, statSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config';

// Backup and restore of the configured database (docs/operations.md). Everything the system keeps is in the
// database — uploaded attachments included (grading_attachments.content is a blob/bytea) — so one database copy
// is a complete backup. SQLite: better-sqlite3's online backup API, a consistent copy while the server writes.
// PostgreSQL: pg_dump --format=custom, which reads one snapshot, and pg_restore.

type DatabaseConfig = Config['database'];

/** A refusal or failure with the exit code the CLIs end with: 1 failed, 3 refused (nothing was changed). */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 3 = 1,
  ) {
    super(message);
  }
}

export interface BackupResult {
  dialect: DatabaseConfig['dialect'];
  file: string;
  bytes: number;
  /** Applied migrations found in the copy (its schema version). */
  migrations: number;
}

export interface RestoreResult {
  dialect: DatabaseConfig['dialect'];
  target: string;
  migrations: number;
  created: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PGDUMP_MAGIC = 'PGDMP';

/** 'sqlite' | 'pgdump' | null from the first bytes of a file, so a restore never loads the wrong kind. */
export function backupKind(file: string): 'sqlite' | 'pgdump' | null {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    const head = buf.subarray(0, n).toString('latin1');
    if (head.startsWith(SQLITE_MAGIC)) return 'sqlite';
    if (head.startsWith(PGDUMP_MAGIC)) return 'pgdump';
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Writes a consistent copy of the configured database to `out` (refuses an existing file unless `force`). */
export async function backupDatabase(database: DatabaseConfig, out: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  const file = resolve(out);
  if (existsSync(file) && !opts.force) throw new BackupError(`${file} already exists; choose another name or pass --force to overwrite it`, 3);
  await mkdir(dirname(file), { recursive: true });
  // Written beside the target and renamed when complete and checked: an interrupted backup never looks finished.
  const partial = `${file}.partial-${process.pid}`;
  try {
    const migrations = database.dialect === 'sqlite' ? await backupSqlite(database, partial) : await backupPostgres(database, partial);
    await rename(partial, file);
    return { dialect: database.dialect, file, bytes: statSync(file).size, migrations };
  } finally {
    await rm(partial, { force: true });
  }
}

function sqlitePath(database: DatabaseConfig): string {
  const f = database.sqliteFile;
  if (!f || f === ':memory:') throw new BackupError('DATABASE_URL names an in-memory SQLite database: there is nothing to back up or restore');
  return resolve(f);
}

async function backupSqlite(database: DatabaseConfig, partial: string): Promise<number> {
  const source = sqlitePath(database);
  if (!existsSync(source)) throw new BackupError(`No SQLite database at ${source} (DATABASE_URL)`);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // All pages in one step: the step reads one snapshot (a WAL reader does not block the server's writers),
    // whereas small steps restart from the beginning whenever another connection writes in between — under a
    // steady write load they might never finish.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new SQLite(partial);
  try {
    // One self-contained file (no -wal beside it); the server turns WAL back on when it opens a restored copy.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The copy failed its integrity check: ${String(check)}`);
    return migrationCountSqlite(copy);
  } finally {
    copy.close();
  }
}

function migrationCountSqlite(db: SQLite.Database): number {
  const exists = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  return exists ? (db.prepare('select count(*) as n from kysely_migration').get() as { n: number }).n : 0;
}

/** The connection URL without its password, and the password for PGPASSWORD (not on the command line, where `ps` shows it). */
function pgTarget(url: string): { url: string; env: NodeJS.ProcessEnv; database: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, ...(password && { PGPASSWORD: password }) };
  return { url: u.toString(), env, database: decodeURIComponent(u.pathname.replace(/^\//, '')) };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new BackupError(`${cmd} was not found: install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-NN; docs/operations.md)`)
          : err,
      ),
    );
    child.on('close', (code) => (code === 0 ? resolveRun({ stdout, stderr }) : reject(new BackupError(`${cmd} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

async function backupPostgres(database: DatabaseConfig, partial: string): Promise<number> {
  const t = pgTarget(database.url);
  // pg_dump reads the whole database in one repeatable-read transaction: a consistent snapshot while the server
  // keeps writing. The custom format is compressed and lets pg_restore clean and reorder.
  await run('pg_dump', ['--format=custom', '--no-password', `--file=${partial}`, `--dbname=${t.url}`], t.env);
  // The archive's table of contents must read back, and it must hold the migration table's data.
  const { stdout } = await run('pg_restore', ['--list', partial], t.env);
  if (!/TABLE DATA \S+ kysely_migration /.test(stdout)) throw new BackupError('The dump holds no kysely_migration data: DATABASE_URL does not look like a Gauge database');
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>('select count(*) as n from kysely_migration')).rows[0].n);
  } finally {
    await c.end();
  }
}

/**
 * Brings a backup into the configured database. SQLite: the copy replaces the file, only while no process has it
 * open, and an existing file only with `force`. PostgreSQL: pg_restore --clean --if-exists --no-owner into the
 * target database in one transaction, creating it when missing; a database that already holds tables only with
 * `force`.
 */
export async function restoreDatabase(database: DatabaseConfig, from: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const source = resolve(from);
  if (!existsSync(source)) throw new BackupError(`No backup at ${source}`);
  const kind = backupKind(source);
  const expected = database.dialect === 'sqlite' ? 'sqlite' : 'pgdump';
  if (kind !== expected) {
    const what = kind === 'sqlite' ? 'a SQLite backup' : kind === 'pgdump' ? 'a PostgreSQL (pg_dump) backup' : 'not a Gauge backup';
    throw new BackupError(`${source} is ${what}, but DATABASE_URL is ${database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, 3);
  }
  return database.dialect === 'sqlite' ? restoreSqlite(database, source, !!opts.force) : restorePostgres(database, source, !!opts.force);
}

async function restoreSqlite(database: DatabaseConfig, source: string, force: boolean): Promise<RestoreResult> {
  const target = sqlitePath(database);
  const check = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new BackupError(`${source} failed its integrity check: ${String(ok)}`);
  } finally {
    check.close();
  }
  const existed = existsSync(target);
  if (existed) {
    if (!force) throw new BackupError(`${target} already exists; stop the server, then pass --force to replace it`, 3);
    // Any open connection (a running server, even idle) holds a lock that refuses an exclusive one: replacing the
    // file under it would leave that process writing to the old one.
    const probe = new SQLite(target, { timeout: 0 });
    try {
      probe.pragma('locking_mode = EXCLUSIVE');
      probe.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch {
      throw new BackupError(`${target} is in use (is the server running?): stop every process that has it open, then restore`, 3);
    } finally {
      probe.close();
    }
  }
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.restoring-${process.pid}`;
  try {
    await copyFile(source, partial);
    const fd = openSync(partial, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    // The old file's WAL and shared memory belong to the old contents; left beside the new file they would be
    // replayed into it.
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true });
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  const db = new SQLite(target, { fileMustExist: true });
  try {
    return { dialect: 'sqlite', target, migrations: migrationCountSqlite(db), created: !existed };
  } finally {
    db.close();
  }
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function restorePostgres(database: DatabaseConfig, source: string, force: boolean): Promise<RestoreResult> {
  const t = pgTarget(database.url);
  if (!t.database) throw new BackupError('DATABASE_URL names no database');
  let created = false;
  let tables = 0;
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    tables = Number((await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema = 'public'")).rows[0].n);
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
    // The target database does not exist: create it from the server's maintenance database.
    const admin = new URL(database.url);
    admin.pathname = '/postgres';
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${quoteIdent(t.database)}`);
    } finally {
      await c.end();
    }
    created = true;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (tables > 0 && !force) throw new BackupError(`Database ${t.database} already holds ${tables} tables; stop the servers, then pass --force to replace its contents`, 3);
  // --clean --if-exists drops what the archive recreates; --no-owner/--no-privileges let another role own the
  // restored objects; one transaction so that a failure leaves the database as it was.
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--no-password', `--dbname=${t.url}`, source], t.env);
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    const migrations = Number((await c.query<{ n: string }>('select count(*) as n from kysely_migration')).rows[0].n);
    return { dialect: 'postgres', target: t.url, migrations, created };
  } finally {
    await c.end();
  }
}
