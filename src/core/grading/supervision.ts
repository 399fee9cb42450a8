// Supervision rules of Art. 11 (docs/grading.md#supervision-art-11): a recorded event → a proposed downgrade or revocation, which the
// body that granted the grade then confirms. Pure: the caller passes the grade held on the event date and the
// grade held now.
import { shutdownExceeds, type Level } from './dates';
import { nextDown, rank } from './levels';

export type SupervisionEventType =
  | 'fatal_accident'
  | 'major_hidden_danger_production'
  | 'shutdown_started'
  | 'shutdown_ended'
  | 'failed_inspection'
  | 'spot_check_failed';
export type AccidentClass = 'general' | 'larger' | 'major' | 'especially_major';

export interface SupervisionInput {
  type: SupervisionEventType;
  date: string;
  class?: AccidentClass;
  /** The grade held on the event date, or null (history.ts gradeHeldOn). */
  level: Level | null;
  /**
   * The grade held now, which the proposal lowers or revokes; when omitted, the grade of the event date. It
   * differs when the mine was announced again (or changed) after the event.
   */
  current?: Level | null;
  /** shutdown_ended: the date of the open shutdown_started, if any. */
  shutdownSince?: string | null;
  /** failed_inspection / spot_check_failed: the level the found scores support (rules pack), if scores were found. */
  supportedLevel?: Level | '不达标' | null;
}

export interface Proposal {
  action: 'downgrade' | 'revoke' | 'none';
  toLevel?: Level;
  reason: string;
  reasonZh: string;
}

const none = (reason: string, reasonZh: string): Proposal => ({ action: 'none', reason, reasonZh });

/**
 * The proposal for an event. Art. 11 judges the event by the grade held on its date; the change then acts on the
 * grade in force now (the announcement a downgrade or revocation replaces): nothing when the mine holds no grade
 * now, or when the current grade is already at or below the level the event leads to.
 */
export function proposeForEvent(e: SupervisionInput): Proposal {
  const p = proposeOnEventDate(e);
  if (p.action === 'none' || e.current === undefined || e.current === e.level) return p;
  if (!e.current) {
    return none(`${p.reason}; but the mine holds no grade now, so there is nothing to lower or revoke`, `${p.reasonZh}；但该矿现无等级，无需降级或撤消`);
  }
  if (p.action === 'downgrade' && p.toLevel && rank(p.toLevel) >= rank(e.current)) {
    return none(`${p.reason}; but the mine now holds ${e.current}, not above ${p.toLevel}`, `${p.reasonZh}；但该矿现为${e.current}，不高于${p.toLevel}`);
  }
  return { ...p, reason: `${p.reason}; acts on the current ${e.current}`, reasonZh: `${p.reasonZh}；作用于现有${e.current}` };
}

function proposeOnEventDate(e: SupervisionInput): Proposal {
  if (e.type === 'shutdown_started') {
    return none(
      `shutdown recorded from ${e.date}; the grade is revoked if production stays stopped more than 6 calendar months`,
      `已记录自${e.date}起停产；停产超过6个月的将撤消等级`,
    );
  }
  if (!e.level) return none('the mine held no grade on the event date; the event is kept in its history', '事件发生时该矿未取得等级；事件已记入履历');
  switch (e.type) {
    case 'fatal_accident': {
      // Art. 11(2): 一级/二级 + general → 三级; larger or above → revoked; 三级 + any fatal accident → revoked.
      const cls = e.class ?? 'general';
      if (e.level === '三级') {
        return { action: 'revoke', reason: `三级 mine with a fatal accident on ${e.date} (Art. 11(2))`, reasonZh: `三级煤矿于${e.date}发生生产安全死亡事故，撤消等级（第十一条第二项）` };
      }
      if (cls === 'general') {
        return { action: 'downgrade', toLevel: '三级', reason: `${e.level} mine with a general fatal accident on ${e.date}: lowered to 三级 (Art. 11(2))`, reasonZh: `${e.level}煤矿于${e.date}发生一般生产安全死亡事故，降为三级（第十一条第二项）` };
      }
      return { action: 'revoke', reason: `${e.level} mine with a ${cls.replace('_', ' ')} fatal accident on ${e.date} (Art. 11(2))`, reasonZh: `${e.level}煤矿于${e.date}发生${CLASS_ZH[cls]}及以上生产安全死亡事故，撤消等级（第十一条第二项）` };
    }
    case 'major_hidden_danger_production':
      return { action: 'revoke', reason: `producing with a major hidden danger, found ${e.date} (Art. 11(1))`, reasonZh: `${e.date}发现存在重大事故隐患且组织生产，撤消等级（第十一条第一项）` };
    case 'shutdown_ended': {
      if (!e.shutdownSince) return none('no open shutdown was recorded; nothing to measure', '未记录停产开始，无法计算停产时长');
      if (shutdownExceeds(e.shutdownSince, e.date)) {
        return { action: 'revoke', reason: `production stopped from ${e.shutdownSince} to ${e.date}, more than 6 calendar months: revoked, re-apply on resuming (Art. 11(1))`, reasonZh: `自${e.shutdownSince}至${e.date}停产超过6个月，撤消等级，复产时重新申报（第十一条第一项）` };
      }
      return none(`production stopped from ${e.shutdownSince} to ${e.date}: not more than 6 calendar months`, `自${e.shutdownSince}至${e.date}停产未超过6个月`);
    }
    case 'failed_inspection':
    case 'spot_check_failed': {
      // Art. 11(1)/(5): "no longer at its level" → lowered or revoked. With scores: to the level they support;
      // without: one level down (三级 → revoked). Documented in docs/grading.md.
      const what = e.type === 'failed_inspection' ? 'failed inspection' : 'failed spot-check';
      const whatZh = e.type === 'failed_inspection' ? '检查考核未通过' : '抽查未通过';
      if (e.supportedLevel !== undefined && e.supportedLevel !== null) {
        if (e.supportedLevel === '不达标') {
          return { action: 'revoke', reason: `${what} on ${e.date}: the scores found meet no grade (Art. 11(1))`, reasonZh: `${e.date}${whatZh}，得分不达任何等级，撤消等级（第十一条第一项）` };
        }
        if (rank(e.supportedLevel) >= rank(e.level)) {
          return none(`${what} on ${e.date} recorded, but the scores found still support ${e.level}`, `${e.date}${whatZh}已记录，但所查得分仍支持${e.level}`);
        }
        return { action: 'downgrade', toLevel: e.supportedLevel, reason: `${what} on ${e.date}: the scores found support ${e.supportedLevel} (Art. 11(1))`, reasonZh: `${e.date}${whatZh}，所查得分支持${e.supportedLevel}，降为${e.supportedLevel}（第十一条第一项）` };
      }
      const down = nextDown(e.level);
      if (!down) return { action: 'revoke', reason: `${what} on ${e.date}: a 三级 mine has no lower grade (Art. 11(1))`, reasonZh: `${e.date}${whatZh}，三级煤矿无更低等级，撤消等级（第十一条第一项）` };
      return { action: 'downgrade', toLevel: down, reason: `${what} on ${e.date}: lowered one grade to ${down} (Art. 11(1))`, reasonZh: `${e.date}${whatZh}，降低一级为${down}（第十一条第一项）` };
    }
  }
}

const CLASS_ZH: Record<AccidentClass, string> = { general: '一般', larger: '较大', major: '重大', especially_major: '特别重大' };
export const accidentClassZh = (c: AccidentClass) => CLASS_ZH[c];

/** Pack event types (coal-mine-2020 facts.events) that a confirmed downgrade or revocation leaves behind. */
export function packEventForChange(kind: 'downgraded' | 'revoked', cause: SupervisionEventType | null): string | null {
  if (cause === 'major_hidden_danger_production') return kind === 'downgraded' ? 'downgraded_major_hidden_danger' : 'revoked_major_hidden_danger';
  // A grade lowered because the mine is no longer at its level is the seed's 管理滑坡 (Art. 5 一级 case 4).
  if (cause === 'failed_inspection' || cause === 'spot_check_failed') return kind === 'downgraded' ? 'downgraded_management_slide' : 'revoked_management_slide';
  return null;
}
