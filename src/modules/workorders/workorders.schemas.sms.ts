import { z } from 'zod';
import { id } from '../../platform/http/bounds';

// An SMS to the work order's contact from its page (docs/knowledge.md "SMS"; the provider side: docs/integrations.md "SMS").

/** Longest text sent: a long SMS is joined from segments of 67 characters; providers stop at a few hundred. */
export const SMS_TEXT_MAX = 300;

export const SmsToCustomer = z.object({
  /** The text, placeholders already filled in. */
  message: z.string().trim().min(1, '请填写短信内容 / write the message').max(SMS_TEXT_MAX),
  /** The 话术库 entry the text was written from, counted as a use. */
  knowledgeEntryId: id().optional(),
});
export type SmsToCustomer = z.infer<typeof SmsToCustomer>;

export const SmsToCustomerQueued = z.object({
  /** The message waits in the outbox; the SMS log (系统管理 → 集成) shows its delivery. */
  status: z.literal('queued'),
  /** The number it goes to, partly hidden (138****1111). */
  phone: z.string(),
});
export type SmsToCustomerQueued = z.infer<typeof SmsToCustomerQueued>;
