import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { client, unwrap } from '../app/api';

/**
 * "Now" as the server sees it. Deadlines are computed by the server's clock (pinned in tests, possibly skewed
 * from the user's PC), so countdowns use the server time from /api/health plus the local time elapsed since.
 */
export function useServerClock(tickMs = 30_000): { now: number; ready: boolean } {
  const health = useQuery({
    queryKey: ['server-time'],
    queryFn: async () => {
      const sent = Date.now();
      const h = await unwrap(client.GET('/api/health'));
      return Date.parse(h.time) - (sent + Date.now()) / 2;
    },
    staleTime: 10 * 60_000,
  });
  const [local, setLocal] = useState(() => Date.now());
  useEffect(() => {
    // Re-read the local time when the offset arrives, or "now" would lag by the time the request took.
    setLocal(Date.now());
    const id = window.setInterval(() => setLocal(Date.now()), tickMs);
    return () => window.clearInterval(id);
  }, [tickMs, health.data]);
  return { now: local + (health.data ?? 0), ready: health.data !== undefined };
}

export const useServerNow = (tickMs = 30_000): number => useServerClock(tickMs).now;

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export interface UnitOption {
  value: string;
  title: string;
  children?: UnitOption[];
}

/** The units this user may see, as TreeSelect options (departments are where work orders go, docs/workorders.md#handling-steps). */
export function useUnitOptions() {
  const units = useQuery({ queryKey: ['units'], queryFn: (): Promise<UnitRow[]> => unwrap(client.GET('/api/units')), staleTime: 5 * 60_000 });
  const options = useMemo(() => {
    const rows = units.data ?? [];
    const ids = new Set(rows.map((u) => u.id));
    const byParent = new Map<string | null, UnitRow[]>();
    for (const u of rows) {
      const p = u.parentId && ids.has(u.parentId) ? u.parentId : null;
      byParent.set(p, [...(byParent.get(p) ?? []), u]);
    }
    const build = (parent: string | null): UnitOption[] =>
      (byParent.get(parent) ?? []).map((u) => {
        const children = build(u.id);
        return children.length ? { value: u.id, title: u.name, children } : { value: u.id, title: u.name };
      });
    return build(null);
  }, [units.data]);
  const names = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  return { options, names, loading: units.isLoading };
}

/** A UUID for the Idempotency-Key header; crypto.randomUUID needs a secure context, so fall back on getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
