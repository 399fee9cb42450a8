import type { AppContext } from '../../platform/context';
import type { Trx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { hashPassword } from '../auth';
import { hasNoUsers, insertUnit, insertUser, replaceRoles, type RoleCode, type UnitKind } from '../org';

export const DEMO_PASSWORD = 'demo1234';

/** Ids of the demo world's units, by a stable key, for module seeders that add their own demo records. */
export type DemoUnits = Record<string, { id: string; path: string }>;
export type DemoUsers = Record<string, string>;
export type DemoSeeder = (ctx: AppContext, trx: Trx, world: { units: DemoUnits; users: DemoUsers; now: Date }) => Promise<void>;

interface UnitSpec {
  key: string;
  name: string;
  kind: UnitKind;
  parent?: string;
  attrs?: Record<string, unknown>;
}

const UNITS: UnitSpec[] = [
  { key: 'national', name: '国家煤矿安全监察局', kind: 'national_authority' },
  { key: 'province', name: '山西省煤矿安全生产标准化工作主管部门', kind: 'provincial_authority', parent: 'national' },
  { key: 'localSupervision', name: '大同市煤矿安全监管局', kind: 'local_supervision', parent: 'province' },
  { key: 'enterprise', name: '晋北煤业集团有限公司', kind: 'enterprise', parent: 'province' },
  { key: 'mineUnderground', name: '晋北一号井工煤矿', kind: 'mine', parent: 'enterprise', attrs: { mineType: 'underground' } },
  { key: 'mineOpenPit', name: '晋北二号露天煤矿', kind: 'mine', parent: 'enterprise', attrs: { mineType: 'open_pit' } },
  { key: 'company', name: '华锐精密机械有限公司', kind: 'company' },
  { key: 'sales', name: '营销部', kind: 'department', parent: 'company' },
  { key: 'quality', name: '品管部', kind: 'department', parent: 'company' },
  { key: 'production', name: '生产部', kind: 'department', parent: 'company' },
  { key: 'care', name: '客户关爱部', kind: 'department', parent: 'company' },
  { key: 'callCentre', name: '呼叫中心', kind: 'department', parent: 'company' },
];

interface UserSpec {
  username: string;
  displayName: string;
  unit: string;
  roles: [RoleCode, string][];
  email?: string;
  /** For the SMS a repair sends the people concerned (docs/callcenter.md "Emergency repairs"); demo numbers. */
  phone?: string;
}

// Company-wide roles are held on the company so the holder sees every department's work orders; a department
// head's role is held on the department only (docs/regulations.md#organisation-and-roles: a role covers its unit's subtree).
const USERS: UserSpec[] = [
  // The demo's administrator also holds the installation-wide role, so the demo can show every setting.
  { username: 'admin', displayName: '系统管理员', unit: 'company', roles: [['admin', 'company'], ['admin', 'national'], ['sysadmin', 'company']] },
  { username: 'agent', displayName: '坐席 王芳', unit: 'callCentre', roles: [['agent', 'company']] },
  { username: 'clerk', displayName: '营销部文员 李娜', unit: 'sales', roles: [['intake_clerk', 'company']] },
  { username: 'qe', displayName: 'QE 工程师 张伟', unit: 'quality', roles: [['qe', 'company']] },
  // Heads 生产部, which reports its emergency repairs to the call centre (docs/callcenter.md "Emergency repairs").
  { username: 'dept', displayName: '生产部部长 刘强', unit: 'production', roles: [['dept_head', 'production']], phone: '13855550005' },
  { username: 'manager', displayName: '总经理 陈明', unit: 'company', roles: [['manager', 'company']] },
  { username: 'callback', displayName: '回访专员 赵敏', unit: 'care', roles: [['callback_agent', 'company']] },
  // Confirms or dismisses the quality accidents proposed from approved 8Ds (docs/quality-loop.md); not a department
  // head of 品管部, which those accidents may book.
  { username: 'qam', displayName: '品保经理 何丽', unit: 'quality', roles: [['qa_manager', 'company']] },
  { username: 'director', displayName: '服务总监 孙杰', unit: 'company', roles: [['director', 'company']] },
  { username: 'supervisor', displayName: '呼叫中心主管 周静', unit: 'callCentre', roles: [['supervisor', 'company'], ['team_lead', 'callCentre']], phone: '13855550010' },
  // The call centre's team lead (班长): takes the departments' repairs, tells the people concerned, sends the crew.
  { username: 'lead', displayName: '呼叫中心班长 马骏', unit: 'callCentre', roles: [['team_lead', 'callCentre']], phone: '13855550011' },
  { username: 'mine', displayName: '一号井工煤矿 填报员', unit: 'mineUnderground', roles: [['mine_user', 'mineUnderground']] },
  { username: 'enterprise', displayName: '晋北煤业 标准化办公室', unit: 'enterprise', roles: [['enterprise_user', 'enterprise']] },
  { username: 'province', displayName: '省级审查员 吴刚', unit: 'province', roles: [['province_reviewer', 'province']] },
  { username: 'national', displayName: '国家级考核员 郑洁', unit: 'national', roles: [['national_assessor', 'national']] },
];

export const DEMO_USERNAMES = USERS.map((u) => u.username);

/** True when the database has no users yet: the only state in which the demo world is created. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  return hasNoUsers(ctx.db);
}

export async function seedDemo(ctx: AppContext, moduleSeeders: DemoSeeder[] = []): Promise<void> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const hash = await hashPassword(DEMO_PASSWORD);
  await ctx.db.transaction().execute(async (trx) => {
    const units: DemoUnits = {};
    for (const u of UNITS) {
      const id = newId();
      const path = `${u.parent ? units[u.parent].path : '/'}${id}/`;
      units[u.key] = { id, path };
      await insertUnit(trx, { id, parent_id: u.parent ? units[u.parent].id : null, path, kind: u.kind, name: u.name, code: null, attrs: JSON.stringify(u.attrs ?? {}), created_at: at, updated_at: at });
    }
    const users: DemoUsers = {};
    for (const u of USERS) {
      const id = newId();
      users[u.username] = id;
      await insertUser(trx, { id, username: u.username, display_name: u.displayName, unit_id: units[u.unit].id, email: u.email ?? `${u.username}@demo.gauge.local`, phone: u.phone ?? null, password_hash: hash, active: 1, created_at: at, updated_at: at });
      await replaceRoles(trx, id, u.roles.map(([role, unit]) => ({ role, unitId: units[unit].id })));
    }
    for (const seeder of moduleSeeders) await seeder(ctx, trx, { units, users, now });
    await recordAudit(trx, { at, actor: null, action: 'demo.seed', subjectType: 'system', note: `演示数据：${UNITS.length} 个单位、${USERS.length} 个用户` });
  });
}
