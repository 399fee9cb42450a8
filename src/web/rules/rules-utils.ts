// Pure helpers of the rules "try it" form (no React), unit-tested in rules-utils.test.ts.
import type { Lang } from '../app/i18n';
import type { FactDef } from './rules-api';

/** What the generated form holds per fact type; score maps and events are edited as rows. */
export type FormValue =
  | number
  | string
  | boolean
  | string[]
  | { part?: string; score?: number | null }[]
  | { type?: string; class?: string; date?: string }[]
  | null
  | undefined;

/**
 * Turns the form's values into the facts the API expects: empty inputs are left out (so the pack's defaults
 * apply and missing required facts are reported by the server), score rows become a map, event rows a list.
 */
export function formToFacts(defs: Record<string, FactDef>, values: Record<string, FormValue>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    const v = values[name];
    if (v === undefined || v === null || v === '') continue;
    if (def.type === 'score_map' && Array.isArray(v)) {
      const map: Record<string, number> = {};
      for (const row of v as { part?: string; score?: number | null }[]) {
        if (row?.part && row.score !== undefined && row.score !== null) map[row.part.trim()] = row.score;
      }
      if (Object.keys(map).length) facts[name] = map;
    } else if (def.type === 'events' && Array.isArray(v)) {
      const events = (v as { type?: string; class?: string; date?: string }[])
        .filter((e) => e?.type || e?.date)
        .map((e) => ({ type: e.type, date: e.date, ...(e.class ? { class: e.class } : {}) }));
      facts[name] = events;
    } else if (def.type === 'string_list' && Array.isArray(v)) {
      facts[name] = v;
    } else {
      facts[name] = v;
    }
  }
  return facts;
}

/**
 * A server field name ('facts.partScores.通风', 'facts.events[1].date') → the form field it belongs to
 * (['partScores'], ['events']): the generated form marks the fact, the message says which part.
 */
export function factOfField(field: string): string | undefined {
  const m = /^facts\.([^.[]+)/.exec(field);
  return m ? m[1] : undefined;
}

/** A bilingual text of a pack in the current language. */
export const pick = (text: { zh: string; en: string } | undefined, lang: Lang) => (text ? (lang === 'zh' ? text.zh : text.en) : '');

/**
 * Names of the outputs the shipped packs declare (policies/rules/*.yaml `outputs`). An output is a pack's own key,
 * not a fact with a label, so the page names it here; a key of a pack written later shows as it is until added.
 */
export const OUTPUT_LABELS: Record<string, { zh: string; en: string }> = {
  deductions: { zh: '扣分', en: 'Deductions' },
  responsible: { zh: '责任人', en: 'responsible person' },
  departmentHead: { zh: '部门负责人', en: 'department head' },
  directSuperior: { zh: '直接上级', en: 'direct superior' },
  superiorsSuperior: { zh: '上级的上级', en: "superior's superior" },
  basePay: { zh: '基本工资', en: 'Base pay' },
  socialInsurance: { zh: '社会保险', en: 'Social insurance' },
};

export const outputLabel = (key: string, lang: Lang) => OUTPUT_LABELS[key]?.[lang] ?? key;

/** An output value in words: nested maps as "名称 值" pairs, booleans as 是/否 (yes/no). */
export function formatOutput(v: unknown, lang: Lang = 'zh'): string {
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${outputLabel(k, lang)}${lang === 'zh' ? ' ' : ': '}${formatOutput(x, lang)}`)
      .join(lang === 'zh' ? '，' : ', ');
  }
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  return String(v);
}
