import type { FlowAction } from '../../core/workflow/flow';
import type { AppContext } from '../../platform/context';
import { AppError, invalid, notFound, tooManyRequests, type FieldError } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { hitRateLimit } from '../../platform/http/rate-limit';
import { firstUnitOfKind } from '../org';
import { getCalendar } from '../calendar';
import { notify } from '../notifications';
import { PUBLIC_ACTION_TEXT } from './workorders.events';
import { insertPrepared, prepareCreate, trackingNumber } from './workorders.intake';
import { holdersCovering } from './workorders.people';
import { attachmentsOf } from './workorders.desk.repository';
import * as repo from './workorders.repository';
import type { PublicComplaintCreate, PublicComplaintView, WorkOrderCreate } from './workorders.schemas';

// The public portal (docs/workorders.md "API"): a customer files a complaint without an account and follows it
// with the tracking number and their phone or e-mail. Both calls are rate-limited per IP.

async function portalUnit(ctx: AppContext): Promise<{ id: string; path: string }> {
  const u = await firstUnitOfKind(ctx.db, 'company');
  if (!u) throw new AppError(503, 'portal_unavailable', 'The portal has no company to file with', '门户未配置受理单位');
  return { id: u.id, path: u.path };
}

export async function fileFromPortal(ctx: AppContext, ip: string, input: PublicComplaintCreate, idempotencyKey?: string): Promise<{ trackingNumber: string }> {
  const wait = await hitRateLimit(ctx.db, `portal:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, ctx.clock.now());
  if (wait > 0) throw tooManyRequests(wait);
  const errors: FieldError[] = [];
  if (!input.phone && !input.email) errors.push({ field: 'phone', message: '请留下电话或邮箱 / a phone number or e-mail is required' });
  if (input.email && !/^[^\s@]+@[^\s@]+$/.test(input.email)) errors.push({ field: 'email', message: '邮箱格式不正确 / not an e-mail address' });
  if (errors.length) throw invalid(errors);
  const unit = await portalUnit(ctx);
  const cal = await getCalendar(ctx, { unitId: unit.id });
  const tracking = trackingNumber(cal.localDate(ctx.clock.now()));
  const create: WorkOrderCreate = {
    kind: input.kind,
    channel: 'web',
    customerName: input.company ?? input.name,
    contactName: input.name,
    contactPhone: input.phone,
    contactEmail: input.email,
    productCode: input.productCode,
    productName: input.productName,
    problem: input.problem,
    description: input.description,
    shipDate: input.shipDate,
  };
  // A web filing is registered as received; the intake clerk completes the record and sets its category.
  const prepared = await prepareCreate(ctx, { input: create, actor: null, unit, receiving: null, trackingNumber: tracking }, { skipRequired: true });
  // A customer whose connection dropped submits again with the same Idempotency-Key and gets the first tracking
  // number back, not a second case. The scope is shared: a replay also needs the identical body (contact included).
  const res = await idempotent<{ trackingNumber: string }>(ctx, 'portal.complaints', idempotencyKey, input, async (trx) => {
    const { row } = await insertPrepared(ctx, trx, prepared);
    // What others receive goes to the intake clerk, who completes and dispatches it (docs/workorders.md "API").
    const clerks = await holdersCovering(trx, ['intake_clerk'], unit.path);
    await notify(trx, ctx.clock.now(), { userIds: clerks, title: `【网站来件】${row.number}`, body: `${input.name}：${input.problem}`, titleEn: `[Web filing] ${row.number}`, bodyEn: `${input.name}: ${input.problem}`, link: `/workorders/${row.id}`, subject: { module: 'workorders', id: row.id } });
    return { status: 201, body: { trackingNumber: tracking } };
  });
  return res.body;
}

const norm = (s: string) => s.replace(/[\s-]/g, '').toLowerCase();

const PUBLIC_TEXT: Record<string, { zh: string; en: string }> = {
  received: { zh: '已收到', en: 'Received' },
  answered_on_spot: { zh: '已当场答复', en: 'Answered' },
  pause: { zh: '试验及制样中，期限暂停', en: 'Paused for tests or samples' },
  resume: { zh: '继续处理', en: 'Handling resumed' },
};

/**
 * The work order behind a tracking number when the phone or e-mail given matches the one on record (spaces, dashes
 * and case ignored). 404 for a wrong contact as for an unknown number: the answer never confirms that a number
 * exists. Used by the lookup and by the customer's uploads (workorders.attachments.ts).
 */
export async function trackedComplaint(ctx: AppContext, tracking: string, contact: string): Promise<repo.WorkOrderRow> {
  const wo = await repo.findByTrackingNumber(ctx.db, tracking);
  const c = norm(contact);
  const matches = !!wo && c.length > 0 && ((!!wo.contact_phone && norm(wo.contact_phone) === c) || (!!wo.contact_email && norm(wo.contact_email) === c));
  if (!wo || !matches) throw notFound('Complaint', '投诉', 'complaint_not_found');
  return wo;
}

export async function lookupFromPortal(ctx: AppContext, ip: string, tracking: string, contact: string): Promise<PublicComplaintView> {
  const wait = await hitRateLimit(ctx.db, `portal:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, ctx.clock.now());
  if (wait > 0) throw tooManyRequests(wait);
  const wo = await trackedComplaint(ctx, tracking, contact);
  const events = await repo.eventsOf(ctx.db, wo.id);
  const timeline = events
    .filter((e) => e.public === 1)
    .map((e) => {
      const t = transitionText(e.event) ?? PUBLIC_TEXT[e.event] ?? { zh: e.event, en: e.event };
      return { at: e.at, event: e.event, textZh: t.zh, textEn: t.en };
    });
  // The customer's own uploads only: staff files are internal (docs/workorders.md "Attachments").
  const attachments = (await attachmentsOf(ctx.db, wo.id)).filter((a) => a.source === 'portal').map((a) => ({ name: a.name, size: a.size, type: a.mime, createdAt: a.created_at }));
  return { trackingNumber: tracking, kind: wo.kind, status: wo.status as PublicComplaintView['status'], receivedAt: wo.received_at, problem: wo.problem, replyText: wo.reply_text, timeline, attachments };
}

function transitionText(event: string): { zh: string; en: string } | null {
  const name = event.replace(/_(satisfied|unsatisfied)$/, '') as FlowAction;
  return PUBLIC_ACTION_TEXT[name] ?? null;
}
