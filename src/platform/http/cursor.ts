import type { z } from 'zod';
import { fieldError, invalid } from './errors';

// Opaque keyset cursors for every paged list (docs/architecture.md "Shared helpers"): the position of the last
// row as base64url JSON. A client only hands back what it was given; anything else is refused with a 422 naming
// the field — never read as "no cursor", which would silently restart the list at its first page.

/** The cursor for the row a page ended on, e.g. `encodeCursor({ at, id })`. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position in `cursor` (undefined when there is none), checked against `shape`. A cursor that is not base64url
 * JSON of that shape throws 422 `validation_failed` with an error on `field`.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, shape: S, field = 'cursor'): z.output<S> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor(field);
  }
  const r = shape.safeParse(parsed);
  if (!r.success) throw badCursor(field);
  return r.data;
}

const badCursor = (field: string) =>
  invalid([fieldError(field, '翻页位置无效，请从第一页重新查询', 'invalid cursor; start again from the first page')], 'Invalid cursor', '翻页位置无效');
