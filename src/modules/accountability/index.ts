// What accountability offers other modules: proposing a quality accident when an 8D is approved (docs/quality-loop.md),
// and its table types for the composed Database type.
export type { AccountabilityTables } from './accountability.tables';
export { prepareQualityProposal, type QualityFacts, type QualityProposalInput } from './accountability.quality';
