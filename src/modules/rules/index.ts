// What other modules may use of rules: the active version of a rule pack, fact validation and evaluation.
export { evaluatePack, getActivePack, listPacks, validatePackFacts, type ActivePack } from './rules.service';
export type { RulesTables } from './rules.tables';
