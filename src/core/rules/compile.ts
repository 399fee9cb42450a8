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
//
// This file holds the tree (all/any/not, labels) and the evaluation; the leaf conditions are compiled in
// compile-compare.ts (one value) and compile-collections.ts (part scores, events, lists).

import { compileCountEvents, compileEventWithin, compileEveryPart, compileListIncludes } from './compile-collections';
import { compileExpr, compileFact } from './compile-compare';
import { ALL_NUMERIC, PackScope, deepFreeze, numericOpOf, reason, type CNode, type Ctx, type Facts } from './compile-node';
import { isValidDate, windowCutoff } from './dates';
import { MISSING, joinReasons, type Lang } from './text';
import type { Condition, Evaluation, LocalText, Reason, RulePack } from './types';

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

const EMPTY_OUTPUTS: Record<string, unknown> = Object.freeze({});

export class CompiledPack {
  readonly pack: RulePack;
  private readonly levels: CLevel[];
  private readonly scope: PackScope;
  private readonly currentLevel: ((f: Facts) => unknown) | undefined;
  private readonly rank = new Map<string, number>();
  private readonly fallbackLabel: LocalText;
  private lastAsOf = '';
  private lastCut: string[] = [];

  constructor(pack: RulePack) {
    this.pack = pack;
    this.scope = new PackScope(pack);
    pack.levels.forEach((l, i) => this.rank.set(l.id, i));
    this.rank.set(pack.fallback, pack.levels.length);
    this.fallbackLabel = pack.fallbackLabel ?? { zh: pack.fallback, en: pack.fallback };
    this.currentLevel = pack.currentLevelFact ? this.scope.getter(pack.currentLevelFact) : undefined;
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
    if ('fact' in c) return compileFact(this.scope, c, path, neg);
    if ('expr' in c) return compileExpr(this.scope, c.expr, numericOpOf(c, ALL_NUMERIC), c, c.label, path, neg);
    if ('every_part' in c) return compileEveryPart(this.scope, c, path, neg);
    if ('event_within' in c) return compileEventWithin(this.scope, c, path, neg);
    if ('count_events' in c) return compileCountEvents(this.scope, c, path, neg);
    if ('list_includes' in c) return compileListIncludes(this.scope, c, path, neg);
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

  // ---- evaluation ----------------------------------------------------------------------------------------

  private cutoffs(asOf: string): string[] {
    if (asOf === this.lastAsOf) return this.lastCut;
    if (!isValidDate(asOf)) throw new RangeError(`rules: asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
    const cut = this.scope.periods.map((p) => windowCutoff(asOf, p));
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
    const cases = this.pack.allCases ? this.cases(ctx, memo, curRank) : undefined;
    const withCases = (e: Evaluation): Evaluation => (cases ? { ...e, cases } : e);
    if (granted === n) return withCases({ packId: this.pack.id, version: this.pack.version, level: this.pack.fallback, explain: [], refused, outputs: EMPTY_OUTPUTS });
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
    return withCases({ packId: this.pack.id, version: this.pack.version, level: L.id, explain, refused, outputs: L.outputs });
  }

  /**
   * `allCases` packs (docs/rules.md#all-cases): every level whose `when` and prerequisite hold, gravest first, with
   * what held. An incomplete level whose condition holds is listed too, flagged, so the caller can say that a
   * case applies whose consequences the administrator has yet to set; it is never granted.
   */
  private cases(ctx: Ctx, memo: Uint8Array, curRank: number): NonNullable<Evaluation['cases']> {
    const out: NonNullable<Evaluation['cases']> = [];
    this.levels.forEach((L, i) => {
      if (!L.when || !L.when.test(ctx) || !this.prereqMet(i, ctx, memo, curRank)) return;
      const reasons: Reason[] = [];
      L.when.explain(ctx, reasons);
      out.push({ level: L.id, incomplete: !!L.incomplete, reasons, outputs: L.outputs });
    });
    return out;
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