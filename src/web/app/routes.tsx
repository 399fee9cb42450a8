import { lazy, type ComponentType, type ReactNode } from 'react';
import { HomePage } from '../pages/HomePage';
import { DESK_ROLES, REPORT_ROLES } from '../workorders/labels';
import { LazyReportsSection } from '../reports/LazyReports';
import { LazyParetoPage } from '../quality/LazyPareto';
import { AUTHORITY_ROLES, GRADING_ROLES } from '../grading/roles';
import { PARETO_ROLES, QUALITY_READ_ROLES } from '../quality/quality-api';
import { STAFF_ROLES } from '../staff/staff-api';
import { CALLCENTER_ROLES } from '../callcenter/callcenter-api';
import { KNOWLEDGE_ROLES } from '../knowledge/knowledge-api';

// Each section is its own chunk (docs/web.md#loading-on-a-slow-line): a clerk's first visit downloads the shell
// and the work-order pages, not grading, the admin screens or the rule editor. App.tsx wraps the routes in one
// <Suspense>, so a page shows a spinner while its chunk arrives.
function page<M>(load: () => Promise<M>, name: keyof M): ComponentType {
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
}
const ProfilePage = page(() => import('../pages/ProfilePage'), 'ProfilePage');
const AdminHomePage = page(() => import('../admin/AdminHomePage'), 'AdminHomePage');
const AuditPage = page(() => import('../admin/AuditPage'), 'AuditPage');
const UnitsPage = page(() => import('../admin/UnitsPage'), 'UnitsPage');
const UsersPage = page(() => import('../admin/UsersPage'), 'UsersPage');
const CalendarAdminPage = page(() => import('../calendar/CalendarAdminPage'), 'CalendarAdminPage');
const RulesPage = page(() => import('../rules/RulesPage'), 'RulesPage');
const WorkOrdersSection = page(() => import('../workorders/WorkOrdersSection'), 'WorkOrdersSection');
const PortalSection = page(() => import('../portal/PortalSection'), 'PortalSection');
const PolicyPage = page(() => import('../workorders/PolicyPage'), 'PolicyPage');
const MinesRoutes = page(() => import('../grading/GradingRoutes'), 'MinesRoutes');
const ApplicationsRoutes = page(() => import('../grading/GradingRoutes'), 'ApplicationsRoutes');
const ExtensionsRoutes = page(() => import('../grading/GradingRoutes'), 'ExtensionsRoutes');
const BulletinPage = page(() => import('../grading/BulletinPage'), 'BulletinPage');
const GradingAdminPage = page(() => import('../grading/GradingAdminPage'), 'GradingAdminPage');
const PublicGradingPage = page(() => import('../public-grading/PublicGradingPage'), 'PublicGradingPage');
const AccountabilitySection = page(() => import('../accountability/AccountabilitySection'), 'AccountabilitySection');
const LedgerPage = page(() => import('../accountability/AccountabilitySection'), 'LedgerPage');
const StaffSection = page(() => import('../staff/StaffSection'), 'StaffSection');
const IntegrationsPage = page(() => import('../integrations/IntegrationsPage'), 'IntegrationsPage');
const CallCentrePage = page(() => import('../callcenter/CallCentrePage'), 'CallCentrePage');
const QualityAccidentsSection = page(() => import('../quality/QualityAccidentsPage'), 'QualityAccidentsSection');
const RootCausesAdminPage = page(() => import('../quality/RootCausesAdminPage'), 'RootCausesAdminPage');
const KnowledgePage = page(() => import('../knowledge/KnowledgePage'), 'KnowledgePage');

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
/** The start page lists the registry below; it is read at render time, so the page needs no import of this file. */
function Home() {
  return <HomePage routes={appRoutes} />;
}

export const appRoutes: AppRoute[] = [
  { path: '/', element: <Home /> },
  { path: '/profile', element: <ProfilePage /> },
  // Administration (系统管理): units, users and roles, audit log — see docs/admin.md.
  { path: '/admin', element: <AdminHomePage />, roles: ['admin'], nav: { zh: '管理概览', en: 'Overview', group: 'admin', order: 0 } },
  { path: '/admin/units', element: <UnitsPage />, roles: ['admin'], nav: { zh: '组织机构', en: 'Units', group: 'admin', order: 1 } },
  { path: '/admin/users', element: <UsersPage />, roles: ['admin'], nav: { zh: '用户管理', en: 'Users', group: 'admin', order: 2 } },
  { path: '/admin/audit', element: <AuditPage />, roles: ['admin'], nav: { zh: '审计日志', en: 'Audit log', group: 'admin', order: 3 } },
  // Working calendar and rule packs — docs/calendar.md, docs/rules.md "Administration and API".
  { path: '/admin/calendar', element: <CalendarAdminPage />, roles: ['admin'], nav: { zh: '工作日历', en: 'Working calendar', group: 'admin', order: 4 } },
  // Outbound channels (集成): webhooks, group robots, delivery and SMS logs — docs/integrations.md.
  { path: '/admin/integrations', element: <IntegrationsPage />, roles: ['admin'], nav: { zh: '集成', en: 'Integrations', group: 'admin', order: 7 } },
  { path: '/rules', element: <RulesPage />, nav: { zh: '规则库', en: 'Rule packs', group: 'reference', order: 5 } },
  // Complaint desk (客诉): list, new, detail, printable forms — docs/workorders-guide.md.
  { path: '/workorders', element: <WorkOrdersSection />, roles: DESK_ROLES, nav: { zh: '工单列表', en: 'Work orders', group: 'desk', order: 0 } },
  { path: '/workorders/policy', element: <PolicyPage />, roles: ['admin'], nav: { zh: '客诉策略', en: 'Complaint policy', group: 'admin', order: 6 } },
  // Call centre (呼叫中心岗位职责): duty log, agent figures, forecast and schedule — docs/callcenter.md.
  { path: '/callcenter', element: <CallCentrePage />, roles: CALLCENTER_ROLES, nav: { zh: '呼叫中心', en: 'Call centre', group: 'desk', order: 6 } },
  // 话术库: answers and call scripts, browsed by the desk and kept by administrators — docs/knowledge.md.
  { path: '/knowledge', element: <KnowledgePage />, roles: KNOWLEDGE_ROLES, nav: { zh: '话术库', en: 'Scripts and answers', group: 'desk', order: 4 } },
  { path: '/reports/workorders', element: <LazyReportsSection />, roles: REPORT_ROLES, nav: { zh: '客诉报表', en: 'Complaint reports', group: 'desk', order: 5 } },
  // Standardisation grading (定级): mines, applications, printable documents, bulletin — docs/grading-guide.md.
  { path: '/grading/mines', element: <MinesRoutes />, roles: GRADING_ROLES, nav: { zh: '煤矿', en: 'Mines', group: 'grading', order: 0 } },
  { path: '/grading/applications', element: <ApplicationsRoutes />, roles: GRADING_ROLES, nav: { zh: '定级申报', en: 'Applications', group: 'grading', order: 1 } },
  { path: '/grading/extensions', element: <ExtensionsRoutes />, roles: GRADING_ROLES },
  { path: '/grading/bulletin', element: <BulletinPage />, roles: AUTHORITY_ROLES, nav: { zh: '年度公报', en: 'Yearly bulletin', group: 'grading', order: 2 } },
  { path: '/grading/admin', element: <GradingAdminPage />, roles: ['admin'], nav: { zh: '定级管理', en: 'Grading settings', group: 'grading', order: 3 } },
  // Accountability (事故等级划分及扣分, docs/accountability.md#levels-and-deductions (事故扣分标准 cl. 1)): accidents, deduction chain, monthly ledger — docs/accountability.md.
  { path: '/accountability', element: <AccountabilitySection />, nav: { zh: '管理事故', en: 'Accidents', group: 'people', order: 0 } },
  { path: '/accountability/ledger', element: <LedgerPage />, nav: { zh: '扣分台账', en: 'Deduction ledger', group: 'people', order: 1 } },
  // The quality loop (docs/quality-loop.md): quality accidents from approved 8Ds, the root-cause Pareto and list.
  { path: '/accountability/quality', element: <QualityAccidentsSection />, roles: QUALITY_READ_ROLES, nav: { zh: '质量事故', en: 'Quality accidents', group: 'people', order: 0.5 } },
  { path: '/reports/root-causes', element: <LazyParetoPage />, roles: PARETO_ROLES, nav: { zh: '原因柏拉图', en: 'Root-cause Pareto', group: 'desk', order: 6 } },
  { path: '/admin/root-causes', element: <RootCausesAdminPage />, roles: ['admin'], nav: { zh: '8D 原因分类', en: '8D root causes', group: 'admin', order: 7 } },
  // Staff levels (员工等级, docs/staff-levels.md#levels (服务员等级标准 cl. 1–4)): staff list, assessment with reasons, level decisions — docs/staff-levels.md.
  { path: '/staff', element: <StaffSection />, roles: STAFF_ROLES, nav: { zh: '员工等级', en: 'Staff levels', group: 'people', order: 5 } },
];

/** Pages reachable without an account (the customer portal, public grading notices). */
export const publicRoutes: { path: string; element: ReactNode }[] = [
  // Customer portal (docs/workorders.md#kinds-and-channels): file a complaint, track it with the number and the contact given.
  { path: '/portal', element: <PortalSection /> },
  // Public grading site (docs/grading.md#public-site): notices with the objection form, announcements.
  { path: '/public/grading', element: <PublicGradingPage /> },
];
