import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { SESSION_COOKIE, loadPrincipal, type Principal } from '../../src/modules/auth';
import { getWorkOrder, listWorkOrders } from '../../src/modules/workorders/workorders.register';
import { periodReport, workOrderReport } from '../../src/modules/workorders/workorders.reports';
import type { PeriodReport, WorkOrderListItem, WorkOrderReport, WorkOrderView } from '../../src/modules/workorders/workorders.schemas';
import { REPORT_GROUP_BY } from '../../src/modules/workorders/workorders.schemas';

// One visibility rule (docs/workorders.md "Who sees a work order"): for every demo user, the work orders the
// register shows (paged to the end) are exactly those the reports count for the same period — totals, every
// grouping, on-time rows, repeats, satisfaction, overdue now, and the ids the period report lists (corrective
// actions, recurring invalid complaints). Users whose roles may not open a report (agent, callback agent, the coal
// mine's user) are compared through the report service with their principal: the rule, not the route's role
// list, is under test here. The demo's work orders are all received by the call centre and owned by the company;
// one extra user holds a role on the call centre only (the receiving unit), which no demo user does.

const DEMO_USERS = ['admin', 'agent', 'clerk', 'qe', 'dept', 'manager', 'callback', 'director', 'supervisor', 'mine'] as const;
const RECEIVING_LEAD = 'cc-lead';
const USERS = [...DEMO_USERS, RECEIVING_LEAD];
const FROM = '2026-01-01';
const TO = '2026-03-31';
const PERIODS: [string, 'monthly' | 'quarterly'][] = [
  ['2026-02', 'monthly'],
  ['2026-03', 'monthly'],
  ['2026-Q1', 'quarterly'],
];

const localStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
const localEndExclusive = (d: string) => new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
const localMonth = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/** Count of rows per key, as the reports group them (NULL → ''). */
function tally<T>(rows: T[], key: (r: T) => string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const k = key(r) ?? '';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
const groupsAsTally = (gs: { key: string; count: number }[]) => Object.fromEntries(gs.map((g) => [g.key, g.count]));

describe.each(TEST_DIALECTS)('who sees a work order on %s', (dialect) => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const principals = new Map<string, Principal>();

  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } });

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: true });
    const admin = await t.login('admin');
    const units = (await t.app.inject({ method: 'GET', url: '/api/units', headers: { cookie: admin } })).json() as { id: string; name: string; kind: string }[];
    const callCentre = units.find((u) => u.name.includes('呼叫中心'));
    expect(callCentre, 'the demo has a call centre').toBeDefined();
    const password = 'receiving-unit-4821';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: { username: RECEIVING_LEAD, displayName: '呼叫中心 班长', unitId: callCentre!.id, password, roles: [{ role: 'team_lead', unitId: callCentre!.id }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const who of USERS) {
      const cookie = await t.login(who, who === RECEIVING_LEAD ? password : undefined);
      cookies.set(who, cookie);
      const p = await loadPrincipal(t.ctx, cookie.slice(`${SESSION_COOKIE}=`.length));
      principals.set(who, p!);
    }
  });
  afterAll(async () => t?.close());

  /** The whole register as the user sees it, paged with the cursor (the route when their roles may open it). */
  async function register(who: string, extra = ''): Promise<WorkOrderListItem[]> {
    const items: WorkOrderListItem[] = [];
    let cursor: string | null = null;
    do {
      const qs = `limit=5${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await get(`/api/workorders?${qs}`, who);
      let page: { items: WorkOrderListItem[]; nextCursor: string | null };
      if (res.statusCode === 403) {
        const q = Object.fromEntries(new URLSearchParams(qs));
        page = await listWorkOrders(t.ctx, principals.get(who)!, { limit: Number(q.limit), order: 'newest', cursor: q.cursor, overdue: q.overdue === 'true' ? true : undefined });
      } else {
        expect(res.statusCode, res.body).toBe(200);
        page = res.json();
      }
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async function detail(who: string, id: string): Promise<WorkOrderView> {
    const res = await get(`/api/workorders/${id}`, who);
    if (res.statusCode === 403) return getWorkOrder(t.ctx, principals.get(who)!, id);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function report(who: string): Promise<WorkOrderReport> {
    const res = await get(`/api/reports/workorders?from=${FROM}&to=${TO}&groupBy=${REPORT_GROUP_BY.join(',')}`, who);
    if (res.statusCode === 403) return workOrderReport(t.ctx, principals.get(who)!, { from: FROM, to: TO, groupBy: [...REPORT_GROUP_BY] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function period(who: string, p: string, kind: 'monthly' | 'quarterly'): Promise<PeriodReport> {
    const res = await get(`/api/reports/workorders/${kind}?period=${p}`, who);
    if (res.statusCode === 403) return periodReport(t.ctx, principals.get(who)!, p, kind);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('the coal mine user sees no work order, neither in the register nor in the reports', async () => {
    expect((await get('/api/workorders', 'mine')).statusCode).toBe(403);
    expect(await register('mine')).toEqual([]);
    const r = await report('mine');
    expect(r.total).toBe(0);
    expect(r.overdueNow).toBe(0);
    expect(r.satisfaction.callbacks).toBe(0);
  });

  it('a role on the receiving unit alone shows the call centre its work orders, in the register and in the reports', async () => {
    const seen = await register(RECEIVING_LEAD);
    expect(seen.length).toBeGreaterThan(0);
    expect((await report(RECEIVING_LEAD)).total).toBe(seen.length);
  });

  it.each(USERS)('%s: the reports count exactly the work orders the register shows', async (who) => {
    const all = await register(who);
    const views = await Promise.all(all.map((w) => detail(who, w.id)));
    const inRange = (at: string, from: string, to: string) => at >= localStart(from) && at < localEndExclusive(to);

    // The free-range report.
    const received = all.filter((w) => inRange(w.receivedAt, FROM, TO));
    expect(received.length, 'every demo work order lies in the period').toBe(all.length);
    const r = await report(who);
    expect(r.total).toBe(received.length);
    const byKey: Record<(typeof REPORT_GROUP_BY)[number], (w: WorkOrderListItem) => string | null> = {
      kind: (w) => w.kind,
      channel: (w) => w.channel,
      severity: (w) => w.severity,
      department: (w) => w.departmentId,
      product: (w) => w.productCode,
      customer: () => null, // the customer key is not in the list item: only the sum is compared
      month: (w) => localMonth(w.receivedAt),
      problem: (w) => w.problemCategory,
    };
    for (const g of r.groupings) {
      expect(g.groups.reduce((s, x) => s + x.count, 0), `${g.groupBy} sums to the total`).toBe(received.length);
      if (g.groupBy !== 'customer') expect(groupsAsTally(g.groups), g.groupBy).toEqual(tally(received, byKey[g.groupBy]));
    }
    const repeats = Object.entries(tally(received.filter((w) => w.status !== 'invalid' && w.productCode && w.problemCategory), (w) => `${w.productCode}|${w.problemCategory}`)).filter(([, n]) => n >= 2);
    expect(Object.fromEntries(r.repeats.map((x) => [`${x.productCode}|${x.problemCategory}`, x.count]))).toEqual(Object.fromEntries(repeats));
    const receivedViews = views.filter((v) => inRange(v.receivedAt, FROM, TO));
    const states: Record<string, { met: number; missed: number; open: number }> = {};
    for (const d of receivedViews.flatMap((v) => v.deadlines)) {
      const s = (states[d.name] ??= { met: 0, missed: 0, open: 0 });
      if (d.state === 'met') s.met++;
      else if (d.state === 'missed') s.missed++;
      else s.open++;
    }
    expect(Object.fromEntries(r.onTime.map((o) => [o.deadline, { met: o.met, missed: o.missed, open: o.open }]))).toEqual(states);
    const callbacksIn = (from: string, to: string) => views.flatMap((v) => v.timeline).filter((e) => (e.event === 'callback_satisfied' || e.event === 'callback_unsatisfied') && inRange(e.at, from, to));
    expect(r.satisfaction.callbacks).toBe(callbacksIn(FROM, TO).length);
    expect(r.satisfaction.satisfied).toBe(callbacksIn(FROM, TO).filter((e) => e.event === 'callback_satisfied').length);
    expect(r.overdueNow).toBe((await register(who, '&overdue=true')).length);

    // The period reports, with the ids they list.
    for (const [p, kind] of PERIODS) {
      const pr = await period(who, p, kind);
      const inPeriod = all.filter((w) => inRange(w.receivedAt, pr.from, pr.to));
      expect(pr.total, p).toBe(inPeriod.length);
      expect(groupsAsTally(pr.byDepartment), p).toEqual(tally(inPeriod, (w) => w.departmentId));
      expect(pr.satisfaction.callbacks, p).toBe(callbacksIn(pr.from, pr.to).length);
      const approved = views.filter((v) => v.timeline.some((e) => e.event === 'approve_8d' && inRange(e.at, pr.from, pr.to))).map((v) => v.id);
      expect(pr.correctiveActions.map((c) => c.id).sort(), `${p} corrective actions`).toEqual(approved.sort());
      const visible = new Set(all.map((w) => w.id));
      for (const rec of pr.invalidRecurring) for (const id of rec.workOrderIds) expect(visible.has(id), `${p} recurring invalid ${id}`).toBe(true);
    }
  });
});
