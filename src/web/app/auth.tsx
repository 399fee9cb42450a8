import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: { role: string; unitId: string; label: string; labelEn: string }[];
}

export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.get<Me>('/api/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export const hasAnyRole = (me: Me | null | undefined, roles?: readonly string[]) =>
  !roles || roles.length === 0 || (!!me && me.roles.some((r) => roles.includes(r.role)));

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await api.post('/api/auth/logout');
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}
