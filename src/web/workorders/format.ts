// Pure display helpers for the complaint desk: times in Asia/Shanghai and deadline countdowns.
// Kept free of React so they are tested directly (format.test.ts).

/** China has kept UTC+8 all year since 1991, so a fixed offset is exact for every date the desk shows. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An ISO instant as Beijing time, `YYYY-MM-DD HH:mm` (or the date alone). Empty for null. */
export function formatShanghai(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return withTime ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10);
}

/** A Beijing wall-clock value `YYYY-MM-DDTHH:mm` (as typed in a form) → ISO instant in UTC. */
export function shanghaiToIso(local: string): string {
  const [date, time = '00:00'] = local.split(/[T ]/);
  const ms = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`) - SHANGHAI_OFFSET_MS;
  return new Date(ms).toISOString();
}

export type Tone = 'overdue' | 'near' | 'ok' | 'done' | 'paused';

/** A deadline is "near" inside this window — one working day's worth of hours (docs/calendar.md#rules-and-their-sources default 8 h/day),
 * so the shortest deadlines (1 hour dispatch) are orange from the start and longer ones turn orange on their
 * last day. */
export const NEAR_DUE_MS = 8 * 3_600_000;

export interface Countdown {
  tone: Tone;
  zh: string;
  en: string;
}

function span(ms: number): { zh: string; en: string } {
  const minutes = Math.floor(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return { zh: `${d}天${h}小时`, en: `${d}d ${h}h` };
  if (h > 0) return { zh: `${h}小时${m}分`, en: `${h}h ${m}m` };
  return { zh: `${m}分钟`, en: `${m}m` };
}

/** How long until (or since) a deadline, with the colour tone the list and detail page use:
 * red when overdue, orange when near due, plain otherwise; met and paused deadlines do not count down. */
export function countdown(due: string, state: string, nowMs: number): Countdown {
  if (state === 'met') return { tone: 'done', zh: '已按时完成', en: 'met' };
  if (state === 'paused') return { tone: 'paused', zh: '已暂停', en: 'paused' };
  const left = Date.parse(due) - nowMs;
  if (state === 'missed' || left < 0) {
    const s = span(Math.max(0, -left));
    return { tone: 'overdue', zh: `已超期 ${s.zh}`, en: `overdue by ${s.en}` };
  }
  const s = span(left);
  return { tone: left <= NEAR_DUE_MS ? 'near' : 'ok', zh: `剩余 ${s.zh}`, en: `${s.en} left` };
}

export const TONE_COLOURS: Record<Tone, string> = {
  overdue: '#cf1322',
  near: '#d46b08',
  ok: '#389e0d',
  done: '#8c8c8c',
  paused: '#8c8c8c',
};

/** The deadline that matters next: the earliest one still running or paused (missed ones first, they are past). */
export function nextDeadline<D extends { due: string; state: string }>(deadlines: readonly D[]): D | null {
  const open = deadlines.filter((d) => d.state === 'running' || d.state === 'paused' || d.state === 'missed');
  if (open.length === 0) return null;
  return [...open].sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0];
}

/** Defect rate as a percentage string (the API holds 0–1 fractions, docs/workorders.md#severity (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2)). */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '';
  return `${Math.round(rate * 10000) / 100}%`;
}
