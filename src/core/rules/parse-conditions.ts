// Checks a pack's conditions (levels[].when) after its shape has passed Zod: a dedicated walker rather than a
// schema, so that each error names the exact place and problem — an unknown fact with a suggestion, an
// operator the fact's type cannot take, a literal outside an enum. Format: docs/rules.md.

import { LocalTextSchema, MAX_DEPTH, isObj, suggest, zodIssues, type PackShape, type PathSeg, type RawIssue } from './parse-schema';
import { NUMERIC_OPS } from './text';
import type { FactDef } from './types';

const CONDITION_KINDS = ['all', 'any', 'not', 'fact', 'expr', 'every_part', 'event_within', 'count_events', 'list_includes'];
const FACT_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne', 'in', 'is'];
const BOUND_OPS = ['gte', 'gt', 'lte', 'lt'];
const EXPR_OPS = ['add', 'sub', 'mul', 'div'];

export class ConditionChecker {
  constructor(
    private readonly pack: PackShape,
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
