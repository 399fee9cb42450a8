import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { id } from '../../platform/http/bounds';
import { z } from 'zod';
import { requireRoles, requireUser } from '../auth';
import {
  AddBody,
  AddView,
  BetweenBody,
  BetweenView,
  CalendarYearView,
  DateParams,
  DayView,
  DaysQuery,
  OverrideBody,
  OverrideDeleteQuery,
  OverrideView,
  OverridesQuery,
  SettingsPut,
  SettingsQuery,
  SettingsView,
  StatusView,
  YearImportBody,
  YearImportQuery,
  YearImportView,
} from './calendar.schemas';
import * as service from './calendar.service';
import type { CalendarChangedListener } from './calendar.service';

// The working calendar's API (docs/calendar.md#administration-and-api). Reads are open to every signed-in user (deadlines are everyone's
// business); imports, overrides and working hours are for administrators.
export interface CalendarRoutesOptions {
  /** Run after every calendar change (the composition root lists the modules with running deadlines). */
  onCalendarChanged: readonly CalendarChangedListener[];
}

export const calendarRoutes = ({ onCalendarChanged }: CalendarRoutesOptions): FastifyPluginAsyncZod => async (app) => {
  const tags = ['calendar'];

  app.get('/api/calendar/days', {
    schema: { tags, summary: 'Every day of a range: working or not, holiday name, kind, provisional', querystring: DaysQuery, response: { 200: z.array(DayView) } },
    handler: async (req) => {
      requireUser(req);
      return service.listDays(app.ctx, req.query);
    },
  });

  app.post('/api/calendar/add', {
    schema: { tags, summary: 'The deadline an amount of a unit after an instant (due in the working calendar’s local offset)', body: AddBody, response: { 200: AddView } },
    handler: async (req) => {
      requireUser(req);
      return service.addDuration(app.ctx, req.body);
    },
  });

  app.post('/api/calendar/between', {
    schema: { tags, summary: 'How many units lie between two instants', body: BetweenBody, response: { 200: BetweenView } },
    handler: async (req) => {
      requireUser(req);
      return service.measureBetween(app.ctx, req.body);
    },
  });

  app.get('/api/calendar/status', {
    schema: { tags, summary: 'Last published day and whether next year’s notice is missing (banner from 1 October)', response: { 200: StatusView } },
    handler: async (req) => {
      requireUser(req);
      return service.calendarStatus(app.ctx);
    },
  });

  app.get('/api/calendar/years', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Every notice year: shipped, or imported by an administrator', response: { 200: z.array(CalendarYearView) } },
    handler: async (req) => {
      requireRoles(req, ['admin']);
      return service.listYears(app.ctx);
    },
  });

  app.post('/api/calendar/years', {
    config: { roles: ['admin'] },
    schema: {
      tags,
      summary: 'Import a year’s notice (JSON); 422 lists errors with paths, warnings come back with the result',
      querystring: YearImportQuery,
      body: YearImportBody,
      response: { 201: YearImportView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.importYear(app.ctx, requireRoles(req, ['admin']), req.body, req.query.version, onCalendarChanged)),
  });

  app.get('/api/calendar/overrides', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Single-day overrides', querystring: OverridesQuery, response: { 200: z.array(OverrideView) } },
    handler: async (req) => {
      requireRoles(req, ['admin']);
      return service.listOverrides(app.ctx, req.query);
    },
  });

  app.put('/api/calendar/overrides/:date', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Make one date working or non-working, with a note', params: DateParams, body: OverrideBody, response: { 200: OverrideView } },
    handler: async (req) => service.setOverride(app.ctx, requireRoles(req, ['admin']), req.params.date, req.body, onCalendarChanged),
  });

  app.delete('/api/calendar/overrides/:date', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Remove an override (the notice decides the day again)', params: DateParams, querystring: OverrideDeleteQuery, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await service.removeOverride(app.ctx, requireRoles(req, ['admin']), req.params.date, req.query.version, onCalendarChanged);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/calendar/settings', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Working hours (global, or of one unit)', querystring: SettingsQuery, response: { 200: SettingsView } },
    handler: async (req) => {
      requireRoles(req, ['admin']);
      return service.getSettings(app.ctx, req.query.unitId);
    },
  });

  app.put('/api/calendar/settings', {
    config: { roles: ['admin'] },
    schema: { tags, summary: 'Set the working hours (global, or of one unit)', body: SettingsPut, response: { 200: SettingsView } },
    handler: async (req) => service.putSettings(app.ctx, requireRoles(req, ['admin']), req.body, onCalendarChanged),
  });

  app.delete('/api/calendar/settings/units/:unitId', {
    config: { roles: ['admin'] },
    schema: {
      tags,
      summary: 'Remove a unit’s own working hours (it inherits again)',
      params: z.object({ unitId: id() }),
      querystring: OverrideDeleteQuery,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await service.removeUnitSettings(app.ctx, requireRoles(req, ['admin']), req.params.unitId, req.query.version, onCalendarChanged);
      return reply.code(204).send(null);
    },
  });
};
