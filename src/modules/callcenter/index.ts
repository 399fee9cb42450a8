// The call centre offers nothing to other modules; this is its table types for the composed Database type.
export type { CallcenterTables } from './callcenter.tables';
