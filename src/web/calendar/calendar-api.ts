// The calendar pages' server data: every URL of the calendar API in one place, one react-query key per
// resource, and mutations that invalidate what a change affects. Types come from the server's Zod schemas.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddViewOutput,
  CalendarSettingsInput,
  CalendarYearViewOutput,
  DayViewOutput,
  OverrideViewOutput,
  SettingsViewOutput,
  StatusViewOutput,
} from '../../modules/calendar/calendar.schemas';
import { api, qs } from '../app/api';

export type { AddViewOutput as AddResult, CalendarYearViewOutput as CalendarYear, DayViewOutput as CalendarDay, OverrideViewOutput as CalendarOverride };
export type { SettingsViewOutput as CalendarSettingsView, StatusViewOutput as CalendarStatus };

export const calendarKeys = {
  all: ['calendar'] as const,
  status: ['calendar', 'status'] as const,
  days: (from: string, to: string) => ['calendar', 'days', from, to] as const,
  years: ['calendar', 'years'] as const,
  overrides: (from: string, to: string) => ['calendar', 'overrides', from, to] as const,
  settings: ['calendar', 'settings'] as const,
};

export const useCalendarStatus = () => useQuery({ queryKey: calendarKeys.status, queryFn: () => api.get<StatusViewOutput>('/api/calendar/status') });

export const useCalendarDays = (from: string, to: string) =>
  useQuery({ queryKey: calendarKeys.days(from, to), queryFn: () => api.get<DayViewOutput[]>(`/api/calendar/days${qs({ from, to })}`) });

export const useCalendarYears = () => useQuery({ queryKey: calendarKeys.years, queryFn: () => api.get<CalendarYearViewOutput[]>('/api/calendar/years') });

export const useCalendarOverrides = (from: string, to: string) =>
  useQuery({ queryKey: calendarKeys.overrides(from, to), queryFn: () => api.get<OverrideViewOutput[]>(`/api/calendar/overrides${qs({ from, to })}`) });

/** Working hours: global (no unit), or of one unit (its own, or inherited: `inherited: true`). */
export const useCalendarSettings = (unitId?: string) =>
  useQuery({ queryKey: [...calendarKeys.settings, unitId ?? 'global'], queryFn: () => api.get<SettingsViewOutput>(`/api/calendar/settings${qs({ unitId })}`) });

/** Every calendar change may move any day, deadline or the banner: refresh all calendar data. */
function useInvalidateCalendar() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: calendarKeys.all });
}

export function useSetOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { date: string; working: boolean; note?: string; version?: number }) =>
      api.put<OverrideViewOutput>(`/api/calendar/overrides/${v.date}`, { working: v.working, note: v.note, version: v.version }),
    onSuccess: invalidate,
  });
}

export function useRemoveOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { date: string; version: number }) => api.del<void>(`/api/calendar/overrides/${v.date}${qs({ version: v.version })}`),
    onSuccess: invalidate,
  });
}

export interface YearImportResult {
  year: CalendarYearViewOutput;
  warnings: { path: string; message: string; severity: 'error' | 'warning' }[];
}

export function useImportYear() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { notice: unknown; version?: number }) => api.post<YearImportResult>(`/api/calendar/years${qs({ version: v.version })}`, v.notice),
    onSuccess: invalidate,
  });
}

export function useSaveSettings() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: CalendarSettingsInput & { unitId?: string; version?: number }) => api.put<SettingsViewOutput>('/api/calendar/settings', v),
    onSuccess: invalidate,
  });
}

export function useRemoveUnitSettings() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { unitId: string; version: number }) => api.del<void>(`/api/calendar/settings/units/${encodeURIComponent(v.unitId)}${qs({ version: v.version })}`),
    onSuccess: invalidate,
  });
}

export const addDuration = (v: { start: string; amount: number; unit: string }) => api.post<AddViewOutput>('/api/calendar/add', v);
