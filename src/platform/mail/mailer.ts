import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { lazy } from '../lazy';
import type { Config } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Our own Message-ID (angle brackets included), chosen before sending so the caller can record it. */
  messageId?: string;
  /** Threading headers of a reply (RFC 5322 §3.6.4). */
  inReplyTo?: string;
  references?: string[];
}

// nodemailer only when SMTP is configured and a mail goes out (docs/performance.md "Start-up").
const loadNodemailer = lazy(async () => (await import('nodemailer')).default);

let cached: { url: string; transport: Transporter } | null = null;

/** Sends one e-mail over SMTP_URL. Without SMTP_URL, mail is disabled and this reports so (callers log it). */
export async function sendMail(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, mail: Mail): Promise<'sent' | 'disabled'> {
  if (!config.smtpUrl) return 'disabled';
  if (!cached || cached.url !== config.smtpUrl) {
    const nodemailer = await loadNodemailer();
    cached = { url: config.smtpUrl, transport: nodemailer.createTransport(config.smtpUrl) };
  }
  await cached.transport.sendMail({
    from: config.mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: mail.references } : {}),
  });
  return 'sent';
}

/** A new Message-ID in the sender's domain (MAIL_FROM), e.g. `<0193…@example.com>`. */
export function newMessageId(mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'gauge.localhost';
  return `<${randomUUID()}@${domain}>`;
}
