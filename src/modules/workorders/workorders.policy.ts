import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { isRepairKind } from '../../core/workflow/flow';
import { validatePolicy, type ComplaintPolicy, type PolicyContext } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { AppError, conflict, invalid } from '../../platform/http/errors';
import { recordAudit } from '../audit';
import { requireSysAdmin, type Principal } from '../auth';
import { ROLE_CODES } from '../org';
import { listPacks } from '../rules';
import * as repo from './workorders.repository';
import { COMPLAINT_CATEGORIES, WORK_ORDER_KINDS, WorkOrderCreate, type PolicyPut, type PolicyVersionView } from './workorders.schemas';

// The complaint policy as versioned data (docs/workorders.md#policy-format-policiescomplaint-policyyaml: "Policies are data, validated on load, versioned,
// editable by an administrator"). The shipped YAML is recorded as version 1 the first time a database is used;
// each PUT adds the next version; a work order records the version it was created under.

const SHIPPED_PATH = new URL('../../../policies/complaint-policy.yaml', import.meta.url);
let shippedText: string | undefined;
export const shippedPolicyText = () => (shippedText ??= readFileSync(SHIPPED_PATH, 'utf8'));

const cache = new WeakMap<Db, Map<number, ComplaintPolicy>>();
const recorded = new WeakSet<Db>();

async function knownContext(ctx: AppContext): Promise<PolicyContext> {
  const packs = await listPacks(ctx);
  return {
    roles: ROLE_CODES,
    kinds: WORK_ORDER_KINDS,
    categories: COMPLAINT_CATEGORIES,
    fields: Object.keys(WorkOrderCreate.shape),
    packs: packs.map((p) => p.id),
  };
}

async function ensureShipped(ctx: AppContext): Promise<void> {
  if (recorded.has(ctx.db)) return;
  if (!(await repo.latestPolicy(ctx.db))) {
    const text = shippedPolicyText();
    const doc: unknown = parseYaml(text);
    const { issues } = validatePolicy(doc, await knownContext(ctx));
    // A shipped policy that does not validate is a release bug; the policy test catches it first.
    if (issues.length) throw new Error(`complaint policy: invalid shipped policy\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
    await repo.insertPolicy(ctx.db, {
      version: 1,
      document: JSON.stringify(doc),
      yaml: text,
      note: 'shipped with the release (policies/complaint-policy.yaml)',
      created_at: ctx.clock.now().toISOString(),
      created_by: null,
      created_by_name: null,
    });
  }
  await addRepairPath(ctx);
  recorded.add(ctx.db);
}

/**
 * A database whose latest version was published before the repair path existed (no `repairs` key) gets the next
 * version: that document with the shipped file's `repairs` and its repair deadlines added, so a repair reported
 * after the upgrade can be taken on (docs/callcenter.md "Emergency repairs"). Nothing else of the administrator's
 * version changes; the version is audited like a publication. Another instance doing the same at once loses the
 * insert (unique version) and keeps the winner's.
 */
export async function addRepairPath(ctx: AppContext): Promise<void> {
  const latest = await repo.latestPolicy(ctx.db);
  if (!latest) return;
  const doc = JSON.parse(latest.document) as Record<string, unknown> & { deadlines?: { name: string; kinds?: string[] }[] };
  if (doc.repairs !== undefined) return;
  const shipped = parseYaml(shippedPolicyText()) as { repairs: unknown; deadlines: { name: string; kinds?: string[] }[] };
  const repairOnly = (d: { kinds?: string[] }) => !!d.kinds && d.kinds.every(isRepairKind);
  const have = new Set((doc.deadlines ?? []).map((d) => `${d.name}|${(d.kinds ?? []).join(',')}`));
  const next = {
    ...doc,
    deadlines: [...(doc.deadlines ?? []), ...shipped.deadlines.filter((d) => repairOnly(d) && !have.has(`${d.name}|${(d.kinds ?? []).join(',')}`))],
    repairs: shipped.repairs,
  };
  const { issues } = validatePolicy(next, await knownContext(ctx));
  if (issues.length) {
    ctx.log.warn({ issues }, 'complaint policy: the repair path could not be added to the latest version; publish one with `repairs`');
    return;
  }
  const at = ctx.clock.now().toISOString();
  const note = 'the repair path (repairs, repair deadlines) added with the release (policies/complaint-policy.yaml)';
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertPolicy(trx, { version: latest.version + 1, document: JSON.stringify(next), yaml: stringifyYaml(next), note, created_at: at, created_by: null, created_by_name: null });
    if (inserted) await recordAudit(trx, { at, actor: null, action: 'complaint_policy.publish', subjectType: 'complaint_policy', subjectId: String(latest.version + 1), note, after: { version: latest.version + 1 } });
  });
}

function load(db: Db, row: repo.PolicyRow): ComplaintPolicy {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  const hit = m.get(row.version);
  if (hit) return hit;
  // Stored versions were validated when published (PUT) or are the shipped file (validated by its unit test).
  const policy = JSON.parse(row.document) as ComplaintPolicy;
  m.set(row.version, policy);
  return policy;
}

/**
 * The latest policy. Every intake asks, so only the latest version's number is read (one indexed lookup, which
 * also sees a version another instance published); the document is read and parsed once per version.
 */
export async function currentPolicy(ctx: AppContext): Promise<{ version: number; policy: ComplaintPolicy }> {
  await ensureShipped(ctx);
  const version = await repo.latestPolicyVersion(ctx.db);
  const cached = version === undefined ? undefined : cache.get(ctx.db)?.get(version);
  if (version !== undefined && cached) return { version, policy: cached };
  const row = version === undefined ? undefined : await repo.findPolicy(ctx.db, version);
  if (!row) throw new AppError(500, 'policy_missing', 'No complaint policy', '缺少客诉策略');
  return { version: row.version, policy: load(ctx.db, row) };
}

export async function policyVersion(ctx: AppContext, version: number): Promise<ComplaintPolicy> {
  await ensureShipped(ctx);
  const row = await repo.findPolicy(ctx.db, version);
  if (!row) throw new AppError(404, 'policy_version_not_found', `Policy version ${version} not found`, `策略版本 ${version} 不存在`);
  return load(ctx.db, row);
}

const present = (r: repo.PolicyRow): PolicyVersionView => ({
  version: r.version,
  createdAt: r.created_at,
  createdBy: r.created_by_name,
  note: r.note,
  document: JSON.parse(r.document) as Record<string, unknown>,
  yaml: r.yaml,
});

export async function getPolicyView(ctx: AppContext): Promise<PolicyVersionView> {
  await ensureShipped(ctx);
  return present((await repo.latestPolicy(ctx.db))!);
}

export async function listPolicyVersions(ctx: AppContext): Promise<PolicyVersionView[]> {
  await ensureShipped(ctx);
  return (await repo.listPolicies(ctx.db)).map(present);
}

/** Publishes the next version: 422 naming each invalid path, 409 when someone published since `baseVersion`. */
export async function putPolicy(ctx: AppContext, p: Principal, input: PolicyPut): Promise<PolicyVersionView> {
  // One policy serves every company: a subtree administrator may not publish it (docs/regulations.md#organisation-and-roles).
  requireSysAdmin(p);
  await ensureShipped(ctx);
  let doc: unknown = input.document;
  let text = input.yaml;
  if (text !== undefined) {
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw invalid([{ field: 'yaml', message: e instanceof Error ? e.message : String(e) }], 'The YAML does not parse', 'YAML 无法解析');
    }
  }
  if (doc === undefined) throw invalid([{ field: 'yaml', message: 'yaml or document is required / 需要 yaml 或 document' }]);
  const { issues } = validatePolicy(doc, await knownContext(ctx));
  if (issues.length) throw invalid(issues.map((i) => ({ field: i.path, message: i.message })), 'The policy is invalid', '策略无效');
  text ??= stringifyYaml(doc);
  const latest = (await repo.latestPolicy(ctx.db))!;
  if (latest.version !== input.baseVersion) {
    throw conflict('stale_version', 'A newer policy version was published; reload and try again', '已有更新的策略版本，请刷新后重试', { currentVersion: latest.version });
  }
  const at = ctx.clock.now().toISOString();
  const row: repo.PolicyRow = {
    version: latest.version + 1,
    document: JSON.stringify(doc),
    yaml: text,
    note: input.note ?? null,
    created_at: at,
    created_by: p.id,
    created_by_name: p.displayName,
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.insertPolicy(trx, row))) {
      throw conflict('stale_version', 'A newer policy version was published; reload and try again', '已有更新的策略版本，请刷新后重试', { currentVersion: row.version });
    }
    await recordAudit(trx, { at, actor: p, action: 'complaint_policy.publish', subjectType: 'complaint_policy', subjectId: String(row.version), note: input.note ?? null, after: { version: row.version } });
  });
  return present(row);
}

/** Every published version, by number (a small table), for callers that cannot read inside a transaction. */
export async function allPolicyVersions(ctx: AppContext): Promise<Map<number, ComplaintPolicy>> {
  await ensureShipped(ctx);
  return new Map((await repo.listPolicies(ctx.db)).map((r) => [r.version, load(ctx.db, r)]));
}
