import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context';
import type { Job } from '../platform/jobs/runner';
import type { OutboxHandler } from '../platform/jobs/outbox';
import { accountabilityRoutes } from './accountability/accountability.routes';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import { calendarRoutes } from './calendar/calendar.routes';
import { healthRoutes } from './health/health.routes';
import { deliverNotification } from './notifications/notifications.service';
import { notificationsRoutes } from './notifications/notifications.routes';
import { orgRoutes } from './org/org.routes';
import { rulesRoutes } from './rules/rules.routes';
import { gradingRoutes } from './grading/grading.routes';
import { gradingValidityJob } from './grading/grading.supervision';
import { recomputeGradingDeadlines } from './grading/grading.applications';
import { workordersRoutes } from './workorders/workorders.routes';
import { staffRoutes } from './staff/staff.routes';
import { recomputeOpenDeadlines } from './workorders/workorders.service';
import { deadlineJob } from './workorders/workorders.worker';

// Every module's HTTP plugin, background job and outbox handler is registered here (one line each).
export const routePlugins: FastifyPluginAsyncZod[] = [healthRoutes, authRoutes, orgRoutes, auditRoutes, notificationsRoutes, calendarRoutes, rulesRoutes, gradingRoutes, workordersRoutes, accountabilityRoutes, staffRoutes];

export const outboxHandlers: Record<string, OutboxHandler> = {
  notify: deliverNotification,
};

export const jobs: Job[] = [gradingValidityJob, deadlineJob];

/**
 * Called after the working calendar changed (a year imported, an override set): modules with running
 * deadlines recompute the ones the change affects.
 */
export const onCalendarChanged: ((ctx: AppContext) => Promise<void>)[] = [
  async (ctx) => {
    await recomputeOpenDeadlines(ctx);
  },
  recomputeGradingDeadlines,
];
