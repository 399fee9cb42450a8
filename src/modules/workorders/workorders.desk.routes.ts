import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { AppError, fieldError, invalid } from '../../platform/http/errors';
import { requireUser } from '../auth';
import { DESK_ROLES } from './workorders.access';
import { attachmentTooLarge, downloadAttachment, uploadAttachment, uploadFromPortal, type Upload } from './workorders.attachments';
import { bulkAction } from './workorders.bulk';
import { addComment, listComments, mentionCandidates } from './workorders.comments';
import { createView, deleteView, listViews } from './workorders.saved-views';
import { AttachmentCreated, BulkActionRequest, BulkActionResult, CommentCreate, CommentView, MentionCandidate, SavedView, SavedViewCreate, SmsToCustomer, SmsToCustomerQueued } from './workorders.schemas';
import { SMS_ROLES, smsCustomer } from './workorders.sms';

// The desk's working aids over HTTP (docs/workorders.md "Attachments", "Comments", "Saved views and bulk
// actions"). Each route: schema → auth → one service call; visibility and roles are checked in the services.

const IdParams = z.object({ id: id() });
const AttachmentParams = z.object({ id: id(), attachmentId: id() });
const ViewParams = z.object({ viewId: id() });
const TrackingParams = z.object({ trackingNumber: z.string().max(40) });
const IdemHeaders = z.object({ 'idempotency-key': z.string().max(200).optional() }).loose();

/**
 * The one file (field `file`) and the text fields of a multipart form, in any order. The file is read into memory
 * up to `maxBytes` (the multipart limit stops the stream there): beyond it, 413 naming the field.
 */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload | null> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the file as multipart/form-data (field "file")', '请以 multipart/form-data 上传（字段 file）');
  const fields: Record<string, string> = {};
  let file: { filename: string; content: Buffer } | null = null;
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1000 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw invalid([fieldError('file', '文件字段应名为 file', 'send the file in the field "file"')]);
      }
      try {
        file = { filename: part.filename, content: await part.toBuffer() };
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge(maxBytes);
        throw err;
      }
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return file ? { ...file, fields } : null;
}

function sendFile(reply: FastifyReply, f: { name: string; mime: string; content: Buffer; inline: boolean }) {
  // An ASCII fallback name for old clients, the real (often Chinese) name in filename* (RFC 6266).
  const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', f.mime)
    .header('content-length', String(f.content.length))
    .header('content-disposition', `${f.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-cache')
    .send(f.content);
}

export const workordersDeskRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workorders'];
  const maxBytes = () => app.ctx.config.attachments.maxBytes;

  // ——— attachments ———
  app.post('/api/workorders/:id/attachments', {
    config: { roles: DESK_ROLES },
    schema: {
      tags,
      summary: 'Attach a file at any step (multipart field "file"; field "report8d=true" marks 8D evidence). Type from the bytes: 415 outside jpeg/png/webp/gif/pdf/xlsx/docx; 413 over ATTACHMENT_MAX_BYTES; 422 over ATTACHMENT_MAX_PER_WORK_ORDER',
      params: IdParams,
      headers: IdemHeaders,
      consumes: ['multipart/form-data'],
      response: { 201: AttachmentCreated },
    },
    handler: async (req, reply) => {
      const p = requireUser(req);
      const upload = await readUpload(req, maxBytes());
      return reply.code(201).send(await uploadAttachment(app.ctx, p, req.params.id, upload, req.headers['idempotency-key']));
    },
  });

  app.get('/api/workorders/:id/attachments/:attachmentId', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Download an attachment (images inline, others as a download; nosniff). 404 outside the work order’s visibility', params: AttachmentParams },
    handler: async (req, reply) => sendFile(reply, await downloadAttachment(app.ctx, requireUser(req), req.params.id, req.params.attachmentId)),
  });

  app.post('/api/public/complaints/:trackingNumber/attachments', {
    config: { public: true },
    schema: {
      tags: ['portal'],
      summary: 'The customer attaches a photo or document (multipart "file" plus "contact"); 404 unless the contact matches; rate-limited per IP',
      params: TrackingParams,
      headers: IdemHeaders,
      consumes: ['multipart/form-data'],
      response: { 201: AttachmentCreated },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await uploadFromPortal(app.ctx, req.ip, req.params.trackingNumber, () => readUpload(req, maxBytes()), req.headers['idempotency-key'])),
  });

  // ——— comments ———
  app.get('/api/workorders/:id/comments', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Internal notes on a work order, oldest first (never shown on the portal)', params: IdParams, response: { 200: z.array(CommentView) } },
    handler: async (req) => listComments(app.ctx, requireUser(req), req.params.id),
  });

  app.post('/api/workorders/:id/comments', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Add a note; @username mentions (and notifies) someone who sees the work order, else 422. Idempotency-Key honoured', params: IdParams, headers: IdemHeaders, body: CommentCreate, response: { 201: CommentView } },
    handler: async (req, reply) => reply.code(201).send(await addComment(app.ctx, requireUser(req), req.params.id, req.body, req.headers['idempotency-key'])),
  });

  app.get('/api/workorders/:id/mentionable', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The people who see the work order (for @mention autocomplete)', params: IdParams, response: { 200: z.array(MentionCandidate) } },
    handler: async (req) => mentionCandidates(app.ctx, requireUser(req), req.params.id),
  });

  // ——— SMS to the customer (docs/knowledge.md "SMS") ———
  app.post('/api/workorders/:id/sms', {
    config: { roles: SMS_ROLES },
    schema: {
      tags,
      summary: 'Text the work order’s contact phone (often from a 话术库 entry, counted as a use); 409 while SMS is not configured, 422 without a phone. Idempotency-Key honoured',
      params: IdParams,
      headers: IdemHeaders,
      body: SmsToCustomer,
      response: { 201: SmsToCustomerQueued },
    },
    handler: async (req, reply) => reply.code(201).send(await smsCustomer(app.ctx, requireUser(req), req.params.id, req.body, req.headers['idempotency-key'])),
  });

  // ——— saved views ———
  app.get('/api/workorders/views', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Saved register views: the caller’s own and those shared with their unit', response: { 200: z.array(SavedView) } },
    handler: async (req) => listViews(app.ctx, requireUser(req)),
  });

  app.post('/api/workorders/views', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Save the register’s filters as a view, personal or shared with the caller’s unit (Idempotency-Key honoured)', headers: IdemHeaders, body: SavedViewCreate, response: { 201: SavedView } },
    handler: async (req, reply) => reply.code(201).send(await createView(app.ctx, requireUser(req), req.body, req.headers['idempotency-key'])),
  });

  app.delete('/api/workorders/views/:viewId', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Delete a saved view (its owner only: 403 for another’s shared view, 404 for one not visible)', params: ViewParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await deleteView(app.ctx, requireUser(req), req.params.viewId);
      return reply.code(204).send(null);
    },
  });

  // ——— bulk actions ———
  app.post('/api/workorders/bulk', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Dispatch or mark invalid several work orders: each through the single action path, with a result per row (403/404/409 rows reported, others go on)', body: BulkActionRequest, response: { 200: BulkActionResult } },
    handler: async (req) => bulkAction(app.ctx, requireUser(req), req.body),
  });
};
