import type { Db } from '../../platform/db/database';
import { fieldError, invalid } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import * as orgRepo from '../org';
import { hashPassword, validatePasswordStrength } from './password';

export interface CreateAdminInput {
  username: string;
  password: string;
  displayName: string;
  /** The unit to administer: an existing unit of that name, else a new top-level unit. */
  unit?: string;
}

/**
 * Makes an administrator from the command line (`npm run create-admin`, the only way in on a production install
 * where nothing is seeded). The account holds `admin` on the named unit — so it administers that tree — and
 * `sysadmin`, the installation-wide role (docs/admin.md). The unit is the one named `unit` (refused when the
 * name is ambiguous), else a new top-level unit of that name; without `unit`, the only top-level unit, or a new
 * `本单位` on an empty install. Before, `--unit` was ignored once any top-level unit existed.
 */
export async function createAdmin(db: Db, input: CreateAdminInput, at: string): Promise<{ userId: string; unitId: string; createdUnit: boolean }> {
  const weak = await validatePasswordStrength(input.password, [input.username, input.displayName]);
  if (weak) throw invalid([{ field: 'password', message: weak }]);
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await orgRepo.findUserByUsername(trx, input.username)) throw invalid([fieldError('username', `用户 ${input.username} 已存在`, `user ${input.username} already exists`)]);
    let unitId: string | undefined;
    if (input.unit !== undefined) {
      const named = await orgRepo.unitIdsNamed(trx, input.unit);
      if (named.length > 1) throw invalid([fieldError('unit', `有 ${named.length} 个单位名为「${input.unit}」，请改名后再试`, `${named.length} units are named "${input.unit}"; rename one first`)]);
      unitId = named[0];
    } else {
      const roots = await orgRepo.rootUnitIds(trx);
      if (roots.length > 1) throw invalid([fieldError('unit', '已有多个顶级单位，请用 --unit 指定要管理的单位', 'there are several top-level units; name one with --unit')]);
      unitId = roots[0];
    }
    const createdUnit = !unitId;
    if (!unitId) {
      unitId = newId();
      await orgRepo.insertUnit(trx, { id: unitId, parent_id: null, path: `/${unitId}/`, kind: 'company', name: input.unit ?? '本单位', code: null, attrs: '{}', created_at: at, updated_at: at });
      await recordAudit(trx, { at, actor: null, action: 'unit.create', subjectType: 'unit', subjectId: unitId, unitId, note: '由 npm run create-admin 创建' });
    }
    const userId = newId();
    await orgRepo.insertUser(trx, { id: userId, username: input.username, display_name: input.displayName, unit_id: unitId, email: null, phone: null, password_hash: hash, active: 1, created_at: at, updated_at: at });
    await orgRepo.replaceRoles(trx, userId, [
      { role: 'admin', unitId },
      { role: 'sysadmin', unitId },
    ]);
    await recordAudit(trx, { at, actor: null, action: 'user.create_admin', subjectType: 'user', subjectId: userId, unitId, note: '由 npm run create-admin 创建' });
    return { userId, unitId, createdUnit };
  });
}
