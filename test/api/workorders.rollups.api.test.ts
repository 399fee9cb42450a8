import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, loadPrincipal, type Principal } from '../../src/modules/auth';
import { reportCounts } from '../../src/modules/workorders/workorders.reports';
import { allRollups } from '../../src/modules/workorders/workorders.rollups.repository';
import { rebuildRollups } from '../../src/modules/workorders/workorders.rollups';
import { runDeadlineTick } from '../../src/modules/workorders/workorders.worker';
import { REPORT_GROUP_BY } from '../../src/modules/workorders/workorders.schemas';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { QUALITY_COMPLAINT, REPORT_8D, api, type Api, type WorkOrder } from './workorders.fixtures';

// Report counters kept in the same transaction as each change (docs/performance.md "Reports from rollups"):
// random flows of work-order actions — intake of every kind, each action some demo user may take, the deadline
// worker after the clock moves, reassignments, upgrades — and then the counters equal a full recount
// (`npm run rollups:rebuild`), and the report read from them equals the report read from the base tables for a
// company-wide and a department-scoped user. Fixed seed, bounded runs; the demo data (seeded replays) is counted too.

const ACTORS = ['clerk', 'dept', 'qe', 'manager', 'agent', 'callback', 'supervisor', 'director'] as const;
const KINDS = ['complaint', 'complaint', 'suggestion', 'inquiry', 'praise', 'repair'] as const;
const CHANNELS = ['phone', 'letter', 'email', 'in_person'] as const;
const CATEGORIES = ['quality', 'delivery', 'service'] as const;
const PRODUCTS = ['HR-M8-25', 'HR-M10-30', 'HR-BRG-6204'] as const;
const PROBLEMS = ['牙纹不良', '短装', '生锈'] as const;
const CUSTOMERS: [string, string | undefined][] = [
  ['上海联合汽配有限公司', 'C-SH-001'],
  ['宁波精工科技有限公司', undefined],
  ['苏州五金制品厂', 'C-SZ-009'],
];
const LEVELS = ['严重', '批量', '一般'] as const;

const create = fc.record({
  op: fc.constant('create' as const),
  kind: fc.constantFrom(...KINDS),
  channel: fc.constantFrom(...CHANNELS),
  category: fc.constantFrom(...CATEGORIES),
  product: fc.constantFrom(...PRODUCTS),
  problem: fc.constantFrom(...PROBLEMS),
  customer: fc.nat({ max: CUSTOMERS.length - 1 }),
  // Up to ~100 days back: receipts fall in other days, months and quarters than today.
  hoursAgo: fc.nat({ max: 2400 }),
  onSpot: fc.boolean(),
});
const act = fc.record({ op: fc.constant('act' as const), workOrder: fc.nat(), choice: fc.nat(), flag: fc.boolean(), level: fc.constantFrom(...LEVELS) });
const tick = fc.record({ op: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 96 }) });
const command = fc.oneof({ arbitrary: create, weight: 3 }, { arbitrary: act, weight: 6 }, { arbitrary: tick, weight: 1 });
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

describe.each(TEST_DIALECTS)('report counters on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let departments: string[];
  const created: string[] = [];
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: true });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    departments = ['生产部', '品管部'].map((n) => units.find((u) => u.name === n)!.id);
  });
  afterAll(async () => t?.close());

  async function principal(who: string): Promise<Principal> {
    let p = principals.get(who);
    if (!p) {
      const cookie = await t.login(who);
      p = (await loadPrincipal(t.ctx, cookie.slice(`${SESSION_COOKIE}=`.length)))!;
      principals.set(who, p);
    }
    return p;
  }

  /** A body some demo user may send now, or none: the actions each user's view allows, one picked. */
  async function planAction(c: Extract<Command, { op: 'act' }>): Promise<{ who: string; body: Record<string, unknown>; id: string } | undefined> {
    const id = created[c.workOrder % created.length];
    const options: { who: string; action: string; view: WorkOrder }[] = [];
    for (const who of ACTORS) {
      const view = await a.view(id, who).catch(() => undefined);
      for (const action of view?.allowedActions ?? []) if (action !== 'request_extension' && action !== 'grant_extension') options.push({ who, action, view: view! });
    }
    if (!options.length) return undefined;
    const { who, action, view } = options[c.choice % options.length];
    const reason = '随机流程测试';
    const extra: Record<string, unknown> = {
      reject_invalid: { reason },
      set_severity: { level: c.level, reason },
      dispatch: { departmentId: departments[c.choice % 2] },
      object: { reason },
      decide_objection: c.flag ? { outcome: 'keep' } : { outcome: 'reassign', departmentId: departments[(c.choice + 1) % 2] },
      submit_8d: { report: REPORT_8D },
      return_8d: { reason },
      pause: { reason },
      escalate: { reason },
      reply: view.kind === 'suggestion' ? { message: '已答复', adopted: c.flag } : { message: '已答复' },
      callback: { satisfied: c.flag },
      reopen: { reason },
    }[action] ?? {};
    return { who, id, body: { action, version: view.version, ...extra } };
  }

  async function run(c: Command): Promise<void> {
    if (c.op === 'create') {
      const [customerName, customerCode] = CUSTOMERS[c.customer];
      const body: Record<string, unknown> = {
        ...QUALITY_COMPLAINT,
        kind: c.kind,
        channel: c.channel,
        category: c.kind === 'complaint' ? c.category : undefined,
        productCode: c.product,
        problemCategory: c.problem,
        customerName,
        customerCode,
        receivedAt: new Date(t.clock.now().getTime() - c.hoursAgo * 3_600_000).toISOString(),
      };
      if (c.kind === 'inquiry' && c.onSpot) Object.assign(body, { answeredOnSpot: true, answer: '当场答复' });
      created.push((await a.create(body)).id);
    } else if (c.op === 'act') {
      if (!created.length) return;
      const plan = await planAction(c);
      // A refusal (a guard, an extension too late …) changes nothing, and the counters must say so too.
      if (plan) await a.post(`/api/workorders/${plan.id}/actions`, plan.body, plan.who);
    } else {
      t.clock.advance(c.hours * 3_600_000);
      a.relogin();
      principals.clear();
      await runDeadlineTick(t.ctx);
    }
  }

  const sorted = async () => (await allRollups(t.ctx.db)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

  it('keeps the counters equal to a full recount through random flows, and the report equal to the base tables', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 12 }), async (commands) => {
        for (const c of commands) await run(c);
        const kept = await sorted();
        await rebuildRollups(t.ctx);
        expect(kept).toEqual(await sorted());
        for (const who of ['supervisor', 'dept']) {
          const p = await principal(who);
          for (const [from, to] of [
            ['2025-10-01', '2026-12-31'],
            ['2025-12-15', '2026-02-10'],
          ]) {
            const fromRollups = await reportCounts(t.ctx, p, from, to, [...REPORT_GROUP_BY], 'rollups');
            const fromBase = await reportCounts(t.ctx, p, from, to, [...REPORT_GROUP_BY], 'base');
            // Groups of equal count come in either order from the base tables.
            const canonical = (c: typeof fromRollups) => ({
              ...c,
              groupings: Object.fromEntries(Object.entries(c.groupings).map(([k, gs]) => [k, [...gs].sort((x, y) => x.key.localeCompare(y.key))])),
              repeats: [...c.repeats].sort((x, y) => `${x.productCode}|${x.problemCategory}`.localeCompare(`${y.productCode}|${y.problemCategory}`)),
            });
            expect(canonical(fromRollups), `${who} ${from}…${to}`).toEqual(canonical(fromBase));
          }
        }
      }),
      { seed: 20261207, numRuns: 6, endOnFailure: true },
    );
  }, 600_000);

  // Concurrent registrations share the day's counter rows: on PostgreSQL they are upserted last in each
  // transaction and the number is taken before it (docs/performance.md "Intake: where the time goes"), and none
  // may be lost or counted twice.
  it('keeps the counters equal to a full recount after concurrent registrations, each with its own number', async () => {
    await rebuildRollups(t.ctx);
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        a.create({ ...QUALITY_COMPLAINT, customerName: `并发计数客户${i % 3}`, problemCategory: PROBLEMS[i % PROBLEMS.length], productCode: PRODUCTS[i % PRODUCTS.length] }),
      ),
    );
    expect(new Set(made.map((m) => m.number)).size).toBe(12);
    const kept = await sorted();
    await rebuildRollups(t.ctx);
    expect(kept).toEqual(await sorted());
  }, 120_000);
});
