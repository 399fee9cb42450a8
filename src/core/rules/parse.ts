// Loading and validating rule packs. Zod checks the pack's shape (top level, facts, levels); the conditions
// are checked by a dedicated walker so that each error names the exact place and problem
// ('levels[1].when.all[0].fact: unknown fact "weightedScor" (did you mean "weightedScore"?)').
// Packs are data: nothing in them is ever evaluated as code.

import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { validateFactValue } from './facts';
import { NUMERIC_OPS } from './text';
import type { FactDef, FactIssue, PackIssue, PackResult, RulePack } from './types';

type PathSeg = string | number;
interface RawIssue {
  path: PathSeg[];
  message: string;
}

const FACT_TYPES = ['number', 'boolean', 'string', 'enum', 'string_list', 'score_map', 'events'] as const;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const LocalTextSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const LabelMapSchema = z.record(z.string(), LocalTextSchema);
const IdListSchema = z.array(z.string().min(1)).min(1);

const FactDefSchema = z.strictObject({
  type: z.enum(FACT_TYPES),
  label: LocalTextSchema,
  values: IdListSchema.optional(),
  valueLabels: LabelMapSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  eventTypes: IdListSchema.optional(),
  eventClasses: IdListSchema.optional(),
  classRequiredFor: IdListSchema.optional(),
  eventTypeLabels: LabelMapSchema.optional(),
  eventClassLabels: LabelMapSchema.optional(),
});

const LevelSchema = z.strictObject({
  id: z.string().min(1),
  label: LocalTextSchema,
  requires: z.string().min(1).optional(),
  when: z.unknown().optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  incomplete: LocalTextSchema.optional(),
});

const PackSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  version: z.number().int().positive(),
  title: LocalTextSchema,
  description: LocalTextSchema.optional(),
  facts: z.record(z.string().regex(IDENT, 'fact names are identifiers (letters, digits, _)'), FactDefSchema),
  groups: z.record(z.string().min(1), z.strictObject({ label: LocalTextSchema, parts: IdListSchema })).optional(),
  currentLevelFact: z.string().optional(),
  levels: z.array(LevelSchema).min(1),
  fallback: z.string().min(1),
  fallbackLabel: LocalTextSchema.optional(),
  notes: z.array(LocalTextSchema).optional(),
});

// Which FactDef keys make sense for which fact type.
const KEYS_BY_TYPE: Record<FactDef['type'], readonly string[]> = {
  number: ['min', 'max', 'integer'],
  boolean: [],
  string: [],
  enum: ['values', 'valueLabels'],
  string_list: ['values', 'valueLabels'],
  score_map: ['min', 'max', 'integer'],
  events: ['eventTypes', 'eventClasses', 'classRequiredFor', 'eventTypeLabels', 'eventClassLabels'],
};
const TYPED_KEYS = new Set(Object.values(KEYS_BY_TYPE).flat());

export function formatPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    // Only close matches: one or two edits, and fewer than half the name ("c" does not suggest "a").
    if (d < bestD && d * 2 < name.length) {
      bestD = d;
      best = c;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function zodIssues(error: z.ZodError): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"` });
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      out.push({ path, message: `required (${issue.expected})` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

// ---- conditions ------------------------------------------------------------------------------------------

const CONDITION_KINDS = ['all', 'any', 'not', 'fact', 'expr', 'every_part', 'event_within', 'count_events', 'list_includes'];
const FACT_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne', 'in', 'is'];
const BOUND_OPS = ['gte', 'gt', 'lte', 'lt'];
const EXPR_OPS = ['add', 'sub', 'mul', 'div'];
const MAX_DEPTH = 32;

class ConditionChecker {
  constructor(
    private readonly pack: z.infer<typeof PackSchema>,
    private readonly out: RawIssue[],
  ) {}

  private err(path: PathSeg[], message: string): void {
    this.out.push({ path, message });
  }

  /** Returns the fact's definition, or reports it and returns undefined. */
  private fact(name: unknown, path: PathSeg[], want?: FactDef['type'][]): FactDef | undefined {
    if (typeof name !== 'string' || name === '') {
      this.err(path, 'must name a fact');
      return undefined;
    }
    const def = Object.prototype.hasOwnProperty.call(this.pack.facts, name) ? this.pack.facts[name] : undefined;
    if (!def) {
      this.err(path, `unknown fact "${name}"${suggest(name, Object.keys(this.pack.facts))}`);
      return undefined;
    }
    if (want && !want.includes(def.type)) {
      this.err(path, `fact "${name}" is ${def.type}; this condition needs ${want.join(' or ')}`);
      return undefined;
    }
    return def;
  }

  private label(c: Record<string, unknown>, path: PathSeg[]): void {
    if (c.label === undefined) return;
    const r = LocalTextSchema.safeParse(c.label);
    if (!r.success) for (const i of zodIssues(r.error)) this.err([...path, 'label', ...i.path], i.message);
  }

  private onlyKeys(c: Record<string, unknown>, path: PathSeg[], allowed: readonly string[], what: string): void {
    for (const key of Object.keys(c)) {
      if (!allowed.includes(key)) this.err([...path, key], `unknown key "${key}" in ${what} (allowed: ${allowed.join(', ')})`);
    }
  }

  private oneNumber(c: Record<string, unknown>, path: PathSeg[], ops: readonly string[]): void {
    const present = ops.filter((op) => c[op] !== undefined);
    if (present.length !== 1) {
      this.err(path, `needs exactly one of ${ops.join(', ')}${present.length ? ` (found ${present.join(', ')})` : ''}`);
      return;
    }
    const v = c[present[0]];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.err([...path, present[0]], `must be a number, got ${JSON.stringify(v)}`);
  }

  private period(v: unknown, path: PathSeg[]): void {
    if (!isObj(v)) {
      this.err(path, 'must be a period such as {years: 1}, {months: 6} or {days: 30}');
      return;
    }
    const keys = Object.keys(v);
    if (keys.length !== 1 || !['years', 'months', 'days'].includes(keys[0])) {
      this.err(path, 'must have exactly one of years, months, days');
      return;
    }
    const n = v[keys[0]];
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) this.err([...path, keys[0]], 'must be a positive whole number');
  }

  private eventFilter(c: Record<string, unknown>, path: PathSeg[], def: FactDef, typeRequired: boolean): void {
    if (c.type === undefined) {
      if (typeRequired) this.err([...path, 'type'], 'required (the event type)');
    } else if (typeof c.type !== 'string') this.err([...path, 'type'], 'must be an event type');
    else if (def.eventTypes && !def.eventTypes.includes(c.type)) {
      this.err([...path, 'type'], `unknown event type "${c.type}"${suggest(c.type, def.eventTypes)} (allowed: ${def.eventTypes.join(', ')})`);
    }
    if (c.class !== undefined) {
      const classes = typeof c.class === 'string' ? [c.class] : c.class;
      if (!Array.isArray(classes) || classes.length === 0 || classes.some((x) => typeof x !== 'string')) {
        this.err([...path, 'class'], 'must be an event class or a non-empty list of classes');
      } else if (!def.eventClasses) this.err([...path, 'class'], 'the fact defines no event classes');
      else {
        for (const cls of classes as string[]) {
          if (!def.eventClasses.includes(cls)) this.err([...path, 'class'], `unknown event class "${cls}" (allowed: ${def.eventClasses.join(', ')})`);
        }
      }
    }
  }

  private expr(e: unknown, path: PathSeg[], depth: number): void {
    if (depth > MAX_DEPTH) return this.err(path, 'expression nested too deeply');
    if (typeof e === 'number') {
      if (!Number.isFinite(e)) this.err(path, 'must be a finite number');
      return;
    }
    if (typeof e === 'string') {
      this.fact(e, path, ['number']);
      return;
    }
    if (!isObj(e) || Object.keys(e).length !== 1 || !EXPR_OPS.includes(Object.keys(e)[0])) {
      this.err(path, `must be a number, a number fact, or one of ${EXPR_OPS.map((o) => `{${o}: [...]}`).join(', ')}`);
      return;
    }
    const op = Object.keys(e)[0];
    const args = e[op];
    if (!Array.isArray(args) || args.length < 2) {
      this.err([...path, op], 'needs a list of at least two operands');
      return;
    }
    args.forEach((a, i) => this.expr(a, [...path, op, i], depth + 1));
  }

  check(c: unknown, path: PathSeg[], depth = 0): void {
    if (depth > MAX_DEPTH) return this.err(path, 'conditions nested too deeply');
    if (!isObj(c)) {
      this.err(path, `must be a condition object, got ${JSON.stringify(c)}`);
      return;
    }
    const kinds = CONDITION_KINDS.filter((k) => c[k] !== undefined);
    if (kinds.length === 0) {
      const opLike = Object.keys(c).filter((k) => k !== 'label');
      this.err(path, `unknown condition${opLike.length ? ` "${opLike.join('", "')}"` : ''} (expected one of ${CONDITION_KINDS.join(', ')})`);
      return;
    }
    if (kinds.length > 1) {
      this.err(path, `a condition has exactly one of ${CONDITION_KINDS.join(', ')} (found ${kinds.join(', ')})`);
      return;
    }
    this.label(c, path);
    const kind = kinds[0];
    switch (kind) {
      case 'all':
      case 'any': {
        this.onlyKeys(c, path, [kind, 'label'], kind);
        const list = c[kind];
        if (!Array.isArray(list) || list.length === 0) this.err([...path, kind], 'must be a non-empty list of conditions');
        else list.forEach((child, i) => this.check(child, [...path, kind, i], depth + 1));
        return;
      }
      case 'not':
        this.onlyKeys(c, path, ['not', 'label'], 'not');
        this.check(c.not, [...path, 'not'], depth + 1);
        return;
      case 'fact':
        return this.factCondition(c, path);
      case 'expr': {
        const ops = NUMERIC_OPS as readonly string[];
        for (const key of Object.keys(c)) {
          if (key !== 'expr' && key !== 'label' && !ops.includes(key)) {
            this.err([...path, key], `unknown operator "${key}" (expected one of ${ops.join(', ')})`);
          }
        }
        this.expr(c.expr, [...path, 'expr'], 0);
        this.oneNumber(c, path, ops);
        return;
      }
      case 'every_part': {
        this.onlyKeys(c, path, ['every_part', 'label'], 'every_part');
        const p = [...path, 'every_part'];
        const inner = c.every_part;
        if (!isObj(inner)) return this.err(p, 'must be {fact, group?, gte|gt|lte|lt: number}');
        this.onlyKeys(inner, p, ['fact', 'group', ...BOUND_OPS], 'every_part');
        this.fact(inner.fact, [...p, 'fact'], ['score_map']);
        if (inner.group !== undefined) {
          const groups = Object.keys(this.pack.groups ?? {});
          if (typeof inner.group !== 'string' || !groups.includes(inner.group)) {
            this.err([...p, 'group'], `unknown group ${JSON.stringify(inner.group)}${groups.length ? ` (pack groups: ${groups.join(', ')})` : ' (the pack defines no groups)'}`);
          }
        }
        this.oneNumber(inner, p, BOUND_OPS);
        return;
      }
      case 'event_within': {
        this.onlyKeys(c, path, ['event_within', 'label'], 'event_within');
        const p = [...path, 'event_within'];
        const inner = c.event_within;
        if (!isObj(inner)) return this.err(p, 'must be {fact, type, class?, within}');
        this.onlyKeys(inner, p, ['fact', 'type', 'class', 'within'], 'event_within');
        const def = this.fact(inner.fact, [...p, 'fact'], ['events']);
        if (def) this.eventFilter(inner, p, def, true);
        if (inner.within === undefined) this.err([...p, 'within'], 'required (a period such as {years: 1})');
        else this.period(inner.within, [...p, 'within']);
        return;
      }
      case 'count_events': {
        this.onlyKeys(c, path, ['count_events', 'label'], 'count_events');
        const p = [...path, 'count_events'];
        const inner = c.count_events;
        if (!isObj(inner)) return this.err(p, 'must be {fact, type?, class?, within?, gte|gt|lte|lt|eq|ne: number}');
        this.onlyKeys(inner, p, ['fact', 'type', 'class', 'within', ...NUMERIC_OPS], 'count_events');
        const def = this.fact(inner.fact, [...p, 'fact'], ['events']);
        if (def) this.eventFilter(inner, p, def, false);
        if (inner.within !== undefined) this.period(inner.within, [...p, 'within']);
        this.oneNumber(inner, p, NUMERIC_OPS);
        return;
      }
      case 'list_includes': {
        this.onlyKeys(c, path, ['list_includes', 'label'], 'list_includes');
        const p = [...path, 'list_includes'];
        const inner = c.list_includes;
        if (!isObj(inner)) return this.err(p, 'must be {fact, all: [ids]} or {fact, any: [ids]}');
        this.onlyKeys(inner, p, ['fact', 'all', 'any'], 'list_includes');
        const def = this.fact(inner.fact, [...p, 'fact'], ['string_list']);
        const modes = (['all', 'any'] as const).filter((m) => inner[m] !== undefined);
        if (modes.length !== 1) return this.err(p, 'needs exactly one of all, any');
        const ids = inner[modes[0]];
        if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== 'string')) {
          return this.err([...p, modes[0]], 'must be a non-empty list of ids');
        }
        if (def?.values) {
          ids.forEach((id: string, i) => {
            if (!def.values!.includes(id)) this.err([...p, modes[0], i], `unknown id "${id}"${suggest(id, def.values!)} (allowed: ${def.values!.join(', ')})`);
          });
        }
        return;
      }
    }
  }

  private factCondition(c: Record<string, unknown>, path: PathSeg[]): void {
    for (const key of Object.keys(c)) {
      if (key !== 'fact' && key !== 'label' && !FACT_OPS.includes(key)) {
        this.err([...path, key], `unknown operator "${key}"${suggest(key, FACT_OPS)} (expected one of ${FACT_OPS.join(', ')})`);
      }
    }
    const def = this.fact(c.fact, [...path, 'fact']);
    const ops = FACT_OPS.filter((op) => c[op] !== undefined);
    if (ops.length !== 1) {
      this.err(path, `needs exactly one operator of ${FACT_OPS.join(', ')}${ops.length ? ` (found ${ops.join(', ')})` : ''}`);
      return;
    }
    if (!def) return;
    const op = ops[0];
    const v = c[op];
    const p = [...path, op];
    const name = c.fact as string;
    const bad = (msg: string) => this.err(p, msg);
    if (def.type === 'string_list' || def.type === 'score_map' || def.type === 'events') {
      const use = { string_list: 'list_includes', score_map: 'every_part', events: 'event_within or count_events' }[def.type];
      return bad(`fact "${name}" is ${def.type}: compare it with ${use}`);
    }
    if (op === 'is') {
      if (def.type !== 'boolean') return bad(`operator "is" needs a boolean fact; "${name}" is ${def.type}`);
      if (typeof v !== 'boolean') return bad(`must be true or false, got ${JSON.stringify(v)}`);
      return;
    }
    if (BOUND_OPS.includes(op) && def.type !== 'number') {
      return bad(`operator "${op}" needs a number fact; "${name}" is ${def.type}`);
    }
    if (op === 'in') {
      if (def.type === 'boolean') return bad(`operator "in" does not apply to the boolean fact "${name}"; use is`);
      if (!Array.isArray(v) || v.length === 0) return bad('must be a non-empty list of values');
      v.forEach((item, i) => this.literal(def, name, item, [...p, i]));
      return;
    }
    if (isObj(v)) {
      const keys = Object.keys(v);
      if (keys.length !== 1 || keys[0] !== 'fact') return bad('must be a value or {fact: otherFact}');
      const other = this.fact(v.fact, [...p, 'fact']);
      if (other && (other.type !== def.type || (def.type === 'enum' && other.values?.join() !== def.values?.join()))) {
        bad(`cannot compare "${name}" (${def.type}) with "${String(v.fact)}" (${other.type})`);
      }
      return;
    }
    this.literal(def, name, v, p);
  }

  private literal(def: FactDef, name: string, v: unknown, path: PathSeg[]): void {
    const want = def.type === 'number' ? 'number' : def.type === 'boolean' ? 'boolean' : 'string';
    if (typeof v !== want || (typeof v === 'number' && !Number.isFinite(v))) {
      this.err(path, `"${name}" is ${def.type}: expected a ${want}, got ${JSON.stringify(v)}`);
    } else if (def.type === 'enum' && !def.values?.includes(v as string)) {
      this.err(path, `"${String(v)}" is not a value of "${name}"${suggest(v as string, def.values ?? [])} (allowed: ${(def.values ?? []).join(', ')})`);
    }
  }
}

// ---- the pack --------------------------------------------------------------------------------------------

function checkFacts(pack: z.infer<typeof PackSchema>, out: RawIssue[]): void {
  for (const [name, def] of Object.entries(pack.facts)) {
    const path: PathSeg[] = ['facts', name];
    const allowed = KEYS_BY_TYPE[def.type];
    for (const key of Object.keys(def)) {
      if (TYPED_KEYS.has(key) && !allowed.includes(key)) out.push({ path: [...path, key], message: `not used by a ${def.type} fact` });
    }
    if (def.type === 'enum' && !def.values) out.push({ path: [...path, 'values'], message: 'required for an enum fact' });
    if (def.min !== undefined && def.max !== undefined && def.min > def.max) out.push({ path: [...path, 'min'], message: 'is greater than max' });
    const dupes = (list: string[] | undefined, key: string) => {
      if (list && new Set(list).size !== list.length) out.push({ path: [...path, key], message: 'lists a value twice' });
    };
    dupes(def.values, 'values');
    dupes(def.eventTypes, 'eventTypes');
    dupes(def.eventClasses, 'eventClasses');
    const known = (map: Record<string, unknown> | undefined, key: string, ids: string[] | undefined) => {
      if (!map || !ids) return;
      for (const k of Object.keys(map)) if (!ids.includes(k)) out.push({ path: [...path, key, k], message: `"${k}" is not a listed value` });
    };
    known(def.valueLabels, 'valueLabels', def.values);
    known(def.eventTypeLabels, 'eventTypeLabels', def.eventTypes);
    known(def.eventClassLabels, 'eventClassLabels', def.eventClasses);
    if (def.classRequiredFor && !def.eventClasses) {
      out.push({ path: [...path, 'classRequiredFor'], message: 'needs eventClasses' });
    }
    if (def.classRequiredFor && def.eventTypes) {
      for (const t of def.classRequiredFor) {
        if (!def.eventTypes.includes(t)) out.push({ path: [...path, 'classRequiredFor'], message: `"${t}" is not a listed event type` });
      }
    }
    if (def.default !== undefined) {
      const issues: FactIssue[] = [];
      validateFactValue(def as FactDef, def.default, 'default', issues);
      for (const i of issues) out.push({ path: [...path, 'default'], message: `${i.field === 'default' ? '' : i.field + ' '}${i.message}`.trim() });
    }
  }
}

/** Outputs are data handed to other modules: numbers, strings, booleans, null, lists and plain objects. */
function checkPlainData(v: unknown, path: PathSeg[], out: RawIssue[], depth = 0): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push({ path, message: 'must be a finite number' });
    return;
  }
  if (depth > MAX_DEPTH) {
    out.push({ path, message: 'nested too deeply' });
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkPlainData(x, [...path, i], out, depth + 1));
    return;
  }
  if (isObj(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    for (const [k, x] of Object.entries(v)) checkPlainData(x, [...path, k], out, depth + 1);
    return;
  }
  out.push({ path, message: `must be plain data (number, string, boolean, null, list or map), got ${typeof v}` });
}

function checkPack(pack: z.infer<typeof PackSchema>): RawIssue[] {
  const out: RawIssue[] = [];
  checkFacts(pack, out);
  const seenParts = new Map<string, string>();
  for (const [g, def] of Object.entries(pack.groups ?? {})) {
    def.parts.forEach((part, i) => {
      const other = seenParts.get(part);
      if (other !== undefined) out.push({ path: ['groups', g, 'parts', i], message: `part "${part}" is already in group "${other}"` });
      else seenParts.set(part, g);
    });
  }
  const ids = pack.levels.map((l) => l.id);
  pack.levels.forEach((level, i) => {
    if (level.outputs !== undefined) checkPlainData(level.outputs, ['levels', i, 'outputs'], out);
    const first = ids.indexOf(level.id);
    if (first !== i) out.push({ path: ['levels', i, 'id'], message: `duplicate level id "${level.id}" (also levels[${first}])` });
  });
  if (ids.includes(pack.fallback)) out.push({ path: ['fallback'], message: `"${pack.fallback}" is also a level id; the fallback is the level below all of them` });
  const checker = new ConditionChecker(pack, out);
  pack.levels.forEach((level, i) => {
    if (level.requires !== undefined) {
      const j = ids.indexOf(level.requires);
      if (j < 0) out.push({ path: ['levels', i, 'requires'], message: `unknown level "${level.requires}"${suggest(level.requires, ids)} (levels: ${ids.join(', ')})` });
      else if (j <= i) out.push({ path: ['levels', i, 'requires'], message: `"${level.requires}" must be a lower level than "${level.id}" (listed after it)` });
    }
    if (level.when === undefined) {
      if (!level.incomplete) out.push({ path: ['levels', i, 'when'], message: 'required (only an incomplete level may omit it)' });
    } else checker.check(level.when, ['levels', i, 'when']);
  });
  if (pack.currentLevelFact !== undefined) {
    const def = pack.facts[pack.currentLevelFact];
    if (!def) {
      out.push({ path: ['currentLevelFact'], message: `unknown fact "${pack.currentLevelFact}"${suggest(pack.currentLevelFact, Object.keys(pack.facts))}` });
    } else if (def.type !== 'enum') out.push({ path: ['currentLevelFact'], message: `fact "${pack.currentLevelFact}" must be an enum of level ids` });
    else {
      const allowed = [...ids, pack.fallback];
      for (const v of def.values ?? []) {
        if (!allowed.includes(v)) out.push({ path: ['facts', pack.currentLevelFact, 'values'], message: `"${v}" is neither a level id nor the fallback` });
      }
    }
  }
  // Without a current-level fact, `requires` is met only by the prerequisite holding for the same facts.
  return out;
}

interface Located {
  lineOf(path: readonly PathSeg[]): number | undefined;
}

function toIssues(raw: RawIssue[], source: string, where?: Located): PackIssue[] {
  return raw.map((r) => {
    const at = formatPath(r.path);
    const line = where?.lineOf(r.path);
    return { path: at === '' ? source : `${source}: ${at}`, message: r.message, source, at, ...(line ? { line } : {}) };
  });
}

function validateRaw(obj: unknown): { ok: true; pack: RulePack } | { ok: false; raw: RawIssue[] } {
  const parsed = PackSchema.safeParse(obj);
  if (!parsed.success) return { ok: false, raw: zodIssues(parsed.error) };
  const raw = checkPack(parsed.data);
  if (raw.length) return { ok: false, raw };
  // A copy: the pack must not change when the caller later mutates its input (conditions pass Zod by reference).
  return { ok: true, pack: structuredClone(parsed.data) as RulePack };
}

/** Validates a pack given as a plain object (e.g. JSON from the admin UI). */
export function validatePackObject(obj: unknown, source: string): PackResult {
  const r = validateRaw(obj);
  return r.ok ? r : { ok: false, errors: toIssues(r.raw, source) };
}

/** Parses and validates a YAML pack; every error names the source, the path in the pack and the problem. */
export function parseRulePack(text: string, source: string): PackResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = e.pos ? lineCounter.linePos(e.pos[0]) : undefined;
        const message = `malformed YAML: ${e.message.split('\n')[0]}`;
        return { path: pos ? `${source}: line ${pos.line}, column ${pos.col}` : source, message, source, at: '', ...(pos ? { line: pos.line } : {}) };
      }),
    };
  }
  const r = validateRaw(doc.toJS({ maxAliasCount: 100 }));
  if (r.ok) return r;
  const lineOf = (path: readonly PathSeg[]): number | undefined => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (node as YamlNode | null)?.range?.[0];
    for (const seg of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === seg);
        if (pair && isPair(pair)) {
          const keyRange = (pair.key as YamlNode).range;
          offset = keyRange?.[0] ?? offset;
          next = pair.value;
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
        offset = (next as YamlNode | undefined)?.range?.[0] ?? offset;
      }
      if (next === undefined) break;
      node = next;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { ok: false, errors: toIssues(r.raw, source, { lineOf }) };
}
