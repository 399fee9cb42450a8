// Server data of the quality loop's pages (docs/quality-loop.md), typed by path from the OpenAPI document.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';

export type QualityProposal = ApiOk<'/api/accountability/quality-accidents/{id}'>;
export type RootCauseList = ApiOk<'/api/workorders/root-causes'>;
export type ParetoRow = ApiOk<'/api/reports/root-causes'>[number];
export type SimilarItem = ApiOk<'/api/workorders/similar'>['items'][number];
export type ConfirmBody = ApiBody<'/api/accountability/quality-accidents/{id}/confirm'>;

/** Who decides a proposed quality accident (the server checks again). */
export const QA_ROLES = ['qa_manager'] as const;
export const QUALITY_READ_ROLES = ['qa_manager', 'dept_head', 'manager', 'director', 'admin'] as const;
export const PARETO_ROLES = ['admin', 'supervisor', 'deputy_supervisor', 'team_lead', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'qa_manager'] as const;

const keys = {
  proposals: (status?: string) => ['quality', 'proposals', status ?? ''] as const,
  proposal: (id: string) => ['quality', 'proposal', id] as const,
  rootCauses: (all: boolean) => ['quality', 'root-causes', all] as const,
};

export const useProposals = (status?: 'proposed' | 'confirmed' | 'dismissed') =>
  useQuery({ queryKey: keys.proposals(status), queryFn: () => unwrap(client.GET('/api/accountability/quality-accidents', { params: { query: { status } } })) });

export const useProposal = (id: string) =>
  useQuery({ queryKey: keys.proposal(id), queryFn: () => unwrap(client.GET('/api/accountability/quality-accidents/{id}', { params: { path: { id } } })) });

export const useRootCauses = (all = false, enabled = true) =>
  useQuery({ queryKey: keys.rootCauses(all), queryFn: () => unwrap(client.GET('/api/workorders/root-causes', { params: { query: { all: all ? 'true' : undefined } } })), enabled, staleTime: 60_000 });

export function useDecideProposal(id: string) {
  const qc = useQueryClient();
  const done = () => Promise.all([qc.invalidateQueries({ queryKey: ['quality'] }), qc.invalidateQueries({ queryKey: ['accountability'] })]);
  return {
    confirm: useMutation({
      mutationFn: (body: ConfirmBody) => unwrap(client.POST('/api/accountability/quality-accidents/{id}/confirm', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    dismiss: useMutation({
      mutationFn: (body: { version: number; reason: string }) => unwrap(client.POST('/api/accountability/quality-accidents/{id}/dismiss', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
  };
}

export const usePareto = (q: { from: string; to: string; productCode?: string; departmentId?: string; by: 'cause' | 'category' }) =>
  useQuery({ queryKey: ['quality', 'pareto', q], queryFn: () => unwrap(client.GET('/api/reports/root-causes', { params: { query: q } })), placeholderData: keepPreviousData });

export const useSimilar = (q: { customerName?: string; productCode?: string; batchNumber?: string; problem?: string }) =>
  useQuery({
    queryKey: ['quality', 'similar', q],
    queryFn: () => unwrap(client.GET('/api/workorders/similar', { params: { query: q } })),
    enabled: !!(q.customerName || q.productCode || q.problem),
    placeholderData: keepPreviousData,
  });

/** The bars' cumulative line: running share in per cent, one decimal. */
export function cumulativeShares(rows: { count: number }[]): number[] {
  const total = rows.reduce((s, r) => s + r.count, 0);
  let run = 0;
  return rows.map((r) => {
    run += r.count;
    return total ? Math.round((run / total) * 1000) / 10 : 0;
  });
}
