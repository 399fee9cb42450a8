import { z } from 'zod';
import { id, version } from '../../platform/http/bounds';
import { ROLE_CODES, UNIT_KIND_CODES } from './roles';

/** A unit's free-form attributes (stored as JSON text); flat key/value pairs in practice. */
const Attrs = z.record(z.string().max(100), z.unknown());

export const UnitView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
  code: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()),
  version: z.number(),
});
export type UnitView = z.infer<typeof UnitView>;

export const UnitCreate = z.object({
  name: z.string().trim().min(1, '名称不能为空 / name is required').max(100),
  kind: z.enum(UNIT_KIND_CODES as [string, ...string[]]),
  /** null or absent: a top-level unit. An empty string is not "no parent" but an error. */
  parentId: id().nullable().optional(),
  code: z.string().trim().max(50).nullable().optional(),
  attrs: Attrs.optional(),
});
export type UnitCreateInput = z.infer<typeof UnitCreate>;

export const UnitUpdate = z.object({
  version: version(),
  name: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(UNIT_KIND_CODES as [string, ...string[]]).optional(),
  code: z.string().trim().max(50).nullable().optional(),
  attrs: Attrs.optional(),
});
export type UnitUpdateInput = z.infer<typeof UnitUpdate>;

export const RoleGrantInput = z.object({
  role: z.enum(ROLE_CODES as [string, ...string[]]),
  unitId: id(),
});

/** A user's grants: each (role, unit) at most once — the table's key, so a repeat was a 500 on insert. */
const RoleGrants = z
  .array(RoleGrantInput)
  .max(100)
  .superRefine((grants, ctx) => {
    const seen = new Set<string>();
    for (const g of grants) {
      const key = `${g.role}@${g.unitId}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `角色 ${g.role} 在同一单位上重复授予 / role ${g.role} is granted twice on the same unit` });
      seen.add(key);
    }
  });

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  roles: z.array(z.object({ role: z.string(), unitId: z.string(), unitName: z.string() })),
  version: z.number(),
});
export type UserView = z.infer<typeof UserView>;

export const UserCreate = z.object({
  username: z
    .string()
    .trim()
    .min(2, '用户名至少 2 个字符 / at least 2 characters')
    .max(50)
    .regex(/^[a-zA-Z0-9._-]+$/, '只能包含字母、数字、点、下划线和连字符 / letters, digits, . _ - only'),
  displayName: z.string().trim().min(1, '姓名不能为空 / display name is required').max(100),
  unitId: id(),
  password: z.string().min(10, '密码至少 10 位 / at least 10 characters').max(200),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  roles: RoleGrants.default([]),
});
export type UserCreateInput = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  version: version(),
  displayName: z.string().trim().min(1).max(100).optional(),
  unitId: id().optional(),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  active: z.boolean().optional(),
  roles: RoleGrants.optional(),
});
export type UserUpdateInput = z.infer<typeof UserUpdate>;

// Length here so the form learns it with the other fields; the strength estimate runs in the service, which
// knows the user's name to refuse passwords built from it.
export const PasswordReset = z.object({ password: z.string().min(10, '密码至少 10 位 / at least 10 characters').max(200) });
