import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../auth';
import { InboxQuery, InboxView } from './inbox.schemas';
import { myWork } from './inbox.service';

export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/inbox', {
    schema: {
      tags: ['inbox'],
      summary: 'My work (我的待办): everything waiting for the caller’s action, missed first, then by the nearest deadline',
      querystring: InboxQuery,
      response: { 200: InboxView },
    },
    handler: async (req) => myWork(app.ctx, requireUser(req), req.query.limit),
  });
};
