import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock';
import type { Config, DatabaseDialect } from './config';
import type { Db } from './db/database';

/** What a service needs from the process: passed explicitly, never a base class (docs/architecture.md#conventions-every-module-follows). */
export interface AppContext {
  config: Readonly<Config>;
  db: Db;
  dialect: DatabaseDialect;
  clock: Clock;
  /** Inside a request, writes through that request's child logger (with its id); see platform/request-context.ts. */
  log: FastifyBaseLogger;
  /** The current request's id (`X-Request-Id`); undefined outside a request (jobs, CLIs). */
  readonly requestId?: string;
}

export const nowIso = (ctx: Pick<AppContext, 'clock'>) => ctx.clock.now().toISOString();
