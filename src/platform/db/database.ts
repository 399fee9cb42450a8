import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config, DatabaseDialect } from '../config';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or an open transaction: repositories accept both so services decide the boundary. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

// COUNT(*) and SUM come back from pg as int8 strings; every row count we handle fits a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * Write transactions on SQLite start with BEGIN IMMEDIATE: a deferred BEGIN that later upgrades to a write
 * lock fails at once with SQLITE_BUSY when another connection (a second instance, a CLI) holds the file,
 * while IMMEDIATE waits for busy_timeout like any other writer.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}

/**
 * better-sqlite3 keeping its prepared statements by SQL text (least recently used dropped past `max`). Kysely's
 * SQLite driver prepares every query afresh; preparing was 12 % of the intake's CPU (docs/performance.md
 * "Intake"). A statement still being iterated (a streamed query) is `busy`: that caller gets a fresh one. SQLite
 * re-prepares a cached statement by itself when the schema changed.
 */
export function cachingStatements(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

export interface OpenedDatabase {
  db: Db;
  dialect: DatabaseDialect;
  close(): Promise<void>;
}

export function openDatabase(config: Pick<Config, 'database'>, opts: { poolSize?: number } = {}): OpenedDatabase {
  const { database } = config;
  if (database.dialect === 'sqlite') {
    const file = database.sqliteFile ?? ':memory:';
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    // WAL + NORMAL: durable across process crashes, ~2× the insert rate of FULL (docs/performance.md).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  // No parallel query on the request path: at 1 M work orders the register's overdue filter took 16 ms p50 / 23 ms
  // p95 with two parallel workers starting for each request, 8 / 11 ms without, and no report got slower
  // (docs/performance.md "PostgreSQL at 1 M after the intake changes"). A DATABASE_URL with its own `?options=`
  // wins over this (docs/operations.md "PostgreSQL connection settings").
  const pool = new pg.Pool({ connectionString: database.url, max: opts.poolSize ?? 10, options: '-c max_parallel_workers_per_gather=0' });
  // An idle client can be cut off by the server (restart, failover, a dropped test database); the pool replaces
  // it on next use, so this must not become an unhandled 'error' event that kills the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
