import { DummyDriver, Kysely, NoResultError, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../platform/config';
import type { Database } from '../../platform/db/schema';
import * as repo from './workorders.repository';
import * as rr from './workorders.reports.repository';

// The SQL of the hot queries (register, overdue filter, worker claims, report aggregates) is kept under
// queries/ so a review sees when it changes (STYLE.md §14). A dummy driver compiles without a database.

function capture(dialect: DatabaseDialect): { db: Kysely<Database>; sql: string[] } {
  const sql: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => (dialect === 'postgres' ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => (dialect === 'postgres' ? new PostgresIntrospector(k) : new SqliteIntrospector(k)),
      createQueryCompiler: () => (dialect === 'postgres' ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
    log: (e) => {
      if (e.level === 'query') sql.push(`${e.query.sql};`);
    },
  });
  return { db, sql };
}

const NOW = '2026-03-02T02:00:00.000Z';
const SCOPE = ['/company/'];

describe.each<DatabaseDialect>(['sqlite', 'postgres'])('hot queries on %s', (dialect) => {
  it.each<[string, (db: Kysely<Database>) => Promise<unknown>]>([
    ['register-page', (db) => repo.listWorkOrders(db, { scope: SCOPE, status: 'in_progress', q: '牙纹', before: { createdAt: NOW, id: 'x' }, limit: 51 })],
    ['register-overdue', (db) => repo.listWorkOrders(db, { scope: SCOPE, overdueAt: NOW, limit: 51 })],
    ['worker-claim-missed', (db) => repo.claimMissed(db, dialect, NOW, 50)],
    ['worker-claim-warnings', (db) => repo.claimWarnings(db, dialect, NOW, 50)],
    ['report-count-by-kind', (db) => rr.countBy(db, { from: NOW, to: NOW, scope: SCOPE }, 'kind')],
    ['report-deadline-states', (db) => rr.deadlineStates(db, { from: NOW, to: NOW, scope: SCOPE })],
    ['report-overdue-now', (db) => rr.overdueNow(db, SCOPE, NOW)],
  ])('%s', async (name, run) => {
    const { db, sql } = capture(dialect);
    // The dummy driver returns no rows; a query that insists on one still compiled and was logged.
    await run(db).catch((e: unknown) => {
      if (!(e instanceof NoResultError)) throw e;
    });
    await expect(sql.join('\n') + '\n').toMatchFileSnapshot(`./queries/${name}.${dialect}.sql`);
  });
});
