// Leaf conditions over a fact that holds a collection: every part score of a map (every_part), dated events
// within a period before the as-of date (event_within, count_events) and ids in a list (list_includes).
// Event dates are 'YYYY-MM-DD' strings compared as strings against the cutoffs in Ctx; see docs/rules.md.

import { ALL_NUMERIC, constTest, numericOpOf, reason, type CNode, type Ctx, type PackScope } from './compile-node';
import { describePeriod } from './dates';
import { NEGATE, SYMBOL, fmtNum, fmtPair, fmtValue, type Lang } from './text';
import type { CountEventsCondition, EveryPartCondition, EventWithinCondition, FactDef, ListIncludesCondition, LocalText } from './types';

interface EventLike {
  type?: unknown;
  date?: unknown;
  class?: unknown;
}

export function compileEveryPart(s: PackScope, c: EveryPartCondition, path: string, neg: boolean): CNode {
  const spec = c.every_part;
  const def = s.def(spec.fact);
  const get = s.getter(spec.fact);
  const op0 = numericOpOf(spec, ['gte', 'gt', 'lte', 'lt']);
  const t = spec[op0] as number;
  const group = spec.group === undefined ? undefined : s.pack.groups?.[spec.group];
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

function eventSubject(def: FactDef, type: string | undefined, cls: string | string[] | undefined, label: LocalText | undefined): LocalText {
  if (label) return label;
  const classes = cls === undefined ? [] : typeof cls === 'string' ? [cls] : cls;
  const typeZh = type === undefined ? def.label.zh : (def.eventTypeLabels?.[type]?.zh ?? type);
  const typeEn = type === undefined ? def.label.en : (def.eventTypeLabels?.[type]?.en ?? type);
  const clsZh = classes.map((x) => def.eventClassLabels?.[x]?.zh ?? x).join('/');
  const clsEn = classes.map((x) => def.eventClassLabels?.[x]?.en ?? x).join('/');
  return { zh: clsZh + typeZh, en: clsEn ? `${clsEn} ${typeEn}` : typeEn };
}

/** Matches events of a type/class dated within (cutoff, asOf] (or any date ≤ asOf without a period). */
function eventMatcher(type: string | undefined, cls: string | string[] | undefined, slot: number) {
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

export function compileEventWithin(s: PackScope, c: EventWithinCondition, path: string, neg: boolean): CNode {
  const spec = c.event_within;
  const def = s.def(spec.fact);
  const get = s.getter(spec.fact);
  const match = eventMatcher(spec.type, spec.class, s.slot(spec.within));
  const subj = eventSubject(def, spec.type, spec.class, c.label);
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

export function compileCountEvents(s: PackScope, c: CountEventsCondition, path: string, neg: boolean): CNode {
  const spec = c.count_events;
  const def = s.def(spec.fact);
  const get = s.getter(spec.fact);
  const match = eventMatcher(spec.type, spec.class, spec.within ? s.slot(spec.within) : -1);
  const op0 = numericOpOf(spec, ALL_NUMERIC);
  const op = neg ? NEGATE[op0] : op0;
  const t = spec[op0] as number;
  const cmp = constTest(op, t);
  const subj = eventSubject(def, spec.type, spec.class, c.label);
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

export function compileListIncludes(s: PackScope, c: ListIncludesCondition, path: string, neg: boolean): CNode {
  const spec = c.list_includes;
  const def = s.def(spec.fact);
  const get = s.getter(spec.fact);
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
