import type { AddressObject } from 'mailparser';
import { lazy } from '../lazy';

// Parsing one received message (mailparser). Charsets are decoded by mailparser through iconv-lite: GBK, GB2312
// and GB18030 bodies, and RFC 2047 encoded words (=?GB2312?B?…?=) in the subject and the address names, come out
// as Unicode text.

// mailparser (~1 s to load) only when a mail is read (docs/performance.md "Start-up").
const loadMailparser = lazy(() => import('mailparser'));

export interface MailAddress {
  address: string;
  name: string | null;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  size: number;
}

export interface ParsedMessage {
  /** With angle brackets, as in the header; null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: MailAddress | null;
  to: string[];
  /** The sender's Date header (not trusted for deadlines). */
  date: Date | null;
  /**
   * Sent by a program, not a person (RFC 3834 `Auto-Submitted` other than `no`, a delivery report, a bulk
   * `Precedence`): out-of-office answers, bounces, mailing lists.
   */
  automatic: boolean;
  /** The plain text body (derived from the HTML part when the message has no text part). */
  text: string;
  attachments: MailAttachment[];
}

const MSG_ID = /<[^<>\s]+>/g;
/** Message-IDs of a header value, each with its angle brackets; some mailers omit them, so a bare id is kept too. */
export function messageIdsOf(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const all = (Array.isArray(value) ? value : [value]).flatMap((v) => {
    const found = v.match(MSG_ID);
    if (found) return found;
    const bare = v.trim();
    return bare ? [`<${bare}>`] : [];
  });
  return [...new Set(all)];
}

const addressesOf = (a: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value).filter((v) => !!v.address).map((v) => ({ address: v.address!.toLowerCase(), name: v.name?.trim() || null }));

export async function parseMessage(source: Buffer): Promise<ParsedMessage> {
  const { simpleParser } = await loadMailparser();
  const m = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true });
  const header = (name: string) => {
    const v = m.headers.get(name);
    return typeof v === 'string' ? v.trim().toLowerCase() : v && typeof v === 'object' && 'value' in v ? String(v.value).trim().toLowerCase() : '';
  };
  const autoSubmitted = header('auto-submitted');
  const automatic =
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    header('content-type') === 'multipart/report' ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence')) ||
    /^(mailer-daemon|postmaster)@/i.test(addressesOf(m.from)[0]?.address ?? '');
  return {
    automatic,
    messageId: messageIdsOf(m.messageId)[0] ?? null,
    inReplyTo: messageIdsOf(m.inReplyTo)[0] ?? null,
    references: messageIdsOf(m.references),
    subject: (m.subject ?? '').trim(),
    from: addressesOf(m.from)[0] ?? null,
    to: addressesOf(m.to).map((a) => a.address),
    date: m.date && !Number.isNaN(m.date.getTime()) ? m.date : null,
    text: (m.text ?? '').replace(/\r\n/g, '\n').trim(),
    attachments: m.attachments.map((a, i) => ({
      filename: a.filename?.trim() || `attachment-${i + 1}${a.contentType === 'message/rfc822' ? '.eml' : ''}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      size: a.content.length,
    })),
  };
}
