import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles } from '../auth';
import { QualityConfirmBody, QualityDismissBody, QualityProposalQuery, QualityProposalView } from './accountability.quality.schemas';
import * as service from './accountability.quality';
import { IdParams, PeopleQuery, PersonOption } from './accountability.schemas';

// Quality accidents proposed at 8D approval (事故扣分标准 cl. 2; docs/quality-loop.md): the QA manager confirms
// (the chain is booked on the ledger) or dismisses with a reason.
export const qualityAccidentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accountability'];
  const read = [...service.READ_ROLES];
  const decide = [...service.CONFIRM_ROLES];

  app.get('/api/accountability/quality-accidents', {
    config: { roles: read },
    schema: { tags, summary: 'Quality accidents proposed from approved 8D reports (status, work order filters)', querystring: QualityProposalQuery, response: { 200: z.array(QualityProposalView) } },
    handler: async (req) => service.listQualityProposals(app.ctx, requireRoles(req, read), req.query),
  });

  app.get('/api/accountability/quality-accidents/:id', {
    config: { roles: read },
    schema: { tags, summary: 'One proposed quality accident with every case that held', params: IdParams, response: { 200: QualityProposalView } },
    handler: async (req) => service.getQualityProposal(app.ctx, requireRoles(req, read), req.params.id),
  });

  app.post('/api/accountability/quality-accidents/:id/confirm', {
    config: { roles: decide },
    schema: { tags, summary: 'Confirm: book the chain of deductions for the month of the approval', params: IdParams, body: QualityConfirmBody, response: { 200: QualityProposalView } },
    handler: async (req) => service.confirmQualityProposal(app.ctx, requireRoles(req, decide), req.params.id, req.body),
  });

  app.get('/api/accountability/quality-accidents/:id/people', {
    config: { roles: read },
    schema: { tags, summary: 'People who may be named responsible: the unit’s subtree (default: the proposal’s unit)', params: IdParams, querystring: PeopleQuery, response: { 200: z.array(PersonOption) } },
    handler: async (req) => service.proposalPeople(app.ctx, requireRoles(req, read), req.params.id, req.query.unitId),
  });

  app.post('/api/accountability/quality-accidents/:id/dismiss', {
    config: { roles: decide },
    schema: { tags, summary: 'Dismiss with a reason', params: IdParams, body: QualityDismissBody, response: { 200: QualityProposalView } },
    handler: async (req) => service.dismissQualityProposal(app.ctx, requireRoles(req, decide), req.params.id, req.body),
  });
};
