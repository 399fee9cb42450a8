import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatLocal } from '../../core/calendar';
import { isRootAdmin, requireRoles, scopePaths } from '../auth/principal';
import { decodeAuditCursor, queryAudit } from './audit.service';

const AuditQuery = z.object({
  subjectType: z.string().optional(),
  subjectId: z.string().optional(),
  actorId: z.string().optional(),
  from: z.string().date().optional().describe('YYYY-MM-DD, inclusive, a day in Asia/Shanghai'),
  to: z.string().date().optional().describe('YYYY-MM-DD, inclusive, a day in Asia/Shanghai'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  unitId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
});

// Days are Beijing days, as the UI shows them: [from 00:00 +08:00, the day after `to` 00:00 +08:00).
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`) + 86400_000).toISOString();

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const run = (p: Parameters<typeof scopePaths>[0], q: z.infer<typeof AuditQuery>) =>
    queryAudit(app.ctx.db, {
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      actorId: q.actorId,
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
      before: decodeAuditCursor(q.cursor),
      // A root administrator reads everything, including entries with no unit (e.g. failed logins).
      unitPaths: isRootAdmin(p) ? null : scopePaths(p, ['admin']),
      limit: q.limit,
    });

  app.get('/api/audit', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['audit'],
      summary: 'The append-only audit log (administrators)',
      querystring: AuditQuery,
      response: { 200: z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }) },
    },
    handler: async (req) => run(requireRoles(req, ['admin']), req.query),
  });

  app.get('/api/audit/export.xlsx', {
    config: { roles: ['admin'] },
    schema: { tags: ['audit'], summary: 'The filtered audit log as Excel', querystring: AuditQuery.omit({ cursor: true, limit: true }) },
    handler: async (req, reply) => {
      const p = requireRoles(req, ['admin']);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('审计日志');
      ws.columns = [
        { header: '时间 Time (UTC+8)', key: 'at', width: 28 },
        { header: '操作人 Actor', key: 'actorName', width: 16 },
        { header: '操作 Action', key: 'action', width: 24 },
        { header: '对象 Subject', key: 'subjectType', width: 14 },
        { header: '对象ID Subject id', key: 'subjectId', width: 38 },
        { header: '说明 Note', key: 'note', width: 30 },
        { header: '变更前 Before', key: 'before', width: 50 },
        { header: '变更后 After', key: 'after', width: 50 },
      ];
      let cursor: string | undefined;
      for (let page = 0; page < 200; page++) {
        const r = await run(p, { ...req.query, cursor, limit: 500 });
        for (const e of r.items) ws.addRow({ ...e, at: formatLocal(new Date(e.at)), before: e.before ? JSON.stringify(e.before) : '', after: e.after ? JSON.stringify(e.after) : '' });
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      const buf = await wb.xlsx.writeBuffer();
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="audit.xlsx"')
        .send(Buffer.from(buf));
    },
  });
};
