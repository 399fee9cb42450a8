import type { Generated } from 'kysely';

// Row types of the organisation tables (migration 0001-foundation): units, users and the roles they hold.

export interface UnitsTable {
  id: string;
  parent_id: string | null;
  path: string;
  kind: string;
  name: string;
  code: string | null;
  attrs: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  active: Generated<number>;
  /** The language of the user's notifications and mail: zh | en (migration 0011-notifications-inbox). */
  language: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  unit_id: string;
}

export interface OrgTables {
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
}
