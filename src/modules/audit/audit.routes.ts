import { loadExcelJS } from '../../platform/xlsx/exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayRange, formatLocal } from '../../core/calendar';
import { safeRow } from '../../platform/xlsx/cells';
import { isSysAdmin, requireRoles, scopePaths } from '../auth';
import { AuditList, AuditQuery } from './audit.schemas';
import { decodeAuditCursor, queryAudit } from './audit.service';

// Days are Beijing days (the default calendar's zone), as the UI shows them: [start of `from`, end of `to`).
const dayStart = (d: string) => dayRange(d).start.toISOString();
const dayAfter = (d: string) => dayRange(d).end.toISOString();

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const run = (p: Parameters<typeof scopePaths>[0], q: z.infer<typeof AuditQuery>) =>
    queryAudit(app.ctx.db, {
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      actorId: q.actorId,
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
      before: decodeAuditCursor(q.cursor),
      // A system administrator reads everything, including entries with no unit (e.g. failed logins); any other
      // administrator the entries of their subtrees — a top-level unit's administrator only that tree.
      unitPaths: isSysAdmin(p) ? null : scopePaths(p, ['admin']),
      limit: q.limit,
    });

  app.get('/api/audit', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['audit'],
      summary: 'The append-only audit log (administrators)',
      querystring: AuditQuery,
      response: { 200: AuditList },
    },
    handler: async (req) => run(requireRoles(req, ['admin']), req.query),
  });

  app.get('/api/audit/export.xlsx', {
    config: { roles: ['admin'] },
    schema: { tags: ['audit'], summary: 'The filtered audit log as Excel', querystring: AuditQuery.omit({ cursor: true, limit: true }) },
    handler: async (req, reply) => {
      const p = requireRoles(req, ['admin']);
      const wb = new (await loadExcelJS()).Workbook();
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
        // Notes and names are user text: written through safeRow so none is read as a formula (docs/security.md "V13").
        for (const e of r.items) ws.addRow(safeRow({ ...e, at: formatLocal(new Date(e.at)), before: e.before ? JSON.stringify(e.before) : '', after: e.after ? JSON.stringify(e.after) : '' }));
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
