// What other modules may use of org: the role and unit catalogues, the table types (for the composed Database
// type) and a small query surface over units, users and role grants. Everything else in this folder is org's own.
export type { OrgTables, UnitsTable, UsersTable, UserRolesTable } from './org.tables';
export { ROLES, ROLE_CODES, UNIT_KINDS, UNIT_KIND_CODES, type RoleCode, type UnitKind } from './roles';
export {
  findActiveUserWithUnit,
  findUnit,
  findUnitByCode,
  findUser,
  findUserByUsername,
  firstRootUnit,
  firstUnitOfKind,
  hasNoUsers,
  insertUnit,
  insertUser,
  listRolesOf,
  listUnitsOfKind,
  listUsers,
  replaceRoles,
  rootUnitIds,
  setUserLanguage,
  roleHolders,
  unitIdsNamed,
  unitIdsWithin,
  unitsByIds,
  unitsWithRoleHeld,
  updateUser,
  userDisplayNames,
  userEmails,
  userPhones,
  type RoleRow,
  type UnitRow,
  type UserRow,
} from './org.repository';
