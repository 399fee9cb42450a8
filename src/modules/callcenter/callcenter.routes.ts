import { loadExcelJS } from '../../platform/xlsx/exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeRow } from '../../platform/xlsx/cells';
import { requireUser } from '../auth';
import {
  AgentFigures,
  DutyLogCreate,
  DutyLogEntry,
  DutyLogParams,
  DutyLogQuery,
  FiguresQuery,
  ForecastQuery,
  ForecastView,
  ReviewBody,
  ScheduleQuery,
  SchedulePut,
  ScheduleView,
  TargetsPut,
  TargetsQuery,
  TargetsView,
  VersionBody,
} from './callcenter.schemas';
import * as service from './callcenter.service';

// The call centre (呼叫中心岗位职责 cl. 1–3; docs/callcenter.md): duty log, schedules, targets, per-agent figures,
// workload forecast. Every route checks the caller's roles here and their unit's subtree in the service.
export const callcenterRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['callcenter'];
  const read = { roles: service.READ_ROLES };
  const sup = { roles: service.SUPERVISOR_ROLES };

  app.get('/api/callcenter/members', {
    config: read,
    schema: { tags, summary: 'The people of the caller’s call centre, whom a duty log or schedule may name', querystring: z.object({ unitId: z.string().max(100).optional() }), response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) } },
    handler: async (req) => service.members(app.ctx, requireUser(req), req.query.unitId),
  });

  app.get('/api/callcenter/duty-log', {
    config: read,
    schema: { tags, summary: 'Duty log entries (值班日志) of the call centres in scope, newest first (default: the last 30 days)', querystring: DutyLogQuery, response: { 200: z.array(DutyLogEntry) } },
    handler: async (req) => service.listDutyLog(app.ctx, requireUser(req), req.query),
  });

  app.post('/api/callcenter/duty-log', {
    config: { roles: service.LEAD_ROLES },
    schema: { tags, summary: 'The team lead writes the shift’s entry: notes for the next shift and breaches reported (409 when the shift has one)', body: DutyLogCreate, response: { 201: DutyLogEntry } },
    handler: async (req, reply) => reply.code(201).send(await service.createDutyLog(app.ctx, requireUser(req), req.body)),
  });

  app.get('/api/callcenter/duty-log/:id', {
    config: read,
    schema: { tags, summary: 'One duty log entry', params: DutyLogParams, response: { 200: DutyLogEntry } },
    handler: async (req) => service.getDutyLog(app.ctx, requireUser(req), req.params.id),
  });

  app.post('/api/callcenter/duty-log/:id/handover', {
    config: { roles: service.HANDOVER_ROLES },
    schema: { tags, summary: 'The next shift confirms it has taken over (交接班); 409 on a stale version', params: DutyLogParams, body: VersionBody, response: { 200: DutyLogEntry } },
    handler: async (req) => service.handOver(app.ctx, requireUser(req), req.params.id, req.body.version),
  });

  app.post('/api/callcenter/duty-log/:id/review', {
    config: sup,
    schema: { tags, summary: 'The supervisor reviews the entry and its breaches; 409 on a stale version', params: DutyLogParams, body: ReviewBody, response: { 200: DutyLogEntry } },
    handler: async (req) => service.review(app.ctx, requireUser(req), req.params.id, req.body.version, req.body.note),
  });

  app.get('/api/callcenter/schedules', {
    config: read,
    schema: { tags, summary: 'Who is on which shift (排班), at most 92 days', querystring: ScheduleQuery, response: { 200: ScheduleView } },
    handler: async (req) => service.getSchedule(app.ctx, requireUser(req), req.query),
  });

  app.put('/api/callcenter/schedules', {
    config: sup,
    schema: { tags, summary: 'Set the agents of the given shifts (each slot replaced as a whole)', body: SchedulePut, response: { 200: ScheduleView } },
    handler: async (req) => service.putSchedule(app.ctx, requireUser(req), req.body),
  });

  app.get('/api/callcenter/targets', {
    config: sup,
    schema: { tags, summary: 'Monthly targets per agent', querystring: TargetsQuery, response: { 200: TargetsView } },
    handler: async (req) => service.getTargets(app.ctx, requireUser(req), req.query),
  });

  app.put('/api/callcenter/targets', {
    config: sup,
    schema: { tags, summary: 'Set monthly targets per agent', body: TargetsPut, response: { 200: TargetsView } },
    handler: async (req) => service.putTargets(app.ctx, requireUser(req), req.body),
  });

  app.get('/api/callcenter/figures', {
    config: sup,
    schema: { tags, summary: 'Per-agent figures for the local days from–to: handled by kind, on-time rate per deadline, callback satisfaction, handling time, targets', querystring: FiguresQuery, response: { 200: z.array(AgentFigures) } },
    handler: async (req) => service.figures(app.ctx, requireUser(req), req.query),
  });

  app.get('/api/callcenter/figures.xlsx', {
    config: sup,
    schema: { tags, summary: 'The per-agent figures as Excel', querystring: FiguresQuery },
    handler: async (req, reply) => {
      const rows = await service.figures(app.ctx, requireUser(req), req.query);
      const wb = new (await loadExcelJS()).Workbook();
      const ws = wb.addWorksheet('坐席绩效');
      const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);
      ws.columns = [
        { header: '坐席 Agent', key: 'name', width: 20 },
        { header: '受理量 Handled', key: 'handled', width: 12 },
        { header: '按时率% On time', key: 'onTime', width: 14 },
        { header: '满意率% Satisfaction', key: 'satisfaction', width: 16 },
        { header: '回访数 Callbacks', key: 'callbacks', width: 14 },
        { header: '平均处理时长(分) Avg minutes', key: 'aht', width: 22 },
        { header: '当场答复 On the spot', key: 'onSpot', width: 16 },
        { header: '目标受理量 Target handled', key: 'tHandled', width: 20 },
        { header: '目标按时率% Target on time', key: 'tOnTime', width: 22 },
        { header: '目标满意率% Target satisfaction', key: 'tSat', width: 24 },
        { header: '按类型 By kind', key: 'byKind', width: 40 },
      ];
      for (const r of rows) {
        ws.addRow(
          safeRow({
            name: r.name,
            handled: r.handled,
            onTime: pct(r.onTimeRate),
            satisfaction: pct(r.satisfaction),
            callbacks: r.callbacks,
            aht: r.averageHandlingMinutes === null ? '' : Math.round(r.averageHandlingMinutes),
            onSpot: r.answeredOnSpot,
            tHandled: r.target?.handled ?? '',
            tOnTime: pct(r.target?.onTimeRate ?? null),
            tSat: pct(r.target?.satisfaction ?? null),
            byKind: Object.entries(r.byKind).map(([k, n]) => `${k}: ${n}`).join(', '),
          }),
        );
      }
      const buf = await wb.xlsx.writeBuffer();
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="agent-figures-${req.query.from}-${req.query.to}.xlsx"`)
        .send(Buffer.from(buf));
    },
  });

  app.get('/api/callcenter/forecast', {
    config: sup,
    schema: { tags, summary: 'Arrivals forecast per half-hour from past weeks (calendar-aware), agents per slot by Erlang C, and the forecast’s error on the last weeks', querystring: ForecastQuery, response: { 200: ForecastView } },
    handler: async (req) => service.forecast(app.ctx, requireUser(req), req.query),
  });
};
