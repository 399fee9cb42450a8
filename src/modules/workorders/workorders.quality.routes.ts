import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { requireRoles } from '../auth';
import type { RoleCode } from '../org';
import { CREATE_ROLES } from './workorders.intake';
import { DESK_EDIT_ROLES, createRootCause, linkRepeat, listRootCauses, patchRootCause, rootCausePareto, setBatchNumber, similarComplaints } from './workorders.quality';
import {
  BatchPatch,
  RepeatLink,
  RootCauseCreate,
  RootCauseList,
  RootCauseListQuery,
  RootCausePareto,
  RootCauseParetoQuery,
  RootCausePatch,
  RootCauseView,
  SimilarList,
  SimilarQuery,
  WorkOrderView,
} from './workorders.schemas';

// The complaint desk's part of the quality loop (docs/quality-loop.md): similar complaints at intake and the link
// of a repeat, the batch number, the companies' root-cause lists and the root-cause Pareto.

const IdParams = z.object({ id: id() });
/** Everyone who reads 8D reports and reports: the desk, QE, the departments, management and QA. */
const READ_ROLES: RoleCode[] = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'qa_manager'];
const REPORT_ROLES: RoleCode[] = ['admin', 'supervisor', 'deputy_supervisor', 'team_lead', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'qa_manager'];

export const workordersQualityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workorders'];

  app.get('/api/workorders/similar', {
    config: { roles: CREATE_ROLES },
    schema: { tags, summary: 'Open and recent work orders of the same customer, product or batch, or with a close problem text (trigram similarity)', querystring: SimilarQuery, response: { 200: SimilarList } },
    handler: async (req) => similarComplaints(app.ctx, requireRoles(req, CREATE_ROLES), req.query),
  });

  app.post('/api/workorders/:id/repeats', {
    config: { roles: DESK_EDIT_ROLES },
    schema: { tags, summary: 'Record a repeat complaint on this work order instead of registering it twice', params: IdParams, body: RepeatLink, response: { 200: WorkOrderView } },
    handler: async (req) => linkRepeat(app.ctx, requireRoles(req, DESK_EDIT_ROLES), req.params.id, req.body),
  });

  app.patch('/api/workorders/:id/batch', {
    config: { roles: DESK_EDIT_ROLES },
    schema: { tags, summary: 'Correct the batch number (批号) after intake', params: IdParams, body: BatchPatch, response: { 200: WorkOrderView } },
    handler: async (req) => setBatchNumber(app.ctx, requireRoles(req, DESK_EDIT_ROLES), req.params.id, req.body),
  });

  app.get('/api/workorders/root-causes', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'A company’s controlled list of D4 root causes under 人/机/料/法/环/测', querystring: RootCauseListQuery, response: { 200: RootCauseList } },
    handler: async (req) => listRootCauses(app.ctx, requireRoles(req, READ_ROLES), req.query),
  });

  app.post('/api/workorders/root-causes', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Add a sub-cause to the company’s list (administrators)', body: RootCauseCreate, response: { 201: RootCauseView } },
    handler: async (req, reply) => reply.code(201).send(await createRootCause(app.ctx, requireRoles(req, ['admin']), req.body)),
  });

  app.patch('/api/workorders/root-causes/:id', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Rename or retire a sub-cause (administrators; optimistic version)', params: IdParams, body: RootCausePatch, response: { 200: RootCauseView } },
    handler: async (req) => patchRootCause(app.ctx, requireRoles(req, ['admin']), req.params.id, req.body),
  });

  app.get('/api/reports/root-causes', {
    config: { roles: REPORT_ROLES },
    schema: { tags: ['reports'], summary: 'Root-cause Pareto of approved 8D reports: [{cause, count, share, workOrderIds}] by count', querystring: RootCauseParetoQuery, response: { 200: RootCausePareto } },
    handler: async (req) => rootCausePareto(app.ctx, requireRoles(req, REPORT_ROLES), req.query),
  });
};
