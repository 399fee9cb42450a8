import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, client, unwrap, type ApiOk } from './api';

export type Me = ApiOk<'/api/me'>;

export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await unwrap(client.GET('/api/me'));
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
    await unwrap(client.POST('/api/auth/logout'));
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}
