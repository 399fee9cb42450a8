import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let cached: { url: string; transport: Transporter } | null = null;

/** Sends one e-mail over SMTP_URL. Without SMTP_URL, mail is disabled and this reports so (callers log it). */
export async function sendMail(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, mail: Mail): Promise<'sent' | 'disabled'> {
  if (!config.smtpUrl) return 'disabled';
  if (!cached || cached.url !== config.smtpUrl) {
    cached = { url: config.smtpUrl, transport: nodemailer.createTransport(config.smtpUrl) };
  }
  await cached.transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
  return 'sent';
}
