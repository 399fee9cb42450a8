import type { ReactNode } from 'react';
import { HomePage } from '../pages/HomePage';
import { ProfilePage } from '../pages/ProfilePage';
import { AdminHomePage } from '../admin/AdminHomePage';
import { AuditPage } from '../admin/AuditPage';
import { UnitsPage } from '../admin/UnitsPage';
import { UsersPage } from '../admin/UsersPage';
import { CalendarAdminPage } from '../calendar/CalendarAdminPage';
import { RulesPage } from '../rules/RulesPage';
import { WorkOrdersSection } from '../workorders/WorkOrdersSection';
import { PortalSection } from '../portal/PortalSection';
import { DESK_ROLES, REPORT_ROLES } from '../workorders/labels';
import { PolicyPage } from '../workorders/PolicyPage';
import { LazyReportsSection } from '../reports/LazyReports';
import { ApplicationsRoutes, ExtensionsRoutes, MinesRoutes } from '../grading/GradingRoutes';
import { BulletinPage } from '../grading/BulletinPage';
import { GradingAdminPage } from '../grading/GradingAdminPage';
import { AUTHORITY_ROLES, GRADING_ROLES } from '../grading/roles';
import { PublicGradingPage } from '../public-grading/PublicGradingPage';
import { AccountabilitySection, LedgerPage } from '../accountability/AccountabilitySection';
import { StaffSection } from '../staff/StaffSection';
import { STAFF_ROLES } from '../staff/staff-api';

export interface AppRoute {
  path: string;
  element: ReactNode;
  /** Roles that may open the page (any of them); omitted = every signed-in user. The server checks again. */
  roles?: readonly string[];
  /** Shown in the side navigation under `group` when present. */
  nav?: { zh: string; en: string; group?: NavGroup; order?: number };
}

export type NavGroup = 'desk' | 'grading' | 'people' | 'reference' | 'admin';

export const NAV_GROUPS: Record<NavGroup, { zh: string; en: string }> = {
  desk: { zh: '客诉工单', en: 'Complaint desk' },
  grading: { zh: '标准化定级', en: 'Grading' },
  people: { zh: '责任与人员', en: 'Accountability' },
  reference: { zh: '规则与标准', en: 'Rules & standards' },
  admin: { zh: '系统管理', en: 'Administration' },
};

// Each module adds its pages here (one block per module).
export const appRoutes: AppRoute[] = [
  { path: '/', element: <HomePage /> },
  { path: '/profile', element: <ProfilePage /> },
  // Administration (系统管理): units, users and roles, audit log — see docs/admin.md.
  { path: '/admin', element: <AdminHomePage />, roles: ['admin'], nav: { zh: '管理概览', en: 'Overview', group: 'admin', order: 0 } },
  { path: '/admin/units', element: <UnitsPage />, roles: ['admin'], nav: { zh: '组织机构', en: 'Units', group: 'admin', order: 1 } },
  { path: '/admin/users', element: <UsersPage />, roles: ['admin'], nav: { zh: '用户管理', en: 'Users', group: 'admin', order: 2 } },
  { path: '/admin/audit', element: <AuditPage />, roles: ['admin'], nav: { zh: '审计日志', en: 'Audit log', group: 'admin', order: 3 } },
  // Working calendar and rule packs (issue 3) — docs/calendar.md, docs/rules.md "Administration and API".
  { path: '/admin/calendar', element: <CalendarAdminPage />, roles: ['admin'], nav: { zh: '工作日历', en: 'Working calendar', group: 'admin', order: 4 } },
  { path: '/rules', element: <RulesPage />, nav: { zh: '规则库', en: 'Rule packs', group: 'reference', order: 5 } },
  // Complaint desk (客诉, issue 4): list, new, detail, printable forms — docs/workorders-guide.md.
  { path: '/workorders', element: <WorkOrdersSection />, roles: DESK_ROLES, nav: { zh: '工单列表', en: 'Work orders', group: 'desk', order: 0 } },
  { path: '/workorders/policy', element: <PolicyPage />, roles: ['admin'], nav: { zh: '客诉策略', en: 'Complaint policy', group: 'admin', order: 6 } },
  { path: '/reports/workorders', element: <LazyReportsSection />, roles: REPORT_ROLES, nav: { zh: '客诉报表', en: 'Complaint reports', group: 'desk', order: 5 } },
  // Standardisation grading (定级, issue 5): mines, applications, printable documents, bulletin — docs/grading-guide.md.
  { path: '/grading/mines', element: <MinesRoutes />, roles: GRADING_ROLES, nav: { zh: '煤矿', en: 'Mines', group: 'grading', order: 0 } },
  { path: '/grading/applications', element: <ApplicationsRoutes />, roles: GRADING_ROLES, nav: { zh: '定级申报', en: 'Applications', group: 'grading', order: 1 } },
  { path: '/grading/extensions', element: <ExtensionsRoutes />, roles: GRADING_ROLES },
  { path: '/grading/bulletin', element: <BulletinPage />, roles: AUTHORITY_ROLES, nav: { zh: '年度公报', en: 'Yearly bulletin', group: 'grading', order: 2 } },
  { path: '/grading/admin', element: <GradingAdminPage />, roles: ['admin'], nav: { zh: '定级管理', en: 'Grading settings', group: 'grading', order: 3 } },
  // Accountability (事故等级划分及扣分, DOMAIN §4): accidents, deduction chain, monthly ledger — docs/accountability.md.
  { path: '/accountability', element: <AccountabilitySection />, nav: { zh: '管理事故', en: 'Accidents', group: 'people', order: 0 } },
  { path: '/accountability/ledger', element: <LedgerPage />, nav: { zh: '扣分台账', en: 'Deduction ledger', group: 'people', order: 1 } },
  // Staff levels (员工等级, DOMAIN §5): staff list, assessment with reasons, level decisions — docs/staff-levels.md.
  { path: '/staff', element: <StaffSection />, roles: STAFF_ROLES, nav: { zh: '员工等级', en: 'Staff levels', group: 'people', order: 5 } },
];

/** Pages reachable without an account (the customer portal, public grading notices). */
export const publicRoutes: { path: string; element: ReactNode }[] = [
  // Customer portal (issue 4): file a complaint, track it with the number and the contact given.
  { path: '/portal', element: <PortalSection /> },
  // Public grading site (issue 5): notices with the objection form, announcements.
  { path: '/public/grading', element: <PublicGradingPage /> },
];
