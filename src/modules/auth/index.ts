// What other modules may use of auth: the principal (who is calling) and its scope checks, password hashing,
// and — for the composition root — the session cookie's name and how a session token becomes a principal.
export {
  coversUnit,
  hasRole,
  isSysAdmin,
  requireRoles,
  requireSysAdmin,
  requireUser,
  scopePaths,
  type Principal,
  type RoleGrant,
} from './principal';
export { hashPassword, validatePasswordStrength } from './password';
export { SESSION_COOKIE, loadPrincipal } from './auth.service';
