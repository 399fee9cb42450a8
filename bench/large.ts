// Large-scale section of `npm run bench -- --large [--rows N] [--postgres] [--keep]` (docs/performance.md, at one
// million work orders): bulk-loads N realistic work orders (default 1,000,000) and their deadlines straight into
// the real tables, then times the complaint desk through the real HTTP layer (app.inject, signed in as the demo
// supervisor). Prints the load rate and p50/p95 of each request; asserts nothing — timings on a shared machine
// are for reading, not for failing a build. `--keep` leaves the database behind for EXPLAIN.

import { sql } from 'kysely';
import { buildGaugeApp, demoSeeders } from '../src/composition';
import { seedDemo } from '../src/modules/demo';
import type { WorkOrderDeadlinesTable } from '../src/modules/workorders/workorders.tables';
import type { WorkOrderRow } from '../src/modules/workorders/workorders.repository';
import { createTestDatabase } from '../test/helpers/test-app';
import { systemClock } from '../src/platform/clock';
import { testConfig, type DatabaseDialect } from '../src/platform/config';
import { openDatabase, type Db } from '../src/platform/db/database';
import { migrateToLatest } from '../src/platform/db/migrator';
import { newId } from '../src/platform/ids';
import { rebuildRollups } from '../src/modules/workorders/workorders.rollups';
import { figure } from './figures';

type NewRow = Omit<WorkOrderRow, 'version'>;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const DAY = 86_400_000;

// ---- realistic vocabulary (the seed documents' words) ---------------------------------------------------------

const CITIES = ['上海', '无锡', '宁波', '常州', '苏州', '杭州', '南京', '合肥', '青岛', '天津', '佛山', '东莞', '温州', '嘉兴', '绍兴', '昆山'];
const TRADES = ['联合汽配', '机电设备', '五金制品', '重工机械', '精工科技', '电动工具', '紧固件', '液压件', '汽车零部件', '农机', '泵阀', '模具'];
const FORMS = ['有限公司', '股份有限公司', '厂', '贸易有限公司'];
const PRODUCTS = ['外六角螺栓', '内六角螺钉', '法兰螺母', '平垫圈', '弹簧垫圈', '主轴', '深沟球轴承', '齿轮', '销轴', '衬套', '反光片', '支架'];
/** Problem texts with their category; weights make '牙纹不良' common and '主轴断裂' rare (both searched below). */
const PROBLEMS: { text: string; category: string; weight: number }[] = [
  { text: '螺纹牙纹不良，通规不过', category: '牙纹不良', weight: 60 },
  { text: '到货短装，数量与送货单不符', category: '短装', weight: 80 },
  { text: '表面生锈，盐雾试验不合格', category: '生锈', weight: 70 },
  { text: '整批标签错误，规格标错', category: '标签错误', weight: 50 },
  { text: '尺寸超差，孔径偏大', category: '尺寸超差', weight: 110 },
  { text: '表面划伤、磕碰', category: '外观不良', weight: 120 },
  { text: '镀层脱落，附着力不足', category: '镀层不良', weight: 60 },
  { text: '硬度不足，装配时滑牙', category: '硬度不足', weight: 50 },
  { text: '毛刺未去除，划伤装配工', category: '毛刺', weight: 70 },
  { text: '包装破损，运输中散落', category: '包装破损', weight: 60 },
  { text: '轴承卡死，转动异响', category: '轴承卡死', weight: 40 },
  { text: '主轴断裂，断口位于退刀槽', category: '主轴断裂', weight: 1 },
  { text: '送货延迟三天，影响客户排产', category: '交期延误', weight: 90 },
  { text: '客服电话长时间无人接听', category: '服务态度', weight: 40 },
  { text: '询问产品价格与交货周期', category: '咨询', weight: 50 },
];
const PROBLEM_PICK: number[] = PROBLEMS.flatMap((p, i) => Array.from({ length: p.weight }, () => i));
const KINDS: [string, number][] = [['complaint', 55], ['inquiry', 15], ['suggestion', 8], ['repair', 8], ['emergency_repair', 2], ['praise', 5], ['survey', 4], ['inspection', 3]];
const KIND_PICK = KINDS.flatMap(([k, w]) => Array.from({ length: w }, () => k));
const CHANNELS = ['phone', 'phone', 'phone', 'email', 'web', 'in_person', 'letter', 'suggestion_box', 'callback', 'external', 'direct'];
const CATEGORIES = ['quality', 'quality', 'quality', 'delivery', 'service', 'other'];
const OPEN_STATUSES = ['received', 'accepted', 'dispatched', 'in_progress', 'review_8d', 'approved', 'replied'];
const FOUND_AT = ['进料检验', '装配线', '终端用户', '收货点数', '客户仓库'];
const STAFF = ['张伟', '王芳', '李娜', '刘强', '陈静', '杨磊', '赵敏', '黄勇'];

/** Deterministic pseudo-random numbers (mulberry32), so runs load the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  company: { id: string; path: string };
  departments: { id: string; path: string }[];
  /** Severity levels of complaints as the demo's intake graded them (name → rank). */
  severities: { severity: string; rank: number }[];
  /** Deadline templates per kind, from the deadlines the real intake started for the demo cases. */
  deadlines: Map<string, Pick<WorkOrderDeadlinesTable, 'name' | 'amount' | 'unit' | 'met_by' | 'owner_roles' | 'explain'>[]>;
  policyVersion: number;
  creator: { id: string; name: string };
}

async function readWorld(db: Db): Promise<World> {
  const company = await db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'company').executeTakeFirstOrThrow();
  const departments = await db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'department').where('path', 'like', `${company.path}%`).execute();
  const sev = await db.selectFrom('work_orders').select(['severity', 'severity_rank']).where('severity', 'is not', null).distinct().execute();
  const tpl = await db
    .selectFrom('work_order_deadlines as d')
    .innerJoin('work_orders as w', 'w.id', 'd.work_order_id')
    .select(['w.kind', 'd.name', 'd.amount', 'd.unit', 'd.met_by', 'd.owner_roles', 'd.explain'])
    .orderBy('d.created_at')
    .execute();
  const deadlines = new Map<string, World['deadlines'] extends Map<string, infer V> ? V : never>();
  for (const t of tpl) {
    const list = deadlines.get(t.kind) ?? [];
    if (!list.some((x) => x.name === t.name)) list.push({ name: t.name, amount: t.amount, unit: t.unit, met_by: t.met_by, owner_roles: t.owner_roles, explain: t.explain });
    deadlines.set(t.kind, list);
  }
  const policy = await db.selectFrom('complaint_policies').select('version').orderBy('version', 'desc').executeTakeFirstOrThrow();
  const agent = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'agent').executeTakeFirstOrThrow();
  if (!sev.length || !deadlines.size) throw new Error('bench --large: the demo seed made no graded work orders or deadlines to copy');
  return {
    company,
    departments,
    severities: sev.map((s) => ({ severity: String(s.severity), rank: Number(s.severity_rank) })),
    deadlines,
    policyVersion: Number(policy.version),
    creator: { id: agent.id, name: agent.display_name },
  };
}

/** ISO instant → China-time date 'YYYY-MM-DD' (DOMAIN: local day and month of receipt are China time). */
const localDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Generates rows i in [from, to) in received order: spread evenly over the 3 years before `end`, so created_at
 * (received + a few minutes) increases with i and daily numbers count up from 5001 (the demo's own numbers and
 * today's intake use 0001…, so they never collide).
 */
function* generate(w: World, n: number, end: number, batch: number) {
  const rand = rng(20260302);
  const start = end - 3 * 365 * DAY;
  const step = (end - start) / n;
  const customers = Array.from({ length: 3000 }, (_, i) => {
    const name = `${CITIES[i % CITIES.length]}${TRADES[(i * 7) % TRADES.length]}${FORMS[(i * 3) % FORMS.length]}${i >= 192 ? `（${i}）` : ''}`;
    return { name, code: i % 3 === 0 ? null : `C-${String(i).padStart(4, '0')}`, key: i % 97 === 0 };
  });
  const products = Array.from({ length: 400 }, (_, i) => ({ code: `HR-${['M', 'SP', 'BRG', 'NUT', 'GR'][i % 5]}${10 + i}`, name: `${PRODUCTS[i % PRODUCTS.length]} ${10 + (i % 40)}#` }));
  let day = '';
  let serial = 5000;
  let rows: NewRow[] = [];
  let deadlines: WorkOrderDeadlinesTable[] = [];
  for (let i = 0; i < n; i++) {
    const received = start + i * step + rand() * step * 0.9;
    const created = received + Math.floor(rand() * 600_000);
    const d = localDate(received);
    if (d !== day) {
      day = d;
      serial = 5000;
    }
    serial++;
    const kind = KIND_PICK[Math.floor(rand() * KIND_PICK.length)];
    const complaint = kind === 'complaint';
    const pr = PROBLEMS[PROBLEM_PICK[Math.floor(rand() * PROBLEM_PICK.length)]];
    const cu = customers[Math.floor(rand() * rand() * customers.length)]; // skewed: some customers complain often
    const pd = products[Math.floor(rand() * products.length)];
    const dept = w.departments[Math.floor(rand() * w.departments.length)];
    const sev = complaint ? w.severities[Math.floor(rand() * w.severities.length)] : null;
    const ageDays = (end - received) / DAY;
    // Old cases are mostly finished; the last two months hold the open work. ~2 % of old ones stay open (stuck).
    const r = rand();
    const status = ageDays > 60 ? (r < 0.9 ? 'closed' : r < 0.98 ? 'invalid' : OPEN_STATUSES[Math.floor(rand() * OPEN_STATUSES.length)]) : r < 0.35 ? 'closed' : r < 0.38 ? 'invalid' : OPEN_STATUSES[Math.floor(rand() * OPEN_STATUSES.length)];
    const dispatched = !['received', 'accepted'].includes(status) && status !== 'invalid';
    const lot = 100 * (1 + Math.floor(rand() * 200));
    const defects = Math.floor(rand() * lot * 0.05);
    const receivedIso = new Date(received).toISOString();
    const createdIso = new Date(created).toISOString();
    const number = `KS-${d.replace(/-/g, '')}-${String(serial).padStart(4, '0')}`;
    const problem = kind === 'praise' ? `感谢${STAFF[i % STAFF.length]}及时处理` : pr.text;
    const id = newId(created);
    const customerKey = (cu.code ?? cu.name).toLowerCase();
    const terminal = status === 'closed' || status === 'invalid';
    rows.push({
      id,
      number,
      tracking_number: null,
      kind,
      channel: CHANNELS[Math.floor(rand() * CHANNELS.length)],
      category: complaint ? CATEGORIES[Math.floor(rand() * CATEGORIES.length)] : null,
      status,
      severity: sev?.severity ?? null,
      severity_explain: null,
      severity_rank: sev?.rank ?? 0,
      policy_version: w.policyVersion,
      unit_id: w.company.id,
      unit_path: w.company.path,
      receiving_unit_id: null,
      receiving_unit_path: null,
      department_id: dispatched ? dept.id : null,
      department_path: dispatched ? dept.path : null,
      serial: null,
      customer_name: cu.name,
      customer_code: cu.code,
      customer_key: customerKey,
      contact_name: `${STAFF[(i * 5) % STAFF.length].slice(0, 1)}经理`,
      contact_phone: `13${String(800000000 + ((i * 7919) % 99999999)).padStart(9, '0')}`,
      contact_email: null,
      key_customer: cu.key ? 1 : 0,
      product_code: pd.code,
      product_name: pd.name,
      batch_number: null,
      problem,
      problem_category: kind === 'praise' ? null : pr.category,
      description: null,
      place: null,
      occurred_at: null,
      parties: null,
      ship_date: localDate(received - (3 + Math.floor(rand() * 30)) * DAY),
      ship_quantity: lot,
      defect_rate: complaint ? defects / lot : null,
      lot_size: complaint ? lot : null,
      defect_count: complaint ? defects : null,
      found_at: complaint ? FOUND_AT[i % FOUND_AT.length] : null,
      staff_name: null,
      facts: '{}',
      received_at: receivedIso,
      received_month: d.slice(0, 7),
      created_at: createdIso,
      updated_at: createdIso,
      created_by: w.creator.id,
      created_by_name: w.creator.name,
      paused: 0,
      escalated: 0,
      objection: null,
      upgrade_count: 0,
      answered_on_spot: 0,
      answer: null,
      promised_reply_date: null,
      reply_text: status === 'closed' || status === 'replied' ? '已核实并补发，客户确认' : null,
      adopted: null,
      offer: null,
      invalid_reason: status === 'invalid' ? '非我司产品' : null,
      satisfied: status === 'closed' ? (rand() < 0.9 ? 1 : 0) : null,
      qe_passed: 0,
      crew: null,
      arrived_at: null,
      completed_at: null,
      repair_result: null,
      search_text: [number, cu.name, cu.code, pd.code, pd.name, problem, pr.category].filter(Boolean).join(' ').toLowerCase(),
    });
    // A proportionate number of deadlines: the first two the real intake starts for this kind (complaints get
    // both, others one). Finished cases met theirs; open ones run, and those past due show under the overdue filter.
    const tpl = (w.deadlines.get(kind) ?? w.deadlines.get('complaint') ?? []).slice(0, complaint ? 2 : 1);
    for (const t of tpl) {
      const due = received + (1 + Math.floor(rand() * 5)) * DAY;
      // An open case's deadline already past due is missed: the deadline worker marks it within a tick of its due
      // time (docs/workorders.md#deadlines), so a live database holds no running deadline long past due.
      const state = terminal || status === 'replied' ? 'met' : due <= end ? 'missed' : 'running';
      deadlines.push({
        id: newId(created),
        work_order_id: id,
        name: t.name,
        state,
        amount: t.amount,
        unit: t.unit,
        started_at: receivedIso,
        due_at: new Date(due).toISOString(),
        explain: t.explain,
        provisional: 0,
        pauses: '[]',
        extensions: '[]',
        extension_request: null,
        met_by: t.met_by,
        owner_roles: t.owner_roles,
        owner_unit_id: null,
        warn_at: new Date(received + (due - received) * 0.75).toISOString(),
        warned_at: null,
        met_at: state === 'met' ? new Date(Math.min(due, received + DAY)).toISOString() : null,
        missed_at: state === 'missed' ? new Date(due).toISOString() : null,
        created_at: createdIso,
      });
    }
    if (rows.length === batch) {
      yield { rows, deadlines };
      rows = [];
      deadlines = [];
    }
  }
  if (rows.length) yield { rows, deadlines };
}

/** Multi-row inserts, `perTx` batches per transaction. Parameters per statement stay under both databases' limits. */
async function bulkLoad(db: Db, dialect: DatabaseDialect, w: World, n: number, end: number) {
  // 67 columns: 400 rows = 26,800 parameters (SQLite's limit 32,766); 900 rows = 60,300 (PostgreSQL's 65,535).
  const batch = dialect === 'sqlite' ? 400 : 900;
  const perTx = dialect === 'sqlite' ? 250 : 20;
  // PostgreSQL's trigram GIN runs with fastupdate = off (migration 0010: no pending-list stalls for a user's insert);
  // a bulk load is what the pending list is for, so it is on while loading; both GINs' lists are flushed before the timings.
  const gins = ['work_orders_search_trgm_idx', 'work_orders_search_short_idx'];
  if (dialect === 'postgres') await sql`ALTER INDEX work_orders_search_trgm_idx SET (fastupdate = on)`.execute(db);
  const t0 = Date.now();
  let done = 0;
  let deadlineRows = 0;
  let pending: { rows: NewRow[]; deadlines: WorkOrderDeadlinesTable[] }[] = [];
  const flush = async () => {
    const chunk = pending;
    pending = [];
    await db.transaction().execute(async (trx) => {
      for (const b of chunk) {
        await trx.insertInto('work_orders').values(b.rows).execute();
        // Deadlines have 21 columns: split so one statement stays under the parameter limits.
        const per = dialect === 'sqlite' ? 1500 : 3000;
        for (let k = 0; k < b.deadlines.length; k += per) await trx.insertInto('work_order_deadlines').values(b.deadlines.slice(k, k + per)).execute();
      }
    });
  };
  for (const b of generate(w, n, end, batch)) {
    pending.push(b);
    done += b.rows.length;
    deadlineRows += b.deadlines.length;
    if (pending.length === perTx) {
      await flush();
      process.stdout.write(`\r  loading… ${fmt(done)} / ${fmt(n)} (${fmt(done / ((Date.now() - t0) / 1000))} rows/s)   `);
    }
  }
  await flush();
  if (dialect === 'postgres') {
    await sql`ALTER INDEX work_orders_search_trgm_idx SET (fastupdate = off)`.execute(db);
    for (const i of gins) await sql`SELECT gin_clean_pending_list(${i}::regclass)`.execute(db);
  }
  const loadMs = Date.now() - t0;
  process.stdout.write(`\r${' '.repeat(70)}\r`);
  const a0 = Date.now();
  await sql`ANALYZE`.execute(db);
  return { loadMs, deadlineRows, analyzeMs: Date.now() - a0 };
}

interface Timing {
  p50: number;
  p95: number;
  n: number;
}

/** Times `op` `count` times after 2 warm-ups, stopping early once `budgetMs` is spent (at least 3 samples). */
async function time(op: () => Promise<void>, count = 40, budgetMs = 20_000): Promise<Timing> {
  for (let i = 0; i < 2; i++) await op();
  const times: number[] = [];
  const end = Date.now() + budgetMs;
  while (times.length < count && (times.length < 3 || Date.now() < end)) {
    const t0 = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), n: times.length };
}

// The same uniquely named database (or SQLite file) the test suites use; `--keep` leaves it for EXPLAIN.
async function openTarget(dialect: DatabaseDialect, keep: boolean) {
  const tdb = await createTestDatabase(dialect);
  return {
    url: tdb.url,
    sqliteFile: dialect === 'sqlite' ? tdb.url.slice('sqlite:'.length) : undefined,
    where: tdb.url,
    drop: async () => {
      if (!keep) await tdb.drop();
    },
  };
}

const INTAKE = {
  kind: 'complaint',
  channel: 'phone',
  category: 'quality',
  customerName: '上海联合汽配有限公司',
  customerCode: 'C-0001',
  contactPhone: '13800001111',
  productCode: 'HR-M10',
  problem: '螺纹牙纹不良，通规不过',
  problemCategory: '牙纹不良',
  shipDate: '2026-02-20',
  shipQuantity: 10000,
  lotSize: 10000,
  defectCount: 120,
  foundAt: '进料检验',
};

async function runOne(dialect: DatabaseDialect, n: number, keep: boolean): Promise<void> {
  const target = await openTarget(dialect, keep);
  const config = testConfig({ database: { dialect, url: target.url, sqliteFile: target.sqliteFile } });
  const opened = openDatabase(config, { poolSize: 4 });
  try {
    await migrateToLatest(opened.db as never, dialect);
    const app = await buildGaugeApp({ ctx: { config, db: opened.db, dialect, clock: systemClock }, logger: false, serveWeb: false });
    await seedDemo(app.ctx, demoSeeders);
    const w = await readWorld(opened.db);
    console.log(`\nLarge scale on ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${fmt(n)} work orders (${target.where})`);
    // Generated rows end an hour ago so today's demo cases and the measured intake stay the newest.
    const { loadMs, deadlineRows, analyzeMs } = await bulkLoad(opened.db, dialect, w, n, Date.now() - 3_600_000);
    console.log(`  bulk load ${fmt(n)} work orders + ${fmt(deadlineRows)} deadlines   ${(loadMs / 1000).toFixed(1)} s   ${fmt(n / (loadMs / 1000))} work orders/s   ${fmt((n + deadlineRows) / (loadMs / 1000))} rows/s   (ANALYZE ${(analyzeMs / 1000).toFixed(1)} s)`);
    // The rows went straight into the tables, past the report counters: recount them as `npm run rollups:rebuild`
    // does (docs/operations.md), then ANALYZE the counters for the planner.
    const rebuilt = await rebuildRollups({ db: opened.db, dialect });
    await sql`ANALYZE`.execute(opened.db);
    console.log(`  rollups:rebuild   ${fmt(rebuilt.rows)} counter rows   ${(rebuilt.ms / 1000).toFixed(1)} s`);
    figure(`rollups_rebuild_ms_${dialect}`, rebuilt.ms, 'ms');

    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'demo1234' } });
    const session = login.cookies.find((c) => c.name === 'gauge_session');
    if (login.statusCode !== 200 || !session) throw new Error(`bench --large: login failed ${login.statusCode}`);
    const cookie = `gauge_session=${session.value}`;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<{ items?: { id: string }[]; nextCursor?: string | null }>();
    };
    const dept = w.departments[0].id;
    let cursor: string | null | undefined = null;
    let deepId = '';
    for (let i = 0; i < 200; i++) {
      const page: { items?: { id: string }[]; nextCursor?: string | null } = await get(`/api/workorders?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = page.nextCursor;
      deepId = page.items?.[0]?.id ?? deepId;
      if (!cursor) break;
    }
    const year = new Date(Date.now() - 365 * DAY).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    // The third element names the machine-readable figure (its p95, bench/figures.ts) a measure feeds, if any.
    const measures: [string, string, string?][] = [
      ['register first page (limit 20)', '/api/workorders?limit=20', 'register_p95'],
      ['filtered page status=dispatched + department', `/api/workorders?limit=20&status=dispatched&department=${dept}`],
      ['page 200 cursors deep (limit 20)', `/api/workorders?limit=20&cursor=${encodeURIComponent(cursor ?? '')}`],
      ['overdue filter', '/api/workorders?limit=20&overdue=true'],
      ['q=牙纹不良 (4 chars, ~6 % of rows)', `/api/workorders?limit=20&q=${encodeURIComponent('牙纹不良')}`, 'search_hit_p95'],
      ['q=主轴断裂 (4 chars, rare ~0.1 %)', `/api/workorders?limit=20&q=${encodeURIComponent('主轴断裂')}`],
      ['q=生锈 (2 chars)', `/api/workorders?limit=20&q=${encodeURIComponent('生锈')}`],
      ['q=断 (1 char, rare)', `/api/workorders?limit=20&q=${encodeURIComponent('断')}`],
      ['q=点蚀 (2 chars, no match)', `/api/workorders?limit=20&q=${encodeURIComponent('点蚀')}`],
      ['q=蚀 (1 char, no match)', `/api/workorders?limit=20&q=${encodeURIComponent('蚀')}`],
      // A term in no generated row (nor the demo's): the search cannot stop early and reads every row it may see.
      ['q=齿面点蚀 (4 chars, no match)', `/api/workorders?limit=20&q=${encodeURIComponent('齿面点蚀')}`, 'search_miss_p95'],
      // A bulk-loaded row through the detail presenter (its response schema checks the row is valid).
      ['work order detail (a bulk-loaded row)', `/api/workorders/${deepId}`],
      ['report groupBy=month,kind,severity, 1 year', `/api/reports/workorders?from=${year}&to=${today}&groupBy=month,kind,severity`, 'report_p95'],
      // What the report page asks for (src/web/reports/WorkOrderReportsPage.tsx), and the API's other groupings.
      ['report page: 6 groupings, 1 year', `/api/reports/workorders?from=${year}&to=${today}&groupBy=month,kind,channel,severity,department,product`, 'report_page_p95'],
      ['report groupBy=customer,problem, 1 year', `/api/reports/workorders?from=${year}&to=${today}&groupBy=customer,problem`],
      ['report groupBy=kind, one month', `/api/reports/workorders?from=${today.slice(0, 8)}01&to=${today}&groupBy=kind`],
      ['quarterly report (with 8D actions)', `/api/reports/workorders/quarterly?period=${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) + 2) / 3)}`],
    ];
    for (const [label, url, name] of measures) {
      const t = await time(async () => void (await get(url)));
      const slow = t.p50 > 1000 ? '  SLOW (> 1 s p50)' : '';
      console.log(`  ${label.padEnd(48)} p50 ${t.p50.toFixed(1).padStart(8)} ms   p95 ${t.p95.toFixed(1).padStart(8)} ms   (n=${t.n})${slow}`);
      if (name) figure(`${name}_${dialect}`, t.p95, 'ms');
    }
    let k = 0;
    const intake = await time(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/workorders', headers: { cookie }, payload: { ...INTAKE, customerCode: `C-${String(k++ % 3000).padStart(4, '0')}` } });
      if (res.statusCode !== 201) throw new Error(`intake → ${res.statusCode} ${res.body.slice(0, 300)}`);
    }, 60);
    console.log(`  ${'POST /api/workorders (intake) on the large table'.padEnd(48)} p50 ${intake.p50.toFixed(1).padStart(8)} ms   p95 ${intake.p95.toFixed(1).padStart(8)} ms   (n=${intake.n})`);
    await app.close();
  } finally {
    await opened.close();
    await target.drop();
  }
}

/** Entry point from bench/run.ts when `--large` is given. */
export async function largeSection(argv: string[]): Promise<void> {
  const i = argv.indexOf('--rows');
  const n = i >= 0 ? Number(argv[i + 1]) : 1_000_000;
  if (!Number.isInteger(n) || n < 1000) throw new Error('bench --large: --rows must be an integer ≥ 1000');
  const keep = argv.includes('--keep');
  // Qualifies the p95 figures that follow: they are for this many bulk-loaded work orders.
  figure('large_rows', n, 'rows');
  // --no-sqlite: PostgreSQL alone (with --postgres), e.g. to look at its plans with --keep.
  if (!argv.includes('--no-sqlite')) await runOne('sqlite', n, keep);
  if (argv.includes('--postgres')) await runOne('postgres', n, keep);
}
