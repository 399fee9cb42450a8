import { z } from 'zod';
import { ROLE_CODES, UNIT_KIND_CODES } from './roles';

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
  parentId: z.string().nullable().optional(),
  code: z.string().trim().max(50).nullable().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
});
export type UnitCreateInput = z.infer<typeof UnitCreate>;

export const UnitUpdate = z.object({
  version: z.number().int(),
  name: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(UNIT_KIND_CODES as [string, ...string[]]).optional(),
  code: z.string().trim().max(50).nullable().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
});
export type UnitUpdateInput = z.infer<typeof UnitUpdate>;

export const RoleGrantInput = z.object({
  role: z.enum(ROLE_CODES as [string, ...string[]]),
  unitId: z.string().min(1),
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
  unitId: z.string().min(1),
  password: z.string().min(8, '密码至少 8 位 / at least 8 characters').max(200),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  roles: z.array(RoleGrantInput).default([]),
});
export type UserCreateInput = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  version: z.number().int(),
  displayName: z.string().trim().min(1).max(100).optional(),
  unitId: z.string().min(1).optional(),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  active: z.boolean().optional(),
  roles: z.array(RoleGrantInput).optional(),
});
export type UserUpdateInput = z.infer<typeof UserUpdate>;

export const PasswordReset = z.object({ password: z.string().min(8, '密码至少 8 位 / at least 8 characters').max(200) });
