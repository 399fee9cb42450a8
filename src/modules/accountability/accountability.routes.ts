import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles, requireUser } from '../auth';
import { AccidentCreateBody, AccidentSummary, AccidentView, IdParams, LedgerQuery, PeopleQuery, LedgerView, PersonOption, ReportQuery, ReportView } from './accountability.schemas';
import * as service from './accountability.service';

// Accountability API (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions). Recording is for dept_head, manager, director and
// admin within their subtree; reading is for those and, for their own entries, the person booked.
export const accountabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accountability'];
  const roles = [...service.RECORD_ROLES];

  app.post('/api/accountability/accidents', {
    config: { roles },
    schema: { tags, summary: 'Record a management accident: level from the rule pack, deductions booked up the tree', body: AccidentCreateBody, response: { 201: AccidentView } },
    handler: async (req, reply) => {
      const p = requireRoles(req, roles);
      const key = req.headers['idempotency-key'];
      return reply.code(201).send(await service.recordAccident(app.ctx, p, req.body, typeof key === 'string' ? key : undefined));
    },
  });

  app.get('/api/accountability/people', {
    config: { roles },
    schema: { tags, summary: 'People the caller may name as responsible (their recording subtree, or the subtree of unitId)', querystring: PeopleQuery, response: { 200: z.array(PersonOption) } },
    handler: async (req) => service.listPeople(app.ctx, requireRoles(req, roles), req.query.unitId),
  });

  app.get('/api/accountability/accidents', {
    schema: { tags, summary: 'Accidents in the caller’s subtree, and those the caller was booked for', response: { 200: z.array(AccidentSummary) } },
    handler: async (req) => service.listAccidents(app.ctx, requireUser(req)),
  });

  app.get('/api/accountability/accidents/:id', {
    schema: { tags, summary: 'One accident with the explanation of its level and the deduction chain', params: IdParams, response: { 200: AccidentView } },
    handler: async (req) => service.getAccident(app.ctx, requireUser(req), req.params.id),
  });

  app.get('/api/accountability/ledger', {
    schema: { tags, summary: 'Deduction entries and totals per person per month', querystring: LedgerQuery, response: { 200: LedgerView } },
    handler: async (req) => service.ledger(app.ctx, requireUser(req), req.query),
  });

  app.get('/api/accountability/report', {
    schema: { tags, summary: 'Deduction points by person, department or month over a range of months', querystring: ReportQuery, response: { 200: ReportView } },
    handler: async (req) => service.report(app.ctx, requireUser(req), req.query),
  });
};
