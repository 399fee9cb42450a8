import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../platform/http/errors';
import type { RoleCode } from '../org/roles';

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

/** True when one of `roles` is held on the unit itself or on one of its ancestors (DOMAIN §1.1). */
export function coversUnit(p: Principal, unitPath: string, roles?: readonly RoleCode[]): boolean {
  return p.roles.some((g) => (!roles || roles.includes(g.role)) && unitPath.startsWith(g.unitPath));
}

/**
 * An administrator of a top-level unit (path `/<id>/`). Settings that apply to every unit — the working calendar,
 * rule packs, the complaint policy, scoring templates — are changed only by such an administrator; one whose
 * role covers a subtree administers that subtree only (DOMAIN §1.1).
 */
export function isRootAdmin(p: Principal): boolean {
  return p.roles.some((g) => g.role === 'admin' && g.unitPath.split('/').length === 3);
}

export function requireRootAdmin(p: Principal): Principal {
  if (!isRootAdmin(p)) throw forbidden('Only an administrator of a top-level unit may change settings that apply everywhere', '只有顶级管理员可以修改全局设置');
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
}
