import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DatabaseDialect } from '../../platform/config';
import type { DbOrTrx } from '../../platform/db/database';
import type { Database } from '../../platform/db/schema';
import { updateVersioned } from '../../platform/db/versioned';
import type {
  ComplaintPoliciesTable,
  WorkOrderDeadlinesTable,
  WorkOrderEventsTable,
  WorkOrderReportsTable,
  WorkOrdersTable,
} from './workorders.tables';
import * as org from '../org';
import { searchRegister } from './workorders.search';
import { visibleIn } from './workorders.visibility';

// Kysely queries of the complaint desk; no business decisions here — the visibility rule itself lives in
// workorders.visibility.ts, these queries only apply it.

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

/** The latest version's number only: the stamp the parsed policy is cached by (workorders.policy.ts). */
export async function latestPolicyVersion(db: DbOrTrx): Promise<number | undefined> {
  const r = await db.selectFrom('complaint_policies').select('version').orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r?.version;
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

/**
 * Optimistic update through `updateVersioned` (docs/architecture.md "Shared helpers"): true when applied; a row
 * that moved on is a 409 carrying its current version; false only when no such work order exists.
 */
export async function updateWorkOrder(db: DbOrTrx, id: string, version: number, patch: Partial<Omit<WorkOrderRow, 'id' | 'version'>>): Promise<boolean> {
  return updateVersioned(db, 'work_orders', { id }, version, patch);
}

/** Part of the creating transaction, so no version bump. */
export async function setPromisedReplyDate(db: DbOrTrx, id: string, date: string): Promise<void> {
  await db.updateTable('work_orders').set({ promised_reply_date: date }).where('id', '=', id).execute();
}

/** Work orders with the same product code and problem category received in `month` (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity). */
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

/** Invalid complaints of one customer received since `since`; with `scope`, only those the caller sees (workorders.visibility.ts). */
export async function invalidOfCustomer(
  db: DbOrTrx,
  customerKey: string,
  since: string,
  scope?: string[],
): Promise<Pick<WorkOrderRow, 'id' | 'number' | 'received_at'>[]> {
  return (await invalidOfCustomers(db, [customerKey], since, scope)).map(({ customer_key: _, ...row }) => row);
}

/**
 * The invalid work orders since `since` of several customers in one read, oldest first (the partial index
 * `work_orders_invalid_customer_idx`, migration 0020, holds only invalid rows).
 */
export async function invalidOfCustomers(
  db: DbOrTrx,
  customerKeys: string[],
  since: string,
  scope?: string[],
): Promise<(Pick<WorkOrderRow, 'id' | 'number' | 'received_at'> & { customer_key: string })[]> {
  if (!customerKeys.length || (scope && !scope.length)) return [];
  let q = db
    .selectFrom('work_orders')
    .select(['id', 'number', 'received_at', 'customer_key'])
    .where('customer_key', 'in', customerKeys)
    .where('invalid_reason', 'is not', null)
    .where('received_at', '>=', since);
  if (scope) q = q.where(visibleIn(scope));
  const rows = await q.orderBy('received_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, customer_key: r.customer_key as string }));
}

export interface InvalidGroupRow {
  customer_key: string;
  customer: string;
  n: number;
  first_at: string;
  last_at: string;
}

/** Customers with at least `minCount` invalid complaints since `since`, among the work orders the caller sees. */
export async function invalidGroups(db: DbOrTrx, scope: string[], since: string, minCount: number): Promise<InvalidGroupRow[]> {
  if (!scope.length) return [];
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
    .where(visibleIn(scope))
    .groupBy('customer_key')
    .having((eb) => eb.fn.countAll(), '>=', minCount)
    .execute();
  return rows.map((r) => ({ customer_key: r.customer_key as string, customer: String(r.customer ?? r.customer_key), n: Number(r.n), first_at: String(r.first_at), last_at: String(r.last_at) }));
}

export interface ListFilter {
  /** The caller's visibility scope (workorders.visibility.ts). */
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
  /** Only these work orders (the register's "export selected"). */
  ids?: string[];
  limit: number;
  /** Rows the search's probe reads before it turns to the index (workorders.search.ts); tests set 0. */
  searchWindow?: number;
}

/** The register, newest first, keyset-paginated on (created_at, id) — never OFFSET. `q` searches through an index (workorders.search.ts). */
export async function listWorkOrders(db: DbOrTrx, dialect: DatabaseDialect, f: ListFilter): Promise<WorkOrderRow[]> {
  if (!f.scope.length) return [];
  if (!f.q) return inOrder(filtered(db, f), f).limit(f.limit).execute();
  return searchRegister(db, dialect, f.q, f.limit, {
    filtered: (unindexed, from) => filtered(db, f, unindexed, from as RegisterQuery | undefined),
    positioned: () => positioned(db, f),
    window: f.searchWindow,
    ordering: f.order === 'severity' ? ['severity_rank', 'created_at', 'id'] : ['created_at', 'id'],
  });
}

type RegisterQuery = SelectQueryBuilder<Database, 'work_orders', WorkOrderRow>;

/**
 * A column, or with `unindexed` the same value as `+column`, which SQLite's planner cannot serve from an index: the
 * search drives its query from a short list of rowids (workorders.search.ts), and without statistics SQLite would
 * rather walk an equality index such as `status = 'closed'` — most of the table.
 */
const column = <C extends 'status' | 'kind' | 'channel' | 'category' | 'severity' | 'department_id' | 'key_customer' | 'received_at' | 'created_at' | 'id' | 'severity_rank'>(c: C, unindexed: boolean) =>
  unindexed ? sql<WorkOrderRow[C]>`+${sql.ref(c)}` : sql.ref<WorkOrderRow[C]>(c);

/** Every filter of the register except the search term: scope, fields, dates, overdue, and the cursor's position. */
function filtered(db: DbOrTrx, f: ListFilter, unindexed = false, from?: RegisterQuery): RegisterQuery {
  const c = <C extends Parameters<typeof column>[0]>(name: C) => column(name, unindexed);
  let q = from ? db.selectFrom(from.as('work_orders')).selectAll() as unknown as RegisterQuery : positioned(db, f, unindexed);
  q = q.where(visibleIn(f.scope));
  if (f.status) q = q.where(c('status'), '=', f.status);
  if (f.kind) q = q.where(c('kind'), '=', f.kind);
  if (f.channel) q = q.where(c('channel'), '=', f.channel);
  if (f.category) q = q.where(c('category'), '=', f.category);
  if (f.severity) q = q.where(c('severity'), '=', f.severity);
  if (f.department) q = q.where(c('department_id'), '=', f.department);
  // Export selected: at most a page of ids, through the primary key.
  if (f.ids) q = q.where('id', 'in', f.ids);
  if (f.keyCustomer !== undefined) q = q.where(c('key_customer'), '=', f.keyCustomer ? 1 : 0);
  if (f.receivedFrom) q = q.where(c('received_at'), '>=', f.receivedFrom);
  if (f.receivedTo) q = q.where(c('received_at'), '<', f.receivedTo);
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
    // Literals, not parameters: SQLite uses the partial index work_orders_open_idx (migration 0009) only for a
    // term identical to its predicate, so the overdue list walks the open work orders alone, newest first. The
    // search path (unindexed) keeps the planner off every index of work_orders but its rowid list.
    q = q.where(unindexed ? sql<boolean>`+status not in ('closed', 'invalid')` : sql<boolean>`status not in ('closed', 'invalid')`);
  }
  return q;
}

/** Only the cursor's position: the rows after the previous page, whatever the filters (the search's probe window). */
function positioned(db: DbOrTrx, f: ListFilter, unindexed = false): RegisterQuery {
  const c = <C extends Parameters<typeof column>[0]>(name: C) => column(name, unindexed);
  let q: RegisterQuery = db.selectFrom('work_orders').selectAll();
  if (f.before) {
    const b = f.before;
    if (f.order === 'severity') {
      const rank = b.rank ?? 0;
      q = q.where((eb) =>
        eb.or([
          eb(c('severity_rank'), '<', rank),
          eb.and([eb(c('severity_rank'), '=', rank), eb(c('created_at'), '<', b.createdAt)]),
          eb.and([eb(c('severity_rank'), '=', rank), eb(c('created_at'), '=', b.createdAt), eb(c('id'), '<', b.id)]),
        ]),
      );
    } else {
      q = q.where((eb) => eb.or([eb(c('created_at'), '<', b.createdAt), eb.and([eb(c('created_at'), '=', b.createdAt), eb(c('id'), '<', b.id)])]));
    }
  }
  return q;
}

function inOrder(q: RegisterQuery, f: ListFilter): RegisterQuery {
  if (f.order === 'severity') q = q.orderBy('severity_rank', 'desc');
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc');
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
 * the same row: PostgreSQL locks the candidates with FOR UPDATE SKIP LOCKED; SQLite serialises writers. The
 * work order is locked with its deadline, as an action locks it first: the report counters' before-state
 * (workorders.rollups.ts) is then read with no action half-way through it, and a busy work order waits a tick.
 */
export async function claimMissed(db: DbOrTrx, dialect: DatabaseDialect, now: string, limit: number): Promise<DeadlineRow[]> {
  let sub = db
    .selectFrom('work_order_deadlines as d')
    .innerJoin('work_orders as w', 'w.id', 'd.work_order_id')
    .select('d.id')
    .where('d.state', '=', 'running')
    .where('d.due_at', '<=', now)
    .orderBy('d.due_at')
    .limit(limit);
  if (dialect === 'postgres') sub = sub.forUpdate(['d', 'w']).skipLocked();
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

/**
 * The first events of a work order created in this transaction, numbered 1, 2, … in one statement (no earlier
 * event can exist, so `insertEvent`'s MAX(seq) lookup is not needed).
 */
export async function insertFirstEvents(db: DbOrTrx, rows: EventRow[]): Promise<void> {
  await db
    .insertInto('work_order_events')
    .values(rows.map((row, i) => ({ ...row, seq: i + 1 })))
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

/** Watched customers whose watching work order the caller sees (the register's rule, workorders.visibility.ts). */
export async function listWatch(db: DbOrTrx, scope: string[]) {
  if (!scope.length) return [];
  return db
    .selectFrom('customer_watch')
    .innerJoin('work_orders', 'work_orders.id', 'customer_watch.work_order_id')
    .select(['customer_watch.customer_key', 'customer_watch.customer_name', 'customer_watch.since', 'customer_watch.work_order_id'])
    .where(visibleIn(scope, 'work_orders'))
    .orderBy('customer_watch.since')
    .execute();
}

// ---- people and units ----

// Units and role holders are org's: read through org's surface (modules/org/index.ts), in the shapes used here.
const unitFields = (u: org.UnitRow) => ({ id: u.id, name: u.name, kind: u.kind, path: u.path, parent_id: u.parent_id });

export async function unitById(db: DbOrTrx, id: string) {
  const u = await org.findUnit(db, id);
  return u && unitFields(u);
}

export async function unitsByIds(db: DbOrTrx, ids: string[]) {
  return (await org.unitsByIds(db, ids)).map(unitFields);
}

/** Active users holding one of `roles` on exactly the given unit. */
export async function usersWithRoleOn(db: DbOrTrx, roles: string[], unitIds: string[]): Promise<{ user_id: string; role: string; unit_id: string }[]> {
  return (await org.roleHolders(db, unitIds, roles)).map((r) => ({ user_id: r.user_id, role: r.role, unit_id: r.unit_id }));
}

// ---- my work (inbox) ----

/**
 * Open work orders in `statuses` the caller sees, nearest running deadline first (none last): the candidates of
 * the caller's inbox (docs/workorders.md "My work"). Served by the status index and the deadlines' work-order
 * index; `limit` bounds the scan.
 */
export async function inboxCandidates(db: DbOrTrx, f: { scope: string[]; statuses: string[]; limit: number }): Promise<(WorkOrderRow & { next_due: string | null })[]> {
  if (f.scope.length === 0 || f.statuses.length === 0) return [];
  const nextDue = sql<string | null>`(select min(d.due_at) from work_order_deadlines d where d.work_order_id = work_orders.id and d.state in ('running', 'paused'))`;
  return db
    .selectFrom('work_orders')
    .selectAll('work_orders')
    .select(nextDue.as('next_due'))
    .where('status', 'in', f.statuses)
    .where(visibleIn(f.scope))
    .orderBy(sql`${nextDue} is null`)
    .orderBy(nextDue)
    .orderBy('created_at')
    .limit(f.limit)
    .execute();
}
