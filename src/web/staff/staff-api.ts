// The staff pages' server data (DOMAIN §5). Types come from the server's Zod schemas (type-only).
import { useQuery } from '@tanstack/react-query';
import type { AssessmentViewOutput, StaffListItemOutput, StaffViewOutput } from '../../modules/staff/staff.schemas';
import { api, qs } from '../app/api';

export type { AssessmentViewOutput as Assessment, StaffListItemOutput as StaffListItem, StaffViewOutput as StaffView };

/** Roles that keep staff records (the server checks the subtree again). */
export const STAFF_ROLES = ['admin', 'dept_head', 'manager'] as const;

export const useStaffList = (unitId?: string) => useQuery({ queryKey: ['staff', 'list', unitId ?? ''], queryFn: () => api.get<StaffListItemOutput[]>(`/api/staff${qs({ unitId })}`) });

export const useAssessment = (id: string) => useQuery({ queryKey: ['staff', 'assessment', id], queryFn: () => api.get<AssessmentViewOutput>(`/api/staff/${id}/assessment`) });

export interface UnitOption {
  id: string;
  name: string;
  path: string;
}

export const useUnits = () => useQuery({ queryKey: ['units'], queryFn: () => api.get<UnitOption[]>('/api/units') });
