// Row types of the desk's working aids (migration 0012-attachments-comments-views): attachments, comments,
// saved register views. Booleans 0/1, timestamps ISO-8601 UTC text, JSON as text (docs/architecture.md "Schema").

export interface WorkOrderAttachmentsTable {
  id: string;
  work_order_id: string;
  /** The file name as uploaded (at most 200 characters kept). */
  name: string;
  /** The type detected from the bytes (file-type), never the one the client declared. */
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
  /** 'staff' | 'portal' */
  source: string;
  /** The work order's status when the file arrived. */
  stage: string;
  /** 1 when uploaded as evidence of the 8D report. */
  report8d: number;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

export interface WorkOrderCommentsTable {
  id: string;
  work_order_id: string;
  body: string;
  /** JSON [{id, username, displayName}] of the people mentioned. */
  mentions: string;
  created_at: string;
  author_id: string;
  author_name: string;
}

export interface WorkOrderViewsTable {
  id: string;
  name: string;
  /** JSON SavedViewFilters. */
  filters: string;
  owner_id: string;
  owner_name: string;
  /** NULL for a personal view; the owner's unit when shared with it. */
  unit_id: string | null;
  created_at: string;
}

export interface WorkOrderDeskTables {
  work_order_attachments: WorkOrderAttachmentsTable;
  work_order_comments: WorkOrderCommentsTable;
  work_order_views: WorkOrderViewsTable;
}
