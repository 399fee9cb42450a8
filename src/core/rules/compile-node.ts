// What a compiled condition is, and the per-pack lookups every condition compiler shares (compile.ts builds the
// tree, compile-compare.ts and compile-collections.ts compile the leaves). Internal to the rules engine.

import { periodKey } from './dates';
import type { FactDef, NumericOp, Period, Reason, RulePack } from './types';

export type Facts = Record<string, unknown>;

/** One evaluation: the facts, the as-of date and each distinct period's cutoff (by PackScope slot). */
export interface Ctx {
  f: Facts;
  asOf: string;
  cut: string[];
}

export interface CNode {
  test(c: Ctx): boolean;
  /** Pushes the reasons for the node's actual outcome: why it holds, or every way it fails. */
  explain(c: Ctx, out: Reason[]): void;
}

export function reason(ok: boolean, path: string, zh: string, en: string): Reason {
  return { ok, path, zh, en };
}

export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function numericOpOf(c: object, ops: readonly NumericOp[]): NumericOp {
  for (const op of ops) if ((c as Record<string, unknown>)[op] !== undefined) return op;
  throw new Error('rules: condition without operator (validate the pack first)');
}

export const ALL_NUMERIC: readonly NumericOp[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne'];

/** A specialised comparison against a constant, avoiding a switch per call. */
export function constTest(op: NumericOp, t: number): (a: number) => boolean {
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

/**
 * The pack being compiled: fact definitions, one getter per fact (applying its default) and one slot per
 * distinct period, so each cutoff is computed once per evaluation however many conditions use it.
 */
export class PackScope {
  readonly periods: Period[] = [];
  private readonly periodSlots = new Map<string, number>();
  private readonly getters = new Map<string, (f: Facts) => unknown>();

  constructor(readonly pack: RulePack) {}

  def(name: string): FactDef {
    const d = this.pack.facts[name];
    if (!d) throw new Error(`rules: unknown fact "${name}" (validate the pack first)`);
    return d;
  }

  getter(name: string): (f: Facts) => unknown {
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

  slot(p: Period): number {
    const key = periodKey(p);
    let i = this.periodSlots.get(key);
    if (i === undefined) {
      i = this.periods.length;
      this.periods.push(p);
      this.periodSlots.set(key, i);
    }
    return i;
  }
}
