import type { DatabaseDialect } from '../../config';

// Column types that mean the same on both databases. Timestamps are ISO-8601 UTC text
// ('2026-11-27T05:54:00.000Z'): they sort correctly as text and round-trip identically on SQLite and PostgreSQL.
export const floatType = (dialect: DatabaseDialect) => (dialect === 'postgres' ? 'double precision' : 'real');
export const jsonType = 'text' as const;
export const tsType = 'text' as const;
