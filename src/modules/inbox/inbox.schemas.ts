import { z } from 'zod';

// My work (我的待办): what waits for the caller's action across modules (docs/inbox.md).

export const INBOX_MODULES = ['workorders', 'grading', 'accountability', 'staff'] as const;
export type InboxModule = (typeof INBOX_MODULES)[number];

/** A deadline's state as the work-order register shows it (running | paused | missed); null when the step has no deadline. */
export const InboxState = z.enum(['running', 'paused', 'met', 'missed']);

export const InboxItem = z.object({
  module: z.enum(INBOX_MODULES),
  id: z.string().describe('The item in its module: a work order, application, proposal, extension, mine (self-inspection) or staff member'),
  title: z.string(),
  action: z.string().describe('The action code the caller can take now (the module’s own: dispatch, sign, initial_review_pass, confirm_proposal, record_level …)'),
  due: z.string().nullable().describe('ISO instant of the deadline the step works against; null when none'),
  state: InboxState.nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxView = z.object({
  items: z.array(InboxItem).describe('Missed first, then by the nearest due time, then those without one; at most `limit`'),
  total: z.number().int().describe('How many items wait in all (items holds the first `limit`)'),
});
export type InboxView = z.infer<typeof InboxView>;

export const InboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(200),
});
