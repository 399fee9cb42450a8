// Audit action, subject-type and field labels (中文, English) for every code the modules record (grep recordAudit).
// The audit log is read by people, not by developers (docs/web.md): an action shows as words, the raw code only in a
// tooltip; a code not listed here still gets words from its module and verb (see actionLabel), never the code.
import { ACTION_LABELS as GRADING_ACTIONS } from '../grading/grading-labels';
import { ACTIONS as WORKORDER_ACTIONS } from '../workorders/labels';

type Pair = [string, string];

export const ACTIONS: Record<string, Pair> = {
  'auth.login': ['登录', 'Signed in'],
  'auth.login_failed': ['登录失败', 'Failed sign-in'],
  'auth.logout': ['退出登录', 'Signed out'],
  'auth.password_change': ['修改密码', 'Changed password'],
  'unit.create': ['新建单位', 'Created unit'],
  'unit.update': ['修改单位', 'Edited unit'],
  'unit.delete': ['删除单位', 'Deleted unit'],
  'user.create': ['新建用户', 'Created user'],
  'user.create_admin': ['创建管理员', 'Created administrator'],
  'user.update': ['修改用户', 'Edited user'],
  'user.password_reset': ['重置密码', 'Reset password'],
  'demo.seed': ['初始化演示数据', 'Seeded demo data'],
  'webhook.create': ['登记 Webhook', 'Registered webhook'],
  'webhook.delete': ['删除 Webhook', 'Deleted webhook'],
  'quality_accident.propose': ['提出质量事故', 'Proposed quality accident'],
  'quality_accident.confirm': ['认定质量事故', 'Confirmed quality accident'],
  'quality_accident.dismiss': ['驳回质量事故', 'Dismissed quality accident'],
  'root_cause.create': ['新增原因分类', 'Added root cause'],
  'root_cause.update': ['修改原因分类', 'Edited root cause'],
  'knowledge.create': ['新建话术', 'Added knowledge entry'],
  'knowledge.update': ['修改话术', 'Edited knowledge entry'],
  'knowledge.delete': ['删除话术', 'Deleted knowledge entry'],
  'workorder.sms': ['发送短信', 'Sent SMS'],
  'grading.demo.seed': ['初始化定级演示数据', 'Seeded grading demo data'],
  'workorder.create': ['登记工单', 'Registered work order'],
  'workorder.import': ['导入工单登记表', 'Imported register'],
  'workorder.deadline_missed': ['工单期限超期', 'Work-order deadline missed'],
  'workorder.deadlines_recomputed': ['日历变更后重算工单期限', 'Deadlines recomputed after a calendar change'],
  'complaint_policy.publish': ['发布客诉策略', 'Published complaint policy'],
  'calendar.settings.update': ['修改工作时间', 'Edited working hours'],
  'calendar.settings.delete': ['删除单位工作时间', 'Removed unit working hours'],
  'calendar.override.set': ['调整日历单日', 'Overrode a calendar day'],
  'calendar.override.delete': ['撤销单日调整', 'Removed a day override'],
  'calendar.year.import': ['导入节假日安排', 'Imported holiday schedule'],
  'calendar.year.replace': ['替换节假日安排', 'Replaced holiday schedule'],
  'rules.version.create': ['发布规则包新版本', 'Published rule-pack version'],
  'accident.record': ['登记管理事故', 'Recorded accident'],
  'staff.create': ['新增员工', 'Added staff member'],
  'staff.update': ['修改员工', 'Edited staff member'],
  'staff.delete': ['删除员工', 'Removed staff member'],
  'grading.mine.create': ['新增煤矿', 'Added mine'],
  'grading.application.submit': ['提交定级申报', 'Submitted application'],
  'grading.attachment.upload': ['上传证明材料', 'Uploaded evidence'],
  'grading.objection.file': ['提出公示异议', 'Filed objection'],
  'grading.event.record': ['登记监管事件', 'Recorded supervision event'],
  'grading.grade.remind': ['提醒等级到期', 'Reminded of grade expiry'],
  'grading.grade.expire': ['等级到期失效', 'Grade expired'],
  'grading.extension.submit': ['申请直接延期', 'Applied for direct extension'],
  'grading.self_inspection.record': ['记录自查', 'Recorded self-inspection'],
  'grading.sheet.create': ['新建评分表', 'Created score sheet'],
  'grading.sheet.update': ['保存评分表', 'Saved score sheet'],
  'grading.template.add': ['新增评分标准', 'Added scoring standard'],
  'grading.template.weights': ['修改评分权重', 'Changed weights'],
  'grading.province_config.update': ['修改省级定级配置', 'Edited province settings'],
  'grading.deadlines.recompute': ['日历变更后重算定级期限', 'Grading deadlines recomputed'],
};

export const SUBJECTS: Record<string, Pair> = {
  unit: ['单位', 'Unit'],
  user: ['用户', 'User'],
  system: ['系统', 'System'],
  webhook: ['Webhook', 'Webhook'],
  quality_accident: ['质量事故', 'Quality accident'],
  root_cause: ['原因分类', 'Root cause'],
  knowledge_entry: ['话术条目', 'Knowledge entry'],
  work_order: ['工单', 'Work order'],
  work_order_import: ['工单导入', 'Register import'],
  work_order_deadline: ['工单期限', 'Work-order deadline'],
  complaint_policy: ['客诉策略', 'Complaint policy'],
  calendar_day: ['日历单日', 'Calendar day'],
  calendar_year: ['日历年度', 'Calendar year'],
  setting: ['设置', 'Setting'],
  rule_pack: ['规则包', 'Rule pack'],
  accident: ['管理事故', 'Accident'],
  staff_member: ['员工', 'Staff member'],
  grading_mine: ['煤矿', 'Mine'],
  grading_application: ['定级申报', 'Grading application'],
  grading_extension: ['直接延期', 'Direct extension'],
  grading_sheet: ['评分表', 'Score sheet'],
  grading_template: ['评分标准', 'Scoring standard'],
  grading_province_config: ['省级配置', 'Province settings'],
  grading_proposal: ['降级/撤消建议', 'Downgrade proposal'],
  grading_attachment: ['证明材料', 'Evidence'],
};

const MODULES: Record<string, Pair> = {
  workorder: ['工单', 'Work order'],
  grading: ['定级', 'Grading'],
  calendar: ['工作日历', 'Calendar'],
  rules: ['规则库', 'Rules'],
  knowledge: ['话术库', 'Scripts and answers'],
  staff: ['员工等级', 'Staff'],
  accident: ['管理事故', 'Accidents'],
  auth: ['账户', 'Account'],
  unit: ['单位', 'Unit'],
  user: ['用户', 'User'],
};

const EXTENSION_ACTIONS: Record<string, Pair> = {
  province_approve: ['省级审核通过直接延期', 'Province approved direct extension'],
  province_reject: ['省级驳回直接延期', 'Province refused direct extension'],
  national_file: ['国家局备案直接延期', 'National authority filed direct extension'],
};

/** Words for an action code: the table, then the module's own action labels, then "module · 其他操作". */
export function actionLabel(code: string, lang: 'zh' | 'en'): string {
  const pick = (p: Pair) => (lang === 'zh' ? p[0] : p[1]);
  if (ACTIONS[code]) return pick(ACTIONS[code]);
  const [module, ...rest] = code.split('.');
  const verb = rest[rest.length - 1] ?? '';
  if (module === 'workorder' && WORKORDER_ACTIONS[verb]) return `${pick(MODULES.workorder)} · ${WORKORDER_ACTIONS[verb][lang]}`;
  if (code.startsWith('grading.application.') && GRADING_ACTIONS[verb]) return `${pick(MODULES.grading)} · ${GRADING_ACTIONS[verb][lang]}`;
  if (code.startsWith('grading.extension.') && EXTENSION_ACTIONS[verb]) return pick(EXTENSION_ACTIONS[verb]);
  const m = MODULES[module];
  return m ? `${pick(m)} · ${lang === 'zh' ? '其他操作' : 'other action'}` : lang === 'zh' ? '其他操作' : 'Other action';
}

/** The label of a code in the chosen language; a code with none reads as "其他" rather than as the code. */
export const labelOf = (table: Record<string, Pair>, code: string, lang: 'zh' | 'en') => {
  const pair = table[code];
  return pair ? (lang === 'zh' ? pair[0] : pair[1]) : lang === 'zh' ? '其他' : 'Other';
};

/** Field names of the before/after images, for the readable comparison. */
export const FIELDS: Record<string, Pair> = {
  status: ['状态', 'Status'],
  version: ['版本', 'Version'],
  number: ['工单号', 'Number'],
  kind: ['类型', 'Kind'],
  severity: ['严重程度', 'Severity'],
  severity_rank: ['程度排序', 'Severity rank'],
  severity_explain: ['程度判定说明', 'Severity explanation'],
  policyVersion: ['策略版本', 'Policy version'],
  name: ['名称', 'Name'],
  displayName: ['姓名', 'Name'],
  username: ['用户名', 'Username'],
  email: ['邮箱', 'E-mail'],
  phone: ['电话', 'Phone'],
  active: ['启用', 'Active'],
  roles: ['角色', 'Roles'],
  unitId: ['所属单位', 'Unit'],
  unit_id: ['所属单位', 'Unit'],
  parentId: ['上级单位', 'Parent unit'],
  department_id: ['责任部门', 'Department'],
  department_path: ['责任部门路径', 'Department path'],
  owner_unit_id: ['当前处理单位', 'Owner unit'],
  reply_text: ['答复内容', 'Reply'],
  invalid_reason: ['无效原因', 'Invalid because'],
  adopted: ['采纳', 'Adopted'],
  satisfied: ['满意', 'Satisfied'],
  paused: ['暂停', 'Paused'],
  escalated: ['已升级', 'Escalated'],
  level: ['等级', 'Level'],
  note: ['备注', 'Note'],
  reason: ['原因', 'Reason'],
  date: ['日期', 'Date'],
  action: ['操作', 'Action'],
  weights: ['权重', 'Weights'],
  facts: ['判定事实', 'Facts'],
};
