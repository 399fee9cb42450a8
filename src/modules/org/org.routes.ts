import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { requireRoles, requireUser } from '../auth';
import { PasswordReset, UnitCreate, UnitUpdate, UnitView, UserCreate, UserUpdate, UserView } from './org.schemas';
import * as service from './org.service';
import { ROLES, UNIT_KINDS } from './roles';

const IdParams = z.object({ id: id() });

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/roles', {
    schema: {
      tags: ['org'],
      summary: 'The role and unit-kind catalogue',
      response: { 200: z.object({ roles: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })), unitKinds: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })) }) },
    },
    handler: async (req) => {
      requireUser(req);
      return { roles: ROLES, unitKinds: UNIT_KINDS };
    },
  });

  app.get('/api/units', {
    schema: { tags: ['org'], summary: 'Units the caller may see (their roles’ subtrees)', response: { 200: z.array(UnitView) } },
    handler: async (req) => service.listVisibleUnits(app.ctx, requireUser(req)),
  });

  app.post('/api/units', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], body: UnitCreate, response: { 201: UnitView } },
    handler: async (req, reply) => reply.code(201).send(await service.createUnit(app.ctx, requireRoles(req, ['admin']), req.body)),
  });

  app.patch('/api/units/:id', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], params: IdParams, body: UnitUpdate, response: { 200: UnitView } },
    handler: async (req) => service.updateUnit(app.ctx, requireRoles(req, ['admin']), req.params.id, req.body),
  });

  app.delete('/api/units/:id', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await service.deleteUnit(app.ctx, requireRoles(req, ['admin']), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/users', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], summary: 'Users in the administrator’s scope', response: { 200: z.array(UserView) } },
    handler: async (req) => service.listUsers(app.ctx, requireRoles(req, ['admin'])),
  });

  app.post('/api/users', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], body: UserCreate, response: { 201: UserView } },
    handler: async (req, reply) => reply.code(201).send(await service.createUser(app.ctx, requireRoles(req, ['admin']), req.body)),
  });

  app.patch('/api/users/:id', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], params: IdParams, body: UserUpdate, response: { 200: UserView } },
    handler: async (req) => service.updateUser(app.ctx, requireRoles(req, ['admin']), req.params.id, req.body),
  });

  app.post('/api/users/:id/password', {
    config: { roles: ['admin'] },
    schema: { tags: ['org'], summary: 'Administrator sets a new password', params: IdParams, body: PasswordReset, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await service.resetPassword(app.ctx, requireRoles(req, ['admin']), req.params.id, req.body.password);
      return reply.code(204).send(null);
    },
  });
};
