// Pure helpers of the rules "try it" form (no React), unit-tested in rules-utils.test.ts.
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
