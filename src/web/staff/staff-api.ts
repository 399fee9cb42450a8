// The staff pages' server data (docs/staff-levels.md), typed by path from the OpenAPI document (docs/architecture.md,
// "Web API client").
import { useQuery } from '@tanstack/react-query';
import { client, unwrap, type ApiOk } from '../app/api';

export type Assessment = ApiOk<'/api/staff/{id}/assessment'>;
export type StaffListItem = ApiOk<'/api/staff'>[number];
export type StaffView = ApiOk<'/api/staff/{id}'>;

/** Roles that keep staff records (the server checks the subtree again). */
export const STAFF_ROLES = ['admin', 'dept_head', 'manager'] as const;

export const useStaffList = (unitId?: string) =>
  useQuery({ queryKey: ['staff', 'list', unitId ?? ''], queryFn: () => unwrap(client.GET('/api/staff', { params: { query: { unitId } } })) });

export const useAssessment = (id: string) =>
  useQuery({ queryKey: ['staff', 'assessment', id], queryFn: () => unwrap(client.GET('/api/staff/{id}/assessment', { params: { path: { id } } })) });

export type UnitOption = ApiOk<'/api/units'>[number];

export const useUnits = () => useQuery({ queryKey: ['units'], queryFn: () => unwrap(client.GET('/api/units')) });
