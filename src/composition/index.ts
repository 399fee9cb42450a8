import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { qualityAccidentRoutes } from '../modules/accountability/accountability.quality.routes';
import { accountabilityRoutes } from '../modules/accountability/accountability.routes';
import { auditRoutes } from '../modules/audit/audit.routes';
import { SESSION_COOKIE, hasRole, loadPrincipal, type Principal } from '../modules/auth';
import { authRoutes } from '../modules/auth/auth.routes';
import type { CalendarChangedListener } from '../modules/calendar';
import { calendarRoutes } from '../modules/calendar/calendar.routes';
import { callcenterRoutes } from '../modules/callcenter/callcenter.routes';
import type { DemoSeeder } from '../modules/demo';
import { recomputeGradingDeadlines } from '../modules/grading/grading.applications';
import { gradingRoutes } from '../modules/grading/grading.routes';
import { seedGradingDemo } from '../modules/grading/grading.seed';
import { gradingValidityJob } from '../modules/grading/grading.supervision';
import { healthRoutes } from '../modules/health/health.routes';
import { inboxRoutes } from '../modules/inbox/inbox.routes';
import { knowledgeRoutes } from '../modules/knowledge/knowledge.routes';
import { seedKnowledge } from '../modules/knowledge/knowledge.seed';
import { TOPIC_SMS, TOPIC_WEBHOOK, deliverSms, deliverWebhook } from '../modules/integrations';
import { integrationsRoutes } from '../modules/integrations/integrations.routes';
import { deliverNotification } from '../modules/notifications';
import { notificationsRoutes } from '../modules/notifications/notifications.routes';
import type { RoleCode } from '../modules/org';
import { orgRoutes } from '../modules/org/org.routes';
import { rulesRoutes } from '../modules/rules/rules.routes';
import { staffRoutes } from '../modules/staff/staff.routes';
import { workordersQualityRoutes } from '../modules/workorders/workorders.quality.routes';
import { workordersRoutes } from '../modules/workorders/workorders.routes';
import { deliverWorkOrderMail, mailIntakeJob } from '../modules/workorders/workorders.mail';
import { workordersMailRoutes } from '../modules/workorders/workorders.mail.routes';
import { workordersDeskRoutes } from '../modules/workorders/workorders.desk.routes';
import { seedWorkOrders } from '../modules/workorders/workorders.seed';
import { recomputeOpenDeadlines } from '../modules/workorders/workorders.deadlines';
import { deadlineJob } from '../modules/workorders/workorders.worker';
import { buildApp, type AccessControl, type BuildAppOptions } from '../platform/http/app';
import type { OutboxHandler } from '../platform/jobs/outbox';
import type { Job } from '../platform/jobs/runner';

export type { Database } from './database';

// The composition root: the one place that knows every module. It wires each module's HTTP plugin, background
// job, outbox handler, demo seeder and calendar-change listener into the platform (one line each), and says
// who is calling (auth's session cookie and principal). `src/main.ts`, the CLIs, bench/ and the test helpers
// build the application through here.

/**
 * Called after the working calendar changed (a year imported, an override set, working hours changed): modules
 * with running deadlines recompute the ones the change affects. Calendar receives this list through its routes.
 */
export const onCalendarChanged: CalendarChangedListener[] = [
  async (ctx) => {
    await recomputeOpenDeadlines(ctx);
  },
  recomputeGradingDeadlines,
];

export const routePlugins: FastifyPluginAsyncZod[] = [
  healthRoutes,
  authRoutes,
  orgRoutes,
  auditRoutes,
  notificationsRoutes,
  calendarRoutes({ onCalendarChanged }),
  rulesRoutes,
  gradingRoutes,
  workordersRoutes,
  workordersMailRoutes,
  workordersDeskRoutes,
  workordersQualityRoutes,
  accountabilityRoutes,
  qualityAccidentRoutes,
  staffRoutes,
  inboxRoutes,
  integrationsRoutes,
  callcenterRoutes,
  knowledgeRoutes,
];

export const outboxHandlers: Record<string, OutboxHandler> = {
  notify: deliverNotification,
  [TOPIC_WEBHOOK]: deliverWebhook,
  [TOPIC_SMS]: deliverSms,
  'workorder.mail': deliverWorkOrderMail,
};

export const jobs: Job[] = [gradingValidityJob, deadlineJob, mailIntakeJob];

/** Each module's part of the demo world, run inside the demo seed's transaction after the units and users. */
export const demoSeeders: DemoSeeder[] = [seedGradingDemo, seedWorkOrders, seedKnowledge];

/** Who is calling: auth's session cookie and principal, and the role check behind a route's `config.roles`. */
export const access: AccessControl<Principal> = {
  sessionCookie: SESSION_COOKIE,
  loadPrincipal,
  hasRole: (p, roles) => hasRole(p, roles as readonly RoleCode[]),
};

/** The Gauge HTTP application: the platform's app factory with every module's routes and auth's access control. */
export function buildGaugeApp(opts: Omit<BuildAppOptions<Principal>, 'routes' | 'access'>): Promise<FastifyInstance> {
  return buildApp({ ...opts, routes: routePlugins, access });
}
