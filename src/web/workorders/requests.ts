// Form values → API request bodies, and server field paths → form fields, for the desk's forms. Pure, so the
// mapping is tested directly (requests.test.ts); the pages only render.
import { EIGHT_D } from './labels';
import { shanghaiToIso } from './format';
import type { ActionName, ActionRequest, WorkOrderCreate } from './types';
import type { RootCauseCategory } from '../../modules/workorders/workorders.schemas';

export interface CreateFormValues {
  kind: string;
  channel: string;
  category?: string;
  receivedAt: string;
  serial?: string;
  customerName?: string;
  customerCode?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  keyCustomer?: boolean;
  productCode?: string;
  productName?: string;
  batchNumber?: string;
  problemCategory?: string;
  problem?: string;
  description?: string;
  place?: string;
  shipDate?: string;
  shipQuantity?: number;
  defectMode: 'rate' | 'lot';
  defectPercent?: number;
  lotSize?: number;
  defectCount?: number;
  foundAt?: string;
  facts?: Record<string, boolean | string | number | undefined>;
  answeredOnSpot?: boolean;
  answer?: string;
  promisedReplyDate?: string;
  staffName?: string;
  /** The 话术库 entry used while taking the call (docs/knowledge.md). */
  knowledgeEntryId?: string;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

/** Turns what was typed into the API body; empty fields are left out so the server names each missing one. */
export function toCreateBody(v: CreateFormValues): WorkOrderCreate {
  const facts = Object.fromEntries(Object.entries(v.facts ?? {}).filter((e): e is [string, boolean | string | number] => e[1] !== undefined && e[1] !== ''));
  return {
    kind: v.kind as WorkOrderCreate['kind'],
    channel: v.channel as WorkOrderCreate['channel'],
    category: v.kind === 'complaint' ? (v.category as WorkOrderCreate['category']) : undefined,
    receivedAt: v.receivedAt ? shanghaiToIso(v.receivedAt) : undefined,
    serial: blank(v.serial),
    customerName: blank(v.customerName),
    customerCode: blank(v.customerCode),
    contactName: blank(v.contactName),
    contactPhone: blank(v.contactPhone),
    contactEmail: blank(v.contactEmail),
    keyCustomer: v.keyCustomer || undefined,
    productCode: blank(v.productCode),
    productName: blank(v.productName),
    batchNumber: blank(v.batchNumber),
    problemCategory: blank(v.problemCategory),
    problem: blank(v.problem),
    description: blank(v.description),
    place: blank(v.place),
    shipDate: blank(v.shipDate),
    shipQuantity: v.shipQuantity ?? undefined,
    defectRate: v.defectMode === 'rate' && v.defectPercent !== undefined && v.defectPercent !== null ? v.defectPercent / 100 : undefined,
    lotSize: v.defectMode === 'lot' ? (v.lotSize ?? undefined) : undefined,
    defectCount: v.defectMode === 'lot' ? (v.defectCount ?? undefined) : undefined,
    foundAt: blank(v.foundAt),
    facts: Object.keys(facts).length ? facts : undefined,
    answeredOnSpot: v.kind === 'inquiry' ? !!v.answeredOnSpot : undefined,
    answer: v.kind === 'inquiry' && v.answeredOnSpot ? blank(v.answer) : undefined,
    promisedReplyDate: v.kind === 'suggestion' ? blank(v.promisedReplyDate) : undefined,
    staffName: blank(v.staffName),
    knowledgeEntryId: blank(v.knowledgeEntryId),
  };
}

/** Server field names → form field names (the form asks the defect rate in per cent). */
export function createFieldOf(field: string): (string | number)[] {
  if (field === 'defectRate' || field === 'defect') return ['defectPercent'];
  if (field === 'customer') return ['customerName'];
  return field.split('.');
}


export type ActionValues = Record<string, unknown>;

/** Builds the request body of an action from its small form (field names follow ActionRequest). */
export function toActionRequest(action: ActionName, version: number, v: ActionValues): ActionRequest {
  const s = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined);
  const note = s('note');
  switch (action) {
    case 'reject_invalid':
    case 'object':
    case 'return_8d':
    case 'pause':
    case 'escalate':
    case 'reopen':
      return { action, version, note, reason: s('reason') ?? '' };
    case 'set_severity':
      return { action, version, note, level: s('level'), reason: s('reason') };
    case 'dispatch':
      return { action, version, note, departmentId: s('departmentId') ?? '' };
    case 'decide_objection':
      return { action, version, note, outcome: (s('outcome') as 'keep' | 'reassign') ?? 'keep', departmentId: s('departmentId') };
    case 'submit_8d':
      return {
        action,
        version,
        note,
        report: { ...Object.fromEntries(EIGHT_D.map((d) => [d.key, s(d.key)])), d4Category: s('d4Category') as RootCauseCategory | undefined, d4CauseId: s('d4CauseId') },
      };
    case 'approve_8d':
      // The verification facts (docs/quality-loop.md) only when the approver ticked "record the verification".
      return {
        action,
        version,
        note,
        verification:
          v.verify === true
            ? {
                verifiedPoorPerformance: v.verifiedPoorPerformance === true,
                outOfInternalSpec: v.outOfInternalSpec === true,
                foreignMatterFromProduction: v.foreignMatterFromProduction === true,
                shortWeight: v.shortWeight === true,
                packagingFaultSameBatchUsers: typeof v.packagingFaultSameBatchUsers === 'number' ? v.packagingFaultSameBatchUsers : 0,
                responsibleUserId: s('responsibleUserId'),
              }
            : undefined,
      };
    case 'request_extension':
      return { action, version, note, deadline: s('deadline') ?? '', until: s('until') ? shanghaiToIso(s('until')!) : '', reason: s('reason') ?? '' };
    case 'grant_extension':
      return { action, version, note, deadline: s('deadline') ?? '', customerAgreement: s('customerAgreement') ?? '' };
    case 'reply': {
      const amount = typeof v.offerAmount === 'number' ? v.offerAmount : undefined;
      return {
        action,
        version,
        note,
        message: s('message') ?? '',
        adopted: v.adopted === undefined ? undefined : v.adopted === true,
        offer: amount !== undefined ? { amount, description: s('offerDescription') } : undefined,
        knowledgeEntryId: s('knowledgeEntryId'),
      };
    }
    case 'callback':
      return { action, version, note, satisfied: v.satisfied === true, knowledgeEntryId: s('knowledgeEntryId') };
    // The repair path (docs/callcenter.md "Emergency repairs").
    case 'notify':
      return {
        action,
        version,
        note,
        recipients: Array.isArray(v.recipients) ? (v.recipients as string[]) : [],
        notifyCustomer: v.notifyCustomer === true,
        message: s('message') ?? '',
        knowledgeEntryId: s('knowledgeEntryId'),
      };
    case 'assign_crew': {
      const rows = Array.isArray(v.crew) ? (v.crew as { name?: string; phone?: string }[]) : [];
      const crew = rows
        .map((c) => ({ name: (c?.name ?? '').trim(), phone: c?.phone?.trim() || undefined }))
        .filter((c) => c.name || c.phone);
      return { action, version, note, crew };
    }
    case 'record_arrival':
      return { action, version, note, arrivedAt: s('arrivedAt') ? shanghaiToIso(s('arrivedAt')!) : undefined };
    case 'complete_repair':
      return { action, version, note, completedAt: s('completedAt') ? shanghaiToIso(s('completedAt')!) : undefined, result: s('result') ?? '' };
    case 'accept':
    case 'sign':
    case 'pass_8d':
    case 'resume':
    case 'close':
    case 'take':
      return { action, version, note };
  }
}

/** A server field path of an action's 422 → the field name on its small form (a list row's field as a path). */
export function actionFieldOf(field: string): string | (string | number)[] {
  if (field.startsWith('report.')) return field.slice('report.'.length);
  // crew.1.phone → the second crew row's phone; recipients.0 → the recipients select.
  const crew = /^crew\.(\d+)\.(name|phone)$/.exec(field);
  if (crew) return ['crew', Number(crew[1]), crew[2]];
  if (field.startsWith('recipients.')) return 'recipients';
  if (field.startsWith('offer.')) return field === 'offer.amount' ? 'offerAmount' : 'offerDescription';
  if (field.startsWith('verification.')) return field.slice('verification.'.length);
  return field;
}

