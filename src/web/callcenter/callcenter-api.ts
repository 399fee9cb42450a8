// The call-centre pages' server data (docs/callcenter.md), typed by path from the OpenAPI document.
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';

export type DutyLogEntry = ApiOk<'/api/callcenter/duty-log'>[number];
export type DutyLogCreate = ApiBody<'/api/callcenter/duty-log'>;
export type AgentFigures = ApiOk<'/api/callcenter/figures'>[number];
export type Forecast = ApiOk<'/api/callcenter/forecast'>;
export type Targets = ApiOk<'/api/callcenter/targets'>;

/** Who opens the call-centre pages; each tab narrows further and the server checks again. */
export const CALLCENTER_ROLES = ['agent', 'team_lead', 'deputy_supervisor', 'supervisor'] as const;
export const SUPERVISOR_ROLES = ['supervisor', 'deputy_supervisor'] as const;

export const SHIFT_LABELS = {
  morning: { zh: '早班 08:00–16:00', en: 'Morning 08:00–16:00' },
  afternoon: { zh: '中班 16:00–24:00', en: 'Afternoon 16:00–24:00' },
  night: { zh: '夜班 00:00–08:00', en: 'Night 00:00–08:00' },
} as const;
export type ShiftCode = keyof typeof SHIFT_LABELS;

export const dutyLog = (from: string, to: string) => unwrap(client.GET('/api/callcenter/duty-log', { params: { query: { from, to } } }));
export const createDutyLog = (body: DutyLogCreate) => unwrap(client.POST('/api/callcenter/duty-log', { body }));
export const handOver = (id: string, version: number) => unwrap(client.POST('/api/callcenter/duty-log/{id}/handover', { params: { path: { id } }, body: { version } }));
export const reviewEntry = (id: string, version: number, note: string) =>
  unwrap(client.POST('/api/callcenter/duty-log/{id}/review', { params: { path: { id } }, body: { version, note } }));
export const figures = (from: string, to: string) => unwrap(client.GET('/api/callcenter/figures', { params: { query: { from, to } } }));
export const targets = (month: string) => unwrap(client.GET('/api/callcenter/targets', { params: { query: { month } } }));
export const putTargets = (body: ApiBody<'/api/callcenter/targets', 'put'>) => unwrap(client.PUT('/api/callcenter/targets', { body }));
export const forecast = (q: { days: number; historyWeeks: number; serviceLevel: number; answerSeconds: number }) =>
  unwrap(client.GET('/api/callcenter/forecast', { params: { query: q } }));
export const schedule = (from: string, to: string) => unwrap(client.GET('/api/callcenter/schedules', { params: { query: { from, to } } }));
export const putSchedule = (body: ApiBody<'/api/callcenter/schedules', 'put'>) => unwrap(client.PUT('/api/callcenter/schedules', { body }));
export const members = () => unwrap(client.GET('/api/callcenter/members'));
