import { DownloadOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { apiHref, client, unwrap, type ApiOk, type ApiQuery } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { adminKeys, useUnits, useUsers } from './admin-data';
import { changedKeys, formatShanghai } from './admin-utils';
import { actionLabel, FIELDS, labelOf, SUBJECTS } from './audit-labels';
import { useApplications, useMines } from '../grading/grading-api';
import { PageHeader } from './PageHeader';

/** One entry of GET /api/audit, as the OpenAPI document describes it. */
export type AuditEntry = ApiOk<'/api/audit'>['items'][number];

type AuditFilters = Pick<ApiQuery<'/api/audit'>, 'subjectType' | 'subjectId' | 'actorId' | 'from' | 'to'>;

const PAGE_SIZE = 50;

/** 审计日志 (docs/regulations.md#records-and-audit): read-only, filterable, exportable to Excel. Times are shown in Beijing time. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const users = useUsers();
  const units = useUnits();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);

  const log = useInfiniteQuery({
    queryKey: [...adminKeys.audit, filters],
    queryFn: ({ pageParam }) => unwrap(client.GET('/api/audit', { params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);

  // Subjects are named, never shown as UUIDs (docs/web.md): units and users from the admin lists, mines and grading
  // applications from grading's lists, work orders by their KS number (one cached request per work order shown).
  const mines = useMines();
  const applications = useApplications();
  const workOrderIds = useMemo(() => [...new Set(entries.filter((e) => e.subjectType === 'work_order' && e.subjectId).map((e) => e.subjectId!))], [entries]);
  const workOrders = useQueries({
    queries: workOrderIds.map((id) => ({
      queryKey: ['workorders', 'one', id],
      queryFn: () => unwrap(client.GET('/api/workorders/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const u of units.data ?? []) m.set(u.id, u.name);
    for (const u of users.data ?? []) m.set(u.id, u.displayName);
    for (const mine of mines.data ?? []) m.set(mine.id, mine.name);
    for (const a of applications.data ?? []) m.set(a.id, `${a.mineName} · ${a.targetLevel}`);
    for (const w of workOrders) if (w.data) m.set(w.data.id, [w.data.number, w.data.customerName].filter(Boolean).join(' '));
    return m;
  }, [units.data, users.data, mines.data, applications.data, workOrders]);

  // Subject types: the foundation's, plus whatever the loaded entries show (other modules add their own).
  const subjectTypes = useMemo(() => [...new Set([...Object.keys(SUBJECTS), ...entries.map((e) => e.subjectType), ...(filters.subjectType ? [filters.subjectType] : [])])], [entries, filters.subjectType]);

  const subjectName = (e: AuditEntry): string | null => {
    if (e.subjectId && names.has(e.subjectId)) return names.get(e.subjectId)!;
    // A deleted unit or a subject of another module: the name it had in the record itself.
    for (const image of [e.after, e.before]) {
      if (image && typeof image === 'object') {
        const o = image as Record<string, unknown>;
        if (typeof o.name === 'string') return o.name;
        if (typeof o.displayName === 'string') return o.displayName;
      }
    }
    for (const image of [e.after, e.before]) {
      if (image && typeof image === 'object' && typeof (image as { number?: unknown }).number === 'string') return (image as { number: string }).number;
    }
    // A subject with no name to show (a system action, a policy version): its type says enough; the id is in the tooltip.
    return null;
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: t('时间（北京时间）', 'Time (Beijing)'), dataIndex: 'at', width: 180, render: (at: string) => <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatShanghai(at)}</Typography.Text> },
    { title: t('操作人', 'Actor'), dataIndex: 'actorName', width: 160, render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('系统', 'System')}</Typography.Text> },
    {
      title: t('操作', 'Action'),
      dataIndex: 'action',
      width: 200,
      // The code is for whoever greps the source: in the tooltip, not on the screen.
      render: (a: string) => (
        <Tooltip title={a}>
          <span data-testid="audit-action">{actionLabel(a, lang)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('对象', 'Subject'),
      key: 'subject',
      render: (_, e) => (
        <Flex gap={6} align="center" wrap>
          <Tag>{labelOf(SUBJECTS, e.subjectType, lang)}</Tag>
          <Tooltip title={e.subjectId}>
            <span>{subjectName(e) ?? ''}</span>
          </Tooltip>
          {e.subjectId && filters.subjectId !== e.subjectId && (
            <Tooltip title={t('只看此对象的记录', 'Only this subject’s entries')}>
              <Button
                type="text"
                size="small"
                icon={<FilterOutlined />}
                aria-label={t('只看此对象的记录', 'Only this subject’s entries')}
                onClick={() => setFilters((f) => ({ ...f, subjectType: e.subjectType, subjectId: e.subjectId ?? undefined }))}
              />
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('说明', 'Note'), dataIndex: 'note', width: 240, render: (n: string | null) => n ?? '' },
  ];

  const exportHref = apiHref('/api/audit/export.xlsx', { query: { ...filters } });
  const reset = () => {
    setFilters({});
    setRange(null);
  };

  return (
    <>
      <PageHeader
        title={t('审计日志', 'Audit log')}
        help={t('每一次变更都记录操作人、时间、内容及变更前后；日志只能查看和导出，不能修改或删除。', 'Every change is recorded with who, when, what and before/after; the log can be read and exported, never edited or deleted.')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => log.refetch()}>
              {t('刷新', 'Refresh')}
            </Button>
            <Button type="primary" icon={<DownloadOutlined />} href={exportHref} data-testid="audit-export">
              {t('导出 Excel', 'Export to Excel')}
            </Button>
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('对象类型', 'Subject type')}
            aria-label={t('对象类型', 'Subject type')}
            value={filters.subjectType}
            onChange={(v?: string) => setFilters((f) => ({ ...f, subjectType: v, subjectId: undefined }))}
            options={subjectTypes.map((s) => ({ value: s, label: labelOf(SUBJECTS, s, lang) }))}
          />
          <Select
            allowClear
            style={{ width: 220 }}
            placeholder={t('操作人', 'Actor')}
            aria-label={t('操作人', 'Actor')}
            value={filters.actorId}
            onChange={(v?: string) => setFilters((f) => ({ ...f, actorId: v }))}
            showSearch={{ optionFilterProp: 'label' }}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              setRange(v);
              setFilters((f) => ({ ...f, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') }));
            }}
            placeholder={[t('开始日期', 'From'), t('结束日期', 'To')]}
          />
          {filters.subjectId && (
            <Tag closable onClose={() => setFilters((f) => ({ ...f, subjectId: undefined }))} color="processing">
              {t('对象', 'Subject')}：{names.get(filters.subjectId) ?? t('所选对象', 'the chosen subject')}
            </Tag>
          )}
          <Button onClick={reset}>{t('清除筛选', 'Clear filters')}</Button>
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        {log.error ? (
          <Alert type="error" showIcon title={errorText(log.error, lang)} style={{ margin: 16 }} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={log.isLoading}
            columns={columns}
            dataSource={entries}
            pagination={false}
            locale={{ emptyText: <Empty description={t('没有符合条件的记录', 'No matching entries')} /> }}
            expandable={{
              rowExpandable: (e) => e.before != null || e.after != null,
              expandedRowRender: (e) => <AuditDiff entry={e} names={names} />,
            }}
            data-testid="audit-table"
          />
        )}
        <Flex justify="center" align="center" gap={12} style={{ padding: 16 }}>
          <Typography.Text type="secondary">{t(`已显示 ${entries.length} 条`, `${entries.length} shown`)}</Typography.Text>
          {log.hasNextPage && (
            <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
              {t('加载更多', 'Load more')}
            </Button>
          )}
        </Flex>
      </Card>
    </>
  );
}

/** A value of an image as a reader sees it: yes/no, —, names for known ids, compact text for the rest. */
function readable(v: unknown, names: Map<string, string>, t: (zh: string, en: string) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('是', 'yes') : t('否', 'no');
  if (typeof v === 'string') return names.get(v) ?? v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => readable(x, names, t)).join('、');
  return JSON.stringify(v);
}

/**
 * Before and after as a table of the fields that changed (all fields for a creation or deletion), each named in
 * the UI language, with ids replaced by names; the full images stay one click away for a detailed look.
 */
function AuditDiff({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const { t, lang } = useI18n();
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v == null ? {} : { value: v });
  const before = obj(entry.before);
  const after = obj(entry.after);
  const keys = entry.before != null && entry.after != null ? changedKeys(entry.before, entry.after) : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = keys.map((k) => ({ key: k, field: FIELDS[k] ? (lang === 'zh' ? FIELDS[k][0] : FIELDS[k][1]) : k, before: readable(before[k], names, t), after: readable(after[k], names, t) }));
  const pre = (v: unknown) => (
    <pre style={{ margin: 0, padding: 12, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, fontSize: 12, maxHeight: 360, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {v == null ? '—' : JSON.stringify(v, null, 2)}
    </pre>
  );
  return (
    <div data-testid="audit-diff">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { title: t('字段', 'Field'), dataIndex: 'field', width: 180, render: (f: string, r) => (FIELDS[r.key] ? f : <Typography.Text code translate="no">{f}</Typography.Text>) },
          { title: t('变更前', 'Before'), dataIndex: 'before', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{v}</span> },
          { title: t('变更后', 'After'), dataIndex: 'after', render: (v: string, r) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', color: r.before !== v ? '#d4380d' : undefined }}>{v}</span> },
        ]}
      />
      <details style={{ marginTop: 8 }}>
        <summary>{t('查看完整记录', 'Full record')}</summary>
        <Row gutter={12} style={{ marginTop: 8 }} translate="no">
          <Col span={12}>{pre(entry.before)}</Col>
          <Col span={12}>{pre(entry.after)}</Col>
        </Row>
      </details>
    </div>
  );
}
