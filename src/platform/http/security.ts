import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { AppError } from './errors';

// Browser-facing defences of the whole app (docs/security.md, V14): the Origin check on state-changing requests
// and the security headers. Registered before any route, so every route — JSON API, uploads, the web app's
// shell and the API docs — gets them.

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** host[:port] with the scheme's default port dropped, lower-case; null when `value` is not an absolute URL. */
function hostOf(value: string): { origin: string; host: string } | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return { origin: u.origin.toLowerCase(), host: u.host.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * Null when the request may proceed, else what the browser claimed. The session cookie is SameSite=Lax, which
 * still lets a sibling site (another subdomain) post with it, and a form or fetch from any page reaches
 * endpoints that need no session; so a POST/PUT/PATCH/DELETE that a browser marks as coming from another
 * origin is refused. The claim is `Origin`, or `Referer` when a browser sends no Origin; a request with neither
 * (curl, server-to-server, tests) is not a browser's cross-site request and passes. "Own" means the same host
 * and port as the request's Host (X-Forwarded-Host only from a trusted proxy), or an origin in ALLOWED_ORIGINS.
 */
export function foreignOrigin(req: FastifyRequest, allowed: readonly string[]): string | null {
  if (!STATE_CHANGING.has(req.method)) return null;
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  const claimed = origin ?? referer;
  if (claimed === undefined) return null;
  const parsed = hostOf(claimed);
  // `Origin: null` (sandboxed frames, file: pages, some redirects) is never our own page.
  if (!parsed) return claimed;
  if (allowed.includes(parsed.origin)) return null;
  const own = (req.host ?? '').toLowerCase().replace(/:(80|443)$/, '');
  const theirs = parsed.host;
  return theirs === own ? null : parsed.origin;
}

export async function registerSecurity(app: FastifyInstance, config: Pick<Config, 'allowedOrigins'>): Promise<void> {
  app.addHook('onRequest', async (req) => {
    const foreign = foreignOrigin(req, config.allowedOrigins);
    if (foreign === null) return;
    const field = req.headers.origin !== undefined ? 'headers.origin' : 'headers.referer';
    throw new AppError(403, 'bad_origin', `Cross-site request refused: ${foreign} is not this site`, `拒绝跨站请求：${foreign} 不是本站地址`, undefined, [
      { field, message: `来源 ${foreign} 不是本站，也不在 ALLOWED_ORIGINS 中 / origin ${foreign} is neither this site nor listed in ALLOWED_ORIGINS` },
    ]);
  });

  // The web app is Vite's output: external module scripts only, no inline script. antd writes its CSS-in-JS
  // into inline <style> elements, hence style-src 'unsafe-inline'; ECharts draws on canvas (no extra source);
  // images may be data:/blob: URLs (exports, previews). frame-ancestors 'none' (and X-Frame-Options DENY) stops
  // click-jacking. No upgrade-insecure-requests: plain-HTTP installs on a LAN must keep loading their assets.
  // The API docs at /api/docs replace this policy with their own hash-based one (app.ts, swagger-ui staticCSP).
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // Same-origin requests still carry a Referer (the Origin check's fallback); other sites get the origin only.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/**
 * The API docs' own CSP: swagger-ui's, which allows its inline scripts by hash, with our frame and upgrade
 * rules. Its React code also sets inline styles at run time, so style-src allows them (a hash list would make
 * the browser ignore 'unsafe-inline'); scripts stay hash-only.
 */
export const docsCsp = (header: string) =>
  header
    .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
    .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
    .replace(/\s*upgrade-insecure-requests;?/, '');
