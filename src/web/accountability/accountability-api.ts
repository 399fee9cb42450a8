// The accountability pages' server data (docs/accountability.md), typed by path from the OpenAPI document
// (docs/architecture.md, "Web API client").
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';

export type AccidentSummary = ApiOk<'/api/accountability/accidents'>[number];
export type Accident = ApiOk<'/api/accountability/accidents/{id}'>;
export type Ledger = ApiOk<'/api/accountability/ledger'>;
export type PersonOption = ApiOk<'/api/accountability/people'>[number];
export type AccidentInput = ApiBody<'/api/accountability/accidents'>;

export const RECORD_ROLES = ['dept_head', 'manager', 'director', 'admin'] as const;
export const PACK_ID = 'accident-management';

const keys = {
  all: ['accountability'] as const,
  list: ['accountability', 'list'] as const,
  one: (id: string) => ['accountability', 'one', id] as const,
  ledger: (month?: string) => ['accountability', 'ledger', month ?? ''] as const,
  people: (unitId?: string) => ['accountability', 'people', unitId ?? ''] as const,
};

export const useAccidents = () => useQuery({ queryKey: keys.list, queryFn: () => unwrap(client.GET('/api/accountability/accidents')) });
export const useAccident = (id: string) =>
  useQuery({ queryKey: keys.one(id), queryFn: () => unwrap(client.GET('/api/accountability/accidents/{id}', { params: { path: { id } } })) });
export const useLedger = (month?: string) =>
  useQuery({ queryKey: keys.ledger(month), queryFn: () => unwrap(client.GET('/api/accountability/ledger', { params: { query: { month } } })) });
/** People who may be named responsible for an accident on `unitId`: only that unit's subtree is accepted. */
export const usePeople = (unitId: string | undefined) =>
  useQuery({ queryKey: keys.people(unitId), queryFn: () => unwrap(client.GET('/api/accountability/people', { params: { query: { unitId: unitId! } } })), enabled: !!unitId });
export const useUnits = () => useQuery({ queryKey: ['units'], queryFn: () => unwrap(client.GET('/api/units')) });

export function useRecordAccident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: AccidentInput; key: string }) =>
      unwrap(client.POST('/api/accountability/accidents', { body: input, headers: { 'Idempotency-Key': key } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
