import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compress from '@fastify/compress';
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
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { SANE_REQUEST_ID, currentRequestId, requestAwareLogger, runInRequest } from '../request-context';
import { AppError, forbidden, unauthorized, type LocalText } from './errors';
import { docsCsp, registerSecurity } from './security';
import { rejectUnsafeInput } from './input-guard';

/** An /api route as registered: `roles` is its `config.roles` (the access hook's gate), `public` its `config.public`. */
export interface ApiRoute {
  method: string;
  url: string;
  hidden: boolean;
  public: boolean;
  roles?: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    apiRoutes: ApiRoute[];
  }
  interface FastifyContextConfig {
    /** Reachable without a session (the public portal, login, health). Every other /api route needs one. */
    public?: boolean;
    // `roles` (the roles of which the caller must hold at least one) is declared by the module that defines roles
    // and principals (modules/auth/principal.ts); `access.hasRole` below checks it before the body is validated.
  }
}

/**
 * Who is calling, supplied by the composition root: the session cookie's name, how a session token becomes a
 * principal (`req.principal`), and how a principal is matched against a route's `config.roles`.
 */
export interface AccessControl<P> {
  sessionCookie: string;
  loadPrincipal(ctx: AppContext, token: string): Promise<P | null>;
  hasRole(principal: P, roles: readonly string[]): boolean;
}

export interface BuildAppOptions<P> {
  ctx: Omit<AppContext, 'log' | 'requestId'>;
  /** Every module's HTTP plugin, registered in this order. */
  routes: readonly FastifyPluginAsyncZod[];
  access: AccessControl<P>;
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

/**
 * Chinese for the 4xx errors Fastify and its plugins raise themselves (their messages are English only). A code
 * not listed falls back to a text for its status, so no response has the same text in both languages.
 */
const FASTIFY_ERRORS_ZH: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的内容类型（Content-Type）',
  FST_ERR_CTP_BODY_TOO_LARGE: '请求内容过大',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求内容长度与 Content-Length 不符',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Content-Type 为 application/json 时请求内容不能为空',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON',
  FST_ERR_BAD_URL: '请求地址无效',
  FST_REQ_FILE_TOO_LARGE: '上传的文件过大',
  FST_PARTS_LIMIT: '表单项过多',
  FST_FILES_LIMIT: '上传的文件过多',
  FST_FIELDS_LIMIT: '表单字段过多',
  FST_PROTO_VIOLATION: '表单字段名无效',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请以 multipart/form-data 上传',
  FST_INVALID_JSON_FIELD_ERROR: '表单字段不是有效的 JSON',
  FST_MP_PREMATURE_CLOSE: '上传未完成，连接已关闭',
};
const STATUS_ZH: Record<number, string> = {
  400: '请求无效',
  401: '请先登录',
  403: '无权执行此操作',
  404: '资源不存在',
  405: '不支持该请求方法',
  406: '无法提供请求的格式',
  408: '请求超时',
  409: '请求冲突',
  411: '缺少 Content-Length',
  413: '请求内容过大',
  414: '请求地址过长',
  415: '不支持的内容类型',
  429: '请求过多，请稍后再试',
};

/** The message of a framework 4xx in both languages. */
export function frameworkErrorText(status: number, code: string | undefined, message: string): LocalText {
  const zh = (code && FASTIFY_ERRORS_ZH[code]) ?? STATUS_ZH[status] ?? '请求无法处理';
  return { zh, en: message };
}

/** The app factory: everything the HTTP side needs, without listening, so tests use `inject`. */
export async function buildApp<P>(opts: BuildAppOptions<P>): Promise<FastifyInstance> {
  const { config } = opts.ctx;
  const { sessionCookie, loadPrincipal, hasRole } = opts.access;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    // Only a proxy on a trusted address may name the client (X-Forwarded-For): rate limits key on req.ip, and a
    // client that could set the header itself would get a fresh bucket per request.
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // A caller's (or proxy's) X-Request-Id ties our logs to theirs, but only a plain token is kept: anything
    // else (too long, odd characters, repeated) would let a client write what it likes into logs and audit rows.
    genReqId: (raw) => {
      const incoming = raw.headers['x-request-id'];
      return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // ctx.log and ctx.requestId follow the request being served (platform/request-context.ts), so services keep
  // one AppContext and still log and audit with the request's id.
  const ctx = { ...opts.ctx, log: requestAwareLogger(app.log) } as AppContext;
  Object.defineProperty(ctx, 'requestId', { get: currentRequestId, enumerable: true });
  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);

  // The request context: entered first thing, and again once the body is parsed — the body arrives in stream
  // callbacks that do not carry it. Every response, errors included, names the request in X-Request-Id.
  app.addHook('onRequest', (req, _reply, done) => runInRequest({ requestId: req.id, log: req.log }, done));
  app.addHook('preValidation', (req, _reply, done) => runInRequest({ requestId: req.id, log: req.log }, done));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);
  // Compression (docs/web.md#loading-on-a-slow-line): JSON, HTML, JS and CSS leave as br or gzip — the web app's
  // scripts shrink to about a quarter, which is most of the wait on a slow line. Registered before every route so
  // its onSend hook wraps them all. Types are chosen, not guessed: event streams must flush each event as written
  // (the default already spares text/event-stream), and octet-stream downloads and spreadsheets (xlsx is a zip,
  // already compressed) keep their bytes and Content-Length as stored.
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)xml(?:;|$)|javascript(?:;|$)/u,
  });
  // Origin check and security headers, before every route and the session hook (docs/security.md, V14).
  await registerSecurity(app, config);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Gauge 客诉与定级管理系统 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: docsCsp });

  // Who is calling: loaded once per request from the session cookie; routes decide what that person may do.
  // Deny by default: an /api route without `config.public` answers 401 before its input is even validated.
  // The decision follows the route the router matched, never the raw URL: the router decodes percent-escapes,
  // so `/%61pi/…` reaches an /api route while `req.url` does not start with '/api/' (that was a bypass).
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (!route?.startsWith('/api/') || route.startsWith('/api/docs')) return;
    const token = req.cookies[sessionCookie];
    const principal = token ? await loadPrincipal(app.ctx, token) : null;
    if (principal) (req as unknown as { principal: P }).principal = principal;
    const routeConfig = req.routeOptions.config as { public?: boolean; roles?: readonly string[] };
    if (routeConfig.public) return;
    if (!principal) throw unauthorized();
    if (routeConfig.roles && !hasRole(principal, routeConfig.roles)) throw forbidden();
  });

  // NUL characters and absurd nesting are refused on every route before its schema or handler sees the input.
  app.addHook('preValidation', rejectUnsafeInput);

  // A 5xx names its request (logged with `reqId`, answered as `requestId`) so a report can be found in the logs.
  const internal = (req: { id: string }) => ({ statusCode: 500, code: 'internal', message: 'Internal error', messageZh: '服务器内部错误', requestId: req.id });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && err.details?.retryAfterSeconds) reply.header('retry-after', String(err.details.retryAfterSeconds));
      if (err.status >= 500) req.log.error({ err, requestId: req.id }, 'server error');
      return reply.code(err.status).send({
        statusCode: err.status,
        code: err.code,
        message: err.message,
        messageZh: err.messageZh,
        ...(err.errors && { errors: err.errors }),
        ...(err.details && { details: err.details }),
        ...(err.status >= 500 && { requestId: req.id }),
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
      req.log.error({ err, issues: err.cause.issues, requestId: req.id }, 'response did not match its schema');
      return reply.code(500).send(internal(req));
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (err as { code?: string }).code ?? 'bad_request';
      const text = frameworkErrorText(status, (err as { code?: string }).code, err instanceof Error ? err.message : String(err));
      return reply.code(status).send({ statusCode: status, code: code.toLowerCase(), message: text.en, messageZh: text.zh });
    }
    req.log.error({ err, requestId: req.id }, 'unhandled error');
    return reply.code(500).send(internal(req));
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  // The /api routes this app serves, with their access config (a test checks each one is described in the OpenAPI
  // document; the fuzz test calls each one as someone its role gate admits).
  const apiRoutes: ApiRoute[] = [];
  app.addHook('onRoute', (r) => {
    if (r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) {
      const config = (r.config ?? {}) as { public?: boolean; roles?: readonly string[] };
      for (const method of [r.method].flat()) {
        if (method !== 'HEAD') apiRoutes.push({ method, url: r.url, hidden: !!r.schema?.hide, public: !!config.public, ...(config.roles && { roles: config.roles }) });
      }
    }
  });
  app.decorate('apiRoutes', apiRoutes);
  for (const plugin of opts.routes) await app.register(plugin);

  const webRoot = resolve(config.webDist);
  if (opts.serveWeb !== false && existsSync(resolve(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // Vite names every file under assets/ by a hash of its contents, so a name never changes meaning: browsers
      // keep them for a year without asking again. index.html names the current hashes, so it is revalidated on
      // every load (no-cache = ask first; an unchanged file is a 304) and a release is seen at once.
      cacheControl: false,
      setHeaders: (reply, path) => {
        const hashed = path.startsWith(resolve(webRoot, 'assets'));
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes (/workorders/123) get the app shell; unknown /api paths stay JSON 404s. A missing hashed
    // asset (a page open across a release asking for an old chunk) is a plain 404, not the shell as JavaScript.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) return reply.sendFile('index.html');
      return reply.code(404).send({ statusCode: 404, code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, messageZh: '接口不存在' });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ statusCode: 404, code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, messageZh: '接口不存在' }),
    );
  }
  return app;
}
