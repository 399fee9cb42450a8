import type { DbOrTrx } from '../../platform/db/database';
import * as repo from './workorders.repository';

// Who is told what (docs/regulations.md#organisation-and-roles, docs/workorders.md#deadlines): owners are the holders of a role on the unit or above it (a role covers
// its unit's subtree); the superior is found by walking up the unit tree.

const ancestorIds = (path: string) => path.split('/').filter(Boolean);

/** Users holding one of `roles` on the unit or on one of its ancestors. */
export async function holdersCovering(db: DbOrTrx, roles: string[], unitPath: string): Promise<string[]> {
  const rows = await repo.usersWithRoleOn(db, roles, ancestorIds(unitPath));
  return [...new Set(rows.map((r) => r.user_id))];
}

/**
 * The owner's superior: from the owner's unit upward, the first unit where someone other than the owners holds
 * one of `superiorRoles`; among them, the holders of the earliest role in that list ("直接上级", docs/regulations.md#organisation-and-roles).
 */
export async function superiorsOf(db: DbOrTrx, superiorRoles: string[], unitPath: string, owners: string[]): Promise<string[]> {
  const ids = ancestorIds(unitPath).reverse();
  const rows = await repo.usersWithRoleOn(db, superiorRoles, ids);
  for (const unitId of ids) {
    const here = rows.filter((r) => r.unit_id === unitId && !owners.includes(r.user_id));
    for (const role of superiorRoles) {
      const users = here.filter((r) => r.role === role).map((r) => r.user_id);
      if (users.length) return [...new Set(users)];
    }
  }
  return [];
}
