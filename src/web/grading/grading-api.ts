// The grading pages' server data: every call of the grading API in one place, typed by path from the OpenAPI
// document (docs/architecture.md, "Web API client"), one react-query key per resource, and hooks that invalidate
// what a change affects.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { apiHref, client, unwrap, uploadFile, type ApiBody, type ApiOk, type ApiQuery } from '../app/api';
import { shanghaiDay } from './grading-utils';

export type ApplicationView = ApiOk<'/api/grading/applications/{id}'>;
export type ApplicationSummary = ApiOk<'/api/grading/applications'>[number];
export type ApplicationCreateInput = ApiBody<'/api/grading/applications'>;
export type ApplicationActionInput = ApiBody<'/api/grading/applications/{id}/actions'>;
export type MineListItem = ApiOk<'/api/grading/mines'>[number];
export type MineDetail = ApiOk<'/api/grading/mines/{id}'>;
export type MineCreateInput = ApiBody<'/api/grading/mines'>;
export type SupervisionEventCreateInput = ApiBody<'/api/grading/mines/{id}/events'>;
export type ProposalConfirmInput = ApiBody<'/api/grading/proposals/{id}/confirm'>;
export type ProposalView = ApiOk<'/api/grading/proposals'>[number];
export type TemplateSummary = ApiOk<'/api/grading/templates'>[number];
export type TemplateView = ApiOk<'/api/grading/templates/{id}'>;
export type ScoringTemplateInput = ApiBody<'/api/grading/templates'>;
export type TemplateWeightsUpdateInput = ApiBody<'/api/grading/templates/{id}/weights', 'put'>;
export type SheetView = ApiOk<'/api/grading/sheets/{id}'>;
export type SheetUpdateInput = ApiBody<'/api/grading/sheets/{id}', 'put'>;
export type EvaluateRequestInput = ApiBody<'/api/grading/evaluate'>;
export type EvaluateResponse = ApiOk<'/api/grading/evaluate', 'post'>;
export type SelfInspectionSlot = ApiOk<'/api/grading/self-inspections'>[number];
export type SelfInspectionCreateInput = ApiBody<'/api/grading/self-inspections'>;
export type Level1SelfInspectionSummary = ApiOk<'/api/grading/self-inspections/level1-summary'>;
export type BulletinView = ApiOk<'/api/grading/bulletins'>;
export type ProvinceConfigView = ApiOk<'/api/grading/provinces/{id}/config'>;
export type ProvinceConfigUpdateInput = ApiBody<'/api/grading/provinces/{id}/config', 'put'>;
export type ExtensionView = ApiOk<'/api/grading/extensions/{id}'>;
export type ExtensionCreateInput = ApiBody<'/api/grading/extensions'>;
export type ExtensionActionInput = ApiBody<'/api/grading/extensions/{id}/actions'>;
export type PublicNotice = ApiOk<'/api/public/grading/notices'>[number];
export type PublicAnnouncement = ApiOk<'/api/public/grading/announcements'>[number];
export type ObjectionCreateInput = ApiBody<'/api/public/grading/notices/{id}/objections'>;
export type AttachmentView = ApiOk<'/api/grading/mines/{id}/attachments', 'post'>;
export type UnitView = ApiOk<'/api/units'>[number];

/** Where the browser downloads one evidence file (a plain link: the server answers with the file). */
export const attachmentHref = (id: string) => apiHref('/api/grading/attachments/{id}', { path: { id } });

const byId = (id: string) => ({ params: { path: { id } } });

export const gradingKeys = {
  all: ['grading'] as const,
  mines: ['grading', 'mines'] as const,
  mine: (id: string) => ['grading', 'mines', id] as const,
  applications: (filter: Record<string, string | undefined>) => ['grading', 'applications', filter] as const,
  application: (id: string) => ['grading', 'application', id] as const,
  templates: ['grading', 'templates'] as const,
  template: (id: string) => ['grading', 'templates', id] as const,
  provinceConfig: (provinceId: string) => ['grading', 'province-config', provinceId] as const,
  selfInspections: (mineId?: string, year?: number) => ['grading', 'self-inspections', mineId ?? '', year ?? 0] as const,
  bulletin: (authorityId: string | undefined, year: number) => ['grading', 'bulletin', authorityId ?? '', year] as const,
  publicNotices: ['public-grading', 'notices'] as const,
  publicAnnouncements: ['public-grading', 'announcements'] as const,
  today: ['grading', 'server-today'] as const,
};

/**
 * Today as the server sees it (Asia/Shanghai day of its clock). Validity and overdue highlights use it rather
 * than the browser's clock, which may be wrong or — in tests — not the pinned one.
 */
export function useServerToday(): string | undefined {
  const q = useQuery({
    queryKey: gradingKeys.today,
    queryFn: () => unwrap(client.GET('/api/health')),
    staleTime: 60_000,
  });
  return q.data ? shanghaiDay(q.data.time) : undefined;
}

/**
 * The Idempotency-Key of one creation form: a UUID generated when the form opens and sent with every submit of
 * it, so a retry after a lost answer returns the first result instead of creating twice (architecture.md,
 * http/idempotency). `renew` starts a new key for a form that stays open after a success.
 */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  const renew = useCallback(() => setKey(newIdempotencyKey()), []);
  return [key, renew];
}
export const newIdempotencyKey = (): string => crypto.randomUUID();
/** The Idempotency-Key header, declared by the creation routes' OpenAPI parameters. */
const idem = (key: string) => ({ header: { 'idempotency-key': key } });
/** A creation: the body and the Idempotency-Key of the form it comes from. */
export interface Keyed<T> {
  body: T;
  key: string;
}

export function useMines() {
  return useQuery({ queryKey: gradingKeys.mines, queryFn: () => unwrap(client.GET('/api/grading/mines')) });
}

export function useMine(id: string | undefined) {
  return useQuery({ queryKey: gradingKeys.mine(id ?? ''), queryFn: () => unwrap(client.GET('/api/grading/mines/{id}', byId(id!))), enabled: !!id });
}

export function useApplications(filter: { mineId?: string; status?: ApiQuery<'/api/grading/applications'>['status'] } = {}) {
  return useQuery({
    queryKey: gradingKeys.applications(filter),
    queryFn: () => unwrap(client.GET('/api/grading/applications', { params: { query: filter } })),
  });
}

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: gradingKeys.application(id ?? ''),
    queryFn: () => unwrap(client.GET('/api/grading/applications/{id}', byId(id!))),
    enabled: !!id,
  });
}

export function useTemplates() {
  return useQuery({ queryKey: gradingKeys.templates, queryFn: () => unwrap(client.GET('/api/grading/templates')) });
}

export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: gradingKeys.template(id ?? ''), queryFn: () => unwrap(client.GET('/api/grading/templates/{id}', byId(id!))), enabled: !!id });
}

export function useSelfInspections(mineId?: string, year?: number) {
  return useQuery({
    queryKey: gradingKeys.selfInspections(mineId, year),
    queryFn: () => unwrap(client.GET('/api/grading/self-inspections', { params: { query: { mineId, year } } })),
  });
}

/** The yearly summary of the 一级 mines' self-inspections for the national authority (Art. 11(6)). */
export function useLevel1SelfInspectionSummary(authorityId: string | undefined, year: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...gradingKeys.all, 'level1-summary', authorityId ?? '', year],
    queryFn: () => unwrap(client.GET('/api/grading/self-inspections/level1-summary', { params: { query: { authorityId, year } } })),
  });
}

export function useBulletin(authorityId: string | undefined, year: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: gradingKeys.bulletin(authorityId, year),
    queryFn: () => unwrap(client.GET('/api/grading/bulletins', { params: { query: { authorityId, year } } })),
  });
}

export function usePublicNotices() {
  return useQuery({ queryKey: gradingKeys.publicNotices, queryFn: () => unwrap(client.GET('/api/public/grading/notices')) });
}

export function usePublicAnnouncements() {
  return useQuery({ queryKey: gradingKeys.publicAnnouncements, queryFn: () => unwrap(client.GET('/api/public/grading/announcements')) });
}

/** The units the caller may see (authorities, enterprises, mines) for the grading pages' pickers. */
export function useGradingUnits() {
  return useQuery({ queryKey: ['grading', 'units'], queryFn: () => unwrap(client.GET('/api/units')) });
}

/** One province's grading configuration (its scoring template, review deadlines). */
export function useProvinceConfig(provinceId: string) {
  return useQuery({ queryKey: gradingKeys.provinceConfig(provinceId), queryFn: () => unwrap(client.GET('/api/grading/provinces/{id}/config', byId(provinceId))) });
}

/** Refreshes every grading view after a change: a decision on an application changes the mine, lists and public pages. */
export function useRefreshGrading() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: gradingKeys.all }), qc.invalidateQueries({ queryKey: ['public-grading'] })]);
}

export function useCreateMine() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: ({ body, key }: Keyed<MineCreateInput>) => unwrap(client.POST('/api/grading/mines', { body, params: idem(key) })), onSuccess: refresh });
}

export function useCreateApplication() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ body, key }: Keyed<ApplicationCreateInput>) => unwrap(client.POST('/api/grading/applications', { body, params: idem(key) })),
    onSuccess: refresh,
  });
}

export function useApplicationAction(id: string) {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: (body: ApplicationActionInput) => unwrap(client.POST('/api/grading/applications/{id}/actions', { ...byId(id), body })),
    onSuccess: refresh,
  });
}

export function useRecordEvent(mineId: string) {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ body, key }: Keyed<SupervisionEventCreateInput>) =>
      unwrap(client.POST('/api/grading/mines/{id}/events', { body, params: { path: { id: mineId }, ...idem(key) } })),
    onSuccess: refresh,
  });
}

export function useConfirmProposal() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProposalConfirmInput }) => unwrap(client.POST('/api/grading/proposals/{id}/confirm', { ...byId(id), body })),
    onSuccess: refresh,
  });
}

export function useDismissProposal() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ApiBody<'/api/grading/proposals/{id}/dismiss'> }) => unwrap(client.POST('/api/grading/proposals/{id}/dismiss', { ...byId(id), body })),
    onSuccess: refresh,
  });
}

export function useRecordSelfInspection() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: (body: SelfInspectionCreateInput) => unwrap(client.POST('/api/grading/self-inspections', { body })), onSuccess: refresh });
}

export function useUpdateProvinceConfig() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ provinceId, body }: { provinceId: string; body: ProvinceConfigUpdateInput }) =>
      unwrap(client.PUT('/api/grading/provinces/{id}/config', { ...byId(provinceId), body })),
    onSuccess: refresh,
  });
}

export function useUpdateWeights() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TemplateWeightsUpdateInput }) => unwrap(client.PUT('/api/grading/templates/{id}/weights', { ...byId(id), body })),
    onSuccess: refresh,
  });
}

/** Loads a new edition of a scoring standard (parsed from the administrator's YAML or JSON); the server validates it. */
export function useLoadEdition() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: (body: ScoringTemplateInput) => unwrap(client.POST('/api/grading/templates', { body })),
    onSuccess: refresh,
  });
}

export const evaluatePreview = (body: EvaluateRequestInput) => unwrap(client.POST('/api/grading/evaluate', { body }));
export const createSheet = (mineId: string, standard: string, key: string) =>
  unwrap(client.POST('/api/grading/sheets', { body: { mineId, standard }, params: idem(key) }));
/** 异议 from the public page (no account). */
export const fileObjection = (noticeId: string, body: ObjectionCreateInput, key: string) =>
  unwrap(client.POST('/api/public/grading/notices/{id}/objections', { body, params: { path: { id: noticeId }, ...idem(key) } }));
export const updateSheet = (id: string, body: SheetUpdateInput) => unwrap(client.PUT('/api/grading/sheets/{id}', { ...byId(id), body }));
/** Evidence is stored with the mine (pdf/jpg/png/xlsx/docx) and referenced by the sheet's entries. */
export const uploadMineAttachment = (mineId: string, file: File) => uploadFile('/api/grading/mines/{id}/attachments', { id: mineId }, file);

export function useExtensions() {
  return useQuery({ queryKey: [...gradingKeys.all, 'extensions'], queryFn: () => unwrap(client.GET('/api/grading/extensions')) });
}

export function useExtension(id: string) {
  return useQuery({ queryKey: ['grading', 'extension', id], queryFn: () => unwrap(client.GET('/api/grading/extensions/{id}', byId(id))) });
}

export function useCreateExtension() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ body, key }: Keyed<ExtensionCreateInput>) => unwrap(client.POST('/api/grading/extensions', { body, params: idem(key) })),
    onSuccess: refresh,
  });
}

export function useExtensionAction() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ExtensionActionInput }) => unwrap(client.POST('/api/grading/extensions/{id}/actions', { ...byId(id), body })),
    onSuccess: refresh,
  });
}

/** Self-inspections past their period without a record, in the caller's scope (Art. 11(6)). */
export function useOverdueSelfInspections(enabled: boolean) {
  return useQuery({
    queryKey: [...gradingKeys.all, 'self-inspections-overdue'],
    queryFn: () => unwrap(client.GET('/api/grading/self-inspections/overdue')),
    enabled,
  });
}

/** Downgrade/revocation proposals awaiting the granting body's decision (Art. 11(3)). */
export function usePendingProposals(enabled: boolean) {
  return useQuery({
    queryKey: [...gradingKeys.all, 'proposals', 'pending'],
    queryFn: () => unwrap(client.GET('/api/grading/proposals', { params: { query: { status: 'pending' } } })),
    enabled,
  });
}
