// The one way the web app talks to the server: an openapi-fetch client typed by path and method from the server's
// OpenAPI document (api-types.generated.ts, `npm run generate:api`; docs/architecture.md, "Web API client"), so a
// renamed route or field breaks the typecheck. Errors become ApiError with the server's code, bilingual message
// and per-field errors (so forms can mark each field and keep what was typed).
import createClient from 'openapi-fetch';
import type { paths } from './api-types.generated';

export type { paths };

export interface FieldError {
  field: string;
  message: string;
}

/** The language the page is shown in: i18n.tsx keeps <html lang> in step with the user's choice. */
export const pageLang = (): 'zh' | 'en' => (typeof document !== 'undefined' && document.documentElement.lang.startsWith('en') ? 'en' : 'zh');

// Zod's zh-CN messages name JavaScript types in English ("期望 string，实际接收 undefined"); a person reads words.
const ZH_TYPES: [RegExp, string][] = [
  [/\bstring\b/g, '文本'],
  [/\bnumber\b/g, '数字'],
  [/\bint\b/g, '整数'],
  [/\bboolean\b/g, '是/否'],
  [/\barray\b/g, '列表'],
  [/\bobject\b/g, '对象'],
  [/\bdate\b/g, '日期'],
  [/\b(undefined|null)\b/g, '空值'],
  [/\bNaN\b/g, '非数字'],
];

/**
 * A field message in one language. The server writes each as "中文 / English" (platform/http/errors.ts
 * `bilingual`); a form shows the half in the page's language (docs/web.md#languages). A missing value reads
 * 必填 / Required rather than Zod's "expected string, received undefined".
 */
export function localMessage(message: string, lang: 'zh' | 'en' = pageLang()): string {
  const at = message.indexOf(' / ');
  const [zh, en] = at > 0 ? [message.slice(0, at), message.slice(at + 3)] : [message, message];
  if (/received undefined$/.test(en)) return lang === 'zh' ? '必填' : 'Required';
  if (lang === 'en') return en;
  return ZH_TYPES.reduce((text, [re, word]) => text.replace(re, word), zh);
}

export class ApiError extends Error {
  /** Per-field errors, each message already in the page's language (the server's pair is in `errorsBilingual`). */
  readonly errors: FieldError[];
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly errorsBilingual: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.errors = errorsBilingual.map((e) => ({ field: e.field, message: localMessage(e.message) }));
  }
}

/** The error body of any non-2xx answer ({statusCode, code, message, messageZh, errors?, details?}) as an ApiError. */
export function toApiError(res: Response, body: unknown): ApiError {
  const d = (typeof body === 'object' && body ? body : {}) as {
    code?: string;
    message?: string;
    messageZh?: string;
    errors?: FieldError[];
    details?: Record<string, unknown>;
  };
  return new ApiError(res.status, d.code ?? 'error', d.message ?? res.statusText, d.messageZh ?? d.message ?? res.statusText, d.errors ?? [], d.details ?? {});
}

/** Query strings leave out undefined, null and empty values, as the filters' "any" choice is an empty string. */
function queryString(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  return u.toString();
}

/** The session is a same-origin cookie; nothing else authenticates a call. */
export const client = createClient<paths>({ credentials: 'same-origin', querySerializer: queryString });

/**
 * Awaits one client call and returns its data, or throws its ApiError. Every call site goes through this, so a
 * failed request never looks like an empty answer.
 */
export async function unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as D;
}

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Operation<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;

/** The JSON a successful call of a path and method answers (its 200 or 201 response). */
export type ApiOk<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]> : never;

/** The JSON request body of a path and method. */
export type ApiBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters of a path and method. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type PathParams = Record<string, string>;

/** A path of the OpenAPI document with its `{name}` segments filled in (encoded). */
function fillPath(path: string, params: PathParams): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/**
 * A URL for what the browser fetches itself (Excel exports and evidence downloads are plain links): the path is
 * checked against the OpenAPI document, the query built as the client builds it.
 */
export function apiHref(path: keyof paths, opts: { path?: PathParams; query?: Record<string, unknown> } = {}): string {
  const q = queryString(opts.query ?? {});
  const url = fillPath(path, opts.path ?? {});
  return q ? `${url}?${q}` : url;
}

/**
 * A multipart upload (one file in field "file", after any text `fields`, e.g. the portal's `contact`). openapi-fetch
 * cannot type it — the routes read the stream with @fastify/multipart, so the document describes no request body —
 * hence a plain fetch, to a path the document names and with the answer typed from it.
 */
export async function uploadFile<P extends keyof paths>(path: P, params: PathParams, file: File, fields: Record<string, string> = {}): Promise<ApiOk<P, 'post'>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  const res = await fetch(fillPath(path, params), { method: 'POST', credentials: 'same-origin', body: form });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw toApiError(res, data);
  return data;
}
