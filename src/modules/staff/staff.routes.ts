import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth';
import { AssessmentQuery, AssessmentView, DeleteQuery, PromoteBody, StaffCreate, StaffIdParams, StaffListItem, StaffListQuery, StaffUpdate, StaffView } from './staff.schemas';
import * as service from './staff.service';

// Staff levels (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels): staff records, their assessment by the staff-waiter pack, and level decisions.
// Administrators, department heads and managers, each within the subtree of their role (docs/staff-levels.md).
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['staff'];
  const config = { roles: service.STAFF_ROLES };

  app.get('/api/staff', {
    config,
    schema: { tags, summary: 'Staff members in scope (optionally one unit’s subtree) with current and computed level', querystring: StaffListQuery, response: { 200: z.array(StaffListItem) } },
    handler: async (req) => service.listStaff(app.ctx, requireUser(req), req.query.unitId),
  });

  app.post('/api/staff', {
    config,
    schema: { tags, summary: 'Add a staff member to a store or department', body: StaffCreate, response: { 201: StaffView } },
    handler: async (req, reply) => reply.code(201).send(await service.createStaff(app.ctx, requireUser(req), req.body)),
  });

  app.get('/api/staff/:id', {
    config,
    schema: { tags, summary: 'One staff member', params: StaffIdParams, response: { 200: StaffView } },
    handler: async (req) => service.getStaff(app.ctx, requireUser(req), req.params.id),
  });

  app.patch('/api/staff/:id', {
    config,
    schema: { tags, summary: 'Edit a staff member (tests, certificates, attitude …); 409 on a stale version', params: StaffIdParams, body: StaffUpdate, response: { 200: StaffView } },
    handler: async (req) => service.updateStaff(app.ctx, requireUser(req), req.params.id, req.body),
  });

  app.delete('/api/staff/:id', {
    config,
    schema: { tags, summary: 'Delete a staff member without level decisions', params: StaffIdParams, querystring: DeleteQuery },
    handler: async (req, reply) => {
      await service.deleteStaff(app.ctx, requireUser(req), req.params.id, req.query.version);
      return reply.code(204).send();
    },
  });

  app.get('/api/staff/:id/assessment', {
    config,
    schema: { tags, summary: 'Facts (praise and complaints from work orders) and the staff-waiter evaluation with reasons', params: StaffIdParams, querystring: AssessmentQuery, response: { 200: AssessmentView } },
    handler: async (req) => service.assessment(app.ctx, requireUser(req), req.params.id, req.query.asOf),
  });

  app.post('/api/staff/:id/levels', {
    config,
    schema: { tags, summary: 'Record a level decision: the computed level or lower, or higher with a manager’s approval and a note', params: StaffIdParams, body: PromoteBody, response: { 200: AssessmentView } },
    handler: async (req) => service.recordLevel(app.ctx, requireUser(req), req.params.id, req.body),
  });
};
