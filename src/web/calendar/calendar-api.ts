// The calendar pages' server data: every call of the calendar API in one place, typed by path from the OpenAPI
// document (docs/architecture.md, "Web API client"), one react-query key per resource, and mutations that
// invalidate what a change affects.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';

export type AddResult = ApiOk<'/api/calendar/add', 'post'>;
export type CalendarYear = ApiOk<'/api/calendar/years'>[number];
export type CalendarDay = ApiOk<'/api/calendar/days'>[number];
export type CalendarOverride = ApiOk<'/api/calendar/overrides'>[number];
export type CalendarSettingsView = ApiOk<'/api/calendar/settings'>;
export type CalendarStatus = ApiOk<'/api/calendar/status'>;
export type YearImportResult = ApiOk<'/api/calendar/years', 'post'>;
type SettingsBody = ApiBody<'/api/calendar/settings', 'put'>;

export const calendarKeys = {
  all: ['calendar'] as const,
  status: ['calendar', 'status'] as const,
  days: (from: string, to: string) => ['calendar', 'days', from, to] as const,
  years: ['calendar', 'years'] as const,
  overrides: (from: string, to: string) => ['calendar', 'overrides', from, to] as const,
  settings: ['calendar', 'settings'] as const,
};

export const useCalendarStatus = () => useQuery({ queryKey: calendarKeys.status, queryFn: () => unwrap(client.GET('/api/calendar/status')) });

export const useCalendarDays = (from: string, to: string) =>
  useQuery({ queryKey: calendarKeys.days(from, to), queryFn: () => unwrap(client.GET('/api/calendar/days', { params: { query: { from, to } } })) });

export const useCalendarYears = () => useQuery({ queryKey: calendarKeys.years, queryFn: () => unwrap(client.GET('/api/calendar/years')) });

export const useCalendarOverrides = (from: string, to: string) =>
  useQuery({ queryKey: calendarKeys.overrides(from, to), queryFn: () => unwrap(client.GET('/api/calendar/overrides', { params: { query: { from, to } } })) });

/** Working hours: global (no unit), or of one unit (its own, or inherited: `inherited: true`). */
export const useCalendarSettings = (unitId?: string) =>
  useQuery({ queryKey: [...calendarKeys.settings, unitId ?? 'global'], queryFn: () => unwrap(client.GET('/api/calendar/settings', { params: { query: { unitId } } })) });

/** Every calendar change may move any day, deadline or the banner: refresh all calendar data. */
function useInvalidateCalendar() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: calendarKeys.all });
}

export function useSetOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { date: string; working: boolean; note?: string; version?: number }) =>
      unwrap(client.PUT('/api/calendar/overrides/{date}', { params: { path: { date: v.date } }, body: { working: v.working, note: v.note, version: v.version } })),
    onSuccess: invalidate,
  });
}

export function useRemoveOverride() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { date: string; version: number }) => unwrap(client.DELETE('/api/calendar/overrides/{date}', { params: { path: { date: v.date }, query: { version: v.version } } })),
    onSuccess: invalidate,
  });
}

export function useImportYear() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { notice: unknown; version?: number }) => unwrap(client.POST('/api/calendar/years', { params: { query: { version: v.version } }, body: v.notice })),
    onSuccess: invalidate,
  });
}

export function useSaveSettings() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: SettingsBody) => unwrap(client.PUT('/api/calendar/settings', { body: v })),
    onSuccess: invalidate,
  });
}

export function useRemoveUnitSettings() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (v: { unitId: string; version: number }) => unwrap(client.DELETE('/api/calendar/settings/units/{unitId}', { params: { path: { unitId: v.unitId }, query: { version: v.version } } })),
    onSuccess: invalidate,
  });
}

export const addDuration = (v: ApiBody<'/api/calendar/add'>) => unwrap(client.POST('/api/calendar/add', { body: v }));
