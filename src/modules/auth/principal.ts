import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../platform/http/errors';
import type { RoleCode } from '../org';

export interface RoleGrant {
  role: RoleCode;
  unitId: string;
  unitPath: string;
}

/** The signed-in person, as every route sees them. Loaded from the session on each request. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitPath: string;
  roles: RoleGrant[];
  /** The language the user reads notifications in (profile; zh when never chosen). */
  language?: 'zh' | 'en';
}

export function hasRole(p: Principal, roles: readonly RoleCode[]): boolean {
  return p.roles.some((g) => roles.includes(g.role));
}

/** Unit paths whose subtrees the principal covers through any of `roles` (all roles when omitted). */
export function scopePaths(p: Principal, roles?: readonly RoleCode[]): string[] {
  const paths = p.roles.filter((g) => !roles || roles.includes(g.role)).map((g) => g.unitPath);
  // Drop paths already covered by a shorter one, so queries get the fewest prefixes.
  return paths.filter((x, i) => !paths.some((y, j) => j !== i && x !== y && x.startsWith(y)) && paths.indexOf(x) === i);
}

/** True when one of `roles` is held on the unit itself or on one of its ancestors (docs/regulations.md#organisation-and-roles). */
export function coversUnit(p: Principal, unitPath: string, roles?: readonly RoleCode[]): boolean {
  return p.roles.some((g) => (!roles || roles.includes(g.role)) && unitPath.startsWith(g.unitPath));
}

/**
 * A system administrator of the installation (role `sysadmin`, wherever it is held). Settings that apply to every
 * unit — the working calendar, rule packs, the complaint policy, scoring templates, new top-level units — are
 * changed only by them, and they administer the whole organisation tree and read the whole audit log. Holding
 * `admin` on a top-level unit is not enough: the installation holds several trees (a company, the national
 * authority), and the administrator of one must not reach into another (docs/admin.md).
 */
export function isSysAdmin(p: Principal): boolean {
  return p.roles.some((g) => g.role === 'sysadmin');
}

export function requireSysAdmin(p: Principal): Principal {
  if (!isSysAdmin(p)) throw forbidden('Only a system administrator of the installation may change settings that apply everywhere', '只有全局系统管理员可以修改全局设置');
  return p;
}

export function requireUser(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export function requireRoles(req: FastifyRequest, roles: readonly RoleCode[]): Principal {
  const p = requireUser(req);
  if (!hasRole(p, roles)) throw forbidden();
  return p;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles of which the caller must hold at least one; checked (by the app's access hook) before the body is validated. */
    roles?: readonly RoleCode[];
  }
}
