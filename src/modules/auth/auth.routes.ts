import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../org';
import { SESSION_COOKIE, changePassword, login, logout, setLanguage } from './auth.service';
import { requireUser, type Principal } from './principal';

const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  roles: z.array(z.object({ role: z.string(), unitId: z.string(), label: z.string(), labelEn: z.string() })),
  language: z.enum(['zh', 'en']).describe('The language of the user’s notifications and mail'),
});

const presentMe = (p: Principal) => ({
  id: p.id,
  username: p.username,
  displayName: p.displayName,
  unitId: p.unitId,
  roles: p.roles.map((r) => ({ role: r.role, unitId: r.unitId, label: ROLES[r.role]?.zh ?? r.role, labelEn: ROLES[r.role]?.en ?? r.role })),
  language: p.language ?? ('zh' as const),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.ctx.config.cookieSecure,
  });

  app.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets an HttpOnly session cookie',
      body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
      response: { 200: Me },
    },
    handler: async (req, reply) => {
      const result = await login(app.ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      // Max-Age, not Expires: the browser counts it from its own clock, so a server clock that differs (or a
      // pinned clock in tests) cannot make the cookie arrive already expired. The server enforces expiry itself.
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions(), maxAge: Math.floor(app.ctx.config.sessionTtlMs / 1000) });
      return presentMe(result.principal);
    },
  });

  app.post('/api/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], response: { 204: z.null() } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(app.ctx, token, req.principal);
      reply.clearCookie(SESSION_COOKIE, cookieOptions());
      return reply.code(204).send(null);
    },
  });

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user with roles', response: { 200: Me } },
    handler: async (req) => presentMe(requireUser(req)),
  });

  app.put('/api/me/language', {
    schema: {
      tags: ['auth'],
      summary: 'Choose the language of your notifications and mail',
      body: z.object({ language: z.enum(['zh', 'en'], { error: '语言须为 zh 或 en / language must be zh or en' }) }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await setLanguage(app.ctx, requireUser(req), req.body.language);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change your own password',
      body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(10, '密码至少 10 位 / at least 10 characters').max(200) }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      const p = requireUser(req);
      await changePassword(app.ctx, p, req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]!);
      return reply.code(204).send(null);
    },
  });
};
