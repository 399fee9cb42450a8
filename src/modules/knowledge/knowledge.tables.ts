import type { Generated } from 'kysely';

// Row types of the 话术库 (migration 0019-knowledge; docs/knowledge.md). Booleans 0/1, timestamps ISO-8601 UTC
// text, JSON as text.

export interface KnowledgeEntriesTable {
  id: string;
  /** The unit whose administrators keep it; it serves that unit's whole subtree. */
  unit_id: string;
  unit_path: string;
  title: string;
  /** The text, with placeholders such as {客户} (src/core/knowledge/placeholders.ts). */
  body: string;
  /** JSON string[]: work-order kinds it is for; [] = every kind. */
  kinds: string;
  /** A complaint category it is for; null = any. */
  category: string | null;
  /** JSON string[]: where it is used — reply, callback, sms, call. */
  uses: string;
  keywords: string;
  active: number;
  /** Uses so far; incremented by each reply, callback, SMS or call that used it (not a version change). */
  use_count: Generated<number>;
  last_used_at: string | null;
  /** Lower-cased title, keywords and body: what the search reads. */
  search_text: string;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
  updated_at: string;
  updated_by: string | null;
  updated_by_name: string | null;
  version: Generated<number>;
}

export interface KnowledgeUsesTable {
  id: string;
  entry_id: string;
  /** The entry's version when it was used (its text then is in the audit log). */
  entry_version: number;
  used_in: string;
  work_order_id: string | null;
  user_id: string;
  at: string;
}

export interface KnowledgeTables {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_uses: KnowledgeUsesTable;
}
