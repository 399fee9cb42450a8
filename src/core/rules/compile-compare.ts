// Leaf conditions on one fact's value: equality and membership (booleans, strings, enums), a number against
// another fact, and a number or an arithmetic formula against a constant. Negation arrives already pushed
// down (`neg`), so each leaf states its reason as a plain fact; see compile.ts and docs/rules.md.

import { ALL_NUMERIC, constTest, numericOpOf, reason, type CNode, type Ctx, type Facts, type PackScope } from './compile-node';
import { MISSING, NEGATE, SYMBOL, compareNumbers, fmtNum, fmtPair, fmtValue, type Lang } from './text';
import type { Expr, FactCondition, FactDef, LocalText, NumericOp } from './types';

const EXPR_SYMBOL = { add: ' + ', sub: ' − ', mul: ' × ', div: ' ÷ ' } as const;
type ExprOp = keyof typeof EXPR_SYMBOL;

function exprOp(e: Expr): ExprOp | undefined {
  if (typeof e !== 'object') return undefined;
  return Object.keys(e)[0] as ExprOp;
}

export function compileFact(s: PackScope, c: FactCondition, path: string, neg: boolean): CNode {
  const def = s.def(c.fact);
  const get = s.getter(c.fact);
  const subj = c.label ?? def.label;
  if (c.is !== undefined) return equality(def, get, subj, neg ? 'ne' : 'eq', c.is, undefined, path);
  if (c.in !== undefined) return membership(def, get, subj, c.in, neg, path);
  const op0 = numericOpOf(c, ALL_NUMERIC);
  const op = neg ? NEGATE[op0] : op0;
  const rhs = c[op0] as FactCondition['gte'];
  const rhsFact = typeof rhs === 'object' && rhs !== null ? rhs.fact : undefined;
  if (def.type !== 'number') {
    const other = rhsFact === undefined ? undefined : { get: s.getter(rhsFact), def: s.def(rhsFact) };
    return equality(def, get, subj, op as 'eq' | 'ne', rhs as string | boolean, other, path);
  }
  if (rhsFact === undefined) return compileExpr(s, c.fact, op0, c, subj, path, neg, rhs as number);
  const rget = s.getter(rhsFact);
  const rdef = s.def(rhsFact);
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
function equality(
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

function membership(def: FactDef, get: (f: Facts) => unknown, subj: LocalText, values: (string | number)[], neg: boolean, path: string): CNode {
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

function exprEval(s: PackScope, e: Expr): (f: Facts) => number {
  if (typeof e === 'number') return () => e;
  if (typeof e === 'string') {
    const get = s.getter(e);
    return (f) => {
      const v = get(f);
      return typeof v === 'number' ? v : NaN;
    };
  }
  const op = exprOp(e) as ExprOp;
  const args = ((e as Record<ExprOp, Expr[]>)[op] ?? []).map((x) => exprEval(s, x));
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
function exprText(s: PackScope, e: Expr, lang: Lang, f: Facts | undefined, nested = false): string {
  if (typeof e === 'number') return fmtNum(e);
  if (typeof e === 'string') {
    if (!f) return s.def(e).label[lang];
    const v = s.getter(e)(f);
    return typeof v === 'number' ? fmtNum(v) : MISSING[lang];
  }
  const op = exprOp(e) as ExprOp;
  const text = ((e as Record<ExprOp, Expr[]>)[op] ?? []).map((x) => exprText(s, x, lang, f, true)).join(EXPR_SYMBOL[op]);
  return nested ? `(${text})` : text;
}

/** A number compared with a constant; `e` is a fact name or an expression. */
export function compileExpr(s: PackScope, e: Expr, op0: NumericOp, c: object, label: LocalText | undefined, path: string, neg: boolean, t0?: number): CNode {
  const op = neg ? NEGATE[op0] : op0;
  const t = t0 ?? ((c as Record<string, unknown>)[op0] as number);
  const value = exprEval(s, e);
  const cmp = constTest(op, t);
  // v - v === 0 is false for NaN (missing fact) and ±Infinity (division by zero).
  const test = (ctx: Ctx) => {
    const v = value(ctx.f);
    return v - v === 0 && cmp(v);
  };
  const isFormula = typeof e === 'object';
  const subjZh = label?.zh ?? exprText(s, e, 'zh', undefined);
  const subjEn = label?.en ?? exprText(s, e, 'en', undefined);
  const sym = SYMBOL[op];
  const def = typeof e === 'string' ? s.def(e) : undefined;
  return {
    test,
    explain: (ctx, out) => {
      const v = value(ctx.f);
      if (!Number.isFinite(v)) {
        const shownZh = isFormula ? `${exprText(s, e, 'zh', ctx.f)}：无法计算` : fmtValue(def, def ? s.getter(e as string)(ctx.f) : v, 'zh');
        const shownEn = isFormula ? `${exprText(s, e, 'en', ctx.f)}: cannot be computed` : fmtValue(def, def ? s.getter(e as string)(ctx.f) : v, 'en');
        out.push(reason(false, path, `${subjZh} ${shownZh}（要求 ${sym} ${fmtNum(t)}）`, `${subjEn} ${shownEn} (required: ${sym} ${fmtNum(t)})`));
        return;
      }
      const ok = cmp(v);
      const [sv, st] = fmtPair(op, v, t);
      const lhsZh = isFormula ? `${subjZh} = ${exprText(s, e, 'zh', ctx.f)} = ${sv}` : `${subjZh} ${sv}`;
      const lhsEn = isFormula ? `${subjEn} = ${exprText(s, e, 'en', ctx.f)} = ${sv}` : `${subjEn} ${sv}`;
      out.push(reason(ok, path, `${lhsZh} ${sym} ${st}${ok ? '' : ' 不成立'}`, `${lhsEn} ${ok ? '' : 'is not '}${sym} ${st}`));
    },
  };
}
