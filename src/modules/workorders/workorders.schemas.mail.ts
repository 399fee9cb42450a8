import { z } from 'zod';

// The mail of a work order (docs/integrations-mail.md): what the customer sent in and what went out by SMTP.

export const MailAttachmentView = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});
export type MailAttachmentView = z.infer<typeof MailAttachmentView>;

export const MailMessageView = z.object({
  id: z.string(),
  /** in: received from the customer; out: a reply we sent. */
  direction: z.enum(['in', 'out']),
  /** in: created (opened the work order) | threaded (added to it) | ignored | failed (neither listed with a work order); out: queued | sent | disabled (no SMTP configured). */
  status: z.string(),
  /** When it arrived (the mail server's time) or was queued. */
  at: z.string(),
  subject: z.string(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  to: z.array(z.string()),
  /** Plain text only; HTML mail is shown as its text. */
  text: z.string(),
  messageId: z.string().nullable(),
  attachments: z.array(MailAttachmentView),
  /** Attachments over the size limit, named but not kept. */
  skippedAttachments: z.array(z.object({ filename: z.string(), size: z.number() })),
});
export type MailMessageView = z.infer<typeof MailMessageView>;
