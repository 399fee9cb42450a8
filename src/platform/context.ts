import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock';
import type { Config, DatabaseDialect } from './config';
import type { Db } from './db/database';

/** What a service needs from the process: passed explicitly, never a base class (STYLE.md). */
export interface AppContext {
  config: Readonly<Config>;
  db: Db;
  dialect: DatabaseDialect;
  clock: Clock;
  log: FastifyBaseLogger;
}

export const nowIso = (ctx: Pick<AppContext, 'clock'>) => ctx.clock.now().toISOString();
