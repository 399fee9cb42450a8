// The rules pages' server data (issue 3 rules API). Types come from the server's Zod schemas (type-only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EvaluationViewOutput, FactDefViewOutput, PackViewOutput, VersionMetaOutput } from '../../modules/rules/rules.schemas';
import { api, qs } from '../app/api';

export type { EvaluationViewOutput as Evaluation, FactDefViewOutput as FactDef, PackViewOutput as PackView, VersionMetaOutput as VersionMeta };

export interface PackSummary {
  id: string;
  title: { zh: string; en: string };
  description?: { zh: string; en: string };
  versions: VersionMetaOutput[];
  latestVersion: number;
}

export const rulesKeys = {
  all: ['rules'] as const,
  list: ['rules', 'list'] as const,
  pack: (id: string, version?: number) => ['rules', 'pack', id, version ?? 'latest'] as const,
};

export const useRulePacks = () => useQuery({ queryKey: rulesKeys.list, queryFn: () => api.get<PackSummary[]>('/api/rules') });

export const useRulePack = (id: string | undefined, version?: number) =>
  useQuery({
    queryKey: rulesKeys.pack(id ?? '', version),
    queryFn: () => api.get<PackViewOutput>(`/api/rules/${encodeURIComponent(id!)}${qs({ version })}`),
    enabled: !!id,
  });

export const evaluateRules = (id: string, body: { facts: Record<string, unknown>; asOf?: string; version?: number }) =>
  api.post<EvaluationViewOutput>(`/api/rules/${encodeURIComponent(id)}/evaluate`, body);

export function useUploadVersion(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { yaml: string; note?: string; baseVersion?: number }) => api.post<PackViewOutput>(`/api/rules/${encodeURIComponent(id)}/versions`, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: rulesKeys.all }),
  });
}
