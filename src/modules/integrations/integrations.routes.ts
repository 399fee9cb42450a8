import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth';
import { DeliveryQuery, DeliveryView, SmsMessageView, SmsStatusView, WebhookCreate, WebhookCreated, WebhookIdParams, WebhookView } from './integrations.schemas';
import * as service from './integrations.service';

// Outbound channels (docs/integrations.md): administrators register webhooks for their units and read the
// delivery and SMS logs, each within the subtree they administer.
export const integrationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['integrations'];
  const config = { roles: ['admin', 'sysadmin'] as const };

  app.post('/api/integrations/webhooks', {
    config,
    schema: {
      tags,
      summary: 'Register a webhook (generic signed JSON, WeCom or DingTalk group robot) for events of a unit’s subtree; 422 on url when it resolves to a private address',
      body: WebhookCreate,
      response: { 201: WebhookCreated },
    },
    handler: async (req, reply) => reply.code(201).send(await service.createWebhook(app.ctx, requireUser(req), req.body)),
  });

  app.get('/api/integrations/webhooks', {
    config,
    schema: { tags, summary: 'Webhooks of the units the caller administers (secrets never returned, URL query values hidden)', response: { 200: z.array(WebhookView) } },
    handler: async (req) => service.listWebhooks(app.ctx, requireUser(req)),
  });

  app.delete('/api/integrations/webhooks/:id', {
    config,
    schema: { tags, summary: 'Stop a webhook (its delivery log stays)', params: WebhookIdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await service.deleteWebhook(app.ctx, requireUser(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/integrations/deliveries', {
    config,
    schema: { tags, summary: 'The newest webhook deliveries (status, attempts, response code, last error), optionally of one webhook', querystring: DeliveryQuery, response: { 200: z.array(DeliveryView) } },
    handler: async (req) => service.listDeliveries(app.ctx, requireUser(req), req.query.webhookId),
  });

  app.get('/api/integrations/sms', {
    config,
    schema: { tags, summary: 'Whether SMS is configured, its templates, and the newest messages (numbers partly hidden)', response: { 200: SmsStatusView.extend({ messages: z.array(SmsMessageView) }) } },
    handler: async (req) => service.smsOverview(app.ctx, requireUser(req)),
  });
};
