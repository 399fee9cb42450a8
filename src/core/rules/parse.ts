// Loading and validating rule packs. Zod checks the pack's shape (top level, facts, levels); the conditions
// are checked by a dedicated walker so that each error names the exact place and problem
// ('levels[1].when.all[0].fact: unknown fact "weightedScor" (did you mean "weightedScore"?)').
// Packs are data: nothing in them is ever evaluated as code. The schemas are in parse-schema.ts, the
// condition walker in parse-conditions.ts; this file checks the facts and levels and locates issues in the YAML.

import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { validateFactValue } from './facts';
import { ConditionChecker } from './parse-conditions';
import { KEYS_BY_TYPE, MAX_DEPTH, PackSchema, TYPED_KEYS, isObj, suggest, zodIssues, type PackShape, type PathSeg, type RawIssue } from './parse-schema';
import type { FactDef, FactIssue, PackIssue, PackResult, RulePack } from './types';

export function formatPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

// ---- the pack --------------------------------------------------------------------------------------------

function checkFacts(pack: PackShape, out: RawIssue[]): void {
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

function checkPack(pack: PackShape): RawIssue[] {
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
  // Converting can still fail on a well-formed document: an alias without its anchor ('*x'), or more aliases than
  // allowed (a "billion laughs" bomb). Both are the author's error, reported like a syntax error, not thrown.
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ path: source, message: `malformed YAML: ${(e as Error).message.split('\n')[0]}`, source, at: '' }] };
  }
  const r = validateRaw(raw);
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
