import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../auth';
import {
  KnowledgeDeleteQuery,
  KnowledgeEntryCreate,
  KnowledgeEntryList,
  KnowledgeEntryUpdate,
  KnowledgeEntryView,
  KnowledgeIdParams,
  KnowledgeListQuery,
} from './knowledge.schemas';
import { KNOWLEDGE_READ_ROLES, createEntry, deleteEntry, getEntry, listEntries, updateEntry } from './knowledge.service';

// The 话术库 over HTTP (docs/knowledge.md "API"): the desk reads and searches it, a unit's administrators keep it
// for their subtree. Each route: schema → auth → one service call; the subtree checks are in the service.
export const knowledgeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['knowledge'];
  const read = { roles: KNOWLEDGE_READ_ROLES };
  const admin = { roles: ['admin', 'sysadmin'] as const };
  const IdemHeaders = z.object({ 'idempotency-key': z.string().max(200).optional() }).loose();

  app.get('/api/knowledge/entries', {
    config: read,
    schema: { tags, summary: 'Answers and call scripts the caller may use, filtered by kind, category and use, searched by words (all of them, Chinese of any length)', querystring: KnowledgeListQuery, response: { 200: KnowledgeEntryList } },
    handler: async (req) => listEntries(app.ctx, requireUser(req), req.query),
  });

  app.get('/api/knowledge/entries/:id', {
    config: read,
    schema: { tags, summary: 'One entry with its use counts', params: KnowledgeIdParams, response: { 200: KnowledgeEntryView } },
    handler: async (req) => getEntry(app.ctx, requireUser(req), req.params.id),
  });

  app.post('/api/knowledge/entries', {
    config: admin,
    schema: {
      tags,
      summary: 'Add an entry to a unit the caller administers; 422 on body for an unknown placeholder. Idempotency-Key honoured',
      headers: IdemHeaders,
      body: KnowledgeEntryCreate,
      response: { 201: KnowledgeEntryView },
    },
    handler: async (req, reply) => reply.code(201).send(await createEntry(app.ctx, requireUser(req), req.body, req.headers['idempotency-key'])),
  });

  app.patch('/api/knowledge/entries/:id', {
    config: admin,
    schema: { tags, summary: 'Edit or retire an entry against the version read (409 stale_version)', params: KnowledgeIdParams, body: KnowledgeEntryUpdate, response: { 200: KnowledgeEntryView } },
    handler: async (req) => updateEntry(app.ctx, requireUser(req), req.params.id, req.body),
  });

  app.delete('/api/knowledge/entries/:id', {
    config: admin,
    schema: { tags, summary: 'Delete an entry never used (409 knowledge_entry_used otherwise: retire it)', params: KnowledgeIdParams, querystring: KnowledgeDeleteQuery, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await deleteEntry(app.ctx, requireUser(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });
};
