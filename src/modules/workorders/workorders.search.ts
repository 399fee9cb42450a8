import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../../platform/config';
import type { DbOrTrx } from '../../platform/db/database';
import { likeContains } from '../../platform/db/like';
import type { Database } from '../../platform/db/schema';

// The register's free-text search (docs/workorders.md "Search", measurements in docs/performance.md "Search").
// Kysely queries only; which query runs depends on how the term is spread, never on who asks.
//
// 1. Probe: the newest SEARCH_WINDOW rows, tested with the other filters and LIKE. A term common among
//    recent work orders (most searches: a product, a customer, a frequent defect) fills the page from there, as
//    fast as the register itself.
// 2. Index: otherwise the term is rare (or absent) and the index lists its few work orders, which are then
//    filtered, sorted and cut to the page. SQLite: the FTS5 trigram table of migration 0010; a term of 1–2
//    characters becomes the OR of the indexed trigrams starting with it (trigram cannot match shorter terms).
//    PostgreSQL: pg_trgm's GIN for 3+ characters, the short-gram GIN for 1–2.
// Either way the LIKE (`%`, `_`, `\` literal, platform/db/like.ts) is the final test, so both paths and both
// engines answer exactly the rows a full scan would.

/** Rows the probe reads at most. A term on ≥ 0.4 % of the recent rows (that the caller sees) fills a page of 20 from them. */
export const SEARCH_WINDOW = 5000;
/** A 1–2 character term that starts more distinct trigrams than this is searched by a scan (docs/performance.md "Search"). */
export const MAX_SHORT_TERM_TRIGRAMS = 2000;

type RegisterQuery = SelectQueryBuilder<Database, 'work_orders', Record<string, unknown>>;
type OrderColumn = 'severity_rank' | 'created_at' | 'id';

export interface RegisterSearch<Row> {
  /**
   * The register's query with every filter but the term, the cursor's position included, unordered. `unindexed`:
   * on SQLite, written so that no index serves the filters (the query is driven by a list of rows instead).
   */
  filtered(unindexed?: boolean, from?: SelectQueryBuilder<Database, 'work_orders', Row>): SelectQueryBuilder<Database, 'work_orders', Row>;
  /** The same with the cursor's position only: the probe's window is the next rows whatever the filters. */
  positioned(): SelectQueryBuilder<Database, 'work_orders', Row>;
  /** The register's order, newest (or most severe) first; the last column is unique. */
  ordering: readonly OrderColumn[];
  /** Rows the probe reads (default SEARCH_WINDOW); 0 goes straight to the index (tests compare the two paths). */
  window?: number;
}

/** One page of the register matching `term` (lower-cased like `search_text`), `limit` rows at most, in the register's order. */
export async function searchRegister<Row>(db: DbOrTrx, dialect: DatabaseDialect, term: string, limit: number, s: RegisterSearch<Row>): Promise<Row[]> {
  const needle = term.toLowerCase();
  const contains = likeContains('search_text', needle);
  // SQLite's planner, without statistics, prefers any equality index to a list of rowids (see `filtered`).
  const byList = dialect === 'sqlite';
  const ordered = <Q extends RegisterQuery>(q: Q, unindexed = false): Q =>
    s.ordering.reduce((acc, c) => acc.orderBy(unindexed ? noIndex(c) : sql.ref(c), 'desc') as Q, q);

  // 1. The probe: the next SEARCH_WINDOW rows in the register's order — whatever the scope and filters, so a
  //    caller who sees few work orders reads no more rows than anyone — read in that order (a subquery standing in
  //    for the table) until `limit` of them pass the filters and the LIKE. Matches there are all the matches newer
  //    than the window's end, so `limit` of them are the page; a frequent term stops after a few hundred rows.
  const windowRows = s.window ?? SEARCH_WINDOW;
  const window = ordered(s.positioned() as unknown as RegisterQuery).limit(windowRows) as unknown as SelectQueryBuilder<Database, 'work_orders', Row>;
  const hits =
    windowRows <= 0
      ? []
      : await ordered(s.filtered(false, window).clearSelect().select('id').where(contains) as unknown as RegisterQuery)
          .limit(limit)
          .execute();
  if (hits.length >= limit) {
    return ordered(s.filtered(byList).where('id', 'in', hits.map((h) => String(h.id))) as unknown as RegisterQuery).execute() as Promise<Row[]>;
  }

  // 2. The index. The page's order comes from sorting the few candidates: `noIndex` keeps the planner from walking
  //    the whole created_at index in order instead (what a term matching nothing used to cost: every row).
  const candidates = dialect === 'sqlite' ? await ftsCandidates(db, needle) : pgCandidates(needle);
  if (candidates === 'none') return [];
  const q = s.filtered(byList).where(contains) as unknown as RegisterQuery;
  if (candidates === 'scan') return ordered(q).limit(limit).execute() as Promise<Row[]>;
  return ordered(candidates ? q.where(candidates) : q, true)
    .limit(limit)
    .execute() as Promise<Row[]>;
}

/** The column in an expression no index serves (text || '', integer + 0): the same order, from a sort. */
function noIndex(c: OrderColumn) {
  return c === 'severity_rank' ? sql`${sql.ref(c)} + 0` : sql`${sql.ref(c)} || ''`;
}

/** An FTS5 phrase: the text in double quotes, inner quotes doubled; nothing in it is an operator or a wildcard. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** What narrows the LIKE to the index's rows; `none`: nothing can match; `scan`: no index serves this term. */
type Candidates = Expression<SqlBool> | null | 'none' | 'scan';

async function ftsCandidates(db: DbOrTrx, needle: string): Promise<Candidates> {
  let match: string;
  if ([...needle].length >= 3) match = phrase(needle);
  else {
    // The index's trigrams that start with the term: a range over fts5vocab's terms (binary order of UTF-8).
    const { rows } = await sql<{ term: string }>`select term from work_orders_fts_terms where term >= ${needle} and term < ${`${needle}\u{10FFFF}`} limit ${MAX_SHORT_TERM_TRIGRAMS + 1}`.execute(db);
    if (!rows.length) return 'none';
    if (rows.length > MAX_SHORT_TERM_TRIGRAMS) return 'scan';
    match = rows.map((r) => phrase(r.term)).join(' OR ');
  }
  return sql<SqlBool>`work_orders.rowid in (select rowid from work_orders_fts where work_orders_fts match ${match})`;
}

function pgCandidates(needle: string): Candidates {
  // 3+ characters: the LIKE itself is what pg_trgm's GIN answers. Shorter: the GIN over gauge_short_grams().
  if ([...needle].length >= 3) return null;
  return sql<SqlBool>`gauge_short_grams(${sql.ref('search_text')}) @> array[${needle}]::text[]`;
}
