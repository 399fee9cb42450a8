import { DummyDriver, Kysely, NoResultError, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../platform/config';
import type { Database } from '../../platform/db/schema';
import * as repo from './workorders.repository';
import * as rr from './workorders.reports.repository';
import * as rlr from './workorders.rollups.repository';

// The SQL of the hot queries (register, overdue filter, worker claims, report aggregates) is kept under
// queries/ so a review sees when it changes (docs/workorders.md#query-snapshots). A dummy driver compiles without a database.

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
    ['register-page', (db) => repo.listWorkOrders(db, dialect, { scope: SCOPE, status: 'in_progress', q: '牙纹', before: { createdAt: NOW, id: 'x' }, limit: 51 })],
    ['register-search', (db) => repo.listWorkOrders(db, dialect, { scope: SCOPE, q: '牙纹不良', order: 'severity', limit: 21 })],
    ['register-overdue', (db) => repo.listWorkOrders(db, dialect, { scope: SCOPE, overdueAt: NOW, limit: 51 })],
    ['worker-claim-missed', (db) => repo.claimMissed(db, dialect, NOW, 50)],
    ['worker-claim-warnings', (db) => repo.claimWarnings(db, dialect, NOW, 50)],
    ['report-count-by-kind', (db) => rr.countBy(db, { from: NOW, to: NOW, scope: SCOPE }, 'kind')],
    ['report-deadline-states', (db) => rr.deadlineStates(db, { from: NOW, to: NOW, scope: SCOPE })],
    ['report-overdue-now', (db) => rr.overdueNow(db, SCOPE, NOW)],
    ['inbox-candidates', (db) => repo.inboxCandidates(db, { scope: SCOPE, statuses: ['received', 'accepted'], limit: 2000 })],
    ['report-rollups-sum', (db) => rlr.sumRollups(db, ['kind', 'deadline'], rlr.scopesSeen(SCOPE, 'many'), [{ grain: 'm', lo: '2025-12', hi: '2025-12', sign: 1 }, { grain: 'd', lo: '2025-12-01', hi: '2025-12-06', sign: -1 }, { grain: 'q', lo: '2026-Q1', hi: '2026-Q3', sign: 1 }])],
    ['report-overdue-live', (db) => rlr.overdueNotYetMissed(db, SCOPE, NOW)],
  ])('%s', async (name, run) => {
    const { db, sql } = capture(dialect);
    // The dummy driver returns no rows; a query that insists on one still compiled and was logged.
    await run(db).catch((e: unknown) => {
      if (!(e instanceof NoResultError)) throw e;
    });
    await expect(sql.join('\n') + '\n').toMatchFileSnapshot(`./queries/${name}.${dialect}.sql`);
  });
});
