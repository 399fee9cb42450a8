import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['health'],
      summary: 'Liveness and database check',
      response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), time: z.string(), version: z.string() }) },
    },
    handler: async () => {
      await sql`select 1`.execute(app.ctx.db);
      return { status: 'ok' as const, db: app.ctx.dialect, time: app.ctx.clock.now().toISOString(), version: '0.1.0' };
    },
  });
};
