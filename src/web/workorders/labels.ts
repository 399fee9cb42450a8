import { CATEGORY_LABELS, CHANNEL_LABELS, DEADLINE_LABELS, KIND_LABELS, STATUS_LABELS, type Label } from '../../core/workflow/labels';
import type { Report8dFields } from './types';

// Bilingual labels and colours for the complaint desk (docs/workorders.md). The codes are the API's; the Chinese terms
// are the seed's own words so the desk reads like the paper forms it replaces (docs/glossary.md).

export type { Label };

// Kinds, channels, categories, statuses and deadline names come from the one table the server uses too
// (src/core/workflow/labels.ts), so the form, the .xlsx register, its import and the messages agree.
export const KINDS: Record<string, Label> = KIND_LABELS;
export const CHANNELS: Record<string, Label> = CHANNEL_LABELS;
export const CATEGORIES: Record<string, Label> = CATEGORY_LABELS;

const STATUS_COLOURS: Record<string, string> = {
  received: 'default',
  accepted: 'cyan',
  dispatched: 'blue',
  in_progress: 'geekblue',
  review_8d: 'purple',
  approved: 'gold',
  replied: 'orange',
  taken: 'cyan',
  notified: 'blue',
  crew_assigned: 'geekblue',
  on_site: 'purple',
  repaired: 'orange',
  closed: 'green',
  invalid: 'default',
};
export const STATUSES: Record<string, Label & { colour: string }> = Object.fromEntries(
  Object.entries(STATUS_LABELS).map(([code, l]) => [code, { ...l, colour: STATUS_COLOURS[code] ?? 'default' }]),
);

/** Severity ids are the rule packs' own level ids (pedal: 一般/批量/严重; QA: 严重抱怨/一般异常抱怨/偶发性异常抱怨). */
export const SEVERITIES: Record<string, Label & { colour: string }> = {
  一般: { zh: '一般', en: 'General', colour: 'blue' },
  批量: { zh: '批量', en: 'Batch', colour: 'orange' },
  严重: { zh: '严重', en: 'Serious', colour: 'red' },
  严重抱怨: { zh: '严重抱怨', en: 'Serious', colour: 'red' },
  一般异常抱怨: { zh: '一般异常抱怨', en: 'General abnormal', colour: 'orange' },
  偶发性异常抱怨: { zh: '偶发性异常抱怨', en: 'Occasional abnormal', colour: 'blue' },
};

export const DEADLINES: Record<string, Label> = DEADLINE_LABELS;

export const DEADLINE_STATES: Record<string, Label & { colour: string }> = {
  running: { zh: '进行中', en: 'Running', colour: 'processing' },
  paused: { zh: '已暂停', en: 'Paused', colour: 'warning' },
  met: { zh: '按时完成', en: 'Met', colour: 'success' },
  missed: { zh: '已超期', en: 'Missed', colour: 'error' },
};

export const ACTIONS: Record<string, Label> = {
  accept: { zh: '受理', en: 'Accept' },
  reject_invalid: { zh: '判为无效投诉', en: 'Reject as invalid' },
  set_severity: { zh: '改判程度', en: 'Override severity' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign for it' },
  object: { zh: '提出异议', en: 'Object to assignment' },
  decide_objection: { zh: '裁定异议', en: 'Decide objection' },
  submit_8d: { zh: '提交 8D 报告', en: 'Submit 8D report' },
  return_8d: { zh: '退回 8D', en: 'Return 8D' },
  pass_8d: { zh: '8D 审核通过', en: 'Pass 8D review' },
  approve_8d: { zh: '批准 8D', en: 'Approve 8D' },
  pause: { zh: '暂停计时', en: 'Pause clock' },
  resume: { zh: '恢复计时', en: 'Resume clock' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  grant_extension: { zh: '批准延期', en: 'Grant extension' },
  escalate: { zh: '升级至总监', en: 'Escalate to director' },
  reply: { zh: '答复客户', en: 'Reply to customer' },
  callback: { zh: '记录回访', en: 'Record callback' },
  reopen: { zh: '升级投诉（重开）', en: 'Reopen as upgraded complaint' },
  close: { zh: '结案归档', en: 'Close and archive' },
  take: { zh: '接单', en: 'Take on' },
  notify: { zh: '通知相关人员', en: 'Tell the people concerned' },
  assign_crew: { zh: '派工', en: 'Send the crew' },
  record_arrival: { zh: '记录到场', en: 'Record arrival' },
  complete_repair: { zh: '记录完工', en: 'Record completion' },
};

/** The eight disciplines of an 8D report (顾客抱怨办法 cl. 4.1; docs/workorders.md#handling-steps, step 4), in order. */
export const EIGHT_D: { key: Exclude<keyof Report8dFields, 'd4Category' | 'd4CauseId'>; zh: string; en: string }[] = [
  { key: 'd1Team', zh: 'D1 成立小组', en: 'D1 Team' },
  { key: 'd2Problem', zh: 'D2 问题描述', en: 'D2 Problem description' },
  { key: 'd3Containment', zh: 'D3 围堵措施', en: 'D3 Containment' },
  { key: 'd4RootCause', zh: 'D4 根本原因', en: 'D4 Root cause' },
  { key: 'd5Actions', zh: 'D5 选定纠正措施', en: 'D5 Corrective actions chosen' },
  { key: 'd6Verification', zh: 'D6 实施并验证', en: 'D6 Implemented and verified' },
  { key: 'd7Prevention', zh: 'D7 预防再发生', en: 'D7 Prevent recurrence' },
  { key: 'd8Closure', zh: 'D8 结案与表彰', en: 'D8 Close and recognise' },
];

export function label(map: Record<string, Label>, code: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!code) return '';
  const l = map[code];
  return l ? l[lang] : code;
}

/** Roles that work the complaint desk (docs/regulations.md#organisation-and-roles); grading-only users do not see it. */
export const DESK_ROLES = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent', 'qa_manager'] as const;
/** Who reads the desk's reports (docs/workorders.md#reports). */
export const REPORT_ROLES = ['supervisor', 'director', 'manager', 'qe', 'admin'] as const;

/** 8D review outcomes (Report8dView.status / history.outcome). */
export const REVIEW_OUTCOMES: Record<string, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'submitted' },
  returned: { zh: '被退回', en: 'returned' },
  passed: { zh: '审核通过', en: 'passed' },
  approved: { zh: '已批准', en: 'approved' },
};

/** Who may register and import work orders (the server's CREATE_ROLES; it checks again). */
export const CREATE_ROLES = ['agent', 'intake_clerk', 'supervisor', 'team_lead', 'director', 'admin'] as const;
/** Who may report a repair (报修, 抢修): the registering roles and a department head (the server's INTAKE_ROLES). */
export const REPAIR_REPORT_ROLES = [...CREATE_ROLES, 'dept_head'] as const;
/** Who is shown recurring invalid complaints (docs/workorders.md#intake: "flagged for a supervisor"). */
export const SUPERVISION_ROLES = ['admin', 'supervisor', 'deputy_supervisor', 'director', 'manager', 'intake_clerk'] as const;
