// The level-rules engine (定级/判定): docs/rules.md#what-a-level-rule-is. Pure: no fs, no DB, no clock. Format: docs/rules.md.

export type {
  AllCondition,
  AnyCondition,
  CompareOp,
  Condition,
  CountEventsCondition,
  Evaluation,
  EventWithinCondition,
  EveryPartCondition,
  Expr,
  ExprCondition,
  FactCondition,
  FactDef,
  FactIssue,
  FactType,
  GroupDef,
  LevelDef,
  ListIncludesCondition,
  LocalText,
  NotCondition,
  NumericOp,
  Operand,
  PackIssue,
  PackResult,
  Period,
  Reason,
  RulePack,
} from './types';
export { parseRulePack, validatePackObject } from './parse';
export { validateFacts } from './facts';
export { compilePack, evaluate, CompiledPack } from './compile';
export { describeCondition } from './describe';
export { shippedPacks, shippedPack, shippedCompiledPack, shippedPackText } from './shipped';
export { addPeriod, isValidDate, windowCutoff } from './dates';
