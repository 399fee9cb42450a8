import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { requireUser } from '../auth';
import { listNotifications, markRead, unreadCount } from './notifications.service';

const NotificationView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  subject: z.object({ module: z.string(), id: z.string() }).nullable().describe('The item the notification is about; acting on it marks the notification read'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/notifications', {
    schema: { tags: ['notifications'], querystring: z.object({ unread: z.enum(['true', 'false']).optional() }), response: { 200: z.array(NotificationView) } },
    handler: async (req) => {
      const p = requireUser(req);
      return listNotifications(app.ctx, p.id, req.query.unread === 'true', p.language ?? 'zh');
    },
  });
  app.get('/api/notifications/unread-count', {
    schema: { tags: ['notifications'], response: { 200: z.object({ count: z.number() }) } },
    handler: async (req) => ({ count: await unreadCount(app.ctx, requireUser(req).id) }),
  });
  app.post('/api/notifications/:id/read', {
    schema: { tags: ['notifications'], params: z.object({ id: id() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await markRead(app.ctx, requireUser(req).id, req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.post('/api/notifications/read-all', {
    schema: { tags: ['notifications'], response: { 204: z.null() } },
    handler: async (req, reply) => {
      await markRead(app.ctx, requireUser(req).id, 'all');
      return reply.code(204).send(null);
    },
  });
};
