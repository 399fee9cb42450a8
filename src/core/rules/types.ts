// Public types of the level-rules engine (定级/判定). docs/rules.md#what-a-level-rule-is: facts about something → the highest level
// whose conditions all hold, plus every reason why a higher level failed. The pack format is documented in
// docs/rules.md; these types mirror it.

export interface LocalText {
  zh: string;
  en: string;
}

export type FactType = 'number' | 'boolean' | 'string' | 'enum' | 'string_list' | 'score_map' | 'events';

export interface FactDef {
  type: FactType;
  label: LocalText;
  /** enum: the allowed values; string_list: the allowed ids (omit to allow any id). */
  values?: string[];
  /** Display names for enum values / string_list ids. */
  valueLabels?: Record<string, LocalText>;
  /** number: bounds of the value; score_map: bounds of every score. Inclusive. */
  min?: number;
  max?: number;
  /** number / score_map: only whole numbers are accepted. */
  integer?: boolean;
  /** A missing required fact (without default) is reported by validateFacts. */
  required?: boolean;
  /** Used by evaluate when the fact is absent (undefined). */
  default?: unknown;
  /** events: allowed event types (omit to allow any type). */
  eventTypes?: string[];
  /** events: allowed event classes (omit: events carry no class). */
  eventClasses?: string[];
  /** events: the types whose events must carry a class (e.g. a fatal accident must say how grave it was). */
  classRequiredFor?: string[];
  eventTypeLabels?: Record<string, LocalText>;
  eventClassLabels?: Record<string, LocalText>;
}

/** A calendar period; exactly one unit. Months and years are calendar months/years (docs/grading.md#date-conventions). */
export type Period = { years: number } | { months: number } | { days: number };

/** A comparison's right-hand side: a literal or another fact. */
export type Operand = number | string | boolean | { fact: string };

export type CompareOp = 'gte' | 'gt' | 'lte' | 'lt' | 'eq' | 'ne' | 'in';
export type NumericOp = 'gte' | 'gt' | 'lte' | 'lt' | 'eq' | 'ne';

/** Arithmetic over number facts: a number literal, a fact name, or one operation over two or more operands. */
export type Expr = number | string | { add: Expr[] } | { sub: Expr[] } | { mul: Expr[] } | { div: Expr[] };

interface Labelled {
  /** Names the condition in reasons (for `not`: names the excluded situation). */
  label?: LocalText;
}

interface NumericBounds {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
  eq?: number;
  ne?: number;
}

export interface AllCondition extends Labelled {
  all: Condition[];
}
export interface AnyCondition extends Labelled {
  any: Condition[];
}
export interface NotCondition extends Labelled {
  not: Condition;
}
/** `{ fact, <op>: value }` or `{ fact, is: true|false }`; exactly one operator. */
export interface FactCondition extends Labelled {
  fact: string;
  gte?: Operand;
  gt?: Operand;
  lte?: Operand;
  lt?: Operand;
  eq?: Operand;
  ne?: Operand;
  in?: (string | number)[];
  is?: boolean;
}
export interface ExprCondition extends Labelled, NumericBounds {
  expr: Expr;
}
export interface EveryPartCondition extends Labelled {
  every_part: NumericBounds & { fact: string; group?: string };
}
export interface EventWithinCondition extends Labelled {
  event_within: { fact: string; type: string; class?: string | string[]; within: Period };
}
export interface CountEventsCondition extends Labelled {
  count_events: NumericBounds & { fact: string; type?: string; class?: string | string[]; within?: Period };
}
export interface ListIncludesCondition extends Labelled {
  list_includes: { fact: string; all?: string[]; any?: string[] };
}

export type Condition =
  | AllCondition
  | AnyCondition
  | NotCondition
  | FactCondition
  | ExprCondition
  | EveryPartCondition
  | EventWithinCondition
  | CountEventsCondition
  | ListIncludesCondition;

export interface LevelDef {
  id: string;
  label: LocalText;
  /** Prerequisite level (lower in the list): it must hold for these facts too, or the current level must be at least it. */
  requires?: string;
  /** Required unless the level is `incomplete`. */
  when?: Condition;
  outputs?: Record<string, unknown>;
  /** The source text of this level is incomplete: the level is never granted (refused with this note). */
  incomplete?: LocalText;
}

export interface GroupDef {
  label: LocalText;
  parts: string[];
}

export interface RulePack {
  id: string;
  version: number;
  title: LocalText;
  description?: LocalText;
  facts: Record<string, FactDef>;
  /** Part groups for `every_part … group:` (e.g. the 2024 coal edition's 安全基础管理 / 重大灾害防治 / 专业管理). */
  groups?: Record<string, GroupDef>;
  /** An enum fact holding the subject's current level; it satisfies `requires` (see docs/rules.md). */
  currentLevelFact?: string;
  /**
   * The levels are independent cases ordered gravest first (e.g. the quality accidents of 事故扣分标准 cl. 2):
   * the gravest case that holds is granted as usual, and the evaluation's `cases` lists every case that holds.
   */
  allCases?: boolean;
  /** Ordered highest first. */
  levels: LevelDef[];
  /** The level when none holds, e.g. '不达标' / '无'. */
  fallback: string;
  fallbackLabel?: LocalText;
  /** e.g. parts the source document leaves out, and how the pack reads ambiguous text. */
  notes?: LocalText[];
}

export interface Reason extends LocalText {
  ok: boolean;
  /** Where the condition sits in the pack, e.g. 'levels[0].when.all[2]'. */
  path: string;
}

export interface Evaluation {
  packId: string;
  version: number;
  level: string;
  /** What held for the granted level (empty for the fallback). */
  explain: Reason[];
  /** Every level above the granted one, highest first, each with every failed condition. */
  refused: { level: string; reasons: Reason[] }[];
  /** The granted level's outputs (empty object for the fallback). */
  outputs: Record<string, unknown>;
  /**
   * Only for a pack with `allCases`: every level whose conditions hold, gravest first, the granted one included,
   * each with what held; an incomplete level whose conditions hold is listed with `incomplete: true` (never granted).
   */
  cases?: { level: string; incomplete: boolean; reasons: Reason[]; outputs: Record<string, unknown> }[];
}

export interface PackIssue {
  /** `<source>: <path in the pack>`, e.g. 'coal-mine-2020.yaml: levels[1].when.all[0].fact'. */
  path: string;
  /** The problem, e.g. 'unknown fact "weightedScor"'. */
  message: string;
  /** The file or origin name given to the parser. */
  source: string;
  /** The path inside the pack alone ('' for the whole document). */
  at: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
}

export type PackResult = { ok: true; pack: RulePack } | { ok: false; errors: PackIssue[] };

export interface FactIssue {
  /** e.g. 'weightedScore', 'partScores.通风', 'events[2].date'. */
  field: string;
  message: string;
}
