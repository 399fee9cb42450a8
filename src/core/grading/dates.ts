// Date arithmetic of the grading rules (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10, docs/grading.md#supervision-art-11 (定级办法 Art. 11), docs/grading.md#date-conventions). Months and years are calendar months and
// years with month-end clamping (core/calendar addCalendar); "未满1年" holds while the as-of date is before
// the anniversary, and on the anniversary itself the window has passed.
import { addCalendar, formatLocal } from '../calendar/dates';

export type Level = '一级' | '二级' | '三级';

/** A grade lasts 3 years from its announcement (Art. 8): 2023-07-10 → 2026-07-10. */
export function validUntil(since: string): string {
  return addCalendar(since, 3, 'years');
}

/** Re-application (and the reminder) is due 3 months before expiry (Art. 8, 10): 2026-07-10 → 2026-04-10. */
export function reapplyBy(validUntilYmd: string): string {
  return addCalendar(validUntilYmd, -3, 'months');
}

/**
 * An instant as users read it: Beijing local time 'YYYY-MM-DD HH:mm' (docs/calendar.md#rules-and-their-sources — the system works in
 * Asia/Shanghai). Texts stored for people (history notes, notices, deadline explanations) use it, never raw UTC ISO.
 */
export function beijingMinute(instant: Date | string): string {
  return formatLocal(typeof instant === 'string' ? new Date(instant) : instant).slice(0, 16).replace('T', ' ');
}

/** True while `asOf` is before `from` + amount (the anniversary is already outside). */
export function withinWindow(from: string, asOf: string, amount: number, unit: 'months' | 'years'): boolean {
  return asOf >= from && asOf < addCalendar(from, amount, unit);
}

/** "停产超过6个月" = more than six calendar months: ending on the 6-month date itself is not more. */
export function shutdownExceeds(started: string, ended: string, months = 6): boolean {
  return ended > addCalendar(started, months, 'months');
}

export type BanCause = 'fraud' | 'downgraded' | 'revoked';
export type BanScope = '一级' | '二级及以上';

export interface Ban {
  cause: BanCause;
  scope: BanScope;
  since: string;
  /** First day on which an application is accepted again. */
  until: string;
  reason: string;
  reasonZh: string;
}

/**
 * The application bans of Art. 7(3) and Art. 11(5), as data:
 * - fraud in the self-assessment: no 二级 or 一级 ("二级以上", inclusive) for 1 year;
 * - downgraded: no 一级 for 1 year;
 * - revoked: no 一级 for 2 years. The seed says "被撤消等级的煤矿2年内不受理一级等级申请" — only 一级 is barred;
 *   a revoked mine rectifies and may re-apply for 二级/三级 at once (Art. 11(4)).
 */
export const BAN_RULES: Record<BanCause, { scope: BanScope; years: number; en: string; zh: string }> = {
  fraud: { scope: '二级及以上', years: 1, en: 'fraud in the self-assessment: no application for 二级 or above for 1 year', zh: '自评材料弄虚作假：1年内不得申报二级以上等级' },
  downgraded: { scope: '一级', years: 1, en: 'downgraded: no application for 一级 for 1 year', zh: '被降级：1年内不受理一级等级申请' },
  revoked: { scope: '一级', years: 2, en: 'grade revoked: no application for 一级 for 2 years', zh: '被撤消等级：2年内不受理一级等级申请' },
};

/** Bans still running on `asOf`, from the dated fraud/downgrade/revocation records. */
export function activeBans(records: { kind: string; date: string }[], asOf: string): Ban[] {
  const out: Ban[] = [];
  for (const r of records) {
    if (r.kind !== 'fraud' && r.kind !== 'downgraded' && r.kind !== 'revoked') continue;
    const rule = BAN_RULES[r.kind];
    const until = addCalendar(r.date, rule.years, 'years');
    if (asOf >= r.date && asOf < until) {
      out.push({ cause: r.kind, scope: rule.scope, since: r.date, until, reason: `${rule.en} (from ${r.date}, until ${until})`, reasonZh: `${rule.zh}（自${r.date}起，至${until}止）` });
    }
  }
  return out;
}

export function banCovers(scope: BanScope, level: Level): boolean {
  return scope === '一级' ? level === '一级' : level === '一级' || level === '二级';
}

/** The bans that stop an application for `level` on `asOf`. */
export function bansAgainst(records: { kind: string; date: string }[], level: Level, asOf: string): Ban[] {
  return activeBans(records, asOf).filter((b) => banCovers(b.scope, level));
}
