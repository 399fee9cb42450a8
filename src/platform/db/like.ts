import { sql, type Expression, type SqlBool } from 'kysely';

// LIKE patterns built from what a user typed. `%`, `_` and `\` in the text are matched literally — escaped with
// a backslash — so `AB_12` finds only AB_12 and `q=%` finds only rows with a real % (docs/security.md "V5").
// Both engines are told the escape character: SQLite has none by default, PostgreSQL's default happens to be `\`.

/** The text with LIKE's wildcards and the escape character escaped. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `column LIKE '%text%' ESCAPE '\'`: the column contains the text, wildcards in it taken literally. */
export function likeContains(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(text)}%`} escape ${sql.lit('\\')}`;
}

/** `column LIKE 'text%' ESCAPE '\'`: the column starts with the text, wildcards in it taken literally. */
export function likePrefix(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`${escapeLike(text)}%`} escape ${sql.lit('\\')}`;
}
