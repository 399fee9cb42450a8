import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { validateWeights, weightedTotal, type MineTypeCode } from '../../core/grading';
import type { DbOrTrx } from '../../platform/db/database';
import { fieldError, type FieldError } from '../../platform/http/errors';
import * as repo from './grading.repository';
import { ScoringTemplate, type TemplateSummary, type TemplateView } from './grading.schemas';

// Scoring templates (docs/grading.md#scoring-templates): the shipped editions in policies/grading/*.yaml, plus versions an
// administrator stores in grading_templates (a new edition, or weights entered for a shipped one). Versions are
// immutable; a grading records the template version it used, so loading a new one never changes old results.

const SHIPPED_DIR = fileURLToPath(new URL('../../../policies/grading/', import.meta.url));

let shipped: Map<string, ScoringTemplate> | undefined;

/** The shipped templates, parsed and checked once. A shipped file that does not validate is a release bug. */
export function shippedTemplates(): Map<string, ScoringTemplate> {
  if (!shipped) {
    const map = new Map<string, ScoringTemplate>();
    for (const file of readdirSync(SHIPPED_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
      const parsed = ScoringTemplate.safeParse(parseYaml(readFileSync(`${SHIPPED_DIR}${file}`, 'utf8')));
      if (!parsed.success) throw new Error(`grading: invalid shipped template ${file}: ${parsed.error.message}`);
      const problems = checkTemplate(parsed.data);
      if (problems.length) throw new Error(`grading: invalid shipped template ${file}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
      map.set(parsed.data.id, parsed.data);
    }
    shipped = map;
  }
  return shipped;
}

export function partsFor(t: ScoringTemplate, mineType: MineTypeCode) {
  return t.parts.filter((p) => p.mineTypes.includes(mineType));
}

/** Weights of one mine type are complete when every part has one and they sum to 1. */
export function weightsComplete(t: ScoringTemplate, mineType: MineTypeCode): boolean {
  const parts = partsFor(t, mineType);
  return parts.length > 0 && validateWeights(parts.map((p) => ({ id: p.id, weight: p.weights[mineType] }))).length === 0;
}

/** Structural checks beyond the Zod shape: unique ids, known groups, weights per mine type all-or-nothing and summing to 1. */
export function checkTemplate(t: ScoringTemplate): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  t.parts.forEach((p, i) => {
    if (ids.has(p.id)) errors.push(fieldError(`parts.${i}.id`, `部分编号 ${p.id} 重复`, `duplicate part id ${p.id}`));
    ids.add(p.id);
    if (p.group && !t.groups.some((g) => g.id === p.group)) errors.push(fieldError(`parts.${i}.group`, `未知的分组 ${p.group}`, `unknown group ${p.group}`));
    const itemIds = new Set<string>();
    p.items.forEach((it, j) => {
      if (itemIds.has(it.id)) errors.push(fieldError(`parts.${i}.items.${j}.id`, `条目编号 ${it.id} 重复`, `duplicate item id ${it.id}`));
      itemIds.add(it.id);
    });
  });
  for (const mt of ['underground', 'open_pit'] as const) {
    const parts = partsFor(t, mt);
    const given = parts.filter((p) => p.weights[mt] !== null && p.weights[mt] !== undefined);
    // Weights are never invented (docs/grading.md#scoring-templates): either none is entered yet, or all are and they sum to 1.
    if (given.length > 0) {
      for (const problem of validateWeights(parts.map((p) => ({ id: p.id, weight: p.weights[mt] })))) errors.push({ field: `weights.${mt}`, message: problem });
    }
  }
  return errors;
}

export interface ResolvedTemplate {
  template: ScoringTemplate;
  source: 'shipped' | 'database';
}

/** The latest version of a template (or the given version); undefined for an unknown id or version. */
export async function resolveTemplate(db: DbOrTrx, id: string, version?: number): Promise<ResolvedTemplate | undefined> {
  const row = version === undefined ? await repo.latestTemplate(db, id) : await repo.findTemplate(db, id, version);
  const base = shippedTemplates().get(id);
  if (row && (!base || row.version >= base.version)) return { template: ScoringTemplate.parse(JSON.parse(row.definition)), source: 'database' };
  if (base && (version === undefined || version === base.version)) return { template: base, source: 'shipped' };
  return undefined;
}

export function presentTemplate(r: ResolvedTemplate): TemplateView {
  return { ...r.template, source: r.source, weightsComplete: { underground: weightsComplete(r.template, 'underground'), open_pit: weightsComplete(r.template, 'open_pit') } };
}

export function summarise(r: ResolvedTemplate): TemplateSummary {
  const t = r.template;
  return {
    id: t.id,
    version: t.version,
    title: t.title,
    edition: t.edition,
    effectiveFrom: t.effectiveFrom,
    source: r.source,
    weightsComplete: { underground: weightsComplete(t, 'underground'), open_pit: weightsComplete(t, 'open_pit') },
    hasItems: t.parts.some((p) => p.items.length > 0),
  };
}

export async function listTemplates(db: DbOrTrx): Promise<ResolvedTemplate[]> {
  const ids = new Set<string>([...shippedTemplates().keys(), ...(await repo.templateIds(db))]);
  const out: ResolvedTemplate[] = [];
  for (const id of [...ids].sort()) {
    const r = await resolveTemplate(db, id);
    if (r) out.push(r);
  }
  return out;
}

export interface ScoreCheck {
  errors: FieldError[];
  /** The weighted total: as entered, or computed from the template's weights. Null when neither is possible. */
  weightedScore: number | null;
  source: 'template' | 'entered';
}

/**
 * Checks part scores against the template's parts for the mine type and settles the weighted total: entered
 * values win (the official sheet); otherwise the template's weights compute it; without weights it must be entered.
 */
export function checkScores(t: ScoringTemplate, mineType: MineTypeCode, partScores: Record<string, number>, entered: number | undefined | null, field = 'selfAssessment'): ScoreCheck {
  const parts = partsFor(t, mineType);
  const known = new Set(parts.map((p) => p.id));
  const errors: FieldError[] = [];
  for (const name of Object.keys(partScores)) {
    if (!known.has(name)) errors.push(fieldError(`${field}.partScores.${name}`, `不是${t.id}的部分`, `not a part of ${t.id} for this mine type`));
  }
  for (const p of parts) {
    if (!(p.id in partScores)) errors.push(fieldError(`${field}.partScores.${p.id}`, '缺少该部分得分', 'score for this part is missing'));
  }
  if (entered !== undefined && entered !== null) return { errors, weightedScore: entered, source: 'entered' };
  if (!weightsComplete(t, mineType)) {
    errors.push(fieldError(`${field}.weightedScore`, '该评分标准尚未录入权重，请填写加权总分', 'the template has no weights yet: enter the weighted score from the official sheet'));
    return { errors, weightedScore: null, source: 'template' };
  }
  const r = weightedTotal(parts.map((p) => ({ id: p.id, weight: p.weights[mineType] })), partScores);
  return { errors, weightedScore: r.total, source: 'template' };
}
