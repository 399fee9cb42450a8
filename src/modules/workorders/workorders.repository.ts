import { sql, type Selectable } from 'kysely';
import type { DatabaseDialect } from '../../platform/config';
import type { DbOrTrx } from '../../platform/db/database';
import type {
  ComplaintPoliciesTable,
  WorkOrderDeadlinesTable,
  WorkOrderEventsTable,
  WorkOrderReportsTable,
  WorkOrdersTable,
} from './workorders.tables';

// Kysely queries of the complaint desk; no business decisions here (STYLE.md §2).

export type WorkOrderRow = Selectable<WorkOrdersTable>;
export type DeadlineRow = WorkOrderDeadlinesTable;
export type EventRow = Omit<WorkOrderEventsTable, 'seq'>;
export type ReportRow = WorkOrderReportsTable;
export type PolicyRow = ComplaintPoliciesTable;
export type NewWorkOrder = Omit<WorkOrderRow, 'version'>;

// ---- policies ----

export async function latestPolicy(db: DbOrTrx): Promise<PolicyRow | undefined> {
  return db.selectFrom('complaint_policies').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function findPolicy(db: DbOrTrx, version: number): Promise<PolicyRow | undefined> {
  return db.selectFrom('complaint_policies').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function listPolicies(db: DbOrTrx): Promise<PolicyRow[]> {
  return db.selectFrom('complaint_policies').selectAll().orderBy('version', 'desc').execute();
}

/** Inserts a version; false when that version number exists already (another editor or instance won). */
export async function insertPolicy(db: DbOrTrx, row: PolicyRow): Promise<boolean> {
  const r = await db.insertInto('complaint_policies').values(row).onConflict((oc) => oc.column('version').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ---- numbers ----

/** Bumps the day's counter in the caller's transaction and returns the new value (atomic on both databases). */
export async function nextDailyNumber(db: DbOrTrx, day: string): Promise<number> {
  const row = await db
    .insertInto('work_order_counters')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql<number>`work_order_counters.last + 1` }))
    .returning(['last'])
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

// ---- work orders ----

export async function insertWorkOrder(db: DbOrTrx, row: NewWorkOrder): Promise<void> {
  await db.insertInto('work_orders').values(row).execute();
}

export async function findWorkOrder(db: DbOrTrx, id: string): Promise<WorkOrderRow | undefined> {
  return db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByTrackingNumber(db: DbOrTrx, tracking: string): Promise<WorkOrderRow | undefined> {
  return db.selectFrom('work_orders').selectAll().where('tracking_number', '=', tracking).executeTakeFirst();
}

/** Optimistic update: applies only when the row still has `version`; returns whether it did. */
export async function updateWorkOrder(db: DbOrTrx, id: string, version: number, patch: Partial<Omit<WorkOrderRow, 'id' | 'version'>>): Promise<boolean> {
  const r = await db
    .updateTable('work_orders')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Part of the creating transaction, so no version bump. */
export async function setPromisedReplyDate(db: DbOrTrx, id: string, date: string): Promise<void> {
  await db.updateTable('work_orders').set({ promised_reply_date: date }).where('id', '=', id).execute();
}

/** Work orders with the same product code and problem category received in `month` (DOMAIN §2.3). */
export async function countSameProblem(db: DbOrTrx, productCode: string, problemCategory: string, month: string): Promise<number> {
  const r = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('product_code', '=', productCode)
    .where('problem_category', '=', problemCategory)
    .where('received_month', '=', month)
    .where('status', '!=', 'invalid')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Invalid complaints of one customer received since `since`. */
export async function invalidOfCustomer(
  db: DbOrTrx,
  customerKey: string,
  since: string,
  unitPaths?: string[],
): Promise<Pick<WorkOrderRow, 'id' | 'number' | 'received_at'>[]> {
  let q = db
    .selectFrom('work_orders')
    .select(['id', 'number', 'received_at'])
    .where('customer_key', '=', customerKey)
    .where('invalid_reason', 'is not', null)
    .where('received_at', '>=', since);
  if (unitPaths) {
    if (!unitPaths.length) return [];
    q = q.where((eb) => eb.or(unitPaths.map((p) => eb('unit_path', 'like', `${p}%`))));
  }
  return q.orderBy('received_at').execute();
}

export interface InvalidGroupRow {
  customer_key: string;
  customer: string;
  n: number;
  first_at: string;
  last_at: string;
}

export async function invalidGroups(db: DbOrTrx, unitPaths: string[], since: string, minCount: number): Promise<InvalidGroupRow[]> {
  if (!unitPaths.length) return [];
  const rows = await db
    .selectFrom('work_orders')
    .select((eb) => [
      'customer_key',
      eb.fn.max('customer_name').as('customer'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('received_at').as('first_at'),
      eb.fn.max('received_at').as('last_at'),
    ])
    .where('invalid_reason', 'is not', null)
    .where('customer_key', 'is not', null)
    .where('received_at', '>=', since)
    .where((eb) => eb.or(unitPaths.map((p) => eb('unit_path', 'like', `${p}%`))))
    .groupBy('customer_key')
    .having((eb) => eb.fn.countAll(), '>=', minCount)
    .execute();
  return rows.map((r) => ({ customer_key: r.customer_key as string, customer: String(r.customer ?? r.customer_key), n: Number(r.n), first_at: String(r.first_at), last_at: String(r.last_at) }));
}

export interface ListFilter {
  scope: string[];
  status?: string;
  kind?: string;
  channel?: string;
  category?: string;
  severity?: string;
  department?: string;
  overdueAt?: string;
  keyCustomer?: boolean;
  q?: string;
  receivedFrom?: string;
  receivedTo?: string;
  before?: { createdAt: string; id: string; rank?: number };
  order?: 'newest' | 'severity';
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '');

/** The register, newest first, keyset-paginated on (created_at, id) — never OFFSET. */
export async function listWorkOrders(db: DbOrTrx, f: ListFilter): Promise<WorkOrderRow[]> {
  if (!f.scope.length) return [];
  let q = db.selectFrom('work_orders').selectAll();
  q = q.where((eb) =>
    eb.or(f.scope.flatMap((p) => [eb('unit_path', 'like', `${p}%`), eb('department_path', 'like', `${p}%`), eb('receiving_unit_path', 'like', `${p}%`)])),
  );
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.department) q = q.where('department_id', '=', f.department);
  if (f.keyCustomer !== undefined) q = q.where('key_customer', '=', f.keyCustomer ? 1 : 0);
  if (f.receivedFrom) q = q.where('received_at', '>=', f.receivedFrom);
  if (f.receivedTo) q = q.where('received_at', '<', f.receivedTo);
  if (f.q) {
    const needle = `%${escapeLike(f.q.toLowerCase())}%`;
    q = q.where('search_text', 'like', needle);
  }
  if (f.overdueAt) {
    const at = f.overdueAt;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_order_deadlines as d')
          .select('d.id')
          .whereRef('d.work_order_id', '=', 'work_orders.id')
          .where((e2) => e2.or([e2('d.state', '=', 'missed'), e2.and([e2('d.state', '=', 'running'), e2('d.due_at', '<', at)])])),
      ),
    );
    q = q.where('status', 'not in', ['closed', 'invalid']);
  }
  if (f.order === 'severity') {
    if (f.before) {
      const b = f.before;
      const rank = b.rank ?? 0;
      q = q.where((eb) =>
        eb.or([
          eb('severity_rank', '<', rank),
          eb.and([eb('severity_rank', '=', rank), eb('created_at', '<', b.createdAt)]),
          eb.and([eb('severity_rank', '=', rank), eb('created_at', '=', b.createdAt), eb('id', '<', b.id)]),
        ]),
      );
    }
    return q.orderBy('severity_rank', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  }
  if (f.before) {
    const b = f.before;
    q = q.where((eb) => eb.or([eb('created_at', '<', b.createdAt), eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

// ---- deadlines ----

export async function insertDeadlines(db: DbOrTrx, rows: DeadlineRow[]): Promise<void> {
  if (rows.length) await db.insertInto('work_order_deadlines').values(rows).execute();
}

export async function deadlinesOf(db: DbOrTrx, workOrderId: string): Promise<DeadlineRow[]> {
  return db.selectFrom('work_order_deadlines').selectAll().where('work_order_id', '=', workOrderId).orderBy('created_at').orderBy('id').execute();
}

export async function deadlinesOfMany(db: DbOrTrx, ids: string[]): Promise<DeadlineRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('work_order_deadlines').selectAll().where('work_order_id', 'in', ids).execute();
}

export async function updateDeadline(db: DbOrTrx, id: string, patch: Partial<Omit<DeadlineRow, 'id' | 'work_order_id'>>): Promise<void> {
  await db.updateTable('work_order_deadlines').set(patch).where('id', '=', id).execute();
}

export async function openDeadlinesAll(db: DbOrTrx): Promise<DeadlineRow[]> {
  return db.selectFrom('work_order_deadlines').selectAll().where('state', 'in', ['running', 'paused']).execute();
}

/**
 * Claims running deadlines due by `now` and marks them missed in one statement, so two instances never claim
 * the same row: PostgreSQL locks the candidates with FOR UPDATE SKIP LOCKED; SQLite serialises writers.
 */
export async function claimMissed(db: DbOrTrx, dialect: DatabaseDialect, now: string, limit: number): Promise<DeadlineRow[]> {
  let sub = db.selectFrom('work_order_deadlines').select('id').where('state', '=', 'running').where('due_at', '<=', now).orderBy('due_at').limit(limit);
  if (dialect === 'postgres') sub = sub.forUpdate().skipLocked();
  return db
    .updateTable('work_order_deadlines')
    .set({ state: 'missed', missed_at: now })
    .where('id', 'in', sub)
    .where('state', '=', 'running')
    .returningAll()
    .execute();
}

/** Claims running deadlines whose warning time has come (and not yet warned), marking them warned. */
export async function claimWarnings(db: DbOrTrx, dialect: DatabaseDialect, now: string, limit: number): Promise<DeadlineRow[]> {
  let sub = db
    .selectFrom('work_order_deadlines')
    .select('id')
    .where('state', '=', 'running')
    .where('warn_at', '<=', now)
    .where('due_at', '>', now)
    .where('warned_at', 'is', null)
    .orderBy('warn_at')
    .limit(limit);
  if (dialect === 'postgres') sub = sub.forUpdate().skipLocked();
  return db
    .updateTable('work_order_deadlines')
    .set({ warned_at: now })
    .where('id', 'in', sub)
    .where('warned_at', 'is', null)
    .returningAll()
    .execute();
}

// ---- timeline ----

export async function insertEvent(db: DbOrTrx, row: EventRow): Promise<void> {
  await db
    .insertInto('work_order_events')
    .values({
      ...row,
      seq: (eb) => eb.selectFrom('work_order_events').select(sql<number>`COALESCE(MAX(seq), 0) + 1`.as('next')).where('work_order_id', '=', row.work_order_id),
    })
    .execute();
}

export async function eventsOf(db: DbOrTrx, workOrderId: string): Promise<EventRow[]> {
  return db.selectFrom('work_order_events').selectAll().where('work_order_id', '=', workOrderId).orderBy('at').orderBy('seq').orderBy('id').execute();
}

export async function lastEvent(db: DbOrTrx, workOrderId: string, event: string): Promise<EventRow | undefined> {
  return db.selectFrom('work_order_events').selectAll().where('work_order_id', '=', workOrderId).where('event', '=', event).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

// ---- 8D reports ----

export async function insertReport(db: DbOrTrx, row: ReportRow): Promise<void> {
  await db.insertInto('work_order_reports').values(row).execute();
}

export async function reportsOf(db: DbOrTrx, workOrderId: string): Promise<ReportRow[]> {
  return db.selectFrom('work_order_reports').selectAll().where('work_order_id', '=', workOrderId).orderBy('revision').execute();
}

export async function updateReport(db: DbOrTrx, id: string, patch: Partial<Omit<ReportRow, 'id' | 'work_order_id' | 'revision'>>): Promise<void> {
  await db.updateTable('work_order_reports').set(patch).where('id', '=', id).execute();
}

// ---- watch list ----

export async function addToWatch(db: DbOrTrx, row: { customer_key: string; customer_name: string; since: string; work_order_id: string }): Promise<void> {
  await db.insertInto('customer_watch').values(row).onConflict((oc) => oc.column('customer_key').doNothing()).execute();
}

export async function removeFromWatch(db: DbOrTrx, customerKey: string): Promise<void> {
  await db.deleteFrom('customer_watch').where('customer_key', '=', customerKey).execute();
}

export async function isWatched(db: DbOrTrx, customerKey: string): Promise<boolean> {
  return !!(await db.selectFrom('customer_watch').select('customer_key').where('customer_key', '=', customerKey).executeTakeFirst());
}

/** Watched customers whose watching work order lies in one of the `scope` subtrees (as the register filters). */
export async function listWatch(db: DbOrTrx, scope: string[]) {
  if (!scope.length) return [];
  return db
    .selectFrom('customer_watch')
    .innerJoin('work_orders', 'work_orders.id', 'customer_watch.work_order_id')
    .select(['customer_watch.customer_key', 'customer_watch.customer_name', 'customer_watch.since', 'customer_watch.work_order_id'])
    .where((eb) =>
      eb.or(scope.flatMap((p) => [eb('work_orders.unit_path', 'like', `${p}%`), eb('work_orders.department_path', 'like', `${p}%`), eb('work_orders.receiving_unit_path', 'like', `${p}%`)])),
    )
    .orderBy('customer_watch.since')
    .execute();
}

// ---- people and units ----

export async function unitById(db: DbOrTrx, id: string) {
  return db.selectFrom('units').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export async function unitsByIds(db: DbOrTrx, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('units').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', 'in', ids).execute();
}

/** Active users holding one of `roles` on exactly the given unit. */
export async function usersWithRoleOn(db: DbOrTrx, roles: string[], unitIds: string[]): Promise<{ user_id: string; role: string; unit_id: string }[]> {
  if (!roles.length || !unitIds.length) return [];
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.user_id', 'user_roles.role', 'user_roles.unit_id'])
    .where('user_roles.role', 'in', roles)
    .where('user_roles.unit_id', 'in', unitIds)
    .where('users.active', '=', 1)
    .execute();
}
