import { createHash } from 'node:crypto';
import { lazy } from '../../platform/lazy';
import type { AppContext } from '../../platform/context';
import { AppError, fieldError, invalid, notFound, tooManyRequests } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { hitRateLimit } from '../../platform/http/rate-limit';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import * as desk from './workorders.desk.repository';
import { trackedComplaint } from './workorders.portal';
import { visibleWorkOrder } from './workorders.register';
import type * as repo from './workorders.repository';
import { isImage } from './workorders.attachments.view';
import { ATTACHMENT_TYPES, type AttachmentCreated } from './workorders.schemas';

// Attachments on work orders (docs/workorders.md "Attachments", docs/security.md "V12"):
//  - staff attach at any step (optionally as evidence of the 8D report), the customer on the portal after
//    giving the tracking number and the contact on record;
//  - the type is read from the bytes (file-type) against an allow-list — a name or a declared Content-Type is
//    never believed — and the size and the count per work order are bounded (config.attachments);
//  - the bytes are stored in the database, so every instance on one PostgreSQL serves them;
//  - reading follows the work order's visibility exactly: outside it, 404 as for a file that does not exist.

/** One uploaded file as the route read it (bounded by the multipart limit) and the form's text fields. */
// file-type loads on the first upload, not at start-up (docs/performance.md "Start-up").
const loadFileType = lazy(() => import('file-type'));

export interface Upload {
  filename: string;
  content: Buffer;
  fields: Record<string, string>;
}

const ALLOWED: readonly string[] = ATTACHMENT_TYPES;
const ALLOWED_TEXT = { zh: 'JPG、PNG、WebP、GIF 图片，PDF，Excel（.xlsx）或 Word（.docx）文件', en: 'JPG, PNG, WebP or GIF images, PDF, Excel (.xlsx) or Word (.docx) files' };

export const attachmentTooLarge = (maxBytes: number) => {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AppError(413, 'file_too_large', `The file exceeds ${mb} MB`, `文件超过 ${mb} MB`, { field: 'file', maxBytes }, [fieldError('file', `文件超过 ${mb} MB`, `the file exceeds ${mb} MB`)]);
};

/** The file name as shown and offered for download: no directories, no control characters, at most 200 characters. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'file').slice(-200);
}

/** The content type from the bytes, or 415 naming the field. An empty file is 422. */
async function detectType(content: Buffer): Promise<string> {
  if (content.length === 0) throw invalid([fieldError('file', '文件为空', 'the file is empty')]);
  const found = await (await loadFileType()).fileTypeFromBuffer(content);
  if (!found || !ALLOWED.includes(found.mime)) {
    const seen = found ? `（${found.ext}）` : '';
    throw new AppError(
      415,
      'unsupported_file_type',
      `The file's content${found ? ` (${found.ext})` : ''} is not one of: ${ALLOWED_TEXT.en}`,
      `文件内容${seen}不是允许的类型：${ALLOWED_TEXT.zh}`,
      { field: 'file', detected: found?.mime ?? null, allowed: ATTACHMENT_TYPES },
      [fieldError('file', `只接受${ALLOWED_TEXT.zh}`, `only ${ALLOWED_TEXT.en} are accepted`)],
    );
  }
  return found.mime;
}

function requireFile(upload: Upload | null, maxBytes: number): Upload {
  if (!upload) throw invalid([fieldError('file', '请选择文件', 'choose a file')]);
  if (upload.content.length > maxBytes) throw attachmentTooLarge(maxBytes);
  return upload;
}

function tooMany(max: number): AppError {
  return new AppError(422, 'attachment_limit', `A work order holds at most ${max} files`, `每张工单最多 ${max} 个附件`, { max }, [
    fieldError('file', `每张工单最多 ${max} 个附件，已达上限`, `a work order holds at most ${max} files; the limit is reached`),
  ]);
}

const yes = (v: string | undefined) => v === 'true' || v === '1' || v === 'on';

interface Stored {
  wo: repo.WorkOrderRow;
  name: string;
  mime: string;
  content: Buffer;
  sha256: string;
  source: 'staff' | 'portal';
  report8d: boolean;
  actor: Principal | null;
}

/** Inserts the file with its audit record in the caller's transaction, after the count check under the row lock. */
async function store(ctx: AppContext, trx: Parameters<typeof desk.insertAttachment>[0], s: Stored): Promise<AttachmentCreated> {
  await desk.lockWorkOrder(trx, ctx.dialect, s.wo.id);
  const max = ctx.config.attachments.maxPerWorkOrder;
  if ((await desk.countAttachments(trx, s.wo.id)) >= max) throw tooMany(max);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  await desk.insertAttachment(trx, {
    id,
    work_order_id: s.wo.id,
    name: s.name,
    mime: s.mime,
    size: s.content.length,
    sha256: s.sha256,
    content: s.content,
    source: s.source,
    stage: s.wo.status,
    report8d: s.report8d ? 1 : 0,
    created_at: at,
    created_by: s.actor?.id ?? null,
    created_by_name: s.actor?.displayName ?? null,
  });
  await recordAudit(trx, {
    at,
    actor: s.actor,
    action: 'workorder.attachment.upload',
    subjectType: 'work_order',
    subjectId: s.wo.id,
    unitId: s.wo.unit_id,
    after: { attachmentId: id, number: s.wo.number, name: s.name, type: s.mime, size: s.content.length, sha256: s.sha256, source: s.source, stage: s.wo.status, report8d: s.report8d },
  });
  return { id };
}

/** Staff upload at any step; field `report8d=true` marks 8D evidence. Idempotency-Key honoured. */
export async function uploadAttachment(ctx: AppContext, p: Principal, workOrderId: string, upload: Upload | null, idempotencyKey?: string): Promise<AttachmentCreated> {
  const wo = await visibleWorkOrder(ctx, p, workOrderId);
  const file = requireFile(upload, ctx.config.attachments.maxBytes);
  const mime = await detectType(file.content);
  const name = cleanName(file.filename);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const report8d = yes(file.fields.report8d);
  const res = await idempotent<AttachmentCreated>(ctx, `workorders.attachments:${p.id}`, idempotencyKey, { workOrderId, name, sha256, report8d }, async (trx) => ({
    status: 201,
    body: await store(ctx, trx, { wo, name, mime, content: file.content, sha256, source: 'staff', report8d, actor: p }),
  }));
  return res.body;
}

/**
 * The customer's photo on the portal: rate-limited per IP like every portal call — before the body is read, so a
 * refused caller never has a file buffered — then the tracking number and the contact (multipart field `contact`)
 * must match: 404 otherwise, as for an unknown number.
 */
export async function uploadFromPortal(ctx: AppContext, ip: string, tracking: string, read: () => Promise<Upload | null>, idempotencyKey?: string): Promise<AttachmentCreated> {
  const wait = await hitRateLimit(ctx.db, `portal:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, ctx.clock.now());
  if (wait > 0) throw tooManyRequests(wait);
  const upload = await read();
  const contact = (upload?.fields.contact ?? '').trim();
  if (!contact) throw invalid([fieldError('contact', '请填写登记时留下的电话或邮箱', 'enter the phone or e-mail given when filing')]);
  const wo = await trackedComplaint(ctx, tracking, contact);
  const file = requireFile(upload, ctx.config.attachments.maxBytes);
  const mime = await detectType(file.content);
  const name = cleanName(file.filename);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const res = await idempotent<AttachmentCreated>(ctx, 'portal.attachments', idempotencyKey, { tracking, name, sha256 }, async (trx) => ({
    status: 201,
    body: await store(ctx, trx, { wo, name, mime, content: file.content, sha256, source: 'portal', report8d: false, actor: null }),
  }));
  return res.body;
}

/** The bytes of one attachment, for a caller who sees the work order; 404 otherwise. */
export async function downloadAttachment(ctx: AppContext, p: Principal, workOrderId: string, attachmentId: string): Promise<{ name: string; mime: string; content: Buffer; inline: boolean }> {
  await visibleWorkOrder(ctx, p, workOrderId);
  const row = await desk.findAttachment(ctx.db, workOrderId, attachmentId);
  if (!row) throw notFound('Attachment', '附件', 'attachment_not_found');
  return { name: row.name, mime: row.mime, content: Buffer.from(row.content), inline: isImage(row.mime) };
}
