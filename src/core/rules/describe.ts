// Readable Chinese/English for a condition as written, without facts ("加权总分 ≥ 90"), for the UI and docs.

import { describePeriod } from './dates';
import { NEGATE, SYMBOL, fmtNum, fmtValue, type Lang } from './text';
import type { Condition, Expr, FactDef, LocalText, NumericOp, Operand, RulePack } from './types';

const OPS: readonly NumericOp[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne'];
const EXPR_SYMBOL: Record<string, string> = { add: ' + ', sub: ' − ', mul: ' × ', div: ' ÷ ' };

function factDef(pack: RulePack, name: string): FactDef | undefined {
  return Object.prototype.hasOwnProperty.call(pack.facts, name) ? pack.facts[name] : undefined;
}

function factLabel(pack: RulePack, name: string, lang: Lang): string {
  return factDef(pack, name)?.label[lang] ?? name;
}

function opOf(c: object): NumericOp | undefined {
  return OPS.find((op) => (c as Record<string, unknown>)[op] !== undefined);
}

function exprText(pack: RulePack, e: Expr, lang: Lang, nested = false): string {
  if (typeof e === 'number') return fmtNum(e);
  if (typeof e === 'string') return factLabel(pack, e, lang);
  const [op, args] = Object.entries(e)[0] as [string, Expr[]];
  const s = args.map((a) => exprText(pack, a, lang, true)).join(EXPR_SYMBOL[op] ?? ` ${op} `);
  return nested ? `(${s})` : s;
}

function operand(pack: RulePack, def: FactDef | undefined, v: Operand, lang: Lang): string {
  if (typeof v === 'object' && v !== null) return factLabel(pack, v.fact, lang);
  return fmtValue(def, v, lang);
}

function eventSubject(def: FactDef | undefined, type: string | undefined, cls: string | string[] | undefined, lang: Lang): string {
  const classes = cls === undefined ? [] : typeof cls === 'string' ? [cls] : cls;
  const t = type === undefined ? (def?.label[lang] ?? '') : (def?.eventTypeLabels?.[type]?.[lang] ?? type);
  const c = classes.map((x) => def?.eventClassLabels?.[x]?.[lang] ?? x).join('/');
  if (lang === 'zh') return c + t;
  return c ? `${c} ${t}` : t;
}

// `neg`: describe the negation, pushed into the leaves as the engine does ("评定日前1年内无…", "加权总分 < 90").
function text(c: Condition, pack: RulePack, lang: Lang, nested: boolean, neg: boolean): string {
  const zh = lang === 'zh';
  const wrap = (s: string) => (nested ? `(${s})` : s);
  if ('all' in c || 'any' in c || 'not' in c) {
    if (c.label) {
      const present = 'not' in c ? neg : !neg;
      if ('not' in c) return present ? (zh ? `存在：${c.label.zh}` : `applies: ${c.label.en}`) : zh ? `不存在：${c.label.zh}` : `does not apply: ${c.label.en}`;
      return present ? c.label[lang] : zh ? `${c.label.zh}：不成立` : `${c.label.en}: not met`;
    }
    if ('not' in c) return text(c.not, pack, lang, nested, !neg);
    const list = 'all' in c ? c.all : c.any;
    const conj = 'all' in c ? !neg : neg;
    const sep = conj ? (zh ? ' 且 ' : ' and ') : zh ? ' 或 ' : ' or ';
    return list.length === 1 ? text(list[0], pack, lang, nested, neg) : wrap(list.map((x) => text(x, pack, lang, true, neg)).join(sep));
  }
  if ('fact' in c) {
    const def = factDef(pack, c.fact);
    const subj = c.label?.[lang] ?? factLabel(pack, c.fact, lang);
    if (c.is !== undefined) return `${subj}${zh ? '：' : ': '}${fmtValue(def, neg ? !c.is : c.is, lang)}`;
    if (c.in !== undefined) {
      const list = c.in.map((v) => fmtValue(def, v, lang)).join(zh ? '、' : ', ');
      if (neg) return zh ? `${subj} 不属于 ${list}` : `${subj} is none of ${list}`;
      return zh ? `${subj} 属于 ${list}` : `${subj} is one of ${list}`;
    }
    const op = opOf(c);
    if (!op) return subj;
    return `${subj} ${SYMBOL[neg ? NEGATE[op] : op]} ${operand(pack, def, c[op] as Operand, lang)}`;
  }
  if ('expr' in c) {
    const op = opOf(c);
    const subj = c.label?.[lang] ?? exprText(pack, c.expr, lang);
    return op ? `${subj} ${SYMBOL[neg ? NEGATE[op] : op]} ${fmtNum(c[op] as number)}` : subj;
  }
  if ('every_part' in c) {
    const s = c.every_part;
    const label = c.label?.[lang] ?? factLabel(pack, s.fact, lang);
    const group = s.group === undefined ? undefined : (pack.groups?.[s.group]?.label[lang] ?? s.group);
    const op = opOf(s) as NumericOp;
    const t = fmtNum(s[op] as number);
    if (neg) {
      const bound = `${SYMBOL[NEGATE[op]]} ${t}`;
      return zh ? `${group ? group + '：' : ''}有${label} ${bound}` : `some ${label}${group ? ' in ' + group : ''} ${bound}`;
    }
    const bound = `${SYMBOL[op]} ${t}`;
    return zh ? `${group ? group + '：' : ''}各${label}均 ${bound}` : `every ${label}${group ? ' in ' + group : ''} ${bound}`;
  }
  if ('event_within' in c) {
    const s = c.event_within;
    const subj = c.label?.[lang] ?? eventSubject(factDef(pack, s.fact), s.type, s.class, lang);
    const per = describePeriod(s.within)[lang];
    if (zh) return neg ? `评定日前${per}内无${subj}` : `评定日前${per}内有${subj}`;
    return `${neg ? 'no ' : ''}${subj} in the ${per} before the as-of date`;
  }
  if ('count_events' in c) {
    const s = c.count_events;
    const subj = c.label?.[lang] ?? eventSubject(factDef(pack, s.fact), s.type, s.class, lang);
    const op0 = opOf(s) as NumericOp;
    const op = neg ? NEGATE[op0] : op0;
    const per = s.within ? describePeriod(s.within)[lang] : undefined;
    const bound = `${SYMBOL[op]} ${fmtNum(s[op0] as number)}`;
    if (zh) return `${per ? `评定日前${per}内` : ''}${subj}次数 ${bound}`;
    return `number of ${subj}${per ? ` in the ${per} before the as-of date` : ''} ${bound}`;
  }
  if ('list_includes' in c) {
    const s = c.list_includes;
    const def = factDef(pack, s.fact);
    const label = c.label?.[lang] ?? factLabel(pack, s.fact, lang);
    const ids = (s.all ?? s.any ?? []).map((id) => fmtValue(def, id, lang)).join(zh ? '、' : ', ');
    if (s.all) {
      if (neg) return zh ? `${label}不全包括 ${ids}` : `${label} lack one of ${ids}`;
      return zh ? `${label}包括 ${ids}` : `${label} include ${ids}`;
    }
    if (neg) return zh ? `${label}不包括 ${ids} 中任何一项` : `${label} include none of ${ids}`;
    return zh ? `${label}包括 ${ids} 之一` : `${label} include one of ${ids}`;
  }
  return JSON.stringify(c);
}

/** Readable Chinese and English for a condition, e.g. { zh: '加权总分 ≥ 90', en: 'weighted score ≥ 90' }. */
export function describeCondition(cond: Condition, pack: RulePack): LocalText {
  return { zh: text(cond, pack, 'zh', false, false), en: text(cond, pack, 'en', false, false) };
}
