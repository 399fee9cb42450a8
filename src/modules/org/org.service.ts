import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { AppError, fieldError, forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import { hashPassword, validatePasswordStrength } from '../auth';
import { coversUnit, isSysAdmin, scopePaths, type Principal } from '../auth';
import * as repo from './org.repository';
import type { UnitCreateInput, UnitUpdateInput, UnitView, UserCreateInput, UserUpdateInput, UserView } from './org.schemas';

export function presentUnit(u: repo.UnitRow): UnitView {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    parentId: u.parent_id,
    path: u.path,
    code: u.code,
    attrs: JSON.parse(u.attrs || '{}'),
    version: u.version,
  };
}

// Who administers what (docs/admin.md): an `admin` role covers the subtree of the unit it is held on; a system
// administrator (`sysadmin`) administers every tree, including the top-level units only they may create.
const administers = (p: Principal, unitPath: string) => isSysAdmin(p) || coversUnit(p, unitPath, ['admin']);
const adminScope = (p: Principal) => (isSysAdmin(p) ? null : scopePaths(p, ['admin']));

/** Units the principal may see: the subtrees of every unit they hold any role on (every unit for a sysadmin). */
export async function listVisibleUnits(ctx: AppContext, p: Principal): Promise<UnitView[]> {
  return (await repo.listUnits(ctx.db, isSysAdmin(p) ? null : scopePaths(p))).map(presentUnit);
}

async function requireUnitInAdminScope(db: DbOrTrx, p: Principal, unitId: string): Promise<repo.UnitRow> {
  const unit = await repo.findUnit(db, unitId);
  if (!unit) throw notFound('Unit', '单位');
  if (!administers(p, unit.path)) throw forbidden('The unit is outside your administration scope', '该单位不在您的管理范围内');
  return unit;
}

export async function createUnit(ctx: AppContext, p: Principal, input: UnitCreateInput): Promise<UnitView> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now().toISOString();
    const id = newId();
    let path = `/${id}/`;
    if (input.parentId) {
      const parent = await requireUnitInAdminScope(trx, p, input.parentId);
      path = `${parent.path}${id}/`;
    } else if (!isSysAdmin(p)) {
      // A new tree is a new organisation beside the others: only the installation's administrator adds one, and
      // they administer it at once (an administrator of one tree could create a root and then not see it).
      throw forbidden('Only a system administrator of the installation may create a top-level unit', '只有全局系统管理员可以创建顶级单位');
    }
    const row = {
      id,
      parent_id: input.parentId ?? null,
      path,
      kind: input.kind,
      name: input.name,
      code: input.code ?? null,
      attrs: JSON.stringify(input.attrs ?? {}),
      created_at: now,
      updated_at: now,
    };
    await repo.insertUnit(trx, row);
    const view = presentUnit({ ...row, version: 1 });
    await recordAudit(trx, { at: now, actor: p, action: 'unit.create', subjectType: 'unit', subjectId: id, unitId: id, after: view });
    return view;
  });
}

export async function updateUnit(ctx: AppContext, p: Principal, id: string, input: UnitUpdateInput): Promise<UnitView> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await requireUnitInAdminScope(trx, p, id);
    if (before.version !== input.version) throw staleVersion(before.version);
    const now = ctx.clock.now().toISOString();
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.code !== undefined && { code: input.code }),
      ...(input.attrs !== undefined && { attrs: JSON.stringify(input.attrs) }),
      updated_at: now,
    };
    if (!(await repo.updateUnit(trx, id, input.version, patch))) throw staleVersion(before.version);
    const after = await repo.findUnit(trx, id);
    await recordAudit(trx, { at: now, actor: p, action: 'unit.update', subjectType: 'unit', subjectId: id, unitId: id, before: presentUnit(before), after: presentUnit(after!) });
    return presentUnit(after!);
  });
}

const DEPENDANT_LABELS: Record<keyof repo.UnitDependants, { zh: string; en: [string, string] }> = {
  children: { zh: '个下级单位', en: ['sub-unit', 'sub-units'] },
  users: { zh: '个用户', en: ['user', 'users'] },
  roleGrants: { zh: '项角色授权', en: ['role grant', 'role grants'] },
  workOrders: { zh: '张工单', en: ['work order', 'work orders'] },
  gradingRecords: { zh: '条定级记录', en: ['grading record', 'grading records'] },
  accidents: { zh: '起事故', en: ['accident', 'accidents'] },
  deductionEntries: { zh: '条扣分记录', en: ['deduction entry', 'deduction entries'] },
  staffMembers: { zh: '名员工', en: ['staff member', 'staff members'] },
  webhooks: { zh: '个 Webhook', en: ['webhook', 'webhooks'] },
};

export async function deleteUnit(ctx: AppContext, p: Principal, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await requireUnitInAdminScope(trx, p, id);
    // Records are never lost with their unit: anything still pointing at it is named (a foreign-key 500 before).
    const deps = await repo.countUnitDependants(trx, id);
    const used = (Object.keys(deps) as (keyof typeof deps)[]).filter((k) => deps[k] > 0);
    if (used.length) {
      const zh = used.map((k) => `${deps[k]} ${DEPENDANT_LABELS[k].zh}`).join('、');
      const en = used.map((k) => `${deps[k]} ${deps[k] === 1 ? DEPENDANT_LABELS[k].en[0] : DEPENDANT_LABELS[k].en[1]}`).join(', ');
      // unit_not_empty (sub-units or users: move them first) is what the units page explains; anything else is in use.
      const code = deps.children || deps.users ? 'unit_not_empty' : 'unit_in_use';
      throw new AppError(409, code, `The unit is still used by ${en}`, `该单位下仍有${zh}，不能删除`, deps);
    }
    await repo.deleteUnit(trx, id);
    await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'unit.delete', subjectType: 'unit', subjectId: id, unitId: before.parent_id, before: presentUnit(before) });
  });
}

async function presentUsers(db: DbOrTrx, rows: (repo.UserRow & { unit_name: string })[]): Promise<UserView[]> {
  const roles = await repo.listRolesOf(db, rows.map((r) => r.id));
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    unitName: u.unit_name,
    email: u.email,
    phone: u.phone,
    active: u.active === 1,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, unitId: r.unit_id, unitName: r.unit_name })),
    version: u.version,
  }));
}

export async function listUsers(ctx: AppContext, p: Principal): Promise<UserView[]> {
  return presentUsers(ctx.db, await repo.listUsers(ctx.db, adminScope(p)));
}

async function getUserView(db: DbOrTrx, id: string): Promise<UserView> {
  const row = await repo.findUser(db, id);
  if (!row) throw notFound('User', '用户');
  const unit = await repo.findUnit(db, row.unit_id);
  return (await presentUsers(db, [{ ...row, unit_name: unit?.name ?? '' }]))[0];
}

async function checkGrants(db: DbOrTrx, p: Principal, roles: { role: string; unitId: string }[]): Promise<void> {
  const errors: { field: string; message: string }[] = [];
  for (const [i, r] of roles.entries()) {
    const unit = await repo.findUnit(db, r.unitId);
    if (!unit) errors.push(fieldError(`roles.${i}.unitId`, '单位不存在', 'unit not found'));
    else if (!administers(p, unit.path)) errors.push(fieldError(`roles.${i}.unitId`, '超出您的管理范围', 'outside your scope'));
    // Installation-wide power is handed on only by someone who holds it.
    if (r.role === 'sysadmin' && !isSysAdmin(p)) errors.push(fieldError(`roles.${i}.role`, '只有全局系统管理员可以授予该角色', 'only a system administrator may grant this role'));
  }
  if (errors.length) throw invalid(errors);
}

export async function createUser(ctx: AppContext, p: Principal, input: UserCreateInput): Promise<UserView> {
  const weak = await validatePasswordStrength(input.password, [input.username, input.displayName, input.email, input.phone]);
  if (weak) throw invalid([{ field: 'password', message: weak }]);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    await requireUnitInAdminScope(trx, p, input.unitId);
    if (await repo.findUserByUsername(trx, input.username)) {
      throw invalid([fieldError('username', '用户名已存在', 'username is taken')]);
    }
    await checkGrants(trx, p, input.roles);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await repo.insertUser(trx, {
      id,
      username: input.username,
      display_name: input.displayName,
      unit_id: input.unitId,
      email: input.email ?? null,
      phone: input.phone ?? null,
      password_hash: passwordHash,
      active: 1,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceRoles(trx, id, input.roles);
    const view = await getUserView(trx, id);
    await recordAudit(trx, { at: now, actor: p, action: 'user.create', subjectType: 'user', subjectId: id, unitId: input.unitId, after: view });
    return view;
  });
}

/**
 * An administrator manages a user only when the user's home unit and every role the user holds lie inside the
 * administrator's subtree (docs/regulations.md#organisation-and-roles). Otherwise a sub-tree administrator could reset the password of, or
 * strip the roles from, someone with wider powers (a root administrator homed in their subtree) and take over.
 */
async function requireUserInAdminScope(db: DbOrTrx, p: Principal, id: string): Promise<repo.UserRow> {
  const row = await repo.findUser(db, id);
  if (!row) throw notFound('User', '用户');
  await requireUnitInAdminScope(db, p, row.unit_id);
  const grants = await repo.listRolesOf(db, [id]);
  // A sysadmin's account is theirs and other sysadmins' to manage, wherever its roles are held.
  if (grants.some((g) => !administers(p, g.unit_path) || (g.role === 'sysadmin' && !isSysAdmin(p)))) {
    throw forbidden('The user holds roles outside your administration scope', '该用户持有超出您管理范围的角色');
  }
  return row;
}

export async function updateUser(ctx: AppContext, p: Principal, id: string, input: UserUpdateInput): Promise<UserView> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireUserInAdminScope(trx, p, id);
    const before = await getUserView(trx, id);
    if (before.version !== input.version) throw staleVersion(before.version);
    if (input.unitId) await requireUnitInAdminScope(trx, p, input.unitId);
    if (input.roles) await checkGrants(trx, p, input.roles);
    if (id === p.id && input.active === false) {
      throw invalid([fieldError('active', '不能停用自己的账号', 'you cannot deactivate yourself')]);
    }
    const now = ctx.clock.now().toISOString();
    const ok = await repo.updateUser(trx, id, input.version, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.unitId !== undefined && { unit_id: input.unitId }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: now,
    });
    if (!ok) throw staleVersion(before.version);
    if (input.roles) await repo.replaceRoles(trx, id, input.roles);
    if (input.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const after = await getUserView(trx, id);
    await recordAudit(trx, { at: now, actor: p, action: 'user.update', subjectType: 'user', subjectId: id, unitId: after.unitId, before, after });
    return after;
  });
}

export async function resetPassword(ctx: AppContext, p: Principal, id: string, password: string): Promise<void> {
  // Scope first, so an administrator learns nothing about a user outside their subtree from the strength check.
  const target = await requireUserInAdminScope(ctx.db, p, id);
  const weak = await validatePasswordStrength(password, [target.username, target.display_name, target.email, target.phone]);
  if (weak) throw invalid([{ field: 'password', message: weak }]);
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await requireUserInAdminScope(trx, p, id);
    // The row was read in this transaction; a concurrent edit in between must not be reported as success.
    if (!(await repo.updateUser(trx, id, row.version, { password_hash: hash, updated_at: ctx.clock.now().toISOString() }))) throw staleVersion(row.version);
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, { at: ctx.clock.now(), actor: p, action: 'user.password_reset', subjectType: 'user', subjectId: id, unitId: row.unit_id });
  });
}
