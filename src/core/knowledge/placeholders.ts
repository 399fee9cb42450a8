import { DEFAULT_UTC_OFFSET_MINUTES, formatLocal, localDateOf } from '../calendar';

// The placeholders of the 话术库 (docs/knowledge.md "Placeholders"): an entry's text names facts of the work order
// in braces — {客户}, {受理编号}, {答复期限} — and the reply, callback, SMS and call dialogs fill them in before the
// agent uses the text. Pure: the syntax, its check (the server refuses an unknown name with a 422 on the field)
// and the rendering against a work order are the same code on the server and in the web app.
//
// Syntax: `{名称}` where 名称 is a placeholder's Chinese name or its English key ({客户} = {customer}); `{{` and
// `}}` stand for a literal brace. Anything else in braces is an error, so a typo never reaches a customer.

export interface Placeholder {
  key: PlaceholderKey;
  /** The name written in an entry's text (without braces). */
  zh: string;
  /** What it stands for, in both languages (shown beside the editor). */
  about: { zh: string; en: string };
}

export const PLACEHOLDER_KEYS = [
  'customer',
  'contact',
  'trackingNumber',
  'number',
  'company',
  'product',
  'problem',
  'receivedDate',
  'replyDue',
  'callbackDue',
  'agent',
  'portalUrl',
] as const;
export type PlaceholderKey = (typeof PLACEHOLDER_KEYS)[number];

export const PLACEHOLDERS: readonly Placeholder[] = [
  { key: 'customer', zh: '客户', about: { zh: '客户名称（无则为联系人）', en: 'the customer’s name (else the contact’s)' } },
  { key: 'contact', zh: '联系人', about: { zh: '联系人姓名（无则为客户名称）', en: 'the contact person (else the customer’s name)' } },
  { key: 'trackingNumber', zh: '受理编号', about: { zh: '客户在门户查询进度用的受理编号（无则为工单编号）', en: 'the tracking number the customer follows the case with on the portal (else the work-order number)' } },
  { key: 'number', zh: '工单编号', about: { zh: '内部工单编号 KS-…', en: 'the internal work-order number KS-…' } },
  { key: 'company', zh: '公司', about: { zh: '受理公司名称', en: 'the company that owns the case' } },
  { key: 'product', zh: '产品', about: { zh: '产品名称（无则为产品编码）', en: 'the product’s name (else its code)' } },
  { key: 'problem', zh: '问题', about: { zh: '客户反映的问题', en: 'the problem as the customer put it' } },
  { key: 'receivedDate', zh: '受理日期', about: { zh: '收到日期（北京时间）', en: 'the day it was received (Beijing time)' } },
  { key: 'replyDue', zh: '答复期限', about: { zh: '答复客户的期限（北京时间）；建议为承诺答复日期', en: 'the reply deadline (Beijing time); a suggestion’s promised reply date' } },
  { key: 'callbackDue', zh: '回访期限', about: { zh: '回访的期限（北京时间）', en: 'the callback deadline (Beijing time)' } },
  { key: 'agent', zh: '经办人', about: { zh: '正在使用话术的员工姓名', en: 'the name of the person using the text' } },
  { key: 'portalUrl', zh: '查询网址', about: { zh: '客户自助查询进度的网址', en: 'the address where customers follow their case' } },
];

const BY_NAME: ReadonlyMap<string, PlaceholderKey> = new Map(PLACEHOLDERS.flatMap((p) => [[p.zh, p.key] as const, [p.key, p.key] as const]));
const ZH_OF: Readonly<Record<PlaceholderKey, string>> = Object.fromEntries(PLACEHOLDERS.map((p) => [p.key, p.zh])) as Record<PlaceholderKey, string>;

/** `{客户}` — how a placeholder is written in an entry. */
export const placeholderToken = (key: PlaceholderKey): string => `{${ZH_OF[key]}}`;

/** A piece of a template: literal text, or a placeholder (with the name as written). */
export type TemplatePart = { text: string } | { key: PlaceholderKey; written: string };

export interface TemplateProblem {
  /** Character offset in the text. */
  at: number;
  zh: string;
  en: string;
}

/** The template's parts, or every problem in it (unknown names, unclosed or stray braces). */
export function parseTemplate(text: string): { parts: TemplatePart[]; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push({ text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i += 2;
      continue;
    }
    if (c === '}') {
      problems.push({ at: i, zh: `第 ${i + 1} 个字符处多了一个“}”（字面的花括号请写成“}}”）`, en: `a stray "}" at character ${i + 1} (write "}}" for a literal brace)` });
      i += 1;
      continue;
    }
    if (c !== '{') {
      literal += c;
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    const open = text.indexOf('{', i + 1);
    if (close < 0 || (open >= 0 && open < close)) {
      problems.push({ at: i, zh: `第 ${i + 1} 个字符处的“{”没有闭合（字面的花括号请写成“{{”）`, en: `the "{" at character ${i + 1} is not closed (write "{{" for a literal brace)` });
      i += 1;
      continue;
    }
    const written = text.slice(i + 1, close);
    const key = BY_NAME.get(written.trim());
    if (key) {
      flush();
      parts.push({ key, written });
    } else {
      problems.push({ at: i, zh: `未知占位符 {${written}}；可用：${PLACEHOLDERS.map((p) => `{${p.zh}}`).join('、')}`, en: `unknown placeholder {${written}}; known: ${PLACEHOLDERS.map((p) => `{${p.zh}} ({${p.key}})`).join(', ')}` });
    }
    i = close + 1;
  }
  flush();
  return { parts, problems };
}

/** The placeholders a template uses, once each, in order. */
export function placeholdersIn(text: string): PlaceholderKey[] {
  const out: PlaceholderKey[] = [];
  for (const p of parseTemplate(text).parts) if ('key' in p && !out.includes(p.key)) out.push(p.key);
  return out;
}

export type PlaceholderValues = Partial<Record<PlaceholderKey, string | null | undefined>>;

/** One rendered piece: literal text, a filled placeholder, or one without a value (kept as written, `{受理编号}`). */
export type RenderedPart = { text: string; key?: PlaceholderKey; missing?: boolean };

export interface Rendered {
  text: string;
  parts: RenderedPart[];
  /** Placeholders that had no value: left in the text as written, for the person to complete. */
  missing: PlaceholderKey[];
}

/**
 * Fills the placeholders. A placeholder without a value stays as written and is listed in `missing` (the dialogs
 * say so), never silently replaced by nothing. A template with problems renders them as literal text.
 */
export function renderTemplate(text: string, values: PlaceholderValues): Rendered {
  const { parts, problems } = parseTemplate(text);
  if (problems.length) return { text, parts: [{ text }], missing: [] };
  const out: RenderedPart[] = [];
  const missing: PlaceholderKey[] = [];
  for (const p of parts) {
    if ('text' in p) {
      out.push({ text: p.text });
      continue;
    }
    const v = values[p.key]?.trim();
    if (v) out.push({ text: v, key: p.key });
    else {
      out.push({ text: `{${p.written}}`, key: p.key, missing: true });
      if (!missing.includes(p.key)) missing.push(p.key);
    }
  }
  return { text: out.map((p) => p.text).join(''), parts: out, missing };
}

/** What the placeholders are filled from: the fields of a work order (its view), the user, the portal's address. */
export interface PlaceholderSource {
  customerName?: string | null;
  contactName?: string | null;
  trackingNumber?: string | null;
  number?: string | null;
  unitName?: string | null;
  productName?: string | null;
  productCode?: string | null;
  problem?: string | null;
  receivedAt?: string | null;
  promisedReplyDate?: string | null;
  deadlines?: readonly { name: string; due: string; state: string }[];
}

const OPEN = new Set(['running', 'paused']);

/** 'YYYY-MM-DD HH:mm' local time of an instant (Beijing time by default, as every deadline is shown). */
export function localMinute(iso: string, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string {
  return formatLocal(new Date(iso), utcOffsetMinutes).slice(0, 16).replace('T', ' ');
}

/** The due time of the named deadline: the open one, else the latest (a met or missed clock still names the date promised). */
function dueOf(deadlines: PlaceholderSource['deadlines'], name: string, zone: number): string | null {
  const mine = (deadlines ?? []).filter((d) => d.name === name);
  const pick = mine.find((d) => OPEN.has(d.state)) ?? [...mine].sort((a, b) => b.due.localeCompare(a.due))[0];
  return pick ? localMinute(pick.due, zone) : null;
}

/** The values of every placeholder for a work order (fields missing on it stay missing). */
export function placeholderValues(src: PlaceholderSource, ctx: { agentName?: string | null; portalUrl?: string | null; utcOffsetMinutes?: number } = {}): PlaceholderValues {
  const zone = ctx.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  return {
    customer: src.customerName || src.contactName,
    contact: src.contactName || src.customerName,
    trackingNumber: src.trackingNumber || src.number,
    number: src.number,
    company: src.unitName,
    product: src.productName || src.productCode,
    problem: src.problem,
    receivedDate: src.receivedAt ? localDateOf(new Date(src.receivedAt), zone) : null,
    // A suggestion's reply date is the date promised to the customer (docs/workorders.md "Intake").
    replyDue: dueOf(src.deadlines, 'reply', zone) ?? src.promisedReplyDate ?? null,
    callbackDue: dueOf(src.deadlines, 'callback', zone),
    agent: ctx.agentName,
    portalUrl: ctx.portalUrl,
  };
}
