// The grading pages' server data: every URL of the grading API in one place, one react-query key per resource,
// and hooks that invalidate what a change affects. Types come from the server's Zod schemas (type-only imports).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type {
  ApplicationActionInput,
  ApplicationCreated,
  ApplicationCreateInput,
  ApplicationSummary,
  ApplicationView,
  BulletinView,
  EvaluateRequestInput,
  EvaluateResponse,
  ExtensionActionInput,
  ExtensionCreateInput,
  ExtensionView,
  MineCreateInput,
  MineDetail,
  MineListItem,
  ProposalConfirmInput,
  ProposalView,
  ProvinceConfigUpdateInput,
  ProvinceConfigView,
  ScoringTemplateInput,
  PublicAnnouncement,
  PublicNotice,
  SelfInspectionCreateInput,
  SelfInspectionSlot,
  SheetUpdateInput,
  SheetView,
  SupervisionEventCreateInput,
  SupervisionEventResult,
  TemplateSummary,
  TemplateView,
  TemplateWeightsUpdateInput,
  AttachmentView,
  Level1SelfInspectionSummary,
  ObjectionCreateInput,
} from '../../modules/grading/grading.schemas';
import { api, qs } from '../app/api';
import { shanghaiDay } from './grading-utils';

export const gradingUrls = {
  mines: '/api/grading/mines',
  mine: (id: string) => `/api/grading/mines/${id}`,
  mineEvents: (id: string) => `/api/grading/mines/${id}/events`,
  confirmProposal: (id: string) => `/api/grading/proposals/${id}/confirm`,
  dismissProposal: (id: string) => `/api/grading/proposals/${id}/dismiss`,
  applications: '/api/grading/applications',
  application: (id: string) => `/api/grading/applications/${id}`,
  applicationActions: (id: string) => `/api/grading/applications/${id}/actions`,
  evaluate: '/api/grading/evaluate',
  templates: '/api/grading/templates',
  template: (id: string) => `/api/grading/templates/${id}`,
  templateWeights: (id: string) => `/api/grading/templates/${id}/weights`,
  sheets: '/api/grading/sheets',
  sheet: (id: string) => `/api/grading/sheets/${id}`,
  mineAttachments: (mineId: string) => `/api/grading/mines/${mineId}/attachments`,
  attachment: (id: string) => `/api/grading/attachments/${id}`,
  provinceConfig: (provinceId: string) => `/api/grading/provinces/${provinceId}/config`,
  selfInspections: '/api/grading/self-inspections',
  bulletin: '/api/grading/bulletins',
  publicNotices: '/api/public/grading/notices',
  publicObjections: (noticeId: string) => `/api/public/grading/notices/${noticeId}/objections`,
  publicAnnouncements: '/api/public/grading/announcements',
};

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
    queryFn: () => api.get<{ time: string }>('/api/health'),
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
const idem = (key: string) => ({ 'Idempotency-Key': key });
/** A creation: the body and the Idempotency-Key of the form it comes from. */
export interface Keyed<T> {
  body: T;
  key: string;
}

export function useMines() {
  return useQuery({ queryKey: gradingKeys.mines, queryFn: () => api.get<MineListItem[]>(gradingUrls.mines) });
}

export function useMine(id: string | undefined) {
  return useQuery({ queryKey: gradingKeys.mine(id ?? ''), queryFn: () => api.get<MineDetail>(gradingUrls.mine(id!)), enabled: !!id });
}

export function useApplications(filter: { mineId?: string; status?: string } = {}) {
  return useQuery({
    queryKey: gradingKeys.applications(filter),
    queryFn: () => api.get<ApplicationSummary[]>(`${gradingUrls.applications}${qs(filter)}`),
  });
}

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: gradingKeys.application(id ?? ''),
    queryFn: () => api.get<ApplicationView>(gradingUrls.application(id!)),
    enabled: !!id,
  });
}

export function useTemplates() {
  return useQuery({ queryKey: gradingKeys.templates, queryFn: () => api.get<TemplateSummary[]>(gradingUrls.templates) });
}

export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: gradingKeys.template(id ?? ''), queryFn: () => api.get<TemplateView>(gradingUrls.template(id!)), enabled: !!id });
}

export function useSelfInspections(mineId?: string, year?: number) {
  return useQuery({
    queryKey: gradingKeys.selfInspections(mineId, year),
    queryFn: () => api.get<SelfInspectionSlot[]>(`${gradingUrls.selfInspections}${qs({ mineId, year })}`),
  });
}

/** The yearly summary of the 一级 mines' self-inspections for the national authority (Art. 11(6)). */
export function useLevel1SelfInspectionSummary(authorityId: string | undefined, year: number) {
  return useQuery({
    queryKey: [...gradingKeys.all, 'level1-summary', authorityId ?? '', year],
    queryFn: () => api.get<Level1SelfInspectionSummary>(`${gradingUrls.selfInspections}/level1-summary${qs({ authorityId, year })}`),
  });
}

export function useBulletin(authorityId: string | undefined, year: number) {
  return useQuery({
    queryKey: gradingKeys.bulletin(authorityId, year),
    queryFn: () => api.get<BulletinView>(`${gradingUrls.bulletin}${qs({ authorityId, year })}`),
  });
}

export function usePublicNotices() {
  return useQuery({ queryKey: gradingKeys.publicNotices, queryFn: () => api.get<PublicNotice[]>(gradingUrls.publicNotices) });
}

export function usePublicAnnouncements() {
  return useQuery({ queryKey: gradingKeys.publicAnnouncements, queryFn: () => api.get<PublicAnnouncement[]>(gradingUrls.publicAnnouncements) });
}

/** Refreshes every grading view after a change: a decision on an application changes the mine, lists and public pages. */
export function useRefreshGrading() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: gradingKeys.all }), qc.invalidateQueries({ queryKey: ['public-grading'] })]);
}

export function useCreateMine() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: ({ body, key }: Keyed<MineCreateInput>) => api.post<{ id: string }>(gradingUrls.mines, body, idem(key)), onSuccess: refresh });
}

export function useCreateApplication() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: ({ body, key }: Keyed<ApplicationCreateInput>) => api.post<ApplicationCreated>(gradingUrls.applications, body, idem(key)), onSuccess: refresh });
}

export function useApplicationAction(id: string) {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: (body: ApplicationActionInput) => api.post<ApplicationView>(gradingUrls.applicationActions(id), body),
    onSuccess: refresh,
  });
}

export function useRecordEvent(mineId: string) {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ body, key }: Keyed<SupervisionEventCreateInput>) => api.post<SupervisionEventResult>(gradingUrls.mineEvents(mineId), body, idem(key)),
    onSuccess: refresh,
  });
}

export function useConfirmProposal() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProposalConfirmInput }) => api.post<unknown>(gradingUrls.confirmProposal(id), body),
    onSuccess: refresh,
  });
}

export function useDismissProposal() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { reason: string; version: number } }) => api.post<unknown>(gradingUrls.dismissProposal(id), body),
    onSuccess: refresh,
  });
}

export function useRecordSelfInspection() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: (body: SelfInspectionCreateInput) => api.post<unknown>(gradingUrls.selfInspections, body), onSuccess: refresh });
}

export function useUpdateProvinceConfig() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ provinceId, body }: { provinceId: string; body: ProvinceConfigUpdateInput }) => api.put<ProvinceConfigView>(gradingUrls.provinceConfig(provinceId), body),
    onSuccess: refresh,
  });
}

export function useUpdateWeights() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TemplateWeightsUpdateInput }) => api.put<TemplateView>(gradingUrls.templateWeights(id), body),
    onSuccess: refresh,
  });
}

/** Loads a new edition of a scoring standard (parsed from the administrator's YAML or JSON); the server validates it. */
export function useLoadEdition() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: (body: ScoringTemplateInput) => api.post<TemplateView>(gradingUrls.templates, body),
    onSuccess: refresh,
  });
}

export const evaluatePreview = (body: EvaluateRequestInput) => api.post<EvaluateResponse>(gradingUrls.evaluate, body);
export const createSheet = (mineId: string, standard: string, key: string) => api.post<SheetView>(gradingUrls.sheets, { mineId, standard }, idem(key));
/** 异议 from the public page (no account). */
export const fileObjection = (noticeId: string, body: ObjectionCreateInput, key: string) => api.post<{ id: string; receivedAt: string }>(gradingUrls.publicObjections(noticeId), body, idem(key));
export const updateSheet = (id: string, body: SheetUpdateInput) => api.put<SheetView>(gradingUrls.sheet(id), body);
/** Evidence is stored with the mine (pdf/jpg/png/xlsx/docx) and referenced by the sheet's entries. */
export function uploadMineAttachment(mineId: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<AttachmentView>(gradingUrls.mineAttachments(mineId), form);
}

export const extensionUrls = {
  list: '/api/grading/extensions',
  actions: (id: string) => `/api/grading/extensions/${id}/actions`,
};

export function useExtensions() {
  return useQuery({ queryKey: [...gradingKeys.all, 'extensions'], queryFn: () => api.get<ExtensionView[]>(extensionUrls.list) });
}

export function useCreateExtension() {
  const refresh = useRefreshGrading();
  return useMutation({ mutationFn: ({ body, key }: Keyed<ExtensionCreateInput>) => api.post<ExtensionView>(extensionUrls.list, body, idem(key)), onSuccess: refresh });
}

export function useExtensionAction() {
  const refresh = useRefreshGrading();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ExtensionActionInput }) => api.post<ExtensionView>(extensionUrls.actions(id), body),
    onSuccess: refresh,
  });
}

/** Self-inspections past their period without a record, in the caller's scope (Art. 11(6)). */
export function useOverdueSelfInspections(enabled: boolean) {
  return useQuery({
    queryKey: [...gradingKeys.all, 'self-inspections-overdue'],
    queryFn: () => api.get<SelfInspectionSlot[]>(`${gradingUrls.selfInspections}/overdue`),
    enabled,
  });
}

/** Downgrade/revocation proposals awaiting the granting body's decision (Art. 11(3)). */
export function usePendingProposals(enabled: boolean) {
  return useQuery({
    queryKey: [...gradingKeys.all, 'proposals', 'pending'],
    queryFn: () => api.get<ProposalView[]>('/api/grading/proposals?status=pending'),
    enabled,
  });
}
