// The shape of a rule pack as Zod schemas (top level, facts, levels) and the small helpers the pack and
// condition checkers share: raw issues with a path, Zod issues in the same form, and "did you mean" hints.
// Format: docs/rules.md.

import { z } from 'zod';
import type { FactDef } from './types';

export type PathSeg = string | number;
export interface RawIssue {
  path: PathSeg[];
  message: string;
}

const FACT_TYPES = ['number', 'boolean', 'string', 'enum', 'string_list', 'score_map', 'events'] as const;
/** How deep conditions, expressions and outputs may nest. */
export const MAX_DEPTH = 32;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const LocalTextSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const LabelMapSchema = z.record(z.string(), LocalTextSchema);
const IdListSchema = z.array(z.string().min(1)).min(1);

const FactDefSchema = z.strictObject({
  type: z.enum(FACT_TYPES),
  label: LocalTextSchema,
  values: IdListSchema.optional(),
  valueLabels: LabelMapSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  eventTypes: IdListSchema.optional(),
  eventClasses: IdListSchema.optional(),
  classRequiredFor: IdListSchema.optional(),
  eventTypeLabels: LabelMapSchema.optional(),
  eventClassLabels: LabelMapSchema.optional(),
});

const LevelSchema = z.strictObject({
  id: z.string().min(1),
  label: LocalTextSchema,
  requires: z.string().min(1).optional(),
  when: z.unknown().optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  incomplete: LocalTextSchema.optional(),
});

export const PackSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  version: z.number().int().positive(),
  title: LocalTextSchema,
  description: LocalTextSchema.optional(),
  facts: z.record(z.string().regex(IDENT, 'fact names are identifiers (letters, digits, _)'), FactDefSchema),
  groups: z.record(z.string().min(1), z.strictObject({ label: LocalTextSchema, parts: IdListSchema })).optional(),
  currentLevelFact: z.string().optional(),
  allCases: z.boolean().optional(),
  levels: z.array(LevelSchema).min(1),
  fallback: z.string().min(1),
  fallbackLabel: LocalTextSchema.optional(),
  notes: z.array(LocalTextSchema).optional(),
});

// Which FactDef keys make sense for which fact type.
export const KEYS_BY_TYPE: Record<FactDef['type'], readonly string[]> = {
  number: ['min', 'max', 'integer'],
  boolean: [],
  string: [],
  enum: ['values', 'valueLabels'],
  string_list: ['values', 'valueLabels'],
  score_map: ['min', 'max', 'integer'],
  events: ['eventTypes', 'eventClasses', 'classRequiredFor', 'eventTypeLabels', 'eventClassLabels'],
};
export const TYPED_KEYS = new Set(Object.values(KEYS_BY_TYPE).flat());

/** A pack that passed the shape check; its conditions are still unchecked. */
export type PackShape = z.infer<typeof PackSchema>;

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

export function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    // Only close matches: one or two edits, and fewer than half the name ("c" does not suggest "a").
    if (d < bestD && d * 2 < name.length) {
      bestD = d;
      best = c;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function zodIssues(error: z.ZodError): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"` });
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      out.push({ path, message: `required (${issue.expected})` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}
