// The accountability pages' server data (DOMAIN §4). Types come from the server's Zod schemas (type-only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccidentSummaryOutput,
  AccidentViewOutput,
  LedgerViewOutput,
  PersonOptionOutput,
} from '../../modules/accountability/accountability.schemas';
import { api, qs } from '../app/api';

export type { AccidentSummaryOutput as AccidentSummary, AccidentViewOutput as Accident, LedgerViewOutput as Ledger, PersonOptionOutput as PersonOption };

export const RECORD_ROLES = ['dept_head', 'manager', 'director', 'admin'] as const;
export const PACK_ID = 'accident-management';

const keys = {
  all: ['accountability'] as const,
  list: ['accountability', 'list'] as const,
  one: (id: string) => ['accountability', 'one', id] as const,
  ledger: (month?: string) => ['accountability', 'ledger', month ?? ''] as const,
  people: ['accountability', 'people'] as const,
};

export const useAccidents = () => useQuery({ queryKey: keys.list, queryFn: () => api.get<AccidentSummaryOutput[]>('/api/accountability/accidents') });
export const useAccident = (id: string) => useQuery({ queryKey: keys.one(id), queryFn: () => api.get<AccidentViewOutput>(`/api/accountability/accidents/${encodeURIComponent(id)}`) });
export const useLedger = (month?: string) => useQuery({ queryKey: keys.ledger(month), queryFn: () => api.get<LedgerViewOutput>(`/api/accountability/ledger${qs({ month })}`) });
export const usePeople = (enabled: boolean) => useQuery({ queryKey: keys.people, queryFn: () => api.get<PersonOptionOutput[]>('/api/accountability/people'), enabled });
export const useUnits = () => useQuery({ queryKey: ['units'], queryFn: () => api.get<{ id: string; name: string; kind: string; parentId: string | null }[]>('/api/units') });

export interface AccidentInput {
  unitId: string;
  occurredOn: string;
  title: string;
  description?: string;
  facts: Record<string, unknown>;
  responsibleUserId: string;
}

export function useRecordAccident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: AccidentInput; key: string }) => api.post<AccidentViewOutput>('/api/accountability/accidents', input, { 'Idempotency-Key': key }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
