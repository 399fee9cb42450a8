// The complaint desk's bilingual labels (docs/workorders.md): one table shared by the server (messages, deadline
// explanations, the .xlsx register and its import) and the web UI (src/web/workorders/labels.ts re-exports it),
// so a category reads 产品质量 in the form, the register and the error messages alike. Pure data.

export interface Label {
  zh: string;
  en: string;
}

export const KIND_LABELS: Record<string, Label> = {
  complaint: { zh: '投诉', en: 'Complaint' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  inquiry: { zh: '咨询', en: 'Inquiry' },
  praise: { zh: '表扬', en: 'Praise' },
  repair: { zh: '报修', en: 'Repair' },
  emergency_repair: { zh: '抢修', en: 'Emergency repair' },
  survey: { zh: '勘察', en: 'Survey' },
  inspection: { zh: '稽查', en: 'Inspection' },
};

export const CHANNEL_LABELS: Record<string, Label> = {
  phone: { zh: '电话', en: 'Phone' },
  in_person: { zh: '口头/现场', en: 'In person' },
  letter: { zh: '书面信函', en: 'Letter' },
  suggestion_box: { zh: '意见箱', en: 'Suggestion box' },
  email: { zh: '电子邮件', en: 'E-mail' },
  web: { zh: '网站/门户', en: 'Web portal' },
  callback: { zh: '售后回访', en: 'After-sales callback' },
  external: { zh: '外部机构', en: 'External body' },
  direct: { zh: '越级投诉', en: 'Direct to management' },
};

export const CATEGORY_LABELS: Record<string, Label> = {
  quality: { zh: '产品质量', en: 'Product quality' },
  service: { zh: '服务', en: 'Service' },
  delivery: { zh: '交付', en: 'Delivery' },
  other: { zh: '其他', en: 'Other' },
};

export const STATUS_LABELS: Record<string, Label> = {
  received: { zh: '已登记', en: 'Received' },
  accepted: { zh: '已受理', en: 'Accepted' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  in_progress: { zh: '处理中', en: 'In progress' },
  review_8d: { zh: '8D 审核中', en: '8D in review' },
  approved: { zh: '已批准', en: 'Approved' },
  replied: { zh: '已答复待回访', en: 'Replied, awaiting callback' },
  taken: { zh: '已接单', en: 'Taken on' },
  notified: { zh: '已通知', en: 'People told' },
  crew_assigned: { zh: '已派工', en: 'Crew sent' },
  on_site: { zh: '已到场', en: 'Crew on site' },
  repaired: { zh: '已修复待回访', en: 'Repaired, awaiting callback' },
  closed: { zh: '已结案', en: 'Closed' },
  invalid: { zh: '无效投诉', en: 'Invalid' },
};

export const DEADLINE_LABELS: Record<string, Label> = {
  dispatch: { zh: '派单（处理单发出）', en: 'Dispatch (form issued)' },
  first_response: { zh: '品保首次回复', en: 'QA first response' },
  reply: { zh: '答复客户', en: 'Reply to customer' },
  containment: { zh: '围堵措施', en: 'Containment plan' },
  temporary_measure: { zh: '临时对策', en: 'Temporary countermeasure' },
  permanent_measure: { zh: '永久对策', en: 'Permanent countermeasure' },
  closure: { zh: '结案', en: 'Closure' },
  callback: { zh: '回访', en: 'Callback' },
  escalation_handled: { zh: '升级处理', en: 'Escalation handled' },
  form_correction: { zh: '退回表单更正', en: 'Returned form corrected' },
  analysis: { zh: '客户反馈后分析', en: 'Analysis after feedback' },
  repair_take: { zh: '接单', en: 'Taken on' },
  repair_arrival: { zh: '到场', en: 'Crew on site' },
  repair_done: { zh: '修复', en: 'Repaired' },
  repair_callback: { zh: '完工回访', en: 'Callback after the repair' },
  repair_rework: { zh: '返修', en: 'Repair redone' },
};

/** Duration units as the explanations spell them ("3 个工作日", "3 working days"). */
export const UNIT_LABELS: Record<string, Label> = {
  working_days: { zh: '个工作日', en: 'working days' },
  working_hours: { zh: '个工作小时', en: 'working hours' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '天', en: 'days' },
  months: { zh: '个月', en: 'months' },
  years: { zh: '年', en: 'years' },
};

/** The Chinese (or English) label of a code; an unknown code is shown as it is. */
export function labelOf(map: Record<string, Label>, code: string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (!code) return '';
  return map[code]?.[lang] ?? code;
}
