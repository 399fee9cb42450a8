import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// The register's free-text search through an index on both engines (docs/performance.md "Search"), and the
// visibility scope's path prefixes through indexes on PostgreSQL. Existing rows are indexed here (backfill).
//
// SQLite: a contentless FTS5 table with the trigram tokenizer, keyed on the work order's rowid and kept in sync
// by triggers, so every writer (intake, import, the bench's bulk load) indexes in the same transaction. The text
// is indexed with two trailing spaces: trigram matches no term shorter than 3 characters, so a 1–2 character
// term is looked up as the indexed trigrams that *start* with it (fts5vocab, a range on the term) — with the
// padding every occurrence, even the last characters of the text, starts at least one trigram.
// `contentless_delete=1` (SQLite ≥ 3.43) lets the triggers delete by rowid without the old text.
//
// PostgreSQL: pg_trgm GIN for terms of 3+ characters, and a GIN over the text's distinct 1- and 2-character
// grams for shorter terms (pg_trgm extracts no trigram from them). The trigram GIN runs with fastupdate = off:
// with the default 4 MB pending list an insert now and then waits seconds while the list is flushed. The
// short-gram GIN has ~100 keys per row, which inserted one by one (fastupdate = off) cost ~5× the trigram GIN
// per row; it keeps a pending list but a small one (256 kB), so a flush is short and the per-row cost stays
// below the trigram GIN's (measurements in docs/performance.md "Search"). Path prefixes
// (`unit_path LIKE '/a/b/%'`) use a b-tree only under C ordering, hence text_pattern_ops.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE work_orders_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='trigram')`.execute(db);
    await sql`CREATE VIRTUAL TABLE work_orders_fts_terms USING fts5vocab(work_orders_fts, 'row')`.execute(db);
    await sql`CREATE TRIGGER work_orders_fts_ai AFTER INSERT ON work_orders BEGIN
      INSERT INTO work_orders_fts(rowid, search_text) VALUES (new.rowid, new.search_text || '  ');
    END`.execute(db);
    await sql`CREATE TRIGGER work_orders_fts_ad AFTER DELETE ON work_orders BEGIN
      DELETE FROM work_orders_fts WHERE rowid = old.rowid;
    END`.execute(db);
    await sql`CREATE TRIGGER work_orders_fts_au AFTER UPDATE OF search_text ON work_orders BEGIN
      DELETE FROM work_orders_fts WHERE rowid = old.rowid;
      INSERT INTO work_orders_fts(rowid, search_text) VALUES (new.rowid, new.search_text || '  ');
    END`.execute(db);
    await sql`INSERT INTO work_orders_fts(rowid, search_text) SELECT rowid, search_text || '  ' FROM work_orders`.execute(db);
    return;
  }
  // Trusted since PostgreSQL 13: the database owner may create it without superuser rights.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX work_orders_search_trgm_idx ON work_orders USING gin (search_text gin_trgm_ops) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE FUNCTION gauge_short_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
      SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
      UNION ALL
      SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    ) AS grams
  $$`.execute(db);
  await sql`CREATE INDEX work_orders_search_short_idx ON work_orders USING gin (gauge_short_grams(search_text)) WITH (fastupdate = on, gin_pending_list_limit = 256)`.execute(db);
  for (const c of ['unit_path', 'department_path', 'receiving_unit_path']) {
    await sql`CREATE INDEX ${sql.raw(`work_orders_${c}_prefix_idx`)} ON work_orders (${sql.ref(c)} text_pattern_ops)`.execute(db);
  }
}
