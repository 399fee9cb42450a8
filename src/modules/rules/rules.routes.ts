import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles, requireUser } from '../auth';
import { EvaluateBody, EvaluationView, IdParams, PackQuery, PackSummary, PackView, UploadBody, UploadQuery, VersionParams } from './rules.schemas';
import * as service from './rules.service';

// The rules API (docs/rules.md#administration-and-api): packs and versions are readable by every signed-in user (the "try it" page);
// uploading a version is for administrators.
export const rulesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['rules'];

  // A pack version may be uploaded as the YAML file itself. Scoped to this plugin (Fastify encapsulation).
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get('/api/rules', {
    schema: { tags, summary: 'Rule packs with their versions', response: { 200: z.array(PackSummary) } },
    handler: async (req) => {
      requireUser(req);
      return service.listPacks(app.ctx);
    },
  });

  app.get('/api/rules/:id', {
    schema: { tags, summary: 'A pack (latest, or ?version=n) with each level’s conditions in words', params: IdParams, querystring: PackQuery, response: { 200: PackView } },
    handler: async (req) => {
      requireUser(req);
      return service.getPack(app.ctx, req.params.id, req.query.version);
    },
  });

  app.post('/api/rules/:id/evaluate', {
    schema: {
      tags,
      summary: 'The highest level whose conditions hold, why, and why each higher level was refused',
      params: IdParams,
      body: EvaluateBody,
      response: { 200: EvaluationView },
    },
    handler: async (req) => {
      requireUser(req);
      return service.evaluateForApi(app.ctx, req.params.id, req.body);
    },
  });

  app.post('/api/rules/:id/versions', {
    config: { roles: ['admin'] },
    schema: {
      tags,
      summary: 'Upload the next version (YAML body, or JSON {yaml, note}); 422 names the path of each error',
      params: IdParams,
      querystring: UploadQuery,
      body: UploadBody,
      response: { 201: PackView },
    },
    handler: async (req, reply) => {
      const p = requireRoles(req, ['admin']);
      const yaml = typeof req.body === 'string' ? req.body : req.body.yaml;
      const note = typeof req.body === 'string' ? req.query.note : (req.body.note ?? req.query.note);
      const baseVersion = typeof req.body === 'string' ? req.query.baseVersion : (req.body.baseVersion ?? req.query.baseVersion);
      return reply.code(201).send(await service.uploadVersion(app.ctx, p, req.params.id, yaml, note, baseVersion));
    },
  });

  app.get('/api/rules/:id/versions/:v', {
    schema: { tags, summary: 'One version of a pack, with its YAML', params: VersionParams, response: { 200: PackView } },
    handler: async (req) => {
      requireUser(req);
      return service.getVersion(app.ctx, req.params.id, req.params.v);
    },
  });
};
