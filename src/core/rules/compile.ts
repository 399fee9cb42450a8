// Compiles a validated pack into closures once, then evaluates facts against it.
//
// Each condition becomes a node with `test` (a boolean, used to find the level) and `explain` (pushes the
// reasons for the node's actual outcome, built only for the granted level and the refused ones above it).
// An unlabelled `not` is pushed down into its leaves at compile time (De Morgan; gte ↔ lt, eq ↔ ne, …), so
// every reason reads as a plain statement of fact ("加权总分 86.5 < 90") rather than a double negative.
// A consequence, documented in docs/rules.md: a comparison on a missing fact holds neither way.
//
// Dates are 'YYYY-MM-DD' strings compared as strings; each distinct period's cutoff (asOf − period) is
// computed once per evaluation (and memoised for repeated evaluations on the same asOf).

import { describePeriod, isValidDate, periodKey, windowCutoff } from './dates';
import { MISSING, NEGATE, SYMBOL, compareNumbers, fmtNum, fmtPair, fmtValue, joinReasons, type Lang } from './text';
import type {
  Condition,
  CountEventsCondition,
  Evaluation,
  EveryPartCondition,
  EventWithinCondition,
  Expr,
  FactCondition,
  FactDef,
  ListIncludesCondition,
  LocalText,
  NumericOp,
  Period,
  Reason,
  RulePack,
} from './types';

type Facts = Record<string, unknown>;

interface Ctx {
  f: Facts;
  asOf: string;
  cut: string[];
}

interface CNode {
  test(c: Ctx): boolean;
  /** Pushes the reasons for the node's actual outcome: why it holds, or every way it fails. */
  explain(c: Ctx, out: Reason[]): void;
}

interface CLevel {
  id: string;
  label: LocalText;
  path: string;
  when: CNode | null;
  /** Index of the prerequisite level, -1 if none. */
  req: number;
  incomplete: LocalText | undefined;
  outputs: Record<string, unknown>;
}

interface EventLike {
  type?: unknown;
  date?: unknown;
  class?: unknown;
}

const EMPTY_OUTPUTS: Record<string, unknown> = Object.freeze({});

function reason(ok: boolean, path: string, zh: string, en: string): Reason {
  return { ok, path, zh, en };
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function numericOpOf(c: object, ops: readonly NumericOp[]): NumericOp {
  for (const op of ops) if ((c as Record<string, unknown>)[op] !== undefined) return op;
  throw new Error('rules: condition without operator (validate the pack first)');
}

const ALL_NUMERIC: readonly NumericOp[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne'];

/** A specialised comparison against a constant, avoiding a switch per call. */
function constTest(op: NumericOp, t: number): (a: number) => boolean {
  switch (op) {
    case 'gte':
      return (a) => a >= t;
    case 'gt':
      return (a) => a > t;
    case 'lte':
      return (a) => a <= t;
    case 'lt':
      return (a) => a < t;
    case 'eq':
      return (a) => a === t;
    case 'ne':
      return (a) => a !== t && a === a;
  }
}

const EXPR_SYMBOL = { add: ' + ', sub: ' − ', mul: ' × ', div: ' ÷ ' } as const;
type ExprOp = keyof typeof EXPR_SYMBOL;

function exprOp(e: Expr): ExprOp | undefined {
  if (typeof e !== 'object') return undefined;
  return Object.keys(e)[0] as ExprOp;
}

export class CompiledPack {
  readonly pack: RulePack;
  private readonly levels: CLevel[];
  private readonly periods: Period[] = [];
  private readonly periodSlots = new Map<string, number>();
  private readonly getters = new Map<string, (f: Facts) => unknown>();
  private readonly currentLevel: ((f: Facts) => unknown) | undefined;
  private readonly rank = new Map<string, number>();
  private readonly fallbackLabel: LocalText;
  private lastAsOf = '';
  private lastCut: string[] = [];

  constructor(pack: RulePack) {
    this.pack = pack;
    pack.levels.forEach((l, i) => this.rank.set(l.id, i));
    this.rank.set(pack.fallback, pack.levels.length);
    this.fallbackLabel = pack.fallbackLabel ?? { zh: pack.fallback, en: pack.fallback };
    this.currentLevel = pack.currentLevelFact ? this.getter(pack.currentLevelFact) : undefined;
    this.levels = pack.levels.map((l, i) => ({
      id: l.id,
      label: l.label,
      path: `levels[${i}]`,
      when: l.when ? this.node(l.when, `levels[${i}].when`, false) : null,
      req: l.requires === undefined ? -1 : pack.levels.findIndex((x) => x.id === l.requires),
      incomplete: l.incomplete,
      outputs: l.outputs ? deepFreeze(structuredClone(l.outputs)) : EMPTY_OUTPUTS,
    }));
  }

  // ---- facts -------------------------------------------------------------------------------------------

  private def(name: string): FactDef {
    const d = this.pack.facts[name];
    if (!d) throw new Error(`rules: unknown fact "${name}" (validate the pack first)`);
    return d;
  }

  private getter(name: string): (f: Facts) => unknown {
    let g = this.getters.get(name);
    if (!g) {
      const d = this.def(name).default;
      const dv = d !== undefined ? deepFreeze(structuredClone(d)) : undefined;
      g =
        dv === undefined
          ? (f: Facts) => f[name]
          : (f: Facts) => {
              const v = f[name];
              return v === undefined ? dv : v;
            };
      this.getters.set(name, g);
    }
    return g;
  }

  private slot(p: Period): number {
    const key = periodKey(p);
    let i = this.periodSlots.get(key);
    if (i === undefined) {
      i = this.periods.length;
      this.periods.push(p);
      this.periodSlots.set(key, i);
    }
    return i;
  }

  private levelName(id: unknown, lang: Lang): string {
    if (typeof id !== 'string') return MISSING[lang];
    const i = this.rank.get(id);
    if (i === undefined) return id;
    return i === this.levels.length ? this.fallbackLabel[lang] : this.pack.levels[i].label[lang];
  }

  // ---- conditions ----------------------------------------------------------------------------------------

  private node(c: Condition, path: string, neg: boolean): CNode {
    if (c.label && ('all' in c || 'any' in c || 'not' in c)) return this.labelled(c, path, neg);
    if ('all' in c) return this.group(c.all.map((x, i) => this.node(x, `${path}.all[${i}]`, neg)), neg ? 'any' : 'all', path);
    if ('any' in c) return this.group(c.any.map((x, i) => this.node(x, `${path}.any[${i}]`, neg)), neg ? 'all' : 'any', path);
    if ('not' in c) return this.node(c.not, `${path}.not`, !neg);
    if ('fact' in c) return this.fact(c, path, neg);
    if ('expr' in c) return this.expr(c.expr, numericOpOf(c, ALL_NUMERIC), c, c.label, path, neg);
    if ('every_part' in c) return this.everyPart(c, path, neg);
    if ('event_within' in c) return this.eventWithin(c, path, neg);
    if ('count_events' in c) return this.countEvents(c, path, neg);
    if ('list_includes' in c) return this.listIncludes(c, path, neg);
    throw new Error(`rules: unknown condition at ${path} (validate the pack first)`);
  }

  private group(children: CNode[], mode: 'all' | 'any', path: string): CNode {
    const n = children.length;
    // Scratch for the children's outcomes during one explain call (a node is never re-entered while it explains).
    const res = new Uint8Array(n);
    if (mode === 'all') {
      return {
        test: (c) => {
          for (let i = 0; i < n; i++) if (!children[i].test(c)) return false;
          return true;
        },
        explain: (c, out) => {
          let ok = true;
          for (let i = 0; i < n; i++) if (!(res[i] = children[i].test(c) ? 1 : 0)) ok = false;
          for (let i = 0; i < n; i++) if (ok || !res[i]) children[i].explain(c, out);
        },
      };
    }
    return {
      test: (c) => {
        for (let i = 0; i < n; i++) if (children[i].test(c)) return true;
        return false;
      },
      explain: (c, out) => {
        let ok = false;
        for (let i = 0; i < n; i++) if ((res[i] = children[i].test(c) ? 1 : 0)) ok = true;
        if (ok) {
          for (let i = 0; i < n; i++) if (res[i]) children[i].explain(c, out);
          return;
        }
        if (n === 1) return children[0].explain(c, out);
        const parts: Reason[] = [];
        for (let i = 0; i < n; i++) children[i].explain(c, parts);
        let zh = '以下条件均不成立：';
        let en = 'none of these holds: ';
        for (let i = 0; i < parts.length; i++) {
          zh += (i ? '；' : '') + parts[i].zh;
          en += (i ? '; ' : '') + parts[i].en;
        }
        out.push(reason(false, path, zh, en));
      },
    };
  }

  /** A labelled all/any/not: one reason, named by the label, with the details in brackets. */
  private labelled(c: Condition & { label?: LocalText }, path: string, neg: boolean): CNode {
    const label = c.label as LocalText;
    const bare = { ...c } as Record<string, unknown>;
    delete bare.label;
    const isNot = 'not' in c;
    // `pos` is the named situation (for `not`: the excluded one), `negd` its negation; both with pushdown.
    const inner = (isNot ? (c as { not: Condition }).not : bare) as Condition;
    const innerPath = isNot ? `${path}.not` : path;
    const pos = this.node(inner, innerPath, false);
    const negd = this.node(inner, innerPath, true);
    // The condition as written holds when: not → the situation is absent; all/any → it is present.
    const wantPresent = isNot ? neg : !neg;
    const test = wantPresent ? pos.test : negd.test;
    const details = (ctx: Ctx): [string, string] => {
      const parts: Reason[] = [];
      pos.explain(ctx, parts);
      return [joinReasons(parts.map((p) => p.zh), 'zh'), joinReasons(parts.map((p) => p.en), 'en')];
    };
    return {
      test,
      explain: (ctx, out) => {
        const ok = test(ctx);
        const present = pos.test(ctx);
        const absent = !present && negd.test(ctx);
        let zh: string;
        let en: string;
        if (isNot && absent) {
          zh = `不存在：${label.zh}`;
          en = `does not apply: ${label.en}`;
        } else {
          const [dz, de] = details(ctx);
          if (!present && !absent) {
            zh = `无法判定：${label.zh}（${dz}）`;
            en = `cannot tell: ${label.en} (${de})`;
          } else if (isNot) {
            zh = `存在：${label.zh}（${dz}）`;
            en = `applies: ${label.en} (${de})`;
          } else if (present) {
            zh = `${label.zh}：成立（${dz}）`;
            en = `${label.en}: met (${de})`;
          } else {
            zh = `${label.zh}：不成立（${dz}）`;
            en = `${label.en}: not met (${de})`;
          }
        }
        out.push(reason(ok, path, zh, en));
      },
    };
  }

  private fact(c: FactCondition, path: string, neg: boolean): CNode {
    const def = this.def(c.fact);
    const get = this.getter(c.fact);
    const subj = c.label ?? def.label;
    if (c.is !== undefined) return this.equality(def, get, subj, neg ? 'ne' : 'eq', c.is, undefined, path);
    if (c.in !== undefined) return this.membership(def, get, subj, c.in, neg, path);
    const op0 = numericOpOf(c, ALL_NUMERIC);
    const op = neg ? NEGATE[op0] : op0;
    const rhs = c[op0] as FactCondition['gte'];
    const rhsFact = typeof rhs === 'object' && rhs !== null ? rhs.fact : undefined;
    if (def.type !== 'number') {
      const other = rhsFact === undefined ? undefined : { get: this.getter(rhsFact), def: this.def(rhsFact) };
      return this.equality(def, get, subj, op as 'eq' | 'ne', rhs as string | boolean, other, path);
    }
    if (rhsFact === undefined) return this.expr(c.fact, op0, c, subj, path, neg, rhs as number);
    const rget = this.getter(rhsFact);
    const rdef = this.def(rhsFact);
    const test = (ctx: Ctx) => {
      const a = get(ctx.f);
      const b = rget(ctx.f);
      return typeof a === 'number' && typeof b === 'number' && compareNumbers(op, a, b);
    };
    const sym = SYMBOL[op];
    return {
      test,
      explain: (ctx, out) => {
        const a = get(ctx.f);
        const b = rget(ctx.f);
        if (typeof a !== 'number' || typeof b !== 'number') {
          out.push(
            reason(
              false,
              path,
              `${subj.zh} ${fmtValue(def, a, 'zh')} ${sym} ${rdef.label.zh} ${fmtValue(rdef, b, 'zh')}：无法比较（未填写）`,
              `${subj.en} ${fmtValue(def, a, 'en')} ${sym} ${rdef.label.en} ${fmtValue(rdef, b, 'en')}: cannot compare (not given)`,
            ),
          );
          return;
        }
        const ok = compareNumbers(op, a, b);
        const [sa, sb] = fmtPair(op, a, b);
        out.push(
          reason(
            ok,
            path,
            `${subj.zh} ${sa} ${sym} ${rdef.label.zh} ${sb}${ok ? '' : ' 不成立'}`,
            `${subj.en} ${sa} ${ok ? '' : 'is not '}${sym} ${rdef.label.en} ${sb}`,
          ),
        );
      },
    };
  }

  /** eq / ne on booleans, strings and enums: "矿井类型：井工（要求：露天）". */
  private equality(
    def: FactDef,
    get: (f: Facts) => unknown,
    subj: LocalText,
    op: 'eq' | 'ne',
    lit: string | boolean | number,
    other: { get: (f: Facts) => unknown; def: FactDef } | undefined,
    path: string,
  ): CNode {
    const test = other
      ? (ctx: Ctx) => {
          const a = get(ctx.f);
          const b = other.get(ctx.f);
          return a !== undefined && a !== null && b !== undefined && b !== null && (op === 'eq' ? a === b : a !== b);
        }
      : op === 'eq'
        ? (ctx: Ctx) => get(ctx.f) === lit
        : (ctx: Ctx) => {
            const a = get(ctx.f);
            return a !== undefined && a !== null && a !== lit;
          };
    return {
      test,
      explain: (ctx, out) => {
        const a = get(ctx.f);
        const ok = test(ctx);
        const az = fmtValue(def, a, 'zh');
        const ae = fmtValue(def, a, 'en');
        // "基本条件：是" needs no bracket; anything else says what was wanted.
        if (ok && op === 'eq') {
          out.push(reason(ok, path, `${subj.zh}：${az}`, `${subj.en}: ${ae}`));
          return;
        }
        const b = other ? other.get(ctx.f) : lit;
        const vz = other ? `${other.def.label.zh} ${fmtValue(other.def, b, 'zh')}` : fmtValue(def, lit, 'zh');
        const ve = other ? `${other.def.label.en} ${fmtValue(other.def, b, 'en')}` : fmtValue(def, lit, 'en');
        const wz = op === 'eq' ? `要求：${vz}` : ok ? `不是 ${vz}` : `要求不是 ${vz}`;
        const we = op === 'eq' ? `required: ${ve}` : ok ? `not ${ve}` : `required: not ${ve}`;
        out.push(reason(ok, path, `${subj.zh}：${az}（${wz}）`, `${subj.en}: ${ae} (${we})`));
      },
    };
  }

  private membership(def: FactDef, get: (f: Facts) => unknown, subj: LocalText, values: (string | number)[], neg: boolean, path: string): CNode {
    const set = new Set<unknown>(values);
    const test = neg
      ? (ctx: Ctx) => {
          const a = get(ctx.f);
          return a !== undefined && a !== null && !set.has(a);
        }
      : (ctx: Ctx) => set.has(get(ctx.f));
    const listZh = values.map((v) => fmtValue(def, v, 'zh')).join('、');
    const listEn = values.map((v) => fmtValue(def, v, 'en')).join(', ');
    return {
      test,
      explain: (ctx, out) => {
        const a = get(ctx.f);
        const ok = test(ctx);
        const az = fmtValue(def, a, 'zh');
        const ae = fmtValue(def, a, 'en');
        let zh: string;
        let en: string;
        if (!neg) {
          zh = ok ? `${subj.zh}：${az}（属于 ${listZh}）` : `${subj.zh}：${az}（要求：${listZh} 之一）`;
          en = ok ? `${subj.en}: ${ae} (one of ${listEn})` : `${subj.en}: ${ae} (required: one of ${listEn})`;
        } else {
          zh = ok ? `${subj.zh}：${az}（不属于 ${listZh}）` : `${subj.zh}：${az}（要求不属于 ${listZh}）`;
          en = ok ? `${subj.en}: ${ae} (none of ${listEn})` : `${subj.en}: ${ae} (required: none of ${listEn})`;
        }
        out.push(reason(ok, path, zh, en));
      },
    };
  }

  // ---- arithmetic ------------------------------------------------------------------------------------------

  private exprEval(e: Expr): (f: Facts) => number {
    if (typeof e === 'number') return () => e;
    if (typeof e === 'string') {
      const get = this.getter(e);
      return (f) => {
        const v = get(f);
        return typeof v === 'number' ? v : NaN;
      };
    }
    const op = exprOp(e) as ExprOp;
    const args = ((e as Record<ExprOp, Expr[]>)[op] ?? []).map((x) => this.exprEval(x));
    const [first, second] = args;
    if (args.length === 2) {
      switch (op) {
        case 'add':
          return (f) => first(f) + second(f);
        case 'sub':
          return (f) => first(f) - second(f);
        case 'mul':
          return (f) => first(f) * second(f);
        case 'div':
          return (f) => first(f) / second(f);
      }
    }
    return (f) => {
      let acc = first(f);
      for (let i = 1; i < args.length; i++) {
        const v = args[i](f);
        acc = op === 'add' ? acc + v : op === 'sub' ? acc - v : op === 'mul' ? acc * v : acc / v;
      }
      return acc;
    };
  }

  /** The formula with labels (values = false) or with the facts' values (values = true). */
  private exprText(e: Expr, lang: Lang, f: Facts | undefined, nested = false): string {
    if (typeof e === 'number') return fmtNum(e);
    if (typeof e === 'string') {
      if (!f) return this.def(e).label[lang];
      const v = this.getter(e)(f);
      return typeof v === 'number' ? fmtNum(v) : MISSING[lang];
    }
    const op = exprOp(e) as ExprOp;
    const s = ((e as Record<ExprOp, Expr[]>)[op] ?? []).map((x) => this.exprText(x, lang, f, true)).join(EXPR_SYMBOL[op]);
    return nested ? `(${s})` : s;
  }

  /** A number compared with a constant; `e` is a fact name or an expression. */
  private expr(e: Expr, op0: NumericOp, c: object, label: LocalText | undefined, path: string, neg: boolean, t0?: number): CNode {
    const op = neg ? NEGATE[op0] : op0;
    const t = t0 ?? ((c as Record<string, unknown>)[op0] as number);
    const value = this.exprEval(e);
    const cmp = constTest(op, t);
    // v - v === 0 is false for NaN (missing fact) and ±Infinity (division by zero).
    const test = (ctx: Ctx) => {
      const v = value(ctx.f);
      return v - v === 0 && cmp(v);
    };
    const isFormula = typeof e === 'object';
    const subjZh = label?.zh ?? this.exprText(e, 'zh', undefined);
    const subjEn = label?.en ?? this.exprText(e, 'en', undefined);
    const sym = SYMBOL[op];
    const def = typeof e === 'string' ? this.def(e) : undefined;
    return {
      test,
      explain: (ctx, out) => {
        const v = value(ctx.f);
        if (!Number.isFinite(v)) {
          const shownZh = isFormula ? `${this.exprText(e, 'zh', ctx.f)}：无法计算` : fmtValue(def, def ? this.getter(e as string)(ctx.f) : v, 'zh');
          const shownEn = isFormula ? `${this.exprText(e, 'en', ctx.f)}: cannot be computed` : fmtValue(def, def ? this.getter(e as string)(ctx.f) : v, 'en');
          out.push(reason(false, path, `${subjZh} ${shownZh}（要求 ${sym} ${fmtNum(t)}）`, `${subjEn} ${shownEn} (required: ${sym} ${fmtNum(t)})`));
          return;
        }
        const ok = cmp(v);
        const [sv, st] = fmtPair(op, v, t);
        const lhsZh = isFormula ? `${subjZh} = ${this.exprText(e, 'zh', ctx.f)} = ${sv}` : `${subjZh} ${sv}`;
        const lhsEn = isFormula ? `${subjEn} = ${this.exprText(e, 'en', ctx.f)} = ${sv}` : `${subjEn} ${sv}`;
        out.push(reason(ok, path, `${lhsZh} ${sym} ${st}${ok ? '' : ' 不成立'}`, `${lhsEn} ${ok ? '' : 'is not '}${sym} ${st}`));
      },
    };
  }

  // ---- part scores -----------------------------------------------------------------------------------------

  private everyPart(c: EveryPartCondition, path: string, neg: boolean): CNode {
    const spec = c.every_part;
    const def = this.def(spec.fact);
    const get = this.getter(spec.fact);
    const op0 = numericOpOf(spec, ['gte', 'gt', 'lte', 'lt']);
    const t = spec[op0] as number;
    const group = spec.group === undefined ? undefined : this.pack.groups?.[spec.group];
    const parts = group?.parts;
    const label = c.label ?? def.label;
    const gZh = group ? `${group.label.zh}：` : '';
    const gEn = group ? ` in ${group.label.en}` : '';
    // every part passes `op0`; negated: some part passes NEGATE[op0].
    const op = neg ? NEGATE[op0] : op0;
    const pass = constTest(op, t);
    const sym = SYMBOL[op];
    const test = (ctx: Ctx): boolean => {
      const m = get(ctx.f);
      if (typeof m !== 'object' || m === null) return false;
      const rec = m as Record<string, unknown>;
      let seen = false;
      if (parts) {
        for (let i = 0; i < parts.length; i++) {
          const v = rec[parts[i]];
          if (typeof v !== 'number') continue;
          seen = true;
          if (neg ? pass(v) : !pass(v)) return neg;
        }
      } else {
        for (const k in rec) {
          const v = rec[k];
          if (typeof v !== 'number') continue;
          seen = true;
          if (neg ? pass(v) : !pass(v)) return neg;
        }
      }
      return neg ? false : seen;
    };
    const low = op0 === 'gte' || op0 === 'gt';
    const extreme: LocalText = low ? { zh: '最低', en: 'lowest' } : { zh: '最高', en: 'highest' };
    const tStr = fmtNum(t);
    const okZh = `${gZh}各${label.zh}均 ${sym} ${tStr}（${extreme.zh}：`;
    const okEn = `every ${label.en}${gEn} ${sym} ${tStr} (${extreme.en}: `;
    const missing = () => reason(false, path, `${gZh}${label.zh}：未填写`, `no ${label.en}${gEn} given`);
    return {
      test,
      explain: (ctx, out) => {
        const m = get(ctx.f);
        const rec = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
        const names = parts ?? Object.keys(rec);
        // One pass: the parts that pass `op` (hits), the others (misses), and the extreme score.
        let seen = 0;
        let exName = '';
        let exV = low ? Infinity : -Infinity;
        const hits: string[] = [];
        const misses: [string, number][] = [];
        for (let i = 0; i < names.length; i++) {
          const v = rec[names[i]];
          if (typeof v !== 'number') continue;
          seen++;
          if (low ? v < exV : v > exV) {
            exV = v;
            exName = names[i];
          }
          if (pass(v)) {
            if (neg) hits.push(`${names[i]} ${fmtPair(op, v, t)[0]}`);
          } else if (!neg) misses.push([names[i], v]);
        }
        if (seen === 0) {
          out.push(missing());
        } else if (!neg) {
          if (misses.length === 0) {
            const ex = `${exName} ${fmtNum(exV)}`;
            out.push(reason(true, path, `${okZh}${ex}）`, `${okEn}${ex})`));
          }
          for (let i = 0; i < misses.length; i++) {
            const [name, v] = misses[i];
            const [sv, st] = fmtPair(op, v, t);
            out.push(reason(false, path, `${gZh}${label.zh} ${name} ${sv} ${sym} ${st} 不成立`, `${label.en}${gEn} ${name} ${sv} is not ${sym} ${st}`));
          }
        } else if (hits.length) {
          // Negated: "some part op t" (e.g. some part < 90).
          out.push(reason(true, path, `${gZh}${label.zh} ${sym} ${tStr}：${hits.join('、')}`, `${label.en}${gEn} ${sym} ${tStr}: ${hits.join(', ')}`));
        } else out.push(reason(false, path, `${gZh}没有${label.zh} ${sym} ${tStr}`, `no ${label.en}${gEn} ${sym} ${tStr}`));
      },
    };
  }

  // ---- events ------------------------------------------------------------------------------------------

  private eventSubject(def: FactDef, type: string | undefined, cls: string | string[] | undefined, label: LocalText | undefined): LocalText {
    if (label) return label;
    const classes = cls === undefined ? [] : typeof cls === 'string' ? [cls] : cls;
    const typeZh = type === undefined ? def.label.zh : (def.eventTypeLabels?.[type]?.zh ?? type);
    const typeEn = type === undefined ? def.label.en : (def.eventTypeLabels?.[type]?.en ?? type);
    const clsZh = classes.map((x) => def.eventClassLabels?.[x]?.zh ?? x).join('/');
    const clsEn = classes.map((x) => def.eventClassLabels?.[x]?.en ?? x).join('/');
    return { zh: clsZh + typeZh, en: clsEn ? `${clsEn} ${typeEn}` : typeEn };
  }

  /** Matches events of a type/class dated within (cutoff, asOf] (or any date ≤ asOf without a period). */
  private eventMatcher(type: string | undefined, cls: string | string[] | undefined, slot: number) {
    const one = typeof cls === 'string' ? cls : undefined;
    const set = Array.isArray(cls) ? new Set<unknown>(cls) : undefined;
    return (ev: EventLike, ctx: Ctx): boolean => {
      if (type !== undefined && ev.type !== type) return false;
      if (one !== undefined ? ev.class !== one : set !== undefined && !set.has(ev.class)) return false;
      const d = ev.date;
      if (typeof d !== 'string' || d > ctx.asOf) return false;
      return slot < 0 || d > ctx.cut[slot];
    };
  }

  private eventWithin(c: EventWithinCondition, path: string, neg: boolean): CNode {
    const spec = c.event_within;
    const def = this.def(spec.fact);
    const get = this.getter(spec.fact);
    const match = this.eventMatcher(spec.type, spec.class, this.slot(spec.within));
    const subj = this.eventSubject(def, spec.type, spec.class, c.label);
    const per = describePeriod(spec.within);
    const found = (ctx: Ctx): boolean => {
      const evs = get(ctx.f);
      if (!Array.isArray(evs)) return false;
      for (let i = 0; i < evs.length; i++) if (match(evs[i] as EventLike, ctx)) return true;
      return false;
    };
    const test = neg ? (ctx: Ctx) => !found(ctx) : found;
    return {
      test,
      explain: (ctx, out) => {
        const evs = get(ctx.f);
        let latest = '';
        let n = 0;
        if (Array.isArray(evs)) {
          for (const ev of evs as EventLike[]) {
            if (!match(ev, ctx)) continue;
            n++;
            if ((ev.date as string) > latest) latest = ev.date as string;
          }
        }
        if (n === 0) {
          out.push(reason(neg, path, `评定日前${per.zh}内无${subj.zh}`, `no ${subj.en} in the ${per.en} before the as-of date`));
          return;
        }
        const moreZh = n > 1 ? `（共${n}起）` : '';
        const moreEn = n > 1 ? ` (${n} in that period)` : '';
        out.push(
          reason(
            !neg,
            path,
            `${subj.zh} ${latest} 距评定日未满${per.zh}${moreZh}`,
            `${subj.en} on ${latest} is less than ${per.en} before the as-of date${moreEn}`,
          ),
        );
      },
    };
  }

  private countEvents(c: CountEventsCondition, path: string, neg: boolean): CNode {
    const spec = c.count_events;
    const def = this.def(spec.fact);
    const get = this.getter(spec.fact);
    const match = this.eventMatcher(spec.type, spec.class, spec.within ? this.slot(spec.within) : -1);
    const op0 = numericOpOf(spec, ALL_NUMERIC);
    const op = neg ? NEGATE[op0] : op0;
    const t = spec[op0] as number;
    const cmp = constTest(op, t);
    const subj = this.eventSubject(def, spec.type, spec.class, c.label);
    const per = spec.within ? describePeriod(spec.within) : undefined;
    const count = (ctx: Ctx): number => {
      const evs = get(ctx.f);
      if (!Array.isArray(evs)) return 0;
      let n = 0;
      for (let i = 0; i < evs.length; i++) if (match(evs[i] as EventLike, ctx)) n++;
      return n;
    };
    const sym = SYMBOL[op];
    const whenZh = per ? `评定日前${per.zh}内` : '';
    const whenEn = per ? ` in the ${per.en} before the as-of date` : '';
    return {
      test: (ctx) => cmp(count(ctx)),
      explain: (ctx, out) => {
        const n = count(ctx);
        const ok = cmp(n);
        out.push(
          reason(ok, path, `${whenZh}${subj.zh}次数 ${n} ${sym} ${fmtNum(t)}${ok ? '' : ' 不成立'}`, `number of ${subj.en}${whenEn} ${n} ${ok ? '' : 'is not '}${sym} ${fmtNum(t)}`),
        );
      },
    };
  }

  // ---- lists -------------------------------------------------------------------------------------------

  private listIncludes(c: ListIncludesCondition, path: string, neg: boolean): CNode {
    const spec = c.list_includes;
    const def = this.def(spec.fact);
    const get = this.getter(spec.fact);
    const mode = spec.all ? 'all' : 'any';
    const ids = (spec.all ?? spec.any) as string[];
    const label = c.label ?? def.label;
    const names = (list: string[], lang: Lang) => list.map((id) => fmtValue(def, id, lang)).join(lang === 'zh' ? '、' : ', ');
    const holds = (ctx: Ctx): boolean => {
      const l = get(ctx.f);
      if (!Array.isArray(l)) return false;
      if (mode === 'all') {
        for (let i = 0; i < ids.length; i++) if (!l.includes(ids[i])) return false;
        return true;
      }
      for (let i = 0; i < ids.length; i++) if (l.includes(ids[i])) return true;
      return false;
    };
    const test = neg
      ? (ctx: Ctx) => {
          const l = get(ctx.f);
          return Array.isArray(l) && !holds(ctx);
        }
      : holds;
    return {
      test,
      explain: (ctx, out) => {
        const l = get(ctx.f);
        const ok = test(ctx);
        if (!Array.isArray(l)) {
          out.push(reason(false, path, `${label.zh}：未填写`, `${label.en}: not given`));
          return;
        }
        const present = ids.filter((id) => l.includes(id));
        const missing = ids.filter((id) => !l.includes(id));
        let zh: string;
        let en: string;
        if (mode === 'all') {
          zh = missing.length ? `${label.zh}：缺少 ${names(missing, 'zh')}` : `${label.zh}：包括 ${names(ids, 'zh')}`;
          en = missing.length ? `${label.en}: missing ${names(missing, 'en')}` : `${label.en}: includes ${names(ids, 'en')}`;
        } else {
          zh = present.length ? `${label.zh}：包括 ${names(present, 'zh')}` : `${label.zh}：${names(ids, 'zh')} 均不包括`;
          en = present.length ? `${label.en}: includes ${names(present, 'en')}` : `${label.en}: none of ${names(ids, 'en')}`;
        }
        out.push(reason(ok, path, zh, en));
      },
    };
  }

  // ---- evaluation ----------------------------------------------------------------------------------------

  private cutoffs(asOf: string): string[] {
    if (asOf === this.lastAsOf) return this.lastCut;
    if (!isValidDate(asOf)) throw new RangeError(`rules: asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
    const cut = this.periods.map((p) => windowCutoff(asOf, p));
    this.lastAsOf = asOf;
    this.lastCut = cut;
    return cut;
  }

  private holds(i: number, ctx: Ctx, memo: Uint8Array, curRank: number): boolean {
    if (memo[i] === 0) {
      const L = this.levels[i];
      memo[i] = !L.incomplete && L.when !== null && L.when.test(ctx) && this.prereqMet(i, ctx, memo, curRank) ? 1 : 2;
    }
    return memo[i] === 1;
  }

  private prereqMet(i: number, ctx: Ctx, memo: Uint8Array, curRank: number): boolean {
    const r = this.levels[i].req;
    return r < 0 || curRank <= r || this.holds(r, ctx, memo, curRank);
  }

  evaluate(facts: Facts, asOf: string): Evaluation {
    const ctx: Ctx = { f: facts, asOf, cut: this.cutoffs(asOf) };
    const levels = this.levels;
    const n = levels.length;
    const cur = this.currentLevel ? this.currentLevel(facts) : undefined;
    const curRank = typeof cur === 'string' ? (this.rank.get(cur) ?? n) : n;
    // Bottom-up through `requires`: memo 0 unknown, 1 holds, 2 does not.
    const memo = new Uint8Array(n);
    let granted = n;
    for (let i = 0; i < n; i++) {
      if (this.holds(i, ctx, memo, curRank)) {
        granted = i;
        break;
      }
    }
    const refused: Evaluation['refused'] = [];
    for (let i = 0; i < granted; i++) {
      const L = levels[i];
      const reasons: Reason[] = [];
      if (L.incomplete) {
        reasons.push(
          reason(
            false,
            `${L.path}.incomplete`,
            `标准不完整，需管理员补充：${L.incomplete.zh}`,
            `standard incomplete, the administrator must complete it: ${L.incomplete.en}`,
          ),
        );
      }
      if (L.when && !L.when.test(ctx)) L.when.explain(ctx, reasons);
      if (!this.prereqMet(i, ctx, memo, curRank)) {
        const req = levels[L.req];
        reasons.push(
          reason(
            false,
            `${L.path}.requires`,
            `未达到前置等级 ${req.label.zh}（现有等级：${this.levelName(cur, 'zh')}）`,
            `prerequisite level ${req.label.en} not met (current level: ${this.levelName(cur, 'en')})`,
          ),
        );
      }
      refused.push({ level: L.id, reasons });
    }
    if (granted === n) return { packId: this.pack.id, version: this.pack.version, level: this.pack.fallback, explain: [], refused, outputs: EMPTY_OUTPUTS };
    const L = levels[granted];
    const explain: Reason[] = [];
    L.when!.explain(ctx, explain);
    if (L.req >= 0) {
      const req = levels[L.req];
      explain.push(
        this.holds(L.req, ctx, memo, curRank)
          ? reason(true, `${L.path}.requires`, `同时达到前置等级 ${req.label.zh}`, `also meets the prerequisite level ${req.label.en}`)
          : reason(
              true,
              `${L.path}.requires`,
              `现有等级 ${this.levelName(cur, 'zh')}，不低于前置等级 ${req.label.zh}`,
              `current level ${this.levelName(cur, 'en')} is at least the prerequisite ${req.label.en}`,
            ),
      );
    }
    return { packId: this.pack.id, version: this.pack.version, level: L.id, explain, refused, outputs: L.outputs };
  }
}

const cache = new WeakMap<RulePack, CompiledPack>();

/** Compiles a validated pack to closures; cheap to call again for the same pack object (cached). */
export function compilePack(pack: RulePack): CompiledPack {
  let c = cache.get(pack);
  if (!c) {
    c = new CompiledPack(pack);
    cache.set(pack, c);
  }
  return c;
}

/**
 * The highest level whose conditions hold on `asOf`, what held for it, and every failed condition of every
 * level above it. Facts are expected to have passed validateFacts; missing facts take their defaults.
 * Throws RangeError when asOf is not a calendar date.
 */
export function evaluate(pack: RulePack | CompiledPack, facts: Record<string, unknown>, asOf: string): Evaluation {
  return (pack instanceof CompiledPack ? pack : compilePack(pack)).evaluate(facts, asOf);
}

