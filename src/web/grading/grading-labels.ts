// Bilingual names of the grading vocabulary (docs/grading.md, docs/glossary.md). One table per code list, so a page
// shows the same words everywhere and the English switch never meets an untranslated code.
import type { ApplicationStatus, MineType } from '../../modules/grading/grading.schemas';

export interface Label {
  zh: string;
  en: string;
}

export const LEVEL_LABELS: Record<string, Label> = {
  一级: { zh: '一级', en: 'Level 1' },
  二级: { zh: '二级', en: 'Level 2' },
  三级: { zh: '三级', en: 'Level 3' },
  不达标: { zh: '不达标', en: 'Not up to standard' },
};

/** Tag colours by grade: the higher the grade, the stronger the colour. */
export const LEVEL_COLORS: Record<string, string> = { 一级: 'gold', 二级: 'blue', 三级: 'cyan', 不达标: 'red' };

export const MINE_TYPE_LABELS: Record<MineType, Label> = {
  underground: { zh: '井工', en: 'Underground' },
  open_pit: { zh: '露天', en: 'Open-pit' },
};

export const STATUS_LABELS: Record<ApplicationStatus, Label> = {
  submitted: { zh: '已申报', en: 'Submitted' },
  initial_review: { zh: '初审中', en: 'Initial review' },
  assessment: { zh: '考核中', en: 'Assessment' },
  public_notice: { zh: '公示中', en: 'Public notice' },
  announced: { zh: '已公告', en: 'Announced' },
  rejected: { zh: '未通过', en: 'Rejected' },
  disqualified: { zh: '取消资格', en: 'Disqualified' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const STATUS_COLORS: Record<ApplicationStatus, string> = {
  submitted: 'default',
  initial_review: 'processing',
  assessment: 'processing',
  public_notice: 'warning',
  announced: 'success',
  rejected: 'error',
  disqualified: 'error',
  withdrawn: 'default',
};

export const ACTION_LABELS: Record<string, Label> = {
  record_hidden_danger: { zh: '登记隐患', en: 'Record hidden danger' },
  rectify_hidden_danger: { zh: '提交整改报告', en: 'Submit rectification report' },
  initial_review_pass: { zh: '初审通过', en: 'Pass initial review' },
  initial_review_fail: { zh: '初审不通过', en: 'Fail initial review' },
  assess: { zh: '录入考核结果', en: 'Record assessment' },
  publish_notice: { zh: '发布公示', en: 'Publish notice' },
  resolve_objection: { zh: '处理异议', en: 'Resolve objection' },
  announce: { zh: '公告定级', en: 'Announce grade' },
  find_fraud: { zh: '认定弄虚作假', en: 'Find fraud' },
  withdraw: { zh: '撤回申报', en: 'Withdraw' },
};

export const EVENT_TYPE_LABELS: Record<string, Label> = {
  fatal_accident: { zh: '生产安全死亡事故', en: 'Fatal accident' },
  major_hidden_danger_production: { zh: '存在重大事故隐患且组织生产', en: 'Producing with a major hidden danger' },
  shutdown_started: { zh: '停产', en: 'Production stopped' },
  shutdown_ended: { zh: '复产', en: 'Production resumed' },
  failed_inspection: { zh: '检查考核未通过', en: 'Failed inspection' },
  spot_check_failed: { zh: '抽查不合格', en: 'Spot check failed' },
};

export const ACCIDENT_CLASS_LABELS: Record<string, Label> = {
  general: { zh: '一般事故', en: 'General' },
  larger: { zh: '较大事故', en: 'Larger' },
  major: { zh: '重大事故', en: 'Major' },
  especially_major: { zh: '特别重大事故', en: 'Especially major' },
};

export const HISTORY_KIND_LABELS: Record<string, Label> = {
  graded: { zh: '定级', en: 'Graded' },
  downgraded: { zh: '降级', en: 'Downgraded' },
  revoked: { zh: '撤消等级', en: 'Revoked' },
  extended: { zh: '直接延期', en: 'Extended' },
  event: { zh: '监管事件', en: 'Supervision event' },
  fraud: { zh: '弄虚作假', en: 'Fraud' },
  expired: { zh: '到期', en: 'Expired' },
};

export const HISTORY_KIND_COLORS: Record<string, string> = {
  graded: 'green',
  downgraded: 'orange',
  revoked: 'red',
  extended: 'blue',
  event: 'default',
  fraud: 'red',
  expired: 'default',
};

export const PROPOSAL_ACTION_LABELS: Record<string, Label> = {
  downgrade: { zh: '降级', en: 'Downgrade' },
  revoke: { zh: '撤消等级', en: 'Revoke' },
  none: { zh: '无需处理', en: 'No change' },
};

export const PROPOSAL_STATUS_LABELS: Record<string, Label> = {
  pending: { zh: '待确认', en: 'Pending' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  dismissed: { zh: '已驳回', en: 'Dismissed' },
  not_needed: { zh: '无需处理', en: 'Not needed' },
};

export const BAN_SCOPE_LABELS: Record<string, Label> = {
  一级: { zh: '不得申报一级', en: 'May not apply for Level 1' },
  二级及以上: { zh: '不得申报二级及以上', en: 'May not apply for Level 2 or above' },
  全部: { zh: '不得申报任何等级', en: 'May not apply for any level' },
};

export const ANNOUNCEMENT_KIND_LABELS: Record<string, Label> = {
  graded: { zh: '定级', en: 'Graded' },
  extended: { zh: '直接延期', en: 'Extended' },
  downgraded: { zh: '降级', en: 'Downgraded' },
  revoked: { zh: '撤消等级', en: 'Revoked' },
};

export const OBJECTION_STATUS_LABELS: Record<string, Label> = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '异议成立', en: 'Upheld' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
};

export const ASSESS_METHOD_LABELS: Record<string, Label> = {
  on_site: { zh: '现场检查', en: 'On-site check' },
  spot_check: { zh: '抽查', en: 'Spot check' },
};

/** Picks a label in the current language; an unknown code is shown as it is rather than hidden. */
export function label(table: Record<string, Label>, code: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!code) return '';
  const l = table[code];
  return l ? l[lang] : code;
}
