// The rules pages' server data, typed by path from the OpenAPI document (docs/architecture.md, "Web API client").
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';

export type Evaluation = ApiOk<'/api/rules/{id}/evaluate', 'post'>;
export type PackView = ApiOk<'/api/rules/{id}'>;
export type FactDef = PackView['facts'][number];
export type PackSummary = ApiOk<'/api/rules'>[number];
export type VersionMeta = PackSummary['versions'][number];

export const rulesKeys = {
  all: ['rules'] as const,
  list: ['rules', 'list'] as const,
  pack: (id: string, version?: number) => ['rules', 'pack', id, version ?? 'latest'] as const,
};

export const useRulePacks = () => useQuery({ queryKey: rulesKeys.list, queryFn: () => unwrap(client.GET('/api/rules')) });

export const useRulePack = (id: string | undefined, version?: number) =>
  useQuery({
    queryKey: rulesKeys.pack(id ?? '', version),
    queryFn: () => unwrap(client.GET('/api/rules/{id}', { params: { path: { id: id! }, query: { version } } })),
    enabled: !!id,
  });

export const evaluateRules = (id: string, body: ApiBody<'/api/rules/{id}/evaluate'>) => unwrap(client.POST('/api/rules/{id}/evaluate', { params: { path: { id } }, body }));

export function useUploadVersion(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: ApiBody<'/api/rules/{id}/versions'>) => unwrap(client.POST('/api/rules/{id}/versions', { params: { path: { id } }, body: v })),
    onSuccess: () => qc.invalidateQueries({ queryKey: rulesKeys.all }),
  });
}
