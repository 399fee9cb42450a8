// Pure helpers for the administration pages (no React, no fetch), unit-tested in admin-utils.test.ts.

export interface TreeItem {
  id: string;
  parentId: string | null;
}

export type TreeNode<U> = U & { children?: TreeNode<U>[] };

/**
 * Nests a flat unit list (as GET /api/units returns it, ordered by path) into a tree. A unit whose parent the
 * caller cannot see becomes a root, because a role covers only its own subtree (docs/regulations.md#organisation-and-roles). Leaves carry no
 * `children` key, so tables and trees show no expander on them.
 */
export function buildTree<U extends TreeItem>(items: readonly U[]): TreeNode<U>[] {
  const nodes = new Map<string, TreeNode<U>>(items.map((u) => [u.id, { ...u }]));
  const roots: TreeNode<U>[] = [];
  for (const u of items) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** antd TreeSelect data for a unit tree: value is the unit id, title its name. */
export interface UnitOption {
  value: string;
  title: string;
  children?: UnitOption[];
}

export function toUnitOptions<U extends { id: string; name: string }>(nodes: readonly TreeNode<U>[]): UnitOption[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, ...(n.children && { children: toUnitOptions(n.children) }) }));
}

/**
 * Turns a server field name ('username', 'roles.0.unitId') into an antd Form name path (['roles', 0, 'unitId']),
 * so a 422 marks the very field that was wrong inside a Form.List.
 */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Server field messages are written "中文 / English" (org.schemas.ts); show the half in the user's language.
 * A message without exactly one separator is shown as it is.
 */
export function pickLanguage(message: string, lang: 'zh' | 'en'): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return (lang === 'zh' ? parts[0] : parts[1]).trim();
}

const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * Formats an ISO instant as Beijing time, 'YYYY-MM-DD HH:mm:ss'. The database stores UTC (architecture.md,
 * Schema); people read the audit log in the organisation's zone (docs/calendar.md#rules-and-their-sources: Asia/Shanghai), whatever the
 * browser's own zone is.
 */
export function formatShanghai(iso: string): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Top-level keys whose values differ between an audit entry's before and after images. */
export function changedKeys(before: unknown, after: unknown): string[] {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const b = obj(before);
  const a = obj(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

/** Case-insensitive match of a search text against any of the given fields (the users table's search box). */
export function matchesSearch(text: string, fields: readonly (string | null | undefined)[]): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return fields.some((f) => !!f && f.toLowerCase().includes(q));
}
