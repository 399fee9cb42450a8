// Small text helpers shared by reasons (compile.ts) and descriptions (describe.ts).

import type { FactDef, LocalText, NumericOp } from './types';

export type Lang = 'zh' | 'en';

export const SYMBOL: Record<NumericOp, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=', ne: '≠' };

export const NEGATE: Record<NumericOp, NumericOp> = { gte: 'lt', gt: 'lte', lte: 'gt', lt: 'gte', eq: 'ne', ne: 'eq' };

export const NUMERIC_OPS: readonly NumericOp[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne'];

export function compareNumbers(op: NumericOp, a: number, b: number): boolean {
  switch (op) {
    case 'gte':
      return a >= b;
    case 'gt':
      return a > b;
    case 'lte':
      return a <= b;
    case 'lt':
      return a < b;
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
  }
}

/** Rounds half away from zero to 2 decimals (the number fmtNum shows). */
export function round2(n: number): number {
  return n < 0 ? -Math.round(-n * 100) / 100 : Math.round(n * 100) / 100;
}

/** Up to 2 decimals, no trailing zeros: 86.5, 89.99, 90. Integer arithmetic: this runs for every reason. */
export function fmtNum(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
  const r = Math.round(Math.abs(n) * 100);
  if (r > Number.MAX_SAFE_INTEGER) return String(n);
  const ip = Math.floor(r / 100);
  const fp = r - ip * 100;
  const sign = n < 0 && r !== 0 ? '-' : '';
  if (fp === 0) return sign + ip;
  return sign + ip + '.' + (fp < 10 ? '0' + fp : fp % 10 === 0 ? String(fp / 10) : String(fp));
}

/**
 * Shows `a op b` with up to 2 decimals, unless rounding would make the shown comparison contradict the
 * verdict (89.999 ≥ 90 shown as "90 ≥ 90 不成立"): then the unrounded values are shown.
 */
export function fmtPair(op: NumericOp, a: number, b: number): [string, string] {
  if ((Number.isInteger(a) && Number.isInteger(b)) || compareNumbers(op, round2(a), round2(b)) === compareNumbers(op, a, b)) {
    return [fmtNum(a), fmtNum(b)];
  }
  return [String(a), String(b)];
}

export const YES: LocalText = { zh: '是', en: 'yes' };
export const NO: LocalText = { zh: '否', en: 'no' };
export const MISSING: LocalText = { zh: '未填写', en: 'not given' };

/** A fact value as shown to people: numbers rounded, booleans 是/否, enum values by their labels. */
export function fmtValue(def: FactDef | undefined, v: unknown, lang: Lang): string {
  if (v === undefined || v === null) return MISSING[lang];
  if (typeof v === 'number') return fmtNum(v);
  if (typeof v === 'boolean') return (v ? YES : NO)[lang];
  if (typeof v === 'string') return def?.valueLabels?.[v]?.[lang] ?? v;
  if (Array.isArray(v)) return v.map((x) => fmtValue(def, x, lang)).join(lang === 'zh' ? '、' : ', ');
  return JSON.stringify(v);
}

export function listSep(lang: Lang): string {
  return lang === 'zh' ? '、' : ', ';
}

export function joinReasons(texts: string[], lang: Lang): string {
  return texts.join(lang === 'zh' ? '；' : '; ');
}
