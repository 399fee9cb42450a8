import { DownloadOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, qs } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { adminKeys, useUnits, useUsers } from './admin-data';
import { changedKeys, formatShanghai } from './admin-utils';
import { ACTIONS, labelOf, SUBJECTS } from './audit-labels';
import { PageHeader } from './PageHeader';
import type { AuditView } from '../../modules/audit/audit.service';

/** One entry of GET /api/audit: the server's own view type (types only; nothing of the server is bundled). */
export type AuditEntry = AuditView;

interface AuditFilters {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

/** 审计日志 (DOMAIN §1.4): read-only, filterable, exportable to Excel. Times are shown in Beijing time. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const users = useUsers();
  const units = useUnits();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);

  const log = useInfiniteQuery({
    queryKey: [...adminKeys.audit, filters],
    queryFn: ({ pageParam }) => api.get<{ items: AuditEntry[]; nextCursor: string | null }>(`/api/audit${qs({ ...filters, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);

  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const u of units.data ?? []) m.set(u.id, u.name);
    for (const u of users.data ?? []) m.set(u.id, `${u.displayName}（${u.username}）`);
    return m;
  }, [units.data, users.data]);

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
    return e.subjectId;
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: t('时间（北京时间）', 'Time (Beijing)'), dataIndex: 'at', width: 180, render: (at: string) => <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatShanghai(at)}</Typography.Text> },
    { title: t('操作人', 'Actor'), dataIndex: 'actorName', width: 160, render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('系统', 'System')}</Typography.Text> },
    {
      title: t('操作', 'Action'),
      dataIndex: 'action',
      width: 200,
      render: (a: string) => (
        <Flex vertical>
          <span>{labelOf(ACTIONS, a, lang)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('对象', 'Subject'),
      key: 'subject',
      render: (_, e) => (
        <Flex gap={6} align="center" wrap>
          <Tag>{labelOf(SUBJECTS, e.subjectType, lang)}</Tag>
          <span>{subjectName(e)}</span>
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

  const exportHref = `/api/audit/export.xlsx${qs({ ...filters })}`;
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
              {t('对象', 'Subject')}：{names.get(filters.subjectId) ?? filters.subjectId}
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
              expandedRowRender: (e) => <AuditDiff entry={e} />,
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

/** Before and after images side by side, with the changed top-level fields named above them. */
function AuditDiff({ entry }: { entry: AuditEntry }) {
  const t = useI18n().t;
  // Naming changed fields helps only for an edit; for a creation or deletion every field "changed".
  const keys = entry.before != null && entry.after != null ? changedKeys(entry.before, entry.after) : [];
  const pre = (v: unknown) => (
    <pre style={{ margin: 0, padding: 12, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, fontSize: 12, maxHeight: 360, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {v == null ? '—' : JSON.stringify(v, null, 2)}
    </pre>
  );
  return (
    <div data-testid="audit-diff">
      {keys.length > 0 && (
        <Flex gap={4} wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('变更字段：', 'Changed: ')}</Typography.Text>
          {keys.map((k) => (
            <Tag key={k} color="orange">
              {k}
            </Tag>
          ))}
        </Flex>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Typography.Text strong>{t('变更前', 'Before')}</Typography.Text>
          {pre(entry.before)}
        </Col>
        <Col span={12}>
          <Typography.Text strong>{t('变更后', 'After')}</Typography.Text>
          {pre(entry.after)}
        </Col>
      </Row>
    </div>
  );
}
