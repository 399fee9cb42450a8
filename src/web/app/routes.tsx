import type { ReactNode } from 'react';
import { HomePage } from '../pages/HomePage';
import { ProfilePage } from '../pages/ProfilePage';

export interface AppRoute {
  path: string;
  element: ReactNode;
  /** Roles that may open the page (any of them); omitted = every signed-in user. The server checks again. */
  roles?: readonly string[];
  /** Shown in the side navigation under `group` when present. */
  nav?: { zh: string; en: string; group?: NavGroup; order?: number };
}

export type NavGroup = 'desk' | 'grading' | 'people' | 'admin';

export const NAV_GROUPS: Record<NavGroup, { zh: string; en: string }> = {
  desk: { zh: '客诉工单', en: 'Complaint desk' },
  grading: { zh: '标准化定级', en: 'Grading' },
  people: { zh: '责任与人员', en: 'Accountability' },
  admin: { zh: '系统管理', en: 'Administration' },
};

// Each module adds its pages here (one block per module).
export const appRoutes: AppRoute[] = [
  { path: '/', element: <HomePage /> },
  { path: '/profile', element: <ProfilePage /> },
];

/** Pages reachable without an account (the customer portal, public grading notices). */
export const publicRoutes: { path: string; element: ReactNode }[] = [];
