import { useQuery } from '@tanstack/react-query';
import { client, unwrap, type ApiOk } from '../app/api';
import { ACTIONS } from '../workorders/labels';
import { ACTION_LABELS as GRADING_ACTIONS } from '../grading/grading-labels';
import type { Label } from '../../core/workflow/labels';

// 我的待办 (docs/inbox.md): the caller's pending steps across modules, read once and shared by the home page and
// the counts beside the menu entries. Refreshed every 30 s, like the bell, so a hand-off shows without a reload.

export type InboxItem = ApiOk<'/api/inbox'>['items'][number];

export const INBOX_REFRESH_MS = 30_000;

export function useInbox() {
  return useQuery({ queryKey: ['inbox'], queryFn: () => unwrap(client.GET('/api/inbox')), refetchInterval: INBOX_REFRESH_MS });
}

export const MODULE_LABELS: Record<InboxItem['module'], Label> = {
  workorders: { zh: '客诉工单', en: 'Complaint' },
  grading: { zh: '标准化定级', en: 'Grading' },
  accountability: { zh: '管理事故', en: 'Accident' },
  staff: { zh: '员工等级', en: 'Staff level' },
};

const OTHER_ACTIONS: Record<string, Label> = {
  confirm_proposal: { zh: '确认降级/撤消建议', en: 'Confirm proposal' },
  province_approve: { zh: '审核直接延期', en: 'Review direct extension' },
  national_file: { zh: '直接延期备案', en: 'File direct extension' },
  record_self_inspection: { zh: '录入自查', en: 'Record self-inspection' },
  record_level: { zh: '确定员工等级', en: 'Decide the level' },
};

/** The action the caller takes, in words (受理, 初审通过, 确定员工等级 …). */
export function actionLabel(item: Pick<InboxItem, 'module' | 'action'>, lang: 'zh' | 'en'): string {
  const map = item.module === 'workorders' ? ACTIONS : item.module === 'grading' ? { ...GRADING_ACTIONS, ...OTHER_ACTIONS } : OTHER_ACTIONS;
  return map[item.action]?.[lang] ?? item.action;
}

/** Where the item is acted on. A proposal is confirmed from the mines page's pending list; a self-inspection on its mine. */
export function itemLink(item: Pick<InboxItem, 'module' | 'id' | 'action'>): string {
  switch (item.module) {
    case 'workorders':
      return `/workorders/${item.id}`;
    case 'staff':
      return `/staff/${item.id}`;
    case 'accountability':
      return `/accountability/${item.id}`;
    case 'grading':
      if (item.action === 'confirm_proposal') return '/grading/mines';
      if (item.action === 'record_self_inspection') return `/grading/mines/${item.id}`;
      if (item.action === 'province_approve' || item.action === 'national_file') return `/grading/extensions/${item.id}`;
      return `/grading/applications/${item.id}`;
  }
}

/** How many items each menu entry leads to (the entry whose path starts the item's link). */
export function countsByPath(items: readonly InboxItem[], paths: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const link = item.action === 'province_approve' || item.action === 'national_file' ? '/grading/mines' : itemLink(item);
    const path = paths.filter((p) => p !== '/' && link.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    if (path) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return counts;
}
