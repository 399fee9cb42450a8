import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles, requireUser } from '../auth';
import * as apps from './grading.applications';
import * as pub from './grading.public';
import * as s from './grading.schemas';
import * as service from './grading.service';
import * as sheets from './grading.sheets';
import { applyAction } from './grading.steps';
import * as sup from './grading.supervision';
import { listTemplates, presentTemplate, resolveTemplate, summarise } from './grading.templates';
import { id, int32Query } from '../../platform/http/bounds';
import { notFound } from '../../platform/http/errors';

// The grading API (docs/grading.md). Every route: Zod schema → session/role → one service call. Finer checks
// (subtree scope, which body acts) are in the services. Public routes (no account) are at the end.

const Id = z.object({ id: id() });
/** Creations honour an Idempotency-Key: a retry returns the first result instead of creating again. */
const Idem = z.object({ 'idempotency-key': z.string().max(200).optional() }).loose();
const tags = ['grading'];

export const gradingRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = () => app.ctx;

  // ——— mines ———
  app.get('/api/grading/mines', {
    schema: { tags, summary: 'The mines the caller may see, with their grades', response: { 200: z.array(s.MineListItem) } },
    handler: async (req) => service.listMines(ctx(), requireUser(req)),
  });
  app.post('/api/grading/mines', {
    config: { roles: ['admin', 'enterprise_user', 'province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Register a mine under its enterprise (or province) in the org tree', headers: Idem, body: s.MineCreate, response: { 201: z.object({ id: z.string() }) } },
    handler: async (req, reply) => reply.code(201).send(await service.createMine(ctx(), requireUser(req), req.body, req.headers['idempotency-key'])),
  });
  app.get('/api/grading/mines/:id', {
    schema: { tags, summary: 'A mine: grade, bans, history, applications, proposals', params: Id, response: { 200: s.MineDetail } },
    handler: async (req) => service.getMine(ctx(), requireUser(req), req.params.id),
  });
  app.post('/api/grading/mines/:id/events', {
    config: { roles: ['province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Record a supervision event; returns the proposed downgrade/revocation (Art. 11)', params: Id, headers: Idem, body: s.SupervisionEventCreate, response: { 201: s.SupervisionEventResult } },
    handler: async (req, reply) => reply.code(201).send(await sup.recordEvent(ctx(), requireUser(req), req.params.id, req.body, req.headers['idempotency-key'])),
  });
  app.post('/api/grading/mines/:id/attachments', {
    schema: { tags, summary: 'Upload evidence (multipart, one file: pdf/jpg/png/xlsx/docx)', params: Id, consumes: ['multipart/form-data'], response: { 201: s.AttachmentView } },
    handler: async (req, reply) => {
      const p = requireUser(req);
      const file = req.isMultipart() ? await req.file() : undefined;
      return reply.code(201).send(await sheets.uploadAttachment(ctx(), p, req.params.id, file));
    },
  });
  app.get('/api/grading/attachments/:id', {
    schema: { tags, summary: 'Download an evidence file', params: Id },
    handler: async (req, reply) => {
      const f = await sheets.downloadAttachment(ctx(), requireUser(req), req.params.id);
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  });

  // ——— applications ———
  app.get('/api/grading/applications', {
    schema: { tags, summary: 'Applications the caller may see', querystring: s.ApplicationListQuery, response: { 200: z.array(s.ApplicationSummary) } },
    handler: async (req) => apps.listApplications(ctx(), requireUser(req), req.query),
  });
  app.post('/api/grading/applications', {
    config: { roles: ['mine_user', 'enterprise_user'] },
    schema: { tags, summary: 'Apply for a grade (自评申报); 422 application_banned names the ban', headers: Idem, body: s.ApplicationCreate, response: { 201: s.ApplicationCreated } },
    handler: async (req, reply) => reply.code(201).send(await apps.createApplication(ctx(), requireUser(req), req.body, req.headers['idempotency-key'])),
  });
  app.get('/api/grading/applications/:id', {
    schema: { tags, summary: 'An application with its clock, hidden dangers, assessment, notice, objections', params: Id, response: { 200: s.ApplicationView } },
    handler: async (req) => apps.getApplication(ctx(), requireUser(req), req.params.id),
  });
  app.post('/api/grading/applications/:id/actions', {
    schema: { tags, summary: 'Move an application through the pipeline (Art. 7)', params: Id, body: s.ApplicationAction, response: { 200: s.ApplicationView } },
    handler: async (req) => applyAction(ctx(), requireUser(req), req.params.id, req.body),
  });

  // ——— evaluation, templates, sheets ———
  app.post('/api/grading/evaluate', {
    schema: { tags, summary: 'Live preview: weighted total and the grade the rules give, with the explanation', body: s.EvaluateRequest, response: { 200: s.EvaluateResponse } },
    handler: async (req) => sheets.evaluatePreview(ctx(), requireUser(req), req.body),
  });
  app.get('/api/grading/templates', {
    schema: { tags, summary: 'Scoring templates (latest version of each)', response: { 200: z.array(s.TemplateSummary) } },
    handler: async (req) => {
      requireUser(req);
      return (await listTemplates(ctx().db)).map(summarise);
    },
  });
  app.get('/api/grading/templates/:id', {
    schema: { tags, summary: 'A scoring template (latest, or ?version=n)', params: Id, querystring: z.object({ version: int32Query(1).optional() }), response: { 200: s.TemplateView } },
    handler: async (req) => {
      requireUser(req);
      const r = await resolveTemplate(ctx().db, req.params.id, req.query.version);
      if (!r) throw notFound('Scoring template', '评分标准', 'template_not_found');
      return presentTemplate(r);
    },
  });
  app.post('/api/grading/templates', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Add a scoring-standard edition or a new version of one (stored as the next version)', body: s.ScoringTemplate, response: { 201: s.TemplateView } },
    handler: async (req, reply) => reply.code(201).send(await sheets.addTemplateVersion(ctx(), requireRoles(req, ['admin']), req.body)),
  });
  app.put('/api/grading/templates/:id/weights', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Enter the weights of one mine type (validated to sum to 1); stored as a new version', params: Id, body: s.TemplateWeightsUpdate, response: { 200: s.TemplateView } },
    handler: async (req) => sheets.setTemplateWeights(ctx(), requireRoles(req, ['admin']), req.params.id, req.body),
  });
  app.post('/api/grading/sheets', {
    config: { roles: ['mine_user', 'enterprise_user'] },
    schema: { tags, summary: 'Start a self-assessment scoring sheet', headers: Idem, body: s.SheetCreate, response: { 201: s.SheetView } },
    handler: async (req, reply) => reply.code(201).send(await sheets.createSheet(ctx(), requireUser(req), req.body, req.headers['idempotency-key'])),
  });
  app.get('/api/grading/sheets/:id', {
    schema: { tags, summary: 'A scoring sheet with part scores, weighted total and evaluation computed', params: Id, response: { 200: s.SheetView } },
    handler: async (req) => sheets.getSheet(ctx(), requireUser(req), req.params.id),
  });
  app.put('/api/grading/sheets/:id', {
    config: { roles: ['mine_user', 'enterprise_user'] },
    schema: { tags, summary: 'Save entries, part scores, weighted total or facts of a sheet', params: Id, body: s.SheetUpdate, response: { 200: s.SheetView } },
    handler: async (req) => sheets.updateSheet(ctx(), requireUser(req), req.params.id, req.body),
  });

  // ——— supervision ———
  app.get('/api/grading/proposals', {
    schema: { tags, summary: 'Downgrade/revocation proposals for mines in scope', querystring: z.object({ status: z.enum(['pending', 'confirmed', 'dismissed', 'not_needed']).optional() }), response: { 200: z.array(s.ProposalView) } },
    handler: async (req) => sup.listProposals(ctx(), requireUser(req), req.query.status),
  });
  app.post('/api/grading/proposals/:id/confirm', {
    config: { roles: ['province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'The granting body confirms a proposal with its reason (Art. 11(3)); announced and recorded', params: Id, body: s.ProposalConfirm, response: { 200: s.ProposalView } },
    handler: async (req) => sup.confirmProposal(ctx(), requireUser(req), req.params.id, req.body),
  });
  app.post('/api/grading/proposals/:id/dismiss', {
    config: { roles: ['province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'The granting body dismisses a proposal with its reason', params: Id, body: s.ProposalDismiss, response: { 200: s.ProposalView } },
    handler: async (req) => sup.dismissProposal(ctx(), requireUser(req), req.params.id, req.body),
  });
  app.get('/api/grading/extensions', {
    schema: { tags, summary: 'Direct-extension requests in scope', response: { 200: z.array(s.ExtensionView) } },
    handler: async (req) => sup.listExtensions(ctx(), requireUser(req)),
  });
  app.post('/api/grading/extensions', {
    config: { roles: ['mine_user', 'enterprise_user'] },
    schema: { tags, summary: 'Request direct extension of a 一级 grade with the Art. 9 checklist and evidence', headers: Idem, body: s.ExtensionCreate, response: { 201: s.ExtensionView } },
    handler: async (req, reply) => reply.code(201).send(await sup.createExtension(ctx(), requireUser(req), req.body, req.headers['idempotency-key'])),
  });
  app.get('/api/grading/extensions/:id', {
    schema: { tags, params: Id, response: { 200: s.ExtensionView } },
    handler: async (req) => sup.getExtension(ctx(), requireUser(req), req.params.id),
  });
  app.post('/api/grading/extensions/:id/actions', {
    config: { roles: ['province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Province review / national filing of a direct extension (Art. 10)', params: Id, body: s.ExtensionAction, response: { 200: s.ExtensionView } },
    handler: async (req) => sup.actOnExtension(ctx(), requireUser(req), req.params.id, req.body),
  });
  app.get('/api/grading/self-inspections', {
    schema: { tags, summary: 'Self-inspection schedule (quarterly mine, half-yearly enterprise) with what is done', querystring: s.SelfInspectionQuery, response: { 200: z.array(s.SelfInspectionSlot) } },
    handler: async (req) => sup.selfInspectionSchedule(ctx(), requireUser(req), req.query),
  });
  app.get('/api/grading/self-inspections/overdue', {
    schema: { tags, summary: 'Self-inspections past their period without a record', response: { 200: z.array(s.SelfInspectionSlot) } },
    handler: async (req) => sup.overdueSelfInspections(ctx(), requireUser(req)),
  });
  app.get('/api/grading/self-inspections/level1-summary', {
    config: { roles: ['admin', 'province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Yearly summary of the 一级 mines’ self-inspection results for the national authority (Art. 11(6))', querystring: s.BulletinQuery, response: { 200: s.Level1SelfInspectionSummary } },
    handler: async (req) => sup.level1SelfInspectionSummary(ctx(), requireUser(req), req.query),
  });
  app.post('/api/grading/self-inspections', {
    config: { roles: ['mine_user', 'enterprise_user'] },
    schema: { tags, summary: 'Record a self-inspection', body: s.SelfInspectionCreate, response: { 201: s.SelfInspectionSlot } },
    handler: async (req, reply) => reply.code(201).send(await sup.recordSelfInspection(ctx(), requireUser(req), req.body)),
  });
  app.get('/api/grading/bulletins', {
    config: { roles: ['admin', 'province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Yearly bulletin of an authority: gradings, extensions, downgrades, revocations', querystring: s.BulletinQuery, response: { 200: s.BulletinView } },
    handler: async (req) => sup.bulletin(ctx(), requireUser(req), req.query),
  });

  // ——— per-province bodies (定级办法 Art. 6; docs/grading.md#who-acts-art-6) ———
  app.get('/api/grading/provinces/:id/config', {
    config: { roles: ['admin', 'province_reviewer', 'national_assessor'] },
    schema: { tags, summary: 'Which bodies review and assess each grade in a province', params: Id, response: { 200: s.ProvinceConfigView } },
    handler: async (req) => service.getProvinceConfig(ctx(), requireUser(req), req.params.id),
  });
  app.put('/api/grading/provinces/:id/config', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Set the bodies per grade (version 0 for the first change from the defaults)', params: Id, body: s.ProvinceConfigUpdate, response: { 200: s.ProvinceConfigView } },
    handler: async (req) => service.putProvinceConfig(ctx(), requireRoles(req, ['admin']), req.params.id, req.body),
  });

  // ——— public site (no account) ———
  app.get('/api/public/grading/notices', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Public notices (公示) of grading results', security: [], response: { 200: z.array(s.PublicNotice) } },
    handler: async () => pub.listPublicNotices(ctx()),
  });
  app.post('/api/public/grading/notices/:id/objections', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Object to a notice (rate-limited per address)', security: [], params: Id, headers: Idem, body: s.ObjectionCreate, response: { 201: s.ObjectionReceipt } },
    handler: async (req, reply) => reply.code(201).send(await pub.fileObjection(ctx(), req.params.id, req.body, req.ip, req.headers['idempotency-key'])),
  });
  app.get('/api/public/grading/announcements', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Announced grades, extensions, downgrades and revocations (公告)', security: [], response: { 200: z.array(s.PublicAnnouncement) } },
    handler: async () => pub.listPublicAnnouncements(ctx()),
  });
};
