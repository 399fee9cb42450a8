import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { loadPrincipal } from '../../modules/auth/auth.service';
import { SESSION_COOKIE } from '../../modules/auth/auth.routes';
import { routePlugins } from '../../modules';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError, forbidden, unauthorized } from './errors';
import { hasRole } from '../../modules/auth/principal';
import type { RoleCode } from '../../modules/org/roles';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    apiRoutes: { method: string; url: string; hidden: boolean }[];
  }
  interface FastifyContextConfig {
    /** Reachable without a session (the public portal, login, health). Every other /api route needs one. */
    public?: boolean;
    /** Roles of which the caller must hold at least one; checked before the body is validated. */
    roles?: readonly RoleCode[];
  }
}

export interface BuildAppOptions {
  ctx: Omit<AppContext, 'log'>;
  logger?: boolean | object;
  serveWeb?: boolean;
}

const zhMessages = z.locales.zhCN();
const enMessages = z.locales.en();

/**
 * Zod's default messages are English; the UI is Chinese first. A message our schema wrote itself (already
 * "中文 / English") is kept; a default one becomes "中文 / English" from Zod's own zh-CN and en locales.
 */
function bilingualMessage(v: { keyword: string; message?: string; params?: Record<string, unknown> }): string {
  const issue = { code: v.keyword, path: [], ...v.params, message: v.message } as unknown as Parameters<typeof enMessages.localeError>[0];
  const en = enMessages.localeError(issue);
  const enText = typeof en === 'string' ? en : en?.message;
  if (!v.message || v.message !== enText) return v.message ?? 'invalid';
  const zh = zhMessages.localeError(issue);
  const zhText = typeof zh === 'string' ? zh : zh?.message;
  return zhText ? `${zhText} / ${enText}` : enText;
}

/** The app factory: everything the HTTP side needs, without listening, so tests use `inject`. */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts.ctx;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    // Only a proxy on a trusted address may name the client (X-Forwarded-For): rate limits key on req.ip, and a
    // client that could set the header itself would get a fresh bucket per request.
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', { ...opts.ctx, log: app.log });
  app.decorateRequest('principal', null);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Gauge 客诉与定级管理系统 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Who is calling: loaded once per request from the session cookie; routes decide what that person may do.
  // Deny by default: an /api route without `config.public` answers 401 before its input is even validated.
  // The decision follows the route the router matched, never the raw URL: the router decodes percent-escapes,
  // so `/%61pi/…` reaches an /api route while `req.url` does not start with '/api/' (that was a bypass).
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (!route?.startsWith('/api/') || route.startsWith('/api/docs')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.principal = await loadPrincipal(app.ctx, token);
    const routeConfig = req.routeOptions.config;
    if (routeConfig.public) return;
    if (!req.principal) throw unauthorized();
    if (routeConfig.roles && !hasRole(req.principal, routeConfig.roles)) throw forbidden();
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && err.details?.retryAfterSeconds) reply.header('retry-after', String(err.details.retryAfterSeconds));
      return reply.code(err.status).send({
        statusCode: err.status,
        code: err.code,
        message: err.message,
        messageZh: err.messageZh ?? err.message,
        ...(err.errors && { errors: err.errors }),
        ...(err.details && { details: err.details }),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: bilingualMessage(v),
      }));
      return reply.code(422).send({ statusCode: 422, code: 'validation_failed', message: `Invalid ${where}`, messageZh: '请求数据无效', errors });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return reply.code(500).send({ statusCode: 500, code: 'internal', message: 'Internal error', messageZh: '服务器内部错误' });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (err as { code?: string }).code ?? 'bad_request';
      const message = err instanceof Error ? err.message : String(err);
      return reply.code(status).send({ statusCode: status, code: code.toLowerCase(), message, messageZh: message });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ statusCode: 500, code: 'internal', message: 'Internal error', messageZh: '服务器内部错误', requestId: req.id });
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  // The /api routes this app serves (a test checks each one is described in the OpenAPI document).
  const apiRoutes: { method: string; url: string; hidden: boolean }[] = [];
  app.addHook('onRoute', (r) => {
    if (r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) {
      for (const method of [r.method].flat()) if (method !== 'HEAD') apiRoutes.push({ method, url: r.url, hidden: !!r.schema?.hide });
    }
  });
  app.decorate('apiRoutes', apiRoutes);
  for (const plugin of routePlugins) await app.register(plugin);

  const webRoot = resolve(config.webDist);
  if (opts.serveWeb !== false && existsSync(resolve(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // Client-side routes (/workorders/123) get the app shell; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ statusCode: 404, code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, messageZh: '接口不存在' });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ statusCode: 404, code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, messageZh: '接口不存在' }),
    );
  }
  return app;
}
