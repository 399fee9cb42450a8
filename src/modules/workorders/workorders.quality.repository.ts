import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import type { RootCausesTable } from './workorders.tables';
import { visibleIn } from './workorders.visibility';

// Queries behind the quality loop of the complaint desk (docs/quality-loop.md): the companies' root-cause lists,
// the Pareto of approved 8D root causes, the same-batch count and the similar-complaint candidates.

export type RootCauseRow = Selectable<RootCausesTable>;

export async function rootCausesOf(db: DbOrTrx, unitId: string, all: boolean): Promise<RootCauseRow[]> {
  let q = db.selectFrom('root_causes').selectAll().where('unit_id', '=', unitId);
  if (!all) q = q.where('active', '=', 1);
  return q.orderBy('category').orderBy('name').execute();
}

export async function rootCauseById(db: DbOrTrx, id: string): Promise<RootCauseRow | undefined> {
  return db.selectFrom('root_causes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRootCause(db: DbOrTrx, row: Omit<RootCauseRow, 'version'>): Promise<void> {
  await db.insertInto('root_causes').values(row).execute();
}

/**
 * Distinct end users (customer keys) with a complaint about this product and batch — and, when the work order
 * names its problem category, the same category ("类似同问题", 事故扣分标准 cl. 2(一)⑵) — invalid ones excluded.
 * Indexed by work_orders_batch_idx (product_code, batch_number).
 */
export async function sameBatchCustomers(db: DbOrTrx, productCode: string, batchNumber: string, problemCategory: string | null): Promise<number> {
  let q = db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.count<number>('customer_key').distinct().as('n'))
    .where('product_code', '=', productCode)
    .where('batch_number', '=', batchNumber)
    .where('kind', '=', 'complaint')
    .where('status', '!=', 'invalid');
  if (problemCategory) q = q.where('problem_category', '=', problemCategory);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ParetoFilter {
  /** ISO instants, [from, to) of receipt. */
  from: string;
  to: string;
  scope: string[];
  productCode?: string;
  departmentId?: string;
}

/** Approved 8D reports with a classified D4 of the work orders the caller sees, received in the range. */
export async function approvedRootCauses(db: DbOrTrx, f: ParetoFilter): Promise<{ work_order_id: string; number: string; revision: number; category: string; cause_id: string | null; cause_name: string | null }[]> {
  if (!f.scope.length) return [];
  let q = db
    .selectFrom('work_order_reports as r')
    .innerJoin('work_orders as w', 'w.id', 'r.work_order_id')
    .leftJoin('root_causes as c', 'c.id', 'r.root_cause_id')
    .select(['r.work_order_id', 'w.number', 'r.revision', 'r.root_cause_category as category', 'r.root_cause_id as cause_id', 'c.name as cause_name'])
    .where('r.status', '=', 'approved')
    .where('r.root_cause_category', 'is not', null)
    .where('w.received_at', '>=', f.from)
    .where('w.received_at', '<', f.to)
    .where(visibleIn(f.scope, 'w'));
  if (f.productCode) q = q.where('w.product_code', '=', f.productCode);
  if (f.departmentId) q = q.where('w.department_id', '=', f.departmentId);
  const rows = await q.orderBy('r.work_order_id').orderBy('r.revision').execute();
  return rows.map((r) => ({ ...r, category: r.category as string, revision: Number(r.revision) }));
}

export interface CandidateRow {
  id: string;
  number: string;
  status: string;
  customer_name: string | null;
  customer_key: string | null;
  product_code: string | null;
  batch_number: string | null;
  problem: string | null;
  received_at: string;
}

const CANDIDATE_COLUMNS = ['id', 'number', 'status', 'customer_name', 'customer_key', 'product_code', 'batch_number', 'problem', 'received_at'] as const;

/**
 * The bounded candidate set of the similar-complaint warning: open or recent (received since `since`) work orders
 * the caller sees — up to 50 of the same customer (work_orders_customer_idx), 50 of the same product
 * (work_orders_batch_idx) and the 300 most recent (work_orders_received_idx) whose text is then scored; the service
 * adds the matches of the search index of migration 0010 for pieces of the problem text (docs/quality-loop.md#similar-complaints).
 */
export async function similarCandidates(db: DbOrTrx, scope: string[], f: { customerKey: string | null; productCode: string | null; since: string }): Promise<CandidateRow[]> {
  if (!scope.length) return [];
  const base = () =>
    db
      .selectFrom('work_orders')
      .select(CANDIDATE_COLUMNS)
      .where(visibleIn(scope))
      .where((eb) => eb.or([eb('status', 'not in', ['closed', 'invalid']), eb('received_at', '>=', f.since)]));
  const [byCustomer, byProduct, recent] = await Promise.all([
    f.customerKey ? base().where('customer_key', '=', f.customerKey).orderBy('received_at', 'desc').limit(50).execute() : [],
    f.productCode ? base().where('product_code', '=', f.productCode).orderBy('received_at', 'desc').limit(50).execute() : [],
    base().where('received_at', '>=', f.since).where('problem', 'is not', null).orderBy('received_at', 'desc').limit(300).execute(),
  ]);
  const seen = new Map<string, CandidateRow>();
  for (const r of [...byCustomer, ...byProduct, ...recent]) seen.set(r.id, r);
  return [...seen.values()];
}
