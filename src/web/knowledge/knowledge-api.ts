// The 话术库's server data and labels (docs/knowledge.md), typed by path from the OpenAPI document (docs/architecture.md,
// "Web API client").
import { useQuery } from '@tanstack/react-query';
import { client, unwrap, type ApiOk, type ApiQuery } from '../app/api';

export type KnowledgeEntry = ApiOk<'/api/knowledge/entries/{id}'>;
export type KnowledgeQuery = NonNullable<ApiQuery<'/api/knowledge/entries'>>;
export type KnowledgeUse = KnowledgeEntry['uses'][number];

/** Who reads the 话术库: the complaint desk (the server checks again). */
export const KNOWLEDGE_ROLES = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent', 'qa_manager'] as const;

export const USE_LABELS: Record<KnowledgeUse, { zh: string; en: string }> = {
  reply: { zh: '答复', en: 'Reply' },
  callback: { zh: '回访', en: 'Callback' },
  sms: { zh: '短信', en: 'SMS' },
  call: { zh: '来电受理', en: 'Taking a call' },
};

export const knowledgeKeys = { all: ['knowledge'] as const, list: (q: KnowledgeQuery) => ['knowledge', 'entries', q] as const };

export const useKnowledgeEntries = (q: KnowledgeQuery, enabled = true) =>
  useQuery({
    queryKey: knowledgeKeys.list(q),
    queryFn: () => unwrap(client.GET('/api/knowledge/entries', { params: { query: q } })),
    enabled,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
