// What the policy page's form knows of a complaint policy (docs/workorders.md#policy-format-policiescomplaint-policyyaml):
// the shape it edits, the words it shows for codes, and the problems it can see before the server does. Pure: the
// page passes the role catalogue and the severity levels in.
import { ROLES } from '../../../core/org/roles';
import { FLOW_ACTIONS, REPAIR_ACTIONS } from '../../../core/workflow/flow';
import type { Lang } from '../../app/i18n';
import { ACTIONS, label } from '../labels';

export type Label = { zh: string; en: string };

export const TRIGGERS: Record<string, Label> = {
  created: { zh: '登记时', en: 'on registration' },
  reply: { zh: '答复客户后', en: 'after the reply' },
  escalate: { zh: '升级后', en: 'after escalation' },
  return_8d: { zh: '8D 退回后', en: 'after an 8D is returned' },
  callback_unsatisfied: { zh: '回访不满意后', en: 'after an unsatisfied callback' },
  repaired: { zh: '完工后', en: 'after the repair is done' },
  repair_rejected: { zh: '回访未修复后', en: 'after a callback finds it not repaired' },
};
export const FROM: Record<string, Label> = {
  received: { zh: '自收到时间', en: 'from receipt' },
  event: { zh: '自该事件', en: 'from the event' },
};
export const UNIT_OPTIONS: Record<string, Label> = {
  working_days: { zh: '工作日', en: 'working days' },
  working_hours: { zh: '工作小时', en: 'working hours' },
  hours: { zh: '小时（自然时间）', en: 'hours (calendar time)' },
  days: { zh: '天（日历日）', en: 'calendar days' },
  months: { zh: '月', en: 'months' },
  years: { zh: '年', en: 'years' },
};
/**
 * Names of the roles that carry offer limits, for when the role catalogue has not loaded yet: the catalogue's own
 * words (src/core/org/roles.ts, docs/glossary.md), so the page does not change its wording once it loads.
 */
export const OFFER_ROLES: Record<string, Label> = Object.fromEntries(
  (['agent', 'intake_clerk', 'team_lead', 'supervisor', 'director', 'manager'] as const).map((code) => [code, ROLES[code]]),
);

export interface DeadlineRow {
  index: number;
  name: string;
  label: Label;
  on: string;
  kinds?: string[];
  severities?: string[];
  amount: number;
  unit: string;
  from: string;
}

export interface Approval {
  severities?: string[];
  roles?: string[];
}

export interface PolicyShape {
  deadlines?: DeadlineRow[];
  warnAtFraction?: number;
  extensionNoticeWorkingDays?: number;
  offerLimits?: Record<string, number | null>;
  severity?: { pack?: string; selectable?: string[] };
  /** Who may take each flow action (docs/workorders.md#roles-per-action-shipped-policy-actions). */
  actions?: Record<string, string[]>;
  /** For these severities the action needs one of these roles instead (投诉作业流程 cl. 5.2.2: a serious complaint's form is approved by the VP). */
  approvals?: Record<string, Approval>;
  /** The repair path: kinds whose steps send SMS, and who takes each step on a repair (docs/callcenter.md "Emergency repairs"). */
  repairs?: { sms?: string[]; actions?: Record<string, string[]> };
}

/** What the checks compare against: the known roles (the catalogue) and the severity levels of the pack in use. */
export interface PolicyKnown {
  roles?: readonly string[];
  severities?: readonly string[];
}

export const pick = (l: Label | undefined, lang: Lang, code = '') => (l ? l[lang] : code);

/**
 * The flow's actions in its own order: every one of them needs at least one role. The repair-only steps take
 * their roles from the policy's `repairs.actions` (docs/callcenter.md "Emergency repairs"), as the server checks.
 */
export const POLICY_ACTIONS: readonly string[] = FLOW_ACTIONS.filter((a) => !REPAIR_ACTIONS.includes(a));

/**
 * The steps listed under `repairs.actions`, in the flow's order: the repair-only steps (each needs a role) and the
 * ordinary steps the policy gives other roles on a repair (an override; removing it falls back to `actions`).
 */
export function repairActions(p: PolicyShape): string[] {
  const listed = Object.keys(p.repairs?.actions ?? {});
  return FLOW_ACTIONS.filter((a) => REPAIR_ACTIONS.includes(a) || listed.includes(a));
}
export const isRepairOnly = (action: string) => (REPAIR_ACTIONS as readonly string[]).includes(action);

/** The problems the form can see before the server does, keyed by the document path they belong to. */
export function checkPolicy(p: PolicyShape, lang: Lang, known: PolicyKnown = {}): Map<string, string> {
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out = new Map<string, string>();
  (p.deadlines ?? []).forEach((d, i) => {
    if (typeof d.amount !== 'number' || !(d.amount > 0)) out.set(`deadlines.${i}.amount`, t('时限须大于 0', 'The time limit must be above 0'));
    if (!d.label?.zh?.trim()) out.set(`deadlines.${i}.label.zh`, t('请填写期限名称', 'Name the deadline'));
  });
  if (typeof p.warnAtFraction !== 'number' || !(p.warnAtFraction > 0 && p.warnAtFraction < 1)) out.set('warnAtFraction', t('预警点须在 1% 至 99% 之间', 'The warning point must be between 1% and 99%'));
  if (typeof p.extensionNoticeWorkingDays !== 'number' || p.extensionNoticeWorkingDays < 0) out.set('extensionNoticeWorkingDays', t('不能为负数', 'Cannot be negative'));
  for (const [role, v] of Object.entries(p.offerLimits ?? {})) if (v !== null && (typeof v !== 'number' || v < 0)) out.set(`offerLimits.${role}`, t('不能为负数', 'Cannot be negative'));

  const unknownRoles = (roles: unknown) => (known.roles && Array.isArray(roles) ? roles.filter((r) => !known.roles!.includes(String(r))) : []);
  const roleWords = (roles: unknown[]) => roles.map(String).join('、');
  // The server refuses a policy in which any flow action has no role (validatePolicy, core/workflow/policy.ts).
  for (const a of POLICY_ACTIONS) {
    const roles = p.actions?.[a];
    if (!Array.isArray(roles) || roles.length === 0) out.set(`actions.${a}`, t('每个操作至少需要一个角色', 'Every action needs at least one role'));
    else if (unknownRoles(roles).length) out.set(`actions.${a}`, t(`未知角色：${roleWords(unknownRoles(roles))}`, `Unknown role: ${roleWords(unknownRoles(roles))}`));
  }
  for (const a of Object.keys(p.actions ?? {})) if (!POLICY_ACTIONS.includes(a)) out.set(`actions.${a}`, t('未知操作', 'Unknown action'));
  // The server's rules for the repair path (validatePolicy): every repair-only step has a role, overrides name known roles.
  for (const a of repairActions(p)) {
    const roles = p.repairs?.actions?.[a];
    if (!Array.isArray(roles) || roles.length === 0) out.set(`repairs.actions.${a}`, t('每个抢修步骤至少需要一个角色', 'Every repair step needs at least one role'));
    else if (unknownRoles(roles).length) out.set(`repairs.actions.${a}`, t(`未知角色：${roleWords(unknownRoles(roles))}`, `Unknown role: ${roleWords(unknownRoles(roles))}`));
  }
  for (const a of Object.keys(p.repairs?.actions ?? {})) if (!(FLOW_ACTIONS as readonly string[]).includes(a)) out.set(`repairs.actions.${a}`, t('未知操作', 'Unknown action'));
  for (const [a, rule] of Object.entries(p.approvals ?? {})) {
    if (!POLICY_ACTIONS.includes(a)) out.set(`approvals.${a}`, t('未知操作', 'Unknown action'));
    const severities = rule?.severities;
    if (!Array.isArray(severities) || severities.length === 0) out.set(`approvals.${a}.severities`, t('请至少选择一个程度', 'Choose at least one severity'));
    else if (known.severities) {
      const odd = severities.filter((s) => !known.severities!.includes(String(s)));
      if (odd.length) out.set(`approvals.${a}.severities`, t(`规则包中没有此程度：${roleWords(odd)}`, `Not a severity of the pack: ${roleWords(odd)}`));
    }
    const roles = rule?.roles;
    if (!Array.isArray(roles) || roles.length === 0) out.set(`approvals.${a}.roles`, t('请至少选择一个角色', 'Choose at least one role'));
    else if (unknownRoles(roles).length) out.set(`approvals.${a}.roles`, t(`未知角色：${roleWords(unknownRoles(roles))}`, `Unknown role: ${roleWords(unknownRoles(roles))}`));
  }
  return out;
}

/** A server or form path ('deadlines.3.amount', 'actions.accept.0') in words: 期限「答复客户」· 时限, 操作权限 · 受理 · 第 1 项. */
export function pathLabel(path: string, p: PolicyShape, lang: Lang, roleName: (code: string) => string = (c) => pick(OFFER_ROLES[c], lang, c)): string {
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const parts = path.split('.');
  const FIELD: Record<string, [string, string]> = {
    amount: ['时限', 'time limit'],
    unit: ['单位', 'unit'],
    from: ['起算点', 'counted from'],
    on: ['开始于', 'starts'],
    label: ['名称', 'name'],
    zh: ['中文', 'Chinese'],
    en: ['英文', 'English'],
    kinds: ['适用类型', 'kinds'],
    metBy: ['完成动作', 'met by'],
    owner: ['负责人', 'owner'],
    roles: ['角色', 'roles'],
    severities: ['适用程度', 'severities'],
    pack: ['规则包', 'rule pack'],
    selectable: ['可选规则包', 'selectable packs'],
    fields: ['字段', 'fields'],
    sms: ['发送短信的类型', 'kinds that send SMS'],
  };
  const words = (segs: string[]) => segs.map((s) => (FIELD[s] ? t(FIELD[s][0], FIELD[s][1]) : /^\d+$/.test(s) ? t(`第 ${Number(s) + 1} 项`, `#${Number(s) + 1}`) : s)).join(' · ');
  if (parts[0] === 'deadlines' && /^\d+$/.test(parts[1] ?? '')) {
    const d = p.deadlines?.[Number(parts[1])];
    return `${t('期限', 'Deadline')}「${d ? pick(d.label, lang, d.name) : Number(parts[1]) + 1}」${parts.length > 2 ? ` · ${words(parts.slice(2))}` : ''}`;
  }
  const TOP: Record<string, [string, string]> = {
    warnAtFraction: ['预警点', 'Warning point'],
    extensionNoticeWorkingDays: ['延期申请提前量', 'Extension notice'],
    offerLimits: ['补偿上限', 'Offer limits'],
    severity: ['程度判定', 'Severity'],
    required: ['必填字段', 'Required fields'],
    actions: ['操作权限', 'Who may act'],
    repairs: ['报修与抢修', 'Repairs'],
    approvals: ['按程度改由其他角色', 'Approvals by severity'],
    yaml: ['YAML 文本', 'YAML text'],
    document: ['策略内容', 'Policy'],
  };
  const head = TOP[parts[0]] ? t(TOP[parts[0]][0], TOP[parts[0]][1]) : parts[0];
  // The second segment names a role (offer limits) or an action (who may act, approvals): said in words.
  if (parts[0] === 'repairs' && parts[1] === 'actions' && parts[2]) {
    return [head, t('各步骤角色', 'roles per step'), label(ACTIONS, parts[2], lang), ...(parts.length > 3 ? [words(parts.slice(3))] : [])].join(' · ');
  }
  const second = parts[1] === undefined ? [] : parts[0] === 'offerLimits' ? [roleName(parts[1])] : parts[0] === 'actions' || parts[0] === 'approvals' ? [label(ACTIONS, parts[1], lang)] : [];
  const rest = parts.slice(second.length ? 2 : 1);
  return [head, ...second, ...(rest.length ? [words(rest)] : [])].join(' · ');
}
