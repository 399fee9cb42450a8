import {
  compilePack,
  describeCondition,
  evaluate,
  isValidDate,
  parseRulePack,
  shippedPacks,
  shippedPackText,
  validateFacts,
  type CompiledPack,
  type Condition,
  type Evaluation,
  type FactIssue,
  type LocalText,
  type RulePack,
} from '../../core/rules';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { AppError, fieldError, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { recordAudit } from '../audit';
import { requireSysAdmin, type Principal } from '../auth';
import { calendarToday } from '../calendar';
import * as repo from './rules.repository';
import type { EvaluateInput, EvaluationViewOutput, PackViewOutput, VersionMetaOutput } from './rules.schemas';

// Rule packs in the database (docs/rules.md#what-a-level-rule-is, docs/rules.md#administration-and-api "Versions"): the packs shipped in policies/rules are
// recorded as version 1 the first time a database is used; every upload adds the next version; versions are
// never changed or removed, so an evaluation's recorded version can always be looked up again.

export interface ActivePack {
  pack: RulePack;
  compiled: CompiledPack;
}

// Parsed and compiled versions per database handle. A (pack, version) row never changes, so entries never go
// stale; only "which version is latest" is read from the database on every call (one indexed MAX query).
const compiledCache = new WeakMap<Db, Map<string, ActivePack>>();
const shippedRecorded = new WeakSet<Db>();

const packNotFound = () => notFound('Rule pack', '规则包', 'rule_pack_not_found');

/**
 * Records each shipped pack in the database: as version 1 on first use, and again as the next version when a
 * release changed its YAML while the latest version is still a shipped one. A pack an administrator has
 * uploaded a newer version of keeps theirs; the release's text is then not applied (docs/rules.md
 * "Administration and API"). Idempotent, and safe when several instances start at once.
 */
export async function recordShippedPacks(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<void> {
  const at = ctx.clock.now().toISOString();
  for (const pack of shippedPacks()) {
    const text = shippedPackText(pack.id)!;
    const latest = await repo.latestVersion(ctx.db, pack.id);
    const row = latest === null ? undefined : await repo.findVersion(ctx.db, pack.id, latest);
    if (row && (row.created_by !== null || row.yaml === text)) continue;
    await repo.insertVersionIfAbsent(ctx.db, {
      pack_id: pack.id,
      version: (latest ?? 0) + 1,
      yaml: text,
      note: latest === null ? '随系统发布 / shipped with the release (policies/rules)' : '系统升级更新 / updated by a release (policies/rules)',
      created_at: at,
      created_by: null,
      created_by_name: null,
    });
  }
}

/** recordShippedPacks once per database handle (i.e. once per process start). */
async function ensureShippedRecorded(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<void> {
  if (shippedRecorded.has(ctx.db)) return;
  await recordShippedPacks(ctx);
  shippedRecorded.add(ctx.db);
}

function loadRow(row: repo.RulePackVersionRow): ActivePack {
  const r = parseRulePack(row.yaml, `${row.pack_id}@${row.version}`);
  // Stored versions were validated on upload; a failure here means the engine's format changed under them.
  if (!r.ok) throw new AppError(500, 'rule_pack_unloadable', `Stored rule pack ${row.pack_id} v${row.version} no longer validates`, '已存储的规则包无法加载');
  // The database numbers versions; the number inside the YAML is only the author's.
  const pack: RulePack = { ...r.pack, version: row.version };
  return { pack, compiled: compilePack(pack) };
}

async function loadVersion(ctx: Pick<AppContext, 'db' | 'clock'>, packId: string, version: number | undefined): Promise<ActivePack> {
  await ensureShippedRecorded(ctx);
  const v = version ?? (await repo.latestVersion(ctx.db, packId));
  if (v === null) throw packNotFound();
  let cache = compiledCache.get(ctx.db);
  if (!cache) compiledCache.set(ctx.db, (cache = new Map()));
  const key = `${packId}\u0000${v}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await repo.findVersion(ctx.db, packId, v);
  if (!row) {
    const exists = version !== undefined && (await repo.latestVersion(ctx.db, packId)) !== null;
    throw exists ? notFound('Rule pack version', '规则包版本', 'rule_pack_version_not_found') : packNotFound();
  }
  const loaded = loadRow(row);
  cache.set(key, loaded);
  return loaded;
}

/** The latest version of a pack, parsed and compiled (cached); 404 rule_pack_not_found for an unknown id. */
export async function getActivePack(ctx: Pick<AppContext, 'db' | 'clock'>, packId: string): Promise<ActivePack> {
  return loadVersion(ctx, packId, undefined);
}

/** Every problem with `facts` against the pack's fact schema, by field; [] when they fit. */
export async function validatePackFacts(ctx: Pick<AppContext, 'db' | 'clock'>, packId: string, facts: Record<string, unknown>): Promise<FactIssue[]> {
  const { pack } = await getActivePack(ctx, packId);
  return validateFacts(pack, facts);
}

/**
 * Evaluates facts with the latest version of a pack (or `opts.version`). 404 for an unknown pack, 422 naming
 * each field that does not fit the pack's fact schema, 422 for a bad as-of date. The result names the version
 * used (docs/rules.md#what-a-level-rule-is: "a decision records the pack version it used").
 */
export async function evaluatePack(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  packId: string,
  facts: Record<string, unknown>,
  asOf: string,
  opts: { version?: number } = {},
): Promise<Evaluation> {
  const { pack, compiled } = await loadVersion(ctx, packId, opts.version);
  const errors: { field: string; message: string }[] = validateFacts(pack, facts).map((e) => ({ field: e.field ? `facts.${e.field}` : 'facts', message: e.message }));
  if (!isValidDate(asOf)) errors.push(fieldError('asOf', '不是有效日期 YYYY-MM-DD', 'not a real date YYYY-MM-DD'));
  if (errors.length) throw invalid(errors, `The facts do not fit rule pack ${packId}`, `事实不符合规则包 ${packId} 的定义`);
  return evaluate(compiled, facts, asOf);
}

// ---- the API's views -------------------------------------------------------------------------------------

function labelOf(pack: RulePack, level: string): LocalText {
  const l = pack.levels.find((x) => x.id === level);
  if (l) return l.label;
  return pack.fallbackLabel ?? { zh: pack.fallback, en: pack.fallback };
}

export async function evaluateForApi(ctx: AppContext, packId: string, input: EvaluateInput): Promise<EvaluationViewOutput> {
  const asOf = input.asOf ?? (await calendarToday(ctx));
  const r = await evaluatePack(ctx, packId, input.facts, asOf, { version: input.version });
  const { pack } = await loadVersion(ctx, packId, r.version);
  return { ...r, asOf, levelLabel: labelOf(pack, r.level) };
}

const presentMeta = (m: repo.RulePackVersionMeta): VersionMetaOutput => ({
  version: m.version,
  note: m.note,
  createdAt: m.created_at,
  createdBy: m.created_by_name,
  shipped: m.created_by === null,
});

/** A condition's parts for a list display: the members of an unlabelled top-level `all`, else the condition. */
function conditionParts(cond: Condition, pack: RulePack): LocalText[] {
  if ('all' in cond && !cond.label) return cond.all.map((c) => describeCondition(c, pack));
  return [describeCondition(cond, pack)];
}

function presentPack(pack: RulePack, meta: repo.RulePackVersionMeta, yaml: string, latestVersion: number): PackViewOutput {
  return {
    id: pack.id,
    version: pack.version,
    latestVersion,
    title: pack.title,
    ...(pack.description && { description: pack.description }),
    notes: pack.notes ?? [],
    facts: pack.facts,
    ...(pack.groups && { groups: pack.groups }),
    ...(pack.currentLevelFact && { currentLevelFact: pack.currentLevelFact }),
    levels: pack.levels.map((l) => ({
      id: l.id,
      label: l.label,
      ...(l.requires !== undefined && { requires: l.requires }),
      ...(l.incomplete && { incomplete: l.incomplete }),
      outputs: l.outputs ?? {},
      condition: l.when ? describeCondition(l.when, pack) : null,
      conditions: l.when ? conditionParts(l.when, pack) : [],
    })),
    fallback: pack.fallback,
    fallbackLabel: pack.fallbackLabel ?? { zh: pack.fallback, en: pack.fallback },
    meta: presentMeta(meta),
    yaml,
  };
}

export async function listPacks(ctx: AppContext): Promise<{ id: string; title: LocalText; description?: LocalText; versions: VersionMetaOutput[]; latestVersion: number }[]> {
  await ensureShippedRecorded(ctx);
  const metas = await repo.listVersions(ctx.db);
  const ids = [...new Set(metas.map((m) => m.pack_id))];
  const out = [];
  for (const id of ids) {
    const versions = metas.filter((m) => m.pack_id === id);
    const latest = versions[versions.length - 1].version;
    const { pack } = await loadVersion(ctx, id, latest);
    out.push({ id, title: pack.title, ...(pack.description && { description: pack.description }), versions: versions.map(presentMeta), latestVersion: latest });
  }
  return out;
}

export async function getPack(ctx: AppContext, packId: string, version: number | undefined): Promise<PackViewOutput> {
  const { pack } = await loadVersion(ctx, packId, version);
  const [row, latest] = await Promise.all([repo.findVersion(ctx.db, packId, pack.version), repo.latestVersion(ctx.db, packId)]);
  return presentPack(pack, row!, row!.yaml, latest ?? pack.version);
}

/**
 * Adds the next version of a pack (or version 1 of a new pack). The YAML is validated first: 422 with the
 * path of each error; its `id` must be the pack's.
 */
export async function uploadVersion(ctx: AppContext, p: Principal, packId: string, yaml: string, note: string | undefined, baseVersion?: number): Promise<PackViewOutput> {
  // Rule packs are shared by every unit: a subtree administrator may not replace them (docs/regulations.md#organisation-and-roles).
  requireSysAdmin(p);
  await ensureShippedRecorded(ctx);
  const parsed = parseRulePack(yaml, `${packId}.yaml`);
  if (!parsed.ok) {
    throw new AppError(
      422,
      'rule_pack_invalid',
      'The rule pack has errors',
      '规则包有错误',
      { issues: parsed.errors },
      parsed.errors.map((e) => ({ field: e.at || '(document)', message: e.line ? `line ${e.line}: ${e.message}` : e.message })),
    );
  }
  if (parsed.pack.id !== packId) {
    throw invalid([fieldError('id', `规则包 id 为 "${parsed.pack.id}"，应为 "${packId}"`, `the pack's id is "${parsed.pack.id}", expected "${packId}"`)]);
  }
  const version = await ctx.db.transaction().execute(async (trx) => {
    const latest = await repo.latestVersion(trx, packId);
    // An editor who names the version they started from is told when someone stored a newer one meanwhile,
    // instead of silently superseding it (non-negotiable: a stale edit gets 409, never overwrites).
    if (baseVersion !== undefined && baseVersion !== (latest ?? 0)) throw staleVersion(latest ?? 0);
    const next = (latest ?? 0) + 1;
    const now = ctx.clock.now().toISOString();
    // Two concurrent uploads compute the same number; the primary key keeps the first, the second is told.
    const inserted = await repo.insertVersionIfAbsent(trx, { pack_id: packId, version: next, yaml, note: note || null, created_at: now, created_by: p.id, created_by_name: p.displayName });
    if (!inserted) throw new AppError(409, 'rule_pack_version_conflict', 'Someone uploaded a version at the same time; try again', '他人同时上传了新版本，请重试');
    await recordAudit(trx, {
      at: now,
      actor: p,
      action: 'rules.version.create',
      subjectType: 'rule_pack',
      subjectId: packId,
      after: { version: next, title: parsed.pack.title, levels: parsed.pack.levels.map((l) => l.id) },
      note: note ?? null,
    });
    return next;
  });
  return getPack(ctx, packId, version);
}

export async function getVersion(ctx: AppContext, packId: string, version: number): Promise<PackViewOutput> {
  return getPack(ctx, packId, version);
}
