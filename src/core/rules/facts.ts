// Validation of the facts handed to evaluate(). evaluate() itself does not validate (it is the hot path);
// callers validate once, where the facts enter the system.

import { isValidDate } from './dates';
import type { FactDef, FactIssue, RulePack } from './types';

const EVENT_KEYS = new Set(['type', 'date', 'class', 'ref', 'note']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function checkNumber(def: FactDef, v: unknown, field: string, out: FactIssue[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    out.push({ field, message: `must be a number, got ${describeType(v)}` });
    return;
  }
  if (def.integer && !Number.isInteger(v)) out.push({ field, message: `must be a whole number, got ${v}` });
  if (def.min !== undefined && v < def.min) out.push({ field, message: `must be ≥ ${def.min}, got ${v}` });
  if (def.max !== undefined && v > def.max) out.push({ field, message: `must be ≤ ${def.max}, got ${v}` });
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Checks one value against its definition; pushes one issue per problem. */
export function validateFactValue(def: FactDef, v: unknown, field: string, out: FactIssue[]): void {
  switch (def.type) {
    case 'number':
      checkNumber(def, v, field, out);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') out.push({ field, message: `must be true or false, got ${describeType(v)}` });
      return;
    case 'string':
      if (typeof v !== 'string') out.push({ field, message: `must be a string, got ${describeType(v)}` });
      return;
    case 'enum':
      if (typeof v !== 'string' || !def.values?.includes(v)) {
        out.push({ field, message: `must be one of ${quoteList(def.values ?? [])}, got ${describeType(v)}` });
      }
      return;
    case 'string_list':
      if (!Array.isArray(v)) {
        out.push({ field, message: `must be a list of strings, got ${describeType(v)}` });
        return;
      }
      v.forEach((item, i) => {
        if (typeof item !== 'string') out.push({ field: `${field}[${i}]`, message: `must be a string, got ${describeType(item)}` });
        else if (def.values && !def.values.includes(item)) {
          out.push({ field: `${field}[${i}]`, message: `unknown id "${item}" (allowed: ${quoteList(def.values)})` });
        }
      });
      return;
    case 'score_map':
      if (!isPlainObject(v)) {
        out.push({ field, message: `must be an object of part → score, got ${describeType(v)}` });
        return;
      }
      for (const [part, score] of Object.entries(v)) checkNumber(def, score, `${field}.${part}`, out);
      return;
    case 'events':
      if (!Array.isArray(v)) {
        out.push({ field, message: `must be a list of events {type, date, class?}, got ${describeType(v)}` });
        return;
      }
      v.forEach((ev, i) => checkEvent(def, ev, `${field}[${i}]`, out));
      return;
  }
}

function checkEvent(def: FactDef, ev: unknown, field: string, out: FactIssue[]): void {
  if (!isPlainObject(ev)) {
    out.push({ field, message: `must be an event {type, date, class?}, got ${describeType(ev)}` });
    return;
  }
  for (const key of Object.keys(ev)) {
    if (!EVENT_KEYS.has(key)) out.push({ field: `${field}.${key}`, message: `unknown event field "${key}" (allowed: type, date, class, ref, note)` });
  }
  const { type, date } = ev;
  const cls = ev.class;
  if (typeof type !== 'string' || type === '') out.push({ field: `${field}.type`, message: 'required: the event type' });
  else if (def.eventTypes && !def.eventTypes.includes(type)) {
    out.push({ field: `${field}.type`, message: `unknown event type "${type}" (allowed: ${quoteList(def.eventTypes)})` });
  }
  if (!isValidDate(date)) {
    out.push({ field: `${field}.date`, message: `must be a calendar date YYYY-MM-DD, got ${describeType(date)}` });
  }
  if (cls === undefined || cls === null) {
    if (typeof type === 'string' && def.classRequiredFor?.includes(type)) {
      out.push({ field: `${field}.class`, message: `required for "${type}" (one of ${quoteList(def.eventClasses ?? [])})` });
    }
  } else if (typeof cls !== 'string' || !def.eventClasses?.includes(cls)) {
    const allowed = def.eventClasses ? `one of ${quoteList(def.eventClasses)}` : 'no class is defined for these events';
    out.push({ field: `${field}.class`, message: `unknown event class ${describeType(cls)} (${allowed})` });
  }
  for (const key of ['ref', 'note'] as const) {
    if (ev[key] !== undefined && typeof ev[key] !== 'string') out.push({ field: `${field}.${key}`, message: 'must be a string' });
  }
}

/**
 * Unknown fields, wrong types, out-of-range numbers, bad enum values, bad event type/class/date, missing
 * required facts. Empty list = ok.
 */
export function validateFacts(pack: RulePack, facts: unknown): FactIssue[] {
  const out: FactIssue[] = [];
  if (!isPlainObject(facts)) return [{ field: '', message: `facts must be an object, got ${describeType(facts)}` }];
  for (const key of Object.keys(facts)) {
    if (!Object.prototype.hasOwnProperty.call(pack.facts, key)) {
      out.push({ field: key, message: `unknown fact (pack "${pack.id}" defines: ${Object.keys(pack.facts).join(', ')})` });
    }
  }
  for (const [name, def] of Object.entries(pack.facts)) {
    const v = facts[name];
    if (v === undefined) {
      if (def.required && def.default === undefined) out.push({ field: name, message: 'required' });
      continue;
    }
    validateFactValue(def, v, name, out);
  }
  return out;
}
