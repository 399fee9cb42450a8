// Pure helpers for the grading pages (no React, no fetch), unit-tested in grading-utils.test.ts.
// Dates are shown as the Asia/Shanghai day, because the deadlines of docs/calendar.md#rules-and-their-sources and docs/grading.md#date-conventions are counted in
// China's local days whatever the browser's time zone.
import type { ApplicationStatus } from '../../modules/grading/grading.schemas';

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const SHANGHAI_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** The Asia/Shanghai calendar day of an instant, or the day itself when given a 'YYYY-MM-DD'. */
export function shanghaiDay(value: string): string {
  if (YMD.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : SHANGHAI_DAY.format(d);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai; a bare date stays a date. */
export function shanghaiDateTime(value: string | null | undefined): string {
  if (!value) return '';
  if (YMD.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${SHANGHAI_DAY.format(d)} ${SHANGHAI_TIME.format(d)}`;
}

/** Two decimals for display; thresholds are compared by the server on the unrounded value (docs/grading.md#scoring-templates). */
export function formatScore(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(2) : '—';
}

export type ValidityState = 'valid' | 'expiring' | 'expired';

/**
 * Where a grade stands on `today`: expired from validUntil on (a grade lasts 3 years, docs/grading.md#validity-reminder-extension-art-8-9-10 (定级办法 Art. 8–10)), and
 * "expiring" from the re-application date (3 months before expiry) — the window in which the mine must
 * re-apply or ask for direct extension, so the list highlights it.
 */
export function validityState(grade: { validUntil: string; reapplyBy: string }, today: string): ValidityState {
  if (today >= grade.validUntil) return 'expired';
  if (today >= grade.reapplyBy) return 'expiring';
  return 'valid';
}

/** The five steps of Art. 7 as the application page shows them: 自评申报 → 初审 → 考核 → 公示 → 公告. */
export const PIPELINE_STEPS = [
  { zh: '自评申报', en: 'Self-assessment' },
  { zh: '初审', en: 'Initial review' },
  { zh: '考核', en: 'Assessment' },
  { zh: '公示', en: 'Public notice' },
  { zh: '公告', en: 'Announcement' },
] as const;

export interface PipelinePosition {
  /** Index into PIPELINE_STEPS of the step in progress (or the one where the application stopped). */
  current: number;
  status: 'process' | 'finish' | 'error';
}

/**
 * The Steps position of an application. A closed application (rejected, disqualified, withdrawn) stops at the
 * step it had reached, which its recorded assessment and notice tell: a notice means it reached 公示, an
 * assessment means 考核, otherwise it stopped in 初审 (or at the start when it was never taken up).
 */
export function pipelinePosition(app: { status: ApplicationStatus; hasAssessment: boolean; hasNotice: boolean }): PipelinePosition {
  switch (app.status) {
    case 'submitted':
      return { current: 1, status: 'process' };
    case 'initial_review':
      return { current: 1, status: 'process' };
    case 'assessment':
      return { current: 2, status: 'process' };
    case 'public_notice':
      return { current: 3, status: 'process' };
    case 'announced':
      return { current: 4, status: 'finish' };
    default: {
      const reached = app.hasNotice ? 3 : app.hasAssessment ? 2 : 1;
      return { current: reached, status: 'error' };
    }
  }
}

/** Sum of entered weights, and whether it is 1 (to rounding noise), as docs/grading.md#scoring-templates requires of a mine type's parts. */
export function weightSum(weights: Record<string, number | null | undefined>): { sum: number; complete: boolean; ok: boolean } {
  const values = Object.values(weights);
  const complete = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
  const sum = values.reduce<number>((s, v) => s + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0);
  return { sum: Math.round(sum * 1e9) / 1e9, complete, ok: complete && Math.abs(sum - 1) < 1e-9 };
}

/** The grades a mine may seek, highest first, minus those a ban bars (the server enforces; this only guides). */
export function levelsAllowed(bans: readonly { scope: string }[]): ('一级' | '二级' | '三级')[] {
  const barred = new Set<string>();
  for (const b of bans) {
    if (b.scope === '一级') barred.add('一级');
    if (b.scope === '二级及以上') ['一级', '二级'].forEach((l) => barred.add(l));
    if (b.scope === '全部') ['一级', '二级', '三级'].forEach((l) => barred.add(l));
  }
  return (['一级', '二级', '三级'] as const).filter((l) => !barred.has(l));
}

/** Reads a number typed into a form; empty or non-numeric input is "not entered", never 0. */
export function parseScore(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The part scores actually entered (blank parts left out), keyed as the template names the parts. */
export function enteredScores(values: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    const n = parseScore(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** A scoring edition pasted or uploaded by an administrator: JSON when it starts like JSON, YAML otherwise. */
export function editionFormat(text: string): 'json' | 'yaml' {
  const s = text.trimStart();
  return s.startsWith('{') || s.startsWith('[') ? 'json' : 'yaml';
}

/**
 * Maps a server field name of an application 422 onto the self-assessment form's name path, so the message
 * sits under the very field that was wrong: 'selfAssessment.partScores.通风' → ['partScores', '通风'],
 * 'selfAssessment.basicConditionsMet' → ['basicConditionsMet'], 'targetLevel' → ['targetLevel'].
 * Part names may contain dots in later editions, so everything after 'partScores.' is one key.
 */
export function applicationFieldPath(field: string): (string | number)[] {
  const f = field.startsWith('selfAssessment.') ? field.slice('selfAssessment.'.length) : field;
  if (f.startsWith('partScores.')) return ['partScores', f.slice('partScores.'.length)];
  return f.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Who filed an objection, as a table cell: the authority sees "name（contact）"; for the mine objected to both are
 * withheld by the server (为反映人保密), and the cell says so once instead of "（保密）（（保密））".
 */
export function objectorText(o: { name: string; contact: string; withheld: boolean }, withheldLabel: string): string {
  return o.withheld ? withheldLabel : `${o.name}（${o.contact}）`;
}

/** Days left on the 60-working-day clock (定级办法 Art. 7; docs/grading.md#the-pipeline-art-7) at which the lists turn orange. */
export const CLOCK_WARN_WORKING_DAYS = 10;

/** The colour of the clock in lists: red once overdue, orange with ≤ 10 working days left, none when stopped or ample. */
export function clockColour(c: { overdue: boolean; workingDaysLeft: number; clockStopped: boolean }): 'red' | 'orange' | undefined {
  if (c.overdue) return 'red';
  if (c.clockStopped) return undefined;
  return c.workingDaysLeft <= CLOCK_WARN_WORKING_DAYS ? 'orange' : undefined;
}
