// The role catalogue (docs/regulations.md#organisation-and-roles), pure data: the server checks roles by these codes, the web shows their names.
// Modules check roles by these codes (modules/org/roles.ts re-exports them); docs/glossary.md lists them with the Chinese terms.

export const ROLES = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  // Settings of the whole installation (calendar, shipped rule packs, complaint policy, scoring standards,
  // top-level units) and the whole organisation tree; held in addition to `admin` (docs/admin.md).
  sysadmin: { zh: '全局系统管理员', en: 'Installation administrator' },
  agent: { zh: '坐席', en: 'Agent' },
  team_lead: { zh: '班长', en: 'Team lead' },
  deputy_supervisor: { zh: '副主管', en: 'Deputy supervisor' },
  supervisor: { zh: '主管', en: 'Call-centre supervisor' },
  intake_clerk: { zh: '营销部文员', en: 'Intake clerk' },
  qe: { zh: 'QE 工程师', en: 'QE engineer' },
  dept_head: { zh: '部门负责人', en: 'Department head' },
  director: { zh: '总监', en: 'Director' },
  manager: { zh: '总经理 / 管理者代表', en: 'General manager / management representative' },
  // Head of QA (品保部): confirms or dismisses the quality accidents proposed at 8D approval (事故扣分标准 cl. 2;
  // docs/quality-loop.md). A role of its own, because the QA department may be booked in the same accident.
  qa_manager: { zh: '品保经理', en: 'QA manager' },
  callback_agent: { zh: '回访专员', en: 'Callback agent' },
  mine_user: { zh: '煤矿填报员', en: 'Mine filler' },
  enterprise_user: { zh: '煤矿企业', en: 'Enterprise' },
  province_reviewer: { zh: '省级审查员', en: 'Provincial reviewer' },
  national_assessor: { zh: '国家级考核员', en: 'National assessor' },
} as const;

export type RoleCode = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as RoleCode[];

export const UNIT_KINDS = {
  national_authority: { zh: '国家煤矿安全监察局', en: 'National authority' },
  provincial_authority: { zh: '省级主管部门', en: 'Provincial authority' },
  local_supervision: { zh: '煤矿安全监管监察部门', en: 'Local supervision' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  company: { zh: '公司', en: 'Company' },
  unit: { zh: '单位（煤矿/门店）', en: 'Unit (mine / store)' },
  mine: { zh: '煤矿', en: 'Mine' },
  department: { zh: '部门', en: 'Department' },
} as const;

export type UnitKind = keyof typeof UNIT_KINDS;
export const UNIT_KIND_CODES = Object.keys(UNIT_KINDS) as UnitKind[];
