import { parse as parseYaml } from 'yaml';
import { WorkCalendar, loadShippedYears } from '../../core/calendar';
import { evaluate, shippedCompiledPack, shippedPack } from '../../core/rules';
import { TERMINAL_STATUSES, type FlowAction, type FlowStatus } from '../../core/workflow/flow';
import { specsFor, type ComplaintPolicy, type DeadlineTrigger } from '../../core/workflow/policy';
import { deriveFacts, packFacts, severityRank } from '../../core/workflow/severity';
import type { Trx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import type { DemoSeeder } from '../demo';
import { userDisplayNames } from '../org';
import { pauseDeadlines, settleDeadlines, startDeadlines } from './workorders.deadlines';
import { shippedPolicyText } from './workorders.policy';
import * as repo from './workorders.repository';
import { recordRollupChange, rollupState } from './workorders.rollups';
import type { Report8dFields, WorkOrderCreate } from './workorders.schemas';
import { insertPrepared, type Prepared } from './workorders.intake';

// Demo work orders (docs/workorders.md): a dozen realistic cases in various states, in the words of the seed documents.
// The seeder runs inside the demo world's transaction, where nothing may read through ctx.db (SQLite has one
// connection), so it uses the shipped policy, rule pack and calendar years directly — at seeding time the
// database holds exactly those — and replays each case's steps with the same deadline rules as the service.

interface Step {
  action: FlowAction;
  to: FlowStatus;
  by: string;
  hoursAfter: number;
  patch?: Partial<repo.WorkOrderRow>;
  start?: DeadlineTrigger;
  note?: string;
  report?: Report8dFields;
}

interface DemoCase {
  input: WorkOrderCreate;
  daysAgo: number;
  /** Received this many hours before seeding instead (a repair's deadlines run in calendar hours). */
  hoursAgo?: number;
  by: string;
  /** Reported by 生产部 itself: a repair names its department at intake (docs/callcenter.md "Emergency repairs"). */
  reportedByDepartment?: boolean;
  steps: Step[];
}

const EIGHT_D: Report8dFields = {
  d1Team: '生产部 刘强（组长）、品管部 张伟、工艺 陈工',
  d2Problem: '主轴在客户装配后试运行 2 小时断裂，断口位于退刀槽',
  d3Containment: '在库 600 件冻结，客户处 120 件召回复检',
  d4RootCause: '热处理炉温漂移，硬度超上限导致脆断；炉温记录未设报警',
  d5Actions: '炉温控制器校准并加报警；退刀槽 R 角由 0.2 改 0.5',
  d6Verification: '改善后 3 批硬度、金相全部合格',
  d7Prevention: '热处理 SPC 纳入日点检；FMEA 更新',
  d8Closure: '小组总结，经验分享至各车间',
};

const CASES = (dept: string, deptPath: string): DemoCase[] => [
  {
    input: { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '上海联合汽配有限公司', customerCode: 'C-SH-001', contactName: '王经理', contactPhone: '13800001111', productCode: 'HR-M10-30', productName: 'M10×30 外六角螺栓', problem: '螺纹牙纹不良，通规不过', problemCategory: '牙纹不良', shipDate: '2026-02-20', shipQuantity: 10000, lotSize: 10000, defectCount: 150, foundAt: '进料检验' },
    daysAgo: 2,
    by: 'agent',
    steps: [
      { action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.5, patch: { department_id: dept, department_path: deptPath } },
      { action: 'sign', to: 'in_progress', by: 'dept', hoursAfter: 2 },
    ],
  },
  {
    input: { kind: 'complaint', channel: 'email', category: 'delivery', customerName: '无锡机电设备有限公司', customerCode: 'C-WX-017', contactEmail: 'purchase@wxjd.example.com', productCode: 'HR-NUT-M8', problem: '到货短装 200 件', problemCategory: '短装', foundAt: '收货点数' },
    daysAgo: 0,
    by: 'agent',
    steps: [],
  },
  {
    input: { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '宁波五金制品厂', contactPhone: '13900002222', productCode: 'HR-M6-20', problem: '整批标签错误，规格标成 M6×25', problemCategory: '标签错误', shipDate: '2026-02-26', shipQuantity: 5000, defectRate: 1, foundAt: '装配线', facts: { lineStopped: true } },
    daysAgo: 1,
    by: 'agent',
    steps: [{ action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.5, patch: { department_id: dept, department_path: deptPath } }],
  },
  {
    input: { kind: 'complaint', channel: 'in_person', category: 'quality', customerName: '常州重工机械有限公司', customerCode: 'C-CZ-003', keyCustomer: true, productCode: 'HR-SP-40', productName: '主轴 Φ40', problem: '主轴断裂', problemCategory: '主轴断裂', shipDate: '2026-02-10', shipQuantity: 120, lotSize: 120, defectCount: 2, foundAt: '终端用户', facts: { functionalFailure: true } },
    daysAgo: 3,
    by: 'clerk',
    steps: [
      { action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.5, patch: { department_id: dept, department_path: deptPath } },
      { action: 'sign', to: 'in_progress', by: 'dept', hoursAfter: 1 },
      { action: 'submit_8d', to: 'review_8d', by: 'dept', hoursAfter: 20, report: EIGHT_D },
    ],
  },
  {
    input: { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '苏州精工科技有限公司', productCode: 'HR-BRG-6204', problem: '轴承卡死', problemCategory: '轴承卡死', shipDate: '2026-02-15', shipQuantity: 800, lotSize: 800, defectCount: 12, foundAt: '装配线', facts: { functionalFailure: true } },
    daysAgo: 6,
    by: 'agent',
    steps: [
      { action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.3, patch: { department_id: dept, department_path: deptPath } },
      { action: 'sign', to: 'in_progress', by: 'dept', hoursAfter: 1 },
      { action: 'submit_8d', to: 'review_8d', by: 'dept', hoursAfter: 18, report: { ...EIGHT_D, d2Problem: '轴承装配后卡死', d4RootCause: '清洗不净，铁屑残留' } },
      { action: 'pass_8d', to: 'review_8d', by: 'qe', hoursAfter: 22, patch: { qe_passed: 1 } },
      { action: 'approve_8d', to: 'approved', by: 'manager', hoursAfter: 26 },
      { action: 'reply', to: 'replied', by: 'agent', hoursAfter: 28, patch: { reply_text: '已增加超声波清洗工序，补发 12 件' }, start: 'reply' },
      { action: 'callback', to: 'closed', by: 'callback', hoursAfter: 60, patch: { satisfied: 1 } },
    ],
  },
  {
    input: { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '杭州电动工具有限公司', productCode: 'HR-RF-01', problem: '反光片错装', problemCategory: '反光片错装', shipDate: '2026-02-24', shipQuantity: 2000, lotSize: 2000, defectCount: 40, foundAt: '进料检验' },
    daysAgo: 2,
    by: 'agent',
    steps: [
      { action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.5, patch: { department_id: dept, department_path: deptPath } },
      { action: 'sign', to: 'in_progress', by: 'dept', hoursAfter: 1 },
      { action: 'submit_8d', to: 'review_8d', by: 'dept', hoursAfter: 6, report: { ...EIGHT_D, d2Problem: '反光片左右错装', d4RootCause: '工装无防错', d5Actions: '增加防错销' } },
      { action: 'pass_8d', to: 'review_8d', by: 'qe', hoursAfter: 8, patch: { qe_passed: 1 } },
      { action: 'approve_8d', to: 'approved', by: 'manager', hoursAfter: 9 },
      { action: 'reply', to: 'replied', by: 'agent', hoursAfter: 10, patch: { reply_text: '已加防错工装并全检库存' }, start: 'reply' },
    ],
  },
  {
    input: { kind: 'complaint', channel: 'phone', category: 'other', customerName: '个人客户 刘先生', contactPhone: '13600003333', problem: '询问价格被记成投诉' },
    daysAgo: 1,
    by: 'agent',
    steps: [{ action: 'reject_invalid', to: 'invalid', by: 'clerk', hoursAfter: 0.5, patch: { invalid_reason: '非有效投诉：已致谢并解释价格政策' } }],
  },
  {
    input: { kind: 'suggestion', channel: 'suggestion_box', customerName: '老客户 陈女士', problem: '建议包装内增加防潮袋' },
    daysAgo: 4,
    by: 'clerk',
    steps: [{ action: 'reply', to: 'replied', by: 'clerk', hoursAfter: 30, patch: { reply_text: '建议已采纳，下月起出口包装增加防潮袋', adopted: 1 }, start: 'reply' }],
  },
  { input: { kind: 'inquiry', channel: 'phone', problem: '询问 M8 8.8 级螺栓推荐扭矩', answeredOnSpot: true, answer: '推荐 25 N·m，详见技术手册' }, daysAgo: 0, by: 'agent', steps: [] },
  { input: { kind: 'inquiry', channel: 'web', customerName: '广州汽配城 黄老板', problem: '询问 3 月交期' }, daysAgo: 0, by: 'agent', steps: [] },
  { input: { kind: 'praise', channel: 'letter', customerName: '重庆客户 周先生', problem: '表扬坐席王芳耐心解答', staffName: '王芳' }, daysAgo: 5, by: 'clerk', steps: [{ action: 'close', to: 'closed', by: 'supervisor', hoursAfter: 2 }] },
  {
    input: { kind: 'complaint', channel: 'phone', category: 'quality', customerName: '青岛港机有限公司', productCode: 'HR-BOLT-HDG', problem: '镀锌层盐雾试验不合格', problemCategory: '盐雾不良', shipDate: '2026-02-18', shipQuantity: 3000, lotSize: 3000, defectCount: 90, foundAt: '客户实验室' },
    daysAgo: 1,
    by: 'agent',
    steps: [
      { action: 'dispatch', to: 'dispatched', by: 'clerk', hoursAfter: 0.5, patch: { department_id: dept, department_path: deptPath } },
      { action: 'sign', to: 'in_progress', by: 'dept', hoursAfter: 1 },
      { action: 'pause', to: 'in_progress', by: 'dept', hoursAfter: 3, patch: { paused: 1 }, note: '试验及制样：复测盐雾 72 小时，已告知客户' },
    ],
  },
  // 生产部 reports an emergency repair a quarter of an hour ago: the team lead (lead) finds it first in 我的待办, to take on,
  // tell the people concerned by SMS and send the crew (呼叫中心岗位职责 cl. 3.1(2)).
  {
    input: { kind: 'emergency_repair', channel: 'phone', customerName: '生产部 二车间', contactName: '刘强', contactPhone: '13855550020', place: '二车间 3 号冷镦机', problem: '冷镦机主电机跳闸，产线停机' },
    daysAgo: 0,
    hoursAgo: 0.25,
    by: 'dept',
    reportedByDepartment: true,
    steps: [],
  },
];

export const seedWorkOrders: DemoSeeder = async (ctx, trx, world) => {
  const policy = parseYaml(shippedPolicyText()) as ComplaintPolicy;
  await repo.insertPolicy(trx, { version: 1, document: JSON.stringify(policy), yaml: shippedPolicyText(), note: 'shipped with the release (policies/complaint-policy.yaml)', created_at: world.now.toISOString(), created_by: null, created_by_name: null });
  const cal = new WorkCalendar({ years: loadShippedYears() });
  const pack = shippedPack(policy.severity.pack)!;
  const compiled = shippedCompiledPack(policy.severity.pack)!;
  const company = world.units.company;
  const production = world.units.production;
  const sameProblem = new Map<string, number>();
  const names = await userDisplayNames(trx);
  const actor = (username: string) => ({ id: world.users[username], displayName: names.get(world.users[username]) ?? username, username, unitId: company.id, unitPath: company.path, roles: [] });
  for (const c of CASES(production.id, production.path)) {
    const receivedAt = new Date(world.now.getTime() - (c.hoursAgo !== undefined ? c.hoursAgo * 3600_000 : c.daysAgo * 86_400_000 + 3600_000));
    const key = `${c.input.productCode ?? ''}|${c.input.problemCategory ?? ''}`;
    const earlier = sameProblem.get(key) ?? 0;
    sameProblem.set(key, earlier + 1);
    let sev: Prepared['sev'] = { severity: null, rank: 0, explain: null, facts: c.input.facts ?? {} };
    if (policy.severity.kinds.includes(c.input.kind)) {
      const derived = deriveFacts({ defectRate: c.input.defectRate, lotSize: c.input.lotSize, defectCount: c.input.defectCount, earlierSameProblemThisMonth: c.input.productCode && c.input.problemCategory ? earlier : 0 });
      const facts = packFacts(policy.severity.derive, derived, c.input.facts ?? {}, Object.keys(pack.facts));
      const ev = evaluate(compiled, facts, cal.localDate(receivedAt));
      sev = { severity: ev.level, rank: severityRank(pack.levels.map((l) => l.id), pack.fallback, ev.level), facts, explain: { packId: pack.id, packVersion: 1, proposed: ev.level, reasons: ev.explain, refused: ev.refused, facts, override: null } };
    }
    const prepared: Prepared = {
      args: { input: { ...c.input, receivedAt: receivedAt.toISOString() }, actor: actor(c.by), unit: company, receiving: world.units.callCentre, department: c.reportedByDepartment ? production : undefined, trackingNumber: null },
      policy,
      policyVersion: 1,
      cal,
      sev,
      receivedAt: receivedAt.toISOString(),
      now: new Date(receivedAt.getTime() + 10 * 60_000),
    };
    const { row } = await insertPrepared(ctx, trx, prepared);
    await replay(ctx, trx, policy, cal, row, c.steps, receivedAt, actor);
  }
};

async function replay(
  ctx: Parameters<DemoSeeder>[0],
  trx: Trx,
  policy: ComplaintPolicy,
  cal: WorkCalendar,
  created: repo.WorkOrderRow,
  steps: Step[],
  receivedAt: Date,
  actor: (u: string) => { id: string; displayName: string },
): Promise<void> {
  let wo = created;
  const countedBefore = await rollupState(trx, wo.id);
  for (const s of steps) {
    const at = new Date(receivedAt.getTime() + s.hoursAfter * 3600_000);
    const from = wo.status;
    const patch = { ...s.patch, status: s.to, updated_at: at.toISOString() };
    await repo.updateWorkOrder(trx, wo.id, wo.version, patch);
    wo = { ...wo, ...patch, version: wo.version + 1 };
    await settleDeadlines(ctx, trx, policy, wo, at, s.action);
    if (TERMINAL_STATUSES.includes(s.to)) await settleDeadlines(ctx, trx, policy, wo, at, 'all');
    if (s.action === 'pause') await pauseDeadlines(trx, wo.id, at.toISOString());
    if (s.start) await startDeadlines(trx, cal, policy, wo, specsFor(policy, s.start, wo), at.toISOString());
    if (s.report) {
      await repo.insertReport(trx, { id: newId(at.getTime()), work_order_id: wo.id, revision: 1, fields: JSON.stringify(s.report), status: 'submitted', submitted_by: actor(s.by).displayName, submitted_at: at.toISOString(), outcome: null, reason: null, decided_by: null, decided_at: null, root_cause_category: null, root_cause_id: null });
    }
    if (s.action === 'pass_8d' || s.action === 'approve_8d') {
      const last = (await repo.reportsOf(trx, wo.id)).pop();
      const status = s.action === 'pass_8d' ? 'passed' : 'approved';
      if (last) await repo.updateReport(trx, last.id, { status, outcome: status, decided_by: actor(s.by).displayName, decided_at: at.toISOString() });
    }
    const who = actor(s.by);
    await repo.insertEvent(trx, { id: newId(at.getTime()), work_order_id: wo.id, at: at.toISOString(), event: s.action === 'callback' ? 'callback_satisfied' : s.action, actor_id: who.id, actor_name: who.displayName, from_status: from, to_status: s.to, note: s.note ?? null, public: 1, data: null });
  }
  await recordRollupChange(trx, countedBefore, await rollupState(trx, wo.id));
}
