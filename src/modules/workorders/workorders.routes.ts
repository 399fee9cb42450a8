import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors, type ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { AppError, invalid, type FieldError } from '../../platform/http/errors';
import { requireRoles, requireUser } from '../auth';
import type { RoleCode } from '../org';
import { getPolicyView, listPolicyVersions, putPolicy } from './workorders.policy';
import { periodReport, workOrderReport } from './workorders.reports';
import {
  ActionRequest,
  ImportResult,
  InvalidRecurrence,
  PeriodReport,
  PeriodReportQuery,
  PolicyPut,
  PolicyVersionView,
  PublicComplaintCreate,
  PublicComplaintCreated,
  PublicComplaintView,
  ReportQuery,
  WorkOrderCreate,
  WorkOrderCreated,
  WorkOrderList,
  WorkOrderListQuery,
  WorkOrderReport,
  WorkOrderView,
} from './workorders.schemas';
import { performAction } from './workorders.actions';
import { DESK_ROLES } from './workorders.access';
import { CREATE_ROLES, INTAKE_ROLES, createWorkOrder, missingRequiredOf } from './workorders.intake';
import { fileFromPortal, lookupFromPortal } from './workorders.portal';
import { getWorkOrder, listInvalidRecurrences, listWatchList, listWorkOrders } from './workorders.register';
import { importRegister } from './workorders.import';
import { XLSX_MIME, exportRegister } from './workorders.xlsx';

// The complaint desk's HTTP API (docs/workorders.md#api). Each route: schema → auth → one service call.

const REPORT_ROLES: RoleCode[] = ['admin', 'supervisor', 'deputy_supervisor', 'team_lead', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager'];
const SUPERVISION_ROLES: RoleCode[] = ['admin', 'supervisor', 'deputy_supervisor', 'director', 'manager', 'intake_clerk'];

const IdParams = z.object({ id: id() });
const TrackingParams = z.object({ trackingNumber: z.string().max(40) });
const ContactBody = z.object({ contact: z.string().trim().max(200).default('') });
const IdemHeaders = z.object({ 'idempotency-key': z.string().max(200).optional() }).loose();
const WatchItem = z.object({ customerKey: z.string(), customerName: z.string(), since: z.string(), workOrderId: z.string() });

export const workordersRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workorders'];

  app.post('/api/workorders', {
    // A department head may report a repair here too (docs/callcenter.md "Emergency repairs"); the intake holds them to repairs.
    config: { roles: INTAKE_ROLES },
    schema: { tags, summary: 'Register a work order (Idempotency-Key honoured)', headers: IdemHeaders, body: WorkOrderCreate, response: { 201: WorkOrderCreated } },
    // A body that fails its schema is answered here, with the policy's missing fields added to the type errors.
    attachValidation: true,
    handler: async (req, reply) => {
      const p = requireRoles(req, INTAKE_ROLES);
      const failed = req.validationError;
      if (failed) {
        if (!hasZodFastifySchemaValidationErrors(failed) || failed.validationContext !== 'body') throw failed;
        const errors: FieldError[] = failed.validation.map((v: ZodFastifySchemaValidationError) => ({ field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body', message: v.message ?? 'invalid' }));
        for (const m of await missingRequiredOf(app.ctx, req.body)) if (!errors.some((e) => e.field === m.field)) errors.push(m);
        throw invalid(errors, 'Some fields are missing or invalid', '有字段缺失或无效');
      }
      const res = await createWorkOrder(app.ctx, p, req.body, req.headers['idempotency-key']);
      // A replay returns the first result with its original status (always 201 for a creation).
      return reply.code(201).send(res.body);
    },
  });

  app.get('/api/workorders', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The register, newest first, keyset-paginated', querystring: WorkOrderListQuery, response: { 200: WorkOrderList } },
    handler: async (req) => listWorkOrders(app.ctx, requireUser(req), req.query),
  });

  app.get('/api/workorders/export.xlsx', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The register (客户投诉登记表) as .xlsx, with the list filters', querystring: WorkOrderListQuery },
    handler: async (req, reply) => {
      const buf = await exportRegister(app.ctx, requireUser(req), req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', `attachment; filename="workorders.xlsx"; filename*=UTF-8''${encodeURIComponent('客户投诉登记表.xlsx')}`)
        .send(buf);
    },
  });

  app.post('/api/workorders/import', {
    config: { roles: CREATE_ROLES },
    schema: { tags, summary: 'Import a register from .xlsx (multipart field "file"): all rows or none — 422 lists every bad row, 409 a file already imported, 413 a workbook too big unpacked', consumes: ['multipart/form-data'], response: { 200: ImportResult } },
    handler: async (req) => {
      const p = requireRoles(req, CREATE_ROLES);
      if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the workbook as multipart/form-data', '请以 multipart/form-data 上传');
      const file = await req.file();
      if (!file) throw invalid([{ field: 'file', message: '请选择文件 / choose a file' }]);
      let buf: Buffer;
      try {
        buf = await file.toBuffer();
      } catch {
        throw new AppError(413, 'file_too_large', `The file exceeds ${app.ctx.config.uploadMaxBytes} bytes`, `文件超过 ${app.ctx.config.uploadMaxBytes} 字节`);
      }
      if (file.file.truncated) throw new AppError(413, 'file_too_large', `The file exceeds ${app.ctx.config.uploadMaxBytes} bytes`, `文件超过 ${app.ctx.config.uploadMaxBytes} 字节`);
      return importRegister(app.ctx, p, buf, file.filename);
    },
  });

  app.get('/api/workorders/policy', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The complaint policy in force (latest version)', response: { 200: PolicyVersionView } },
    handler: async () => getPolicyView(app.ctx),
  });

  app.get('/api/workorders/policy/versions', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Every published policy version, newest first', response: { 200: z.array(PolicyVersionView) } },
    handler: async () => listPolicyVersions(app.ctx),
  });

  app.put('/api/workorders/policy', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Publish the next policy version (422 names each invalid path)', body: PolicyPut, response: { 200: PolicyVersionView } },
    handler: async (req) => putPolicy(app.ctx, requireRoles(req, ['admin']), req.body),
  });

  app.get('/api/workorders/invalid-recurrences', {
    config: { roles: SUPERVISION_ROLES },
    schema: { tags, summary: 'Customers whose invalid complaints recur within the policy period', response: { 200: z.array(InvalidRecurrence) } },
    handler: async (req) => listInvalidRecurrences(app.ctx, requireUser(req)),
  });

  app.get('/api/workorders/watchlist', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Key customers on the watch list (重点关注)', response: { 200: z.array(WatchItem) } },
    handler: async (req) => listWatchList(app.ctx, requireUser(req)),
  });

  app.get('/api/workorders/:id', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'A work order with version, deadlines and timeline', params: IdParams, response: { 200: WorkOrderView } },
    handler: async (req) => getWorkOrder(app.ctx, requireUser(req), req.params.id),
  });

  app.post('/api/workorders/:id/actions', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Perform one flow action (409 stale version or status, 403 role)', params: IdParams, body: ActionRequest, response: { 200: WorkOrderView } },
    handler: async (req) => performAction(app.ctx, requireUser(req), req.params.id, req.body),
  });

  app.post('/api/public/complaints', {
    config: { public: true },
    schema: { tags: ['portal'], summary: 'File a complaint without an account (rate-limited per IP; Idempotency-Key honoured)', headers: IdemHeaders, body: PublicComplaintCreate, response: { 201: PublicComplaintCreated } },
    handler: async (req, reply) => reply.code(201).send(await fileFromPortal(app.ctx, req.ip, req.body, req.headers['idempotency-key'])),
  });

  // The lookup takes the contact in the body, never in a query string: a phone number in a URL ends up in access
  // logs, proxy logs and the browser's history (docs/web.md, "Phones").
  app.post('/api/public/complaints/:trackingNumber/lookup', {
    config: { public: true },
    schema: { tags: ['portal'], summary: 'Status and public timeline, the contact sent in the body (kept out of URLs); 404 unless it matches', params: TrackingParams, body: ContactBody, response: { 200: PublicComplaintView } },
    handler: async (req) => lookupFromPortal(app.ctx, req.ip, req.params.trackingNumber, req.body.contact),
  });

  app.get('/api/reports/workorders', {
    config: { roles: REPORT_ROLES },
    schema: { tags: ['reports'], summary: 'Counts, on-time rate, repeats, satisfaction, overdue now', querystring: ReportQuery, response: { 200: WorkOrderReport } },
    handler: async (req) => workOrderReport(app.ctx, requireUser(req), req.query),
  });

  app.get('/api/reports/workorders/monthly', {
    config: { roles: REPORT_ROLES },
    schema: { tags: ['reports'], summary: 'Monthly report (YYYY-MM) with corrective actions', querystring: PeriodReportQuery, response: { 200: PeriodReport } },
    handler: async (req) => periodReport(app.ctx, requireUser(req), req.query.period, 'monthly'),
  });

  app.get('/api/reports/workorders/quarterly', {
    config: { roles: REPORT_ROLES },
    schema: { tags: ['reports'], summary: 'Quarterly report (YYYY-Qn) with corrective actions', querystring: PeriodReportQuery, response: { 200: PeriodReport } },
    handler: async (req) => periodReport(app.ctx, requireUser(req), req.query.period, 'quarterly'),
  });
};
