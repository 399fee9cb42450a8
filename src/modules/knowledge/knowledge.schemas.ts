import { z } from 'zod';
import { CATEGORY_LABELS, KIND_LABELS } from '../../core/workflow/labels';
import { id, int32Query, version } from '../../platform/http/bounds';

// The 话术库's API shapes (docs/knowledge.md "API"), shared with the web app.

/** Where an entry is used: the reply to the customer, the callback, an SMS to the customer, a call being taken. */
export const KNOWLEDGE_USES = ['reply', 'callback', 'sms', 'call'] as const;
export const KnowledgeUse = z.enum(KNOWLEDGE_USES);
export type KnowledgeUse = z.infer<typeof KnowledgeUse>;

// The complaint desk's kinds and complaint categories (the shared labels of src/core/workflow/labels.ts).
const Kind = z.enum(Object.keys(KIND_LABELS) as [string, ...string[]]);
const Category = z.enum(Object.keys(CATEGORY_LABELS) as [string, ...string[]]);

export const TITLE_MAX = 100;
export const BODY_MAX = 2000;

const fields = {
  title: z.string().trim().min(1).max(TITLE_MAX),
  /** The text, with placeholders such as {客户} {受理编号} {答复期限} (docs/knowledge.md "Placeholders"); an unknown one is 422 on `body`. */
  body: z.string().trim().min(1).max(BODY_MAX),
  /** Work-order kinds it is for; empty = every kind. */
  kinds: z.array(Kind).max(Object.keys(KIND_LABELS).length),
  /** A complaint category it is for (only with kind complaint or every kind); null = any. */
  category: Category.nullable(),
  /** Where it is used; at least one. */
  uses: z.array(KnowledgeUse).min(1).max(KNOWLEDGE_USES.length),
  /** Other words it should be found by (synonyms, product codes), searched like the text. */
  keywords: z.string().trim().max(200),
};

export const KnowledgeEntryCreate = z.object({
  /** The unit whose subtree it serves; defaults to the caller's unit. */
  unitId: id().optional(),
  title: fields.title,
  body: fields.body,
  kinds: fields.kinds.default([]),
  category: fields.category.default(null),
  uses: fields.uses,
  keywords: fields.keywords.default(''),
});
export type KnowledgeEntryCreate = z.infer<typeof KnowledgeEntryCreate>;

/** An edit names the version it read (409 stale_version otherwise); `active: false` retires the entry. */
export const KnowledgeEntryUpdate = z.object({
  version: version(),
  title: fields.title.optional(),
  body: fields.body.optional(),
  kinds: fields.kinds.optional(),
  category: fields.category.optional(),
  uses: fields.uses.optional(),
  keywords: fields.keywords.optional(),
  active: z.boolean().optional(),
});
export type KnowledgeEntryUpdate = z.infer<typeof KnowledgeEntryUpdate>;

export const KnowledgeEntryView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  title: z.string(),
  body: z.string(),
  kinds: z.array(z.string()),
  category: z.string().nullable(),
  uses: z.array(KnowledgeUse),
  keywords: z.string(),
  active: z.boolean(),
  useCount: z.number(),
  /** Uses so far by where they were made. */
  usage: z.object({ reply: z.number(), callback: z.number(), sms: z.number(), call: z.number() }),
  lastUsedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  /** True when the caller administers the entry's unit (may edit, retire or delete it). */
  editable: z.boolean(),
});
export type KnowledgeEntryView = z.infer<typeof KnowledgeEntryView>;

export const LIST_MAX = 500;

export const KnowledgeEntryList = z.object({
  items: z.array(KnowledgeEntryView),
  /** More than LIST_MAX entries matched; narrow the search. */
  truncated: z.boolean(),
});
export type KnowledgeEntryList = z.infer<typeof KnowledgeEntryList>;

export const KnowledgeListQuery = z.object({
  /** Words to find (all of them) in the title, keywords or text; Chinese of any length. */
  q: z.string().trim().max(100).optional(),
  /** Only entries for this work-order kind (or for every kind). */
  kind: Kind.optional(),
  /** Only entries for this complaint category (or for any). */
  category: Category.optional(),
  /** Only entries used there. */
  use: KnowledgeUse.optional(),
  /** With `true`, retired entries too (the administration page). */
  retired: z.enum(['true', 'false']).optional(),
});
export type KnowledgeListQuery = z.infer<typeof KnowledgeListQuery>;

export const KnowledgeIdParams = z.object({ id: id() });
export const KnowledgeDeleteQuery = z.object({ version: int32Query(0) });
