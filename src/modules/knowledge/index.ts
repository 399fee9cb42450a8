// What other modules may use of the 话术库 (docs/knowledge.md): counting a use of an entry in their own transaction
// (the complaint desk's reply, callback, SMS and intake), and the table types for the composed Database type.
export { useKnowledgeEntry, type KnowledgeUseInput } from './knowledge.service';
export type { KnowledgeUse } from './knowledge.schemas';
export type { KnowledgeTables } from './knowledge.tables';
