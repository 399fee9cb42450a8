import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGaugeApp } from '../../src/composition';
import { systemClock } from '../../src/platform/clock';
import { testConfig } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db/database';
import type { ApiRoute } from '../../src/platform/http/app';
import { newId } from '../../src/platform/ids';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';

// Property-based fuzzing of every API route (docs/security.md, "V5 Validation, sanitisation"): whatever a client
// sends, the answer is a 2xx/3xx/4xx, never a 5xx. Bodies, query strings and path parameters are generated from
// each route's own JSON schema in the OpenAPI document, then mutated (wrong types, huge/empty strings, NUL,
// emoji, RTL marks, 32/53-bit boundary numbers, impossible dates), and sent as someone the route's role gate
// admits (the administrator, or for a route the administrator may not call a user holding one of its roles, so
// the body is validated and the service reached instead of a 403 before validation) and, for public routes,
// anonymously. The seed is fixed so a failure replays; GAUGE_FUZZ_RUNS changes the run count. 50 per route keeps
// the file near four minutes of `npm test` on two cores (100 took eight: the suite must stay under 30 minutes);
// a deeper search is `GAUGE_FUZZ_RUNS=500 npx vitest run --project core test/api/fuzz.api.test.ts`.
const SEED = 20260302;
const RUNS_PER_ROUTE = Number(process.env.GAUGE_FUZZ_RUNS ?? 50);

/**
 * Routes not fuzzed, each for a reason:
 * - logout ends the session the fuzzer uses (it re-logs in on 401, but every other request would then race it);
 * - the two xlsx exports build a whole workbook per request (long-running by design, ~seconds each); their
 *   query strings are the register's and the audit list's, fuzzed through `GET /api/workorders` and `/api/audit`;
 * - multipart uploads (attachments, register import) take a file, not JSON; they answer 406/415 to JSON anyway.
 */
const SKIP = new Set(['POST /api/auth/logout', 'GET /api/workorders/export.xlsx', 'GET /api/audit/export.xlsx']);

/** Which of the app's /api routes are fuzzed. */
const fuzzed = (r: ApiRoute) => !r.hidden && !SKIP.has(`${r.method} ${r.url}`);

/**
 * The routes, read before the tests are collected from an app built on an empty in-memory SQLite database (never
 * migrated, never listening — routes do not depend on the data), so that each route is a test of its own.
 */
const ROUTES: ApiRoute[] = await (async () => {
  const config = testConfig({ database: { dialect: 'sqlite', url: 'sqlite::memory:', sqliteFile: ':memory:' } });
  const database = openDatabase(config);
  const app = await buildGaugeApp({ ctx: { config, db: database.db, dialect: database.dialect, clock: systemClock }, logger: false, serveWeb: false });
  try {
    await app.ready();
    return app.apiRoutes.filter(fuzzed);
  } finally {
    await app.close();
    await database.close();
  }
})();

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
};
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** Strings that satisfy the shapes the schemas use (dates, months, quarters, codes), picked by the pattern. */
const SHAPED = [
  '2026-03-02', '2025-12-31', '2026-03', '2026-Q1', '2025-H2', '2026-03-02T02:00:00.000Z', '2026-03-01T10:00:00+08:00',
  'coal-mine-2020', 'complaint-severity', 'underground', '一级', 'x', 'abc-1',
];
const NASTY_STRINGS = [
  '', ' ', 'a\u0000b', '\u0000', '😀'.repeat(40), '\u202Eevil\u202C', '\u200F\u200E', 'x'.repeat(70_000), '中'.repeat(6000),
  'NaN', 'Infinity', '-1', '0', '2147483648', '9007199254740993', '1e400', '-0', '0x10', 'true', 'null',
  '2026-02-30', '2026-13-01', '1899-12-31', '0000-01-01', '9999-12-31', '2026-02-29T25:61:00Z', '0001-01-01T00:00:00Z',
  '2999-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z', '2026-03-02T02:00:00', '2026-Q5', '2026-00',
  "x' OR 1=1 --", '%', '_', '\\', '../../etc/passwd', '<script>alert(1)</script>', '__proto__', '\ud800', 'a,b,,c',
];
const NASTY_NUMBERS = [2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2, -1, 0, 1.5, -0.0001, 1e308, -1e308, 5e-324];
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], { __proto__: { polluted: 1 } }, { constructor: { prototype: { x: 1 } } }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

function arbFromSchema(s: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(undefined);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => arbFromSchema(a, ids, depth + 1)));
  if (s.allOf?.length) return arbFromSchema(Object.assign({}, ...s.allOf) as Schema, ids, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const withNull = (a: fc.Arbitrary<unknown>) => (s.nullable || (Array.isArray(s.type) && s.type.includes('null')) ? fc.option(a, { nil: null, freq: 5 }) : a);
  switch (type) {
    case 'string': {
      const pool = [...SHAPED, ...ids].filter((v) => (!s.pattern || new RegExp(s.pattern).test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
      const free = fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 24, 24) });
      // Mostly plausible dates, sometimes ones outside the calendar's tables or impossible ones.
      if (s.format === 'date') return withNull(fc.constantFrom('2026-03-02', '2026-01-15', '2025-06-30', '2026-12-31', '1999-12-31', '2100-01-01', '2024-02-29', '2026-02-29'));
      if (s.format === 'date-time') return withNull(fc.constantFrom('2026-03-01T02:00:00.000Z', '2026-02-20T10:00:00+08:00', '2027-06-01T00:00:00Z', '1999-12-31T23:00:00-12:00', '2000-01-01T00:00:00+14:00', '2099-12-31T23:59:59Z'));
      return withNull(pool.length ? fc.oneof(fc.constantFrom(...pool), free) : free);
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000);
      const lo = Math.max(min, -1e6);
      const hi = Math.min(max, 1e6);
      return withNull(type === 'integer' || lo > hi ? fc.integer({ min: Math.ceil(Math.min(lo, hi)), max: Math.floor(Math.max(lo, hi)) }) : fc.double({ min: lo, max: hi, noNaN: true }));
    }
    case 'boolean':
      return withNull(fc.boolean());
    case 'array':
      return withNull(fc.array(arbFromSchema(s.items, ids, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.min(s.maxItems ?? 3, 3) }));
    case 'object': {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, arbFromSchema(props[k], ids, depth + 1)])), { requiredKeys: keys.filter((k) => s.required?.includes(k)) });
      if (typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbFromSchema(s.additionalProperties, ids, depth + 1), { maxKeys: 3 });
        return withNull(fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r })));
      }
      return withNull(record);
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

/** Every [path, parent] in a JSON value, so a mutation can replace any one of them. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}
function replaceAt(v: unknown, at: (string | number)[], with_: unknown): unknown {
  if (!at.length) return with_;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[at[0]] = replaceAt(copy[at[0]], at.slice(1), with_);
  return copy;
}
/** Mutate 0–2 places: the original (often valid) value, one nasty leaf, or two. */
const mutated = (base: fc.Arbitrary<unknown>) =>
  fc.tuple(base, fc.array(fc.tuple(fc.nat(), nastyValue, fc.boolean()), { maxLength: 2 })).map(([value, muts]) => {
    let v = value;
    for (const [pick, nasty, addKey] of muts) {
      const all = paths(v);
      const at = all[pick % all.length];
      // Sometimes add a key beside the chosen one instead (an unknown field), sometimes replace the value.
      v = addKey && at.length && typeof v === 'object' ? replaceAt(v, [...at.slice(0, -1), `extra${pick % 7}`], nasty) : replaceAt(v, at, nasty);
    }
    return v;
  });

/** Percent-encodes a path segment; a lone surrogate becomes the invalid UTF-8 bytes it would have been. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);

function queryString(q: unknown): string {
  if (!q || typeof q !== 'object' || Array.isArray(q)) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    for (const x of [v].flat()) sp.append(k, typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
  }
  let s: string;
  try {
    s = sp.toString();
  } catch {
    s = 'bad=%ED%A0%80';
  }
  return s ? `?${s}` : '';
}

describe.each(TEST_DIALECTS)('fuzzing every route on %s', (dialect) => {
  let t: TestApp;
  /** Callers by username: their session cookie, and what to put back when a fuzzed request ended or changed them. */
  const callers = new Map<string, { cookie: string; id: string; hash: string; roles: string[] }>();
  const ids: string[] = [];

  const relogin = async (username: string) => {
    // The fuzzer may have reset a caller's password or deactivated them (callers' own ids are kept out of the id
    // pool, but a subtree operation can still touch them); put both back so the run continues as that person.
    const c = callers.get(username)!;
    await t.ctx.db.updateTable('users').set({ password_hash: c.hash, active: 1 }).where('id', '=', c.id).execute();
    c.cookie = await t.login(username);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      config: { login: { maxAttempts: 1_000_000, maxAttemptsPerAddress: 1_000_000, windowMs: 1000 }, publicPortal: { maxRequests: 1_000_000, windowMs: 1000 } },
    });
    // Real identifiers, so generated requests also reach past "not found" into the services.
    const admin = await t.ctx.db.selectFrom('users').select(['id', 'password_hash']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    for (const table of ['units', 'users', 'work_orders', 'grading_applications', 'grading_proposals', 'grading_extensions', 'grading_sheets', 'staff_members', 'accidents', 'notifications'] as const) {
      for (const r of await t.ctx.db.selectFrom(table).select('id').limit(5).execute()) if (r.id !== admin.id) ids.push(r.id);
    }
    for (const r of await t.ctx.db.selectFrom('work_orders').select('tracking_number').where('tracking_number', 'is not', null).limit(3).execute()) ids.push(r.tracking_number!);
    // One caller per role the demo grants: a new user holding that role on the unit a demo user holds it on (new,
    // so their ids are not in the pool the fuzzer picks from), signed in with the demo password.
    const grants = await t.ctx.db.selectFrom('user_roles').select(['role', 'unit_id']).orderBy('role').orderBy('unit_id').execute();
    const byRole = new Map<string, string>();
    for (const g of grants) if (!byRole.has(g.role)) byRole.set(g.role, g.unit_id);
    const now = t.clock.now().toISOString();
    for (const [role, unitId] of byRole) {
      const id = newId();
      await t.ctx.db.insertInto('users').values({ id, username: `fuzz-${role}`, display_name: `fuzz ${role}`, unit_id: unitId, email: null, phone: null, password_hash: admin.password_hash, active: 1, created_at: now, updated_at: now }).execute();
      await t.ctx.db.insertInto('user_roles').values({ user_id: id, role, unit_id: unitId }).execute();
      callers.set(`fuzz-${role}`, { cookie: await t.login(`fuzz-${role}`), id, hash: admin.password_hash, roles: [role] });
    }
    const adminRoles = (await t.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', admin.id).execute()).map((r) => r.role);
    callers.set('admin', { cookie: await t.login('admin'), id: admin.id, hash: admin.password_hash, roles: adminRoles });
  }, 120_000);
  afterAll(async () => t?.close());

  /** Who calls a route: the administrator when its role gate admits them, else every caller it admits. */
  const callersOf = (roles: readonly string[] | undefined): string[] => {
    if (!roles || callers.get('admin')!.roles.some((r) => roles.includes(r))) return ['admin'];
    return [...callers].filter(([, c]) => c.roles.some((r) => roles.includes(r))).map(([name]) => name);
  };

  let doc: { paths: Record<string, Record<string, Operation>> };
  let requests = 0;
  const statuses = new Map<number, number>();
  beforeAll(async () => {
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(() => {
    // What the run reached (a fuzzer that only ever hears 422 tests little): printed for the record.
    console.info(`fuzz ${dialect}: ${ROUTES.length} routes, ${requests} requests, statuses`, Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
  });

  it('fuzzes every /api route this app serves but the few it skips', () => {
    expect(ROUTES.length).toBeGreaterThan(80);
    expect(ROUTES.map((r) => `${r.method} ${r.url}`)).toEqual(t.app.apiRoutes.filter(fuzzed).map((r) => `${r.method} ${r.url}`));
  });

  // One test per route: a failure names its route, and no single test has to outlast the whole run.
  it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers generated and mutated requests with something other than a 5xx', async (name, route) => {
    const openapiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = doc.paths[openapiPath]?.[route.method.toLowerCase()];
    expect(op, `${name} is in the OpenAPI document`).toBeDefined();
    const who = callersOf(route.roles);
    expect(who.length, `someone in the demo may call ${name} (roles ${route.roles?.join(', ')})`).toBeGreaterThan(0);
    const pathParams = (op!.parameters ?? []).filter((p) => p.in === 'path');
    const queryProps = Object.fromEntries((op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]));
    const queryRequired = (op!.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
    const bodySchema = op!.requestBody?.content?.['application/json']?.schema;
    const param = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')), fc.string({ minLength: 1, maxLength: 20 }));
    const request = fc.record({
      params: fc.tuple(...pathParams.map(() => param)),
      query: mutated(arbFromSchema({ type: 'object', properties: queryProps, required: queryRequired }, ids)),
      body: bodySchema ? mutated(arbFromSchema(bodySchema, ids)) : fc.constant(undefined),
      caller: fc.constantFrom(...who),
      anonymous: route.public ? fc.boolean() : fc.constant(false),
    });
    const failures: string[] = [];
    let sent = 0;
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ params, query, body, caller, anonymous }) => {
        let i = 0;
        const url = route.url.replace(/:([A-Za-z0-9_]+)/g, () => encode(String(params[i++]))) + queryString(query);
        const send = (): Promise<LightMyRequestResponse> => {
          const cookie = callers.get(caller)!.cookie;
          return t.app.inject({
            method: route.method as 'GET',
            url,
            ...(body !== undefined && route.method !== 'GET' && route.method !== 'DELETE' && { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
            ...(!anonymous && { cookies: { gauge_session: cookie.slice(cookie.indexOf('=') + 1) } }),
          });
        };
        sent++;
        requests++;
        let res = await send();
        if (res.statusCode === 401 && !anonymous && !route.public) {
          await relogin(caller);
          res = await send();
        }
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode !== 401 && res.statusCode !== 403) reached++;
        if (res.statusCode >= 500) {
          const shown = JSON.stringify(body)?.slice(0, 600);
          failures.push(`${route.method} ${url.slice(0, 300)} ${anonymous ? '(anonymous)' : `(${caller})`} body=${shown} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        }
      }),
      // Each route gets its own seed derived from its name, so adding a route does not reshuffle the others' cases.
      { seed: SEED ^ hash(name), numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );
    expect(sent).toBe(RUNS_PER_ROUTE);
    expect(failures, failures.join('\n')).toEqual([]);
    // A route that answered only 401/403 tested its door, not its input or its service.
    expect(reached, `${name} was refused at the door every time (as ${who.join(', ')})`).toBeGreaterThan(0);
  }, 300_000); // the sign-in and password routes run scrypt per request: over a minute on a loaded 2-core machine
});
