import { z } from 'zod';
import { businessDate, int32 } from '../../platform/http/bounds';

// Zod schemas of the rules API (docs/rules.md#administration-and-api) and their inferred types, shared with the web app.

export const LocalText = z.object({ zh: z.string(), en: z.string() });

export const FactDefView = z.object({
  type: z.enum(['number', 'boolean', 'string', 'enum', 'string_list', 'score_map', 'events']),
  label: LocalText,
  values: z.array(z.string()).optional(),
  valueLabels: z.record(z.string(), LocalText).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  eventTypes: z.array(z.string()).optional(),
  eventClasses: z.array(z.string()).optional(),
  classRequiredFor: z.array(z.string()).optional(),
  eventTypeLabels: z.record(z.string(), LocalText).optional(),
  eventClassLabels: z.record(z.string(), LocalText).optional(),
});
export type FactDefViewOutput = z.infer<typeof FactDefView>;

export const LevelView = z.object({
  id: z.string(),
  label: LocalText,
  requires: z.string().optional(),
  incomplete: LocalText.optional(),
  outputs: z.record(z.string(), z.unknown()),
  /** The whole condition in words (describeCondition), null for an incomplete level without one. */
  condition: LocalText.nullable(),
  /** The top-level conditions one by one, for a list display. */
  conditions: z.array(LocalText),
});

export const VersionMeta = z.object({
  version: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** True for a version that came with a release (policies/rules), not from an administrator. */
  shipped: z.boolean(),
});
export type VersionMetaOutput = z.infer<typeof VersionMeta>;

export const PackSummary = z.object({
  id: z.string(),
  title: LocalText,
  description: LocalText.optional(),
  versions: z.array(VersionMeta),
  latestVersion: z.number().int(),
});

export const PackView = z.object({
  id: z.string(),
  version: z.number().int(),
  latestVersion: z.number().int(),
  title: LocalText,
  description: LocalText.optional(),
  notes: z.array(LocalText),
  facts: z.record(z.string(), FactDefView),
  groups: z.record(z.string(), z.object({ label: LocalText, parts: z.array(z.string()) })).optional(),
  currentLevelFact: z.string().optional(),
  levels: z.array(LevelView),
  fallback: z.string(),
  fallbackLabel: LocalText,
  meta: VersionMeta,
  yaml: z.string(),
});
export type PackViewOutput = z.infer<typeof PackView>;

export const IdParams = z.object({ id: z.string().min(1).max(100) });
// Versions are 32-bit integer columns: a larger number is refused here (422) instead of overflowing in PostgreSQL (500).
const VersionNumber = z.coerce.number().int().positive().max(2_147_483_647);
export const VersionParams = IdParams.extend({ v: VersionNumber });
export const PackQuery = z.object({ version: VersionNumber.optional() });

export const EvaluateBody = z.object({
  facts: z.record(z.string().max(100), z.unknown()),
  /** The as-of date of event windows ("未满1年", docs/grading.md#date-conventions); today (local) when omitted. */
  asOf: businessDate().optional(),
  /** Evaluate an older version; the latest when omitted. */
  version: int32(1).optional(),
});
export type EvaluateInput = z.infer<typeof EvaluateBody>;

const ReasonView = z.object({ zh: z.string(), en: z.string(), ok: z.boolean(), path: z.string() });
export const EvaluationView = z.object({
  packId: z.string(),
  version: z.number().int(),
  asOf: z.string(),
  level: z.string(),
  levelLabel: LocalText,
  explain: z.array(ReasonView),
  refused: z.array(z.object({ level: z.string(), reasons: z.array(ReasonView) })),
  outputs: z.record(z.string(), z.unknown()),
  /** Packs with `allCases` (docs/rules.md#all-cases): every level that held, gravest first. */
  cases: z.array(z.object({ level: z.string(), incomplete: z.boolean(), reasons: z.array(ReasonView), outputs: z.record(z.string(), z.unknown()) })).optional(),
});
export type EvaluationViewOutput = z.infer<typeof EvaluationView>;

/** A new version: the YAML text itself (Content-Type text/yaml or text/plain) or JSON {yaml, note}. */
export const UploadBody = z.union([
  z.string().min(1, 'empty pack').max(200_000),
  z.object({
    yaml: z.string().min(1, 'empty pack').max(200_000),
    note: z.string().trim().max(500).optional(),
    /** The latest version the editor started from (0 for a new pack): a newer one stored meanwhile is 409 stale_version. */
    baseVersion: z.number().int().min(0).max(2_147_483_647).optional(),
  }),
]);
export const UploadQuery = z.object({ note: z.string().trim().max(500).optional(), baseVersion: z.coerce.number().int().min(0).max(2_147_483_647).optional() });
