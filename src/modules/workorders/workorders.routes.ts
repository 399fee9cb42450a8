import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors, type ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid, type FieldError } from '../../platform/http/errors';
import { requireRoles, requireUser } from '../auth/principal';
import type { RoleCode } from '../org/roles';
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
import * as service from './workorders.service';
import { CREATE_ROLES } from './workorders.service';
import { XLSX_MIME, exportRegister, importRegister } from './workorders.xlsx';

// The complaint desk's HTTP API (issue 4 "API"). Each route: schema → auth → one service call.

/** Staff of the complaint desk: anyone who may read the register and reports. */
const DESK_ROLES: RoleCode[] = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent'];
const REPORT_ROLES: RoleCode[] = ['admin', 'supervisor', 'deputy_supervisor', 'team_lead', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager'];
const SUPERVISION_ROLES: RoleCode[] = ['admin', 'supervisor', 'deputy_supervisor', 'director', 'manager', 'intake_clerk'];

const IdParams = z.object({ id: z.string() });
const TrackingParams = z.object({ trackingNumber: z.string().max(40) });
const ContactQuery = z.object({ contact: z.string().trim().max(200).default('') });
const IdemHeaders = z.object({ 'idempotency-key': z.string().optional() }).loose();
const WatchItem = z.object({ customerKey: z.string(), customerName: z.string(), since: z.string(), workOrderId: z.string() });

export const workordersRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workorders'];

  app.post('/api/workorders', {
    config: { roles: CREATE_ROLES },
    schema: { tags, summary: 'Register a work order (Idempotency-Key honoured)', headers: IdemHeaders, body: WorkOrderCreate, response: { 201: WorkOrderCreated } },
    // A body that fails its schema is answered here, with the policy's missing fields added to the type errors.
    attachValidation: true,
    handler: async (req, reply) => {
      const p = requireRoles(req, CREATE_ROLES);
      const failed = req.validationError;
      if (failed) {
        if (!hasZodFastifySchemaValidationErrors(failed) || failed.validationContext !== 'body') throw failed;
        const errors: FieldError[] = failed.validation.map((v: ZodFastifySchemaValidationError) => ({ field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body', message: v.message ?? 'invalid' }));
        for (const m of await service.missingRequiredOf(app.ctx, req.body)) if (!errors.some((e) => e.field === m.field)) errors.push(m);
        throw invalid(errors, 'Some fields are missing or invalid', '有字段缺失或无效');
      }
      const res = await service.createWorkOrder(app.ctx, p, req.body, req.headers['idempotency-key']);
      // A replay returns the first result with its original status (always 201 for a creation).
      return reply.code(201).send(res.body);
    },
  });

  app.get('/api/workorders', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The register, newest first, keyset-paginated', querystring: WorkOrderListQuery, response: { 200: WorkOrderList } },
    handler: async (req) => service.listWorkOrders(app.ctx, requireUser(req), req.query),
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
    schema: { tags, summary: 'Import a register from .xlsx (multipart field "file"); per-row errors', consumes: ['multipart/form-data'], response: { 200: ImportResult } },
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
    handler: async (req) => service.listInvalidRecurrences(app.ctx, requireUser(req)),
  });

  app.get('/api/workorders/watchlist', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Key customers on the watch list (重点关注)', response: { 200: z.array(WatchItem) } },
    handler: async (req) => service.listWatchList(app.ctx, requireUser(req)),
  });

  app.get('/api/workorders/:id', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'A work order with version, deadlines and timeline', params: IdParams, response: { 200: WorkOrderView } },
    handler: async (req) => service.getWorkOrder(app.ctx, requireUser(req), req.params.id),
  });

  app.post('/api/workorders/:id/actions', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Perform one flow action (409 stale version or status, 403 role)', params: IdParams, body: ActionRequest, response: { 200: WorkOrderView } },
    handler: async (req) => service.performAction(app.ctx, requireUser(req), req.params.id, req.body),
  });

  app.post('/api/public/complaints', {
    config: { public: true },
    schema: { tags: ['portal'], summary: 'File a complaint without an account (rate-limited per IP; Idempotency-Key honoured)', headers: IdemHeaders, body: PublicComplaintCreate, response: { 201: PublicComplaintCreated } },
    handler: async (req, reply) => reply.code(201).send(await service.fileFromPortal(app.ctx, req.ip, req.body, req.headers['idempotency-key'])),
  });

  app.get('/api/public/complaints/:trackingNumber', {
    config: { public: true },
    schema: { tags: ['portal'], summary: 'Status and public timeline; 404 unless contact matches', params: TrackingParams, querystring: ContactQuery, response: { 200: PublicComplaintView } },
    handler: async (req) => service.lookupFromPortal(app.ctx, req.ip, req.params.trackingNumber, req.query.contact),
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
