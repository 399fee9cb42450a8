import { parseTemplate } from '../../core/knowledge/placeholders';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { conflict, fieldError, forbidden, invalid, notFound, staleVersion, type FieldError } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { coversUnit, isSysAdmin, scopePaths, type Principal } from '../auth';
import { findUnit, unitsByIds, type RoleCode } from '../org';
import * as repo from './knowledge.repository';
import { LIST_MAX, type KnowledgeEntryCreate, type KnowledgeEntryList, type KnowledgeEntryUpdate, type KnowledgeEntryView, type KnowledgeListQuery, type KnowledgeUse } from './knowledge.schemas';

// The 话术库 and knowledge base (docs/knowledge.md): answers and call scripts a unit's administrators keep for
// that unit's subtree (客诉管理规范 cl. 1.1–1.2: staff who handle complaints know the reception scripts, 接待话术,
// and follow the script rules, 客诉处理话术规范), searched in Chinese, filled in from the work order and counted
// each time they are used.

/** Who reads entries: everyone at the complaint desk (the register's own gate, docs/workorders.md "Who sees a work order"). */
export const KNOWLEDGE_READ_ROLES: RoleCode[] = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent', 'qa_manager'];
/** Who keeps them: a unit's administrators, for their subtree, like every other administered record (docs/admin.md). */
const ADMIN_ROLES: RoleCode[] = ['admin'];

/** Terms of one search at most: more narrows nothing a person would type. */
const MAX_TERMS = 5;

const entryNotFound = () => notFound('Knowledge entry', '话术条目', 'knowledge_entry_not_found');

/** '/a/b/c/' → ['/a/', '/a/b/', '/a/b/c/']: the unit and every unit above it. */
const pathsAbove = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
};

const administers = (p: Principal, unitPath: string) => isSysAdmin(p) || coversUnit(p, unitPath, ADMIN_ROLES);

/**
 * An entry serves its unit's subtree: a desk user reads the entries of the units their roles are held on and of
 * every unit above those (the company's scripts reach the call centre), and those inside their subtrees (a
 * supervisor on the company sees the call centre's own). The installation's administrator reads all.
 */
function readScope(p: Principal): repo.EntryScope | null {
  if (isSysAdmin(p)) return null;
  const grants = p.roles.filter((g) => KNOWLEDGE_READ_ROLES.includes(g.role));
  return { on: [...new Set(grants.flatMap((g) => pathsAbove(g.unitPath)))], within: scopePaths(p, KNOWLEDGE_READ_ROLES) };
}

function canRead(p: Principal, unitPath: string): boolean {
  if (isSysAdmin(p)) return true;
  return p.roles.some((g) => KNOWLEDGE_READ_ROLES.includes(g.role) && (g.unitPath.startsWith(unitPath) || unitPath.startsWith(g.unitPath)));
}

/** The words of a search: split at any space (full-width too), lower-cased like search_text, each once. */
export function searchTerms(q: string | undefined): string[] {
  const words = (q ?? '').toLowerCase().split(/[\s\u3000]+/u).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** What the search reads: title, keywords and text, lower-cased (Chinese is unaffected). */
export const searchTextOf = (e: { title: string; keywords: string; body: string }) => [e.title, e.keywords, e.body].join('\n').toLowerCase();

/** 422s of an entry as it would be saved: placeholders in the text, and a category only where complaints are answered. */
function problemsOf(e: { body: string; kinds: string[]; category: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  const { problems } = parseTemplate(e.body);
  if (problems.length) errors.push(fieldError('body', problems.map((x) => x.zh).join('；'), problems.map((x) => x.en).join('; ')));
  if (e.category && e.kinds.length > 0 && !e.kinds.includes('complaint')) {
    errors.push(fieldError('category', '投诉类别只适用于“投诉”类条目（或适用于全部类型的条目）', 'a complaint category applies only to an entry for complaints (or for every kind)'));
  }
  return errors;
}

type Usage = KnowledgeEntryView['usage'];
const noUsage = (): Usage => ({ reply: 0, callback: 0, sms: 0, call: 0 });

function toView(p: Principal, r: repo.EntryRow, unitName: string, usage: Usage): KnowledgeEntryView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName,
    title: r.title,
    body: r.body,
    kinds: JSON.parse(r.kinds) as string[],
    category: r.category,
    uses: JSON.parse(r.uses) as KnowledgeUse[],
    keywords: r.keywords,
    active: r.active === 1,
    useCount: Number(r.use_count),
    usage,
    lastUsedAt: r.last_used_at,
    version: Number(r.version),
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by_name,
    editable: administers(p, r.unit_path),
  };
}

async function present(db: DbOrTrx, p: Principal, rows: repo.EntryRow[]): Promise<KnowledgeEntryView[]> {
  const names = new Map((await unitsByIds(db, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u.name]));
  const usage = new Map<string, Usage>();
  for (const u of await repo.usageOf(db, rows.map((r) => r.id))) {
    const m = usage.get(u.entry_id) ?? noUsage();
    if (u.used_in in m) m[u.used_in as keyof Usage] = u.n;
    usage.set(u.entry_id, m);
  }
  return rows.map((r) => toView(p, r, names.get(r.unit_id) ?? '', usage.get(r.id) ?? noUsage()));
}

/** An entry the caller may read; 404 (not 403) otherwise, so ids do not leak. */
async function loadReadable(db: DbOrTrx, p: Principal, id: string): Promise<repo.EntryRow> {
  const row = await repo.findEntry(db, id);
  if (!row || !canRead(p, row.unit_path)) throw entryNotFound();
  return row;
}

/**
 * The entries the caller reads, matching every search term, most used first — entries whose title holds the
 * terms before those that only mention them. Retired ones only when asked (the administration page).
 */
export async function listEntries(ctx: AppContext, p: Principal, q: KnowledgeListQuery): Promise<KnowledgeEntryList> {
  const terms = searchTerms(q.q);
  const rows = await repo.listEntries(ctx.db, { scope: readScope(p), terms, kind: q.kind, category: q.category, use: q.use, includeRetired: q.retired === 'true', limit: LIST_MAX + 1 });
  const truncated = rows.length > LIST_MAX;
  const kept = rows.slice(0, LIST_MAX);
  const inTitle = (r: repo.EntryRow) => terms.length > 0 && terms.every((t) => r.title.toLowerCase().includes(t));
  // A stable sort: within each group the repository's order (most used, then newest) stays.
  kept.sort((a, b) => Number(inTitle(b)) - Number(inTitle(a)));
  return { items: await present(ctx.db, p, kept), truncated };
}

export async function getEntry(ctx: AppContext, p: Principal, id: string): Promise<KnowledgeEntryView> {
  return (await present(ctx.db, p, [await loadReadable(ctx.db, p, id)]))[0];
}

/** A new entry on the caller's unit (or the one named, which they must administer). Idempotency-Key honoured. */
export async function createEntry(ctx: AppContext, p: Principal, input: KnowledgeEntryCreate, idempotencyKey: string | undefined): Promise<KnowledgeEntryView> {
  const unit = await findUnit(ctx.db, input.unitId ?? p.unitId);
  if (!unit) throw invalid([fieldError('unitId', '单位不存在', 'no such unit')]);
  if (!administers(p, unit.path)) throw forbidden('The unit is outside your administration scope', '该单位不在您的管理范围内');
  const errors = problemsOf(input);
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const res = await idempotent<KnowledgeEntryView>(ctx, `knowledge.create:${p.id}`, idempotencyKey, input, async (trx) => {
    const row: repo.EntryRow = {
      id: newId(now.getTime()),
      unit_id: unit.id,
      unit_path: unit.path,
      title: input.title,
      body: input.body,
      kinds: JSON.stringify(input.kinds),
      category: input.category,
      uses: JSON.stringify(input.uses),
      keywords: input.keywords,
      active: 1,
      use_count: 0,
      last_used_at: null,
      search_text: searchTextOf(input),
      created_at: at,
      created_by: p.id,
      created_by_name: p.displayName,
      updated_at: at,
      updated_by: p.id,
      updated_by_name: p.displayName,
      version: 1,
    };
    await repo.insertEntry(trx, row);
    await recordAudit(trx, { at, actor: p, action: 'knowledge.create', subjectType: 'knowledge_entry', subjectId: row.id, unitId: unit.id, after: auditable(row) });
    return { status: 201, body: toView(p, row, unit.name, noUsage()) };
  });
  return res.body;
}

/** What the audit keeps of an entry: everything an administrator edits, and the version it became. */
const auditable = (r: repo.EntryRow) => ({
  title: r.title,
  body: r.body,
  kinds: JSON.parse(r.kinds) as unknown,
  category: r.category,
  uses: JSON.parse(r.uses) as unknown,
  keywords: r.keywords,
  active: r.active === 1,
  version: Number(r.version),
});

/** An edit against the version read: 409 stale_version when someone saved in between; 403 for an entry the caller only reads. */
export async function updateEntry(ctx: AppContext, p: Principal, id: string, input: KnowledgeEntryUpdate): Promise<KnowledgeEntryView> {
  const row = await loadReadable(ctx.db, p, id);
  if (!administers(p, row.unit_path)) throw forbidden('Only an administrator of the entry’s unit may change it', '仅该条目所属单位的管理员可以修改');
  const next = {
    title: input.title ?? row.title,
    body: input.body ?? row.body,
    kinds: input.kinds ?? (JSON.parse(row.kinds) as string[]),
    category: input.category === undefined ? row.category : input.category,
    uses: input.uses ?? (JSON.parse(row.uses) as string[]),
    keywords: input.keywords ?? row.keywords,
    active: input.active === undefined ? row.active : input.active ? 1 : 0,
  };
  const errors = problemsOf(next);
  if (errors.length) throw invalid(errors);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const patch = { ...next, kinds: JSON.stringify(next.kinds), uses: JSON.stringify(next.uses), search_text: searchTextOf(next), updated_at: at, updated_by: p.id, updated_by_name: p.displayName };
    if (!(await repo.updateEntry(trx, id, input.version, patch))) throw entryNotFound();
    const after = { ...row, ...patch, version: Number(row.version) + 1 };
    await recordAudit(trx, { at, actor: p, action: 'knowledge.update', subjectType: 'knowledge_entry', subjectId: id, unitId: row.unit_id, before: auditable(row), after: auditable(after) });
  });
  return getEntry(ctx, p, id);
}

/**
 * Deletes an entry made by mistake. One that has been used stays, so its uses keep their text (409): retire it
 * instead (`active: false`), which takes it out of the pickers.
 */
export async function deleteEntry(ctx: AppContext, p: Principal, id: string, version: number): Promise<void> {
  const row = await loadReadable(ctx.db, p, id);
  if (!administers(p, row.unit_path)) throw forbidden('Only an administrator of the entry’s unit may delete it', '仅该条目所属单位的管理员可以删除');
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if ((await repo.countUses(trx, id)) > 0) throw conflict('knowledge_entry_used', 'The entry has been used; retire it instead', '该条目已被使用过，不能删除，请改为停用');
    if (!(await repo.deleteEntry(trx, id, version))) {
      const current = await repo.findEntry(trx, id);
      if (!current) throw entryNotFound();
      throw staleVersion(Number(current.version));
    }
    await recordAudit(trx, { at, actor: p, action: 'knowledge.delete', subjectType: 'knowledge_entry', subjectId: id, unitId: row.unit_id, before: auditable(row) });
  });
}

export interface KnowledgeUseInput {
  entryId: string;
  use: KnowledgeUse;
  workOrderId: string | null;
  at: string;
}

const USE_LABELS: Record<KnowledgeUse, { zh: string; en: string }> = {
  reply: { zh: '答复', en: 'replies' },
  callback: { zh: '回访', en: 'callbacks' },
  sms: { zh: '短信', en: 'SMS' },
  call: { zh: '来电受理', en: 'calls' },
};

/**
 * Counts a use of an entry, in the caller's transaction (the reply, callback, SMS or intake that used it): the
 * use commits with the action or not at all, so a refused or replayed request counts nothing. 422 on
 * `knowledgeEntryId` when the entry is unknown to the caller, retired, or not meant for this use.
 */
export async function useKnowledgeEntry(trx: DbOrTrx, p: Principal, u: KnowledgeUseInput): Promise<void> {
  const row = await repo.findEntry(trx, u.entryId);
  if (!row || !canRead(p, row.unit_path)) throw invalid([fieldError('knowledgeEntryId', '话术条目不存在', 'no such knowledge entry')]);
  if (row.active !== 1) throw invalid([fieldError('knowledgeEntryId', `话术条目“${row.title}”已停用`, `the entry "${row.title}" is retired`)]);
  const label = USE_LABELS[u.use];
  if (!(JSON.parse(row.uses) as string[]).includes(u.use)) throw invalid([fieldError('knowledgeEntryId', `话术条目“${row.title}”不用于${label.zh}`, `the entry "${row.title}" is not for ${label.en}`)]);
  await repo.recordUse(trx, { id: newId(new Date(u.at).getTime()), entry_id: row.id, entry_version: Number(row.version), used_in: u.use, work_order_id: u.workOrderId, user_id: p.id, at: u.at });
}
