import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger } from 'fastify';

// Per-request context without threading a parameter through every service (docs/architecture.md "Shared
// helpers"): app.ts enters it for each request; the audit writer and `ctx.log` read it. Outside a request
// (jobs, CLIs, the demo seed) there is none and both fall back to the process-wide values.

export interface RequestContext {
  /** Fastify's `req.id`, also sent back as `X-Request-Id` and stored with every audit row. */
  requestId: string;
  /** The request's child logger (carries `reqId`). */
  log: FastifyBaseLogger;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentRequest = (): RequestContext | undefined => storage.getStore();

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** Runs `fn` (and everything it awaits) inside `rc`. */
export const runInRequest = <T>(rc: RequestContext, fn: () => T): T => storage.run(rc, fn);

/** An incoming X-Request-Id is kept only when it is a plain token, so logs and audit rows cannot be forged into noise. */
export const SANE_REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A logger that writes through the current request's child logger when there is one, else through `base`: the
 * services keep calling `ctx.log` and their lines carry the request id.
 */
export function requestAwareLogger(base: FastifyBaseLogger): FastifyBaseLogger {
  return new Proxy(base, {
    get(target, prop) {
      const log = storage.getStore()?.log ?? target;
      const value: unknown = Reflect.get(log, prop, log);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(log) : value;
    },
  });
}
