import type { FastifyRequest } from 'fastify';
import { invalid } from './errors';

// One check on every request's parsed input, before its schema and before any handler or database
// (docs/security.md, "V5 Validation, sanitisation"):
// - no NUL (U+0000) in any string or key of the body, query string or path: PostgreSQL refuses it in `text`
//   ("invalid byte sequence"), which surfaced as a 500 — on public routes and login too, which need no account;
// - no body nested deeper than MAX_INPUT_DEPTH: nothing the API takes is nested more than a few levels, and
//   recursive code further on (schema validation, JSON.stringify for idempotency and audit) would overflow the
//   stack on a 20,000-level body.
// The walk is iterative, so the check itself cannot overflow.

export const MAX_INPUT_DEPTH = 32;

type Problem = { field: string; message: string };

function findProblem(root: unknown, where: string): Problem | null {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value: root, path: [], depth: 0 }];
  const field = (path: string[]) => (path.length ? path.join('.') : where);
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: field(path), message: '不能包含空字符 (U+0000) / must not contain a NUL character' };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: field(path), message: `嵌套层级过深（最多 ${MAX_INPUT_DEPTH} 层）/ nested too deeply (at most ${MAX_INPUT_DEPTH} levels)` };
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return { field: field(path), message: '键名不能包含空字符 (U+0000) / keys must not contain a NUL character' };
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/** A `preValidation` hook for every route (registered once in app.ts). */
export async function rejectUnsafeInput(req: FastifyRequest): Promise<void> {
  for (const [where, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
    const problem = findProblem(value, where);
    if (problem) throw invalid([problem], `Invalid ${where}`, '请求数据无效');
  }
}
