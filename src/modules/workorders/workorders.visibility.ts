import { sql, type Expression, type SqlBool } from 'kysely';
import { coversUnit, scopePaths, type Principal } from '../auth';
import type { WorkOrdersTable } from './workorders.tables';

// Who sees a work order (docs/workorders.md "Who sees a work order"). One rule, written once, read two ways:
// as SQL for every list and count (register page, search, export, watch list, recurring invalid complaints,
// reports) and as a predicate for one row already loaded (the detail, and so every action on it).
//
// A work order is seen by anyone holding a role — any role — on, or above, one of the units it belongs to:
//  - the owning unit (the company that registered it),
//  - the responsible department (once dispatched: it signs, analyses and answers for it),
//  - the receiving unit (the call centre or office that took it in and follows it up).
// Roles cover their unit's subtree (docs/architecture.md, `coversUnit` and `scopePaths` of the auth module).

/** The path columns of `work_orders` that make a work order visible; a NULL column (not dispatched, filed on the portal) grants nothing. */
export const VISIBILITY_COLUMNS = ['unit_path', 'department_path', 'receiving_unit_path'] as const satisfies readonly (keyof WorkOrdersTable)[];
export type VisibilityColumn = (typeof VISIBILITY_COLUMNS)[number];

/** The subtrees a caller sees work orders in: the units of all their roles, nested ones dropped. */
export const visibilityScope = (p: Principal): string[] => scopePaths(p);

/** The in-memory form of the rule, for a row already read (the detail view, actions). */
export function canSee(p: Principal, wo: Pick<WorkOrdersTable, VisibilityColumn>): boolean {
  return VISIBILITY_COLUMNS.some((c) => {
    const path = wo[c];
    return !!path && coversUnit(p, path);
  });
}

/**
 * The SQL form of the rule: `(unit_path LIKE 's1%' OR department_path LIKE 's1%' OR receiving_unit_path LIKE 's1%'
 * OR …)` for each subtree of `scope`. `table` qualifies the columns when the query joins (`'work_orders'`, or its
 * alias). Unit paths are made of UUIDv7 ids and slashes, so the prefix holds no LIKE wildcard to escape.
 * An empty scope sees nothing (`false`): callers usually answer an empty result before querying.
 */
export function visibleIn(scope: readonly string[], table?: string): Expression<SqlBool> {
  const terms = scope.flatMap((prefix) => VISIBILITY_COLUMNS.map((c) => sql<SqlBool>`${sql.ref(table ? `${table}.${c}` : c)} like ${`${prefix}%`}`));
  if (!terms.length) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}
