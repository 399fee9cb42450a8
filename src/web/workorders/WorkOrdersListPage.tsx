import { DownloadOutlined, PlusOutlined, StarFilled, StarOutlined, UploadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Drawer, Flex, Input, Modal, Select, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, qs } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { DeadlineCountdown, SeverityTag, StatusTag } from './components';
import { useServerNow, useUnitOptions } from './hooks';
import { formatShanghai } from './format';
import { CREATE_ROLES, KINDS, label, SEVERITIES, STATUSES } from './labels';
import type { ImportResult, WorkOrderList, WorkOrderListItem } from './types';

const FILTER_KEYS = ['status', 'kind', 'severity', 'department', 'overdue', 'keyCustomer', 'q'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** 工单列表 / 客户投诉登记表 (DOMAIN §1.4, §2.6): the register as a filterable table; filters live in the URL. */
export function WorkOrdersListPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const [qText, setQText] = useState(filters.q ?? '');
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const now = useServerNow();
  const units = useUnitOptions();
  const canCreate = hasAnyRole(useMe().data, CREATE_ROLES);
  const [watchOpen, setWatchOpen] = useState(false);
  const watch = useQuery({
    queryKey: ['workorders', 'watchlist'],
    queryFn: () => api.get<{ customerKey: string; customerName: string; since: string; workOrderId: string }[]>('/api/workorders/watchlist'),
    enabled: watchOpen,
  });

  const setFilter = (key: keyof Filters, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const list = useInfiniteQuery({
    queryKey: ['workorders', 'list', filters],
    queryFn: ({ pageParam }) => api.get<WorkOrderList>(`/api/workorders${qs({ ...filters, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    try {
      const res = await api.upload<ImportResult>('/api/workorders/import', form);
      setImportResult(res);
      if (res.imported > 0) await qc.invalidateQueries({ queryKey: ['workorders'] });
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const columns: ColumnsType<WorkOrderListItem> = [
    {
      title: t('编号', 'Number'),
      dataIndex: 'number',
      width: 200,
      render: (n: string, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Link to={`/workorders/${r.id}`}>{n}</Link>
          {r.keyCustomer && <StarFilled style={{ color: '#faad14', marginLeft: 6 }} title={t('重点关注', 'Watch list')} />}
          {r.upgradeCount > 0 && (
            <Tag color="magenta" style={{ marginLeft: 6 }}>
              {t(`升级${r.upgradeCount}`, `upgraded ×${r.upgradeCount}`)}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => label(KINDS, k, lang), width: 80 },
    { title: t('客户', 'Customer'), dataIndex: 'customerName', render: (c: string | null) => c ?? '—' },
    {
      title: t('问题', 'Problem'),
      dataIndex: 'problem',
      render: (p: string | null, r) => (
        <>
          <Typography.Text>{p ?? '—'}</Typography.Text>
          {(r.productCode || r.problemCategory) && (
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>{[r.productCode, r.problemCategory].filter(Boolean).join(' · ')}</div>
          )}
        </>
      ),
    },
    { title: t('程度', 'Severity'), dataIndex: 'severity', render: (s: string | null) => <SeverityTag severity={s} />, width: 90 },
    {
      title: t('状态', 'Status'),
      dataIndex: 'status',
      width: 130,
      render: (s: string, r) => (
        <>
          <StatusTag status={s} />
          {r.paused && <Tag color="warning">{t('暂停', 'paused')}</Tag>}
        </>
      ),
    },
    { title: t('责任部门', 'Department'), dataIndex: 'departmentName', render: (d: string | null) => d ?? '—' },
    {
      title: t('下一期限', 'Next deadline'),
      dataIndex: 'nextDeadline',
      render: (d: WorkOrderListItem['nextDeadline']) => (d ? <DeadlineCountdown name={d.name} due={d.due} state={d.state} nowMs={now} /> : '—'),
    },
  ];

  const selectOptions = (map: Record<string, { zh: string; en: string }>) => Object.entries(map).map(([value, l]) => ({ value, label: l[lang] }));

  return (
    <Card
      title={t('工单列表（客户投诉登记表）', 'Work orders (complaint register)')}
      extra={
        <Flex gap={8} wrap>
          {canCreate && (
            <Link to="/workorders/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('新建工单', 'New work order')}
              </Button>
            </Link>
          )}
          <Button icon={<StarOutlined />} onClick={() => setWatchOpen(true)}>
            {t('重点关注名单', 'Watch list')}
          </Button>
          <Button icon={<DownloadOutlined />} href={`/api/workorders/export.xlsx${qs(filters)}`} data-testid="export">
            {t('导出 Excel', 'Export Excel')}
          </Button>
          {canCreate && (
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (upload(f), false)}>
              <Button icon={<UploadOutlined />}>{t('导入', 'Import')}</Button>
            </Upload>
          )}
        </Flex>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="filters">
        <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 150 }} value={filters.status} onChange={(v) => setFilter('status', v)} options={selectOptions(STATUSES)} />
        <Select allowClear placeholder={t('类型', 'Kind')} style={{ width: 120 }} value={filters.kind} onChange={(v) => setFilter('kind', v)} options={selectOptions(KINDS)} />
        <Select allowClear placeholder={t('程度', 'Severity')} style={{ width: 150 }} value={filters.severity} onChange={(v) => setFilter('severity', v)} options={selectOptions(SEVERITIES)} />
        <TreeSelect
          allowClear
          placeholder={t('责任部门', 'Department')}
          style={{ width: 200 }}
          value={filters.department}
          onChange={(v: string | undefined) => setFilter('department', v)}
          treeData={units.options}
          treeDefaultExpandAll
        />
        <Checkbox checked={filters.overdue === 'true'} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : undefined)}>
          {t('只看超期', 'Overdue only')}
        </Checkbox>
        <Checkbox checked={filters.keyCustomer === 'true'} onChange={(e) => setFilter('keyCustomer', e.target.checked ? 'true' : undefined)}>
          {t('只看重点关注', 'Watch list only')}
        </Checkbox>
        <Input.Search
          allowClear
          placeholder={t('搜索编号、客户、问题', 'Search number, customer, problem')}
          style={{ width: 280 }}
          value={qText}
          onChange={(e) => setQText(e.target.value)}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorText(list.error, lang)} style={{ marginBottom: 16 }} />}
      <div data-testid="workorders-table">
        <Table<WorkOrderListItem> rowKey="id" size="middle" loading={list.isLoading} columns={columns} dataSource={rows} pagination={false} />
      </div>
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('加载更多', 'Load more')}
          </Button>
        </Flex>
      )}
      <Drawer open={watchOpen} onClose={() => setWatchOpen(false)} title={t('重点关注客户（回访满意后移出）', 'Key customers (leave after a satisfied callback)')} size="large">
        <Table
          size="small"
          rowKey="customerKey"
          loading={watch.isLoading}
          pagination={false}
          dataSource={watch.data ?? []}
          columns={[
            { title: t('客户', 'Customer'), dataIndex: 'customerName' },
            { title: t('列入时间', 'Since'), dataIndex: 'since', render: (v: string) => formatShanghai(v) },
            { title: t('工单', 'Work order'), dataIndex: 'workOrderId', render: (id: string) => <Link to={`/workorders/${id}`}>{t('查看', 'Open')}</Link> },
          ]}
        />
      </Drawer>
      <Modal open={!!importResult} title={t('导入结果', 'Import result')} onCancel={() => setImportResult(null)} footer={<Button onClick={() => setImportResult(null)}>{t('关闭', 'Close')}</Button>} width={720}>
        {importResult && (
          <>
            <Alert
              type={importResult.errors.length ? 'warning' : 'success'}
              showIcon
              title={t(`已导入 ${importResult.imported} 条，错误 ${importResult.errors.length} 处`, `${importResult.imported} imported, ${importResult.errors.length} errors`)}
              style={{ marginBottom: 12 }}
            />
            {importResult.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.field}`}
                pagination={false}
                dataSource={importResult.errors}
                columns={[
                  { title: t('行', 'Row'), dataIndex: 'row', width: 60 },
                  { title: t('列', 'Column'), dataIndex: 'column', width: 120 },
                  { title: t('问题', 'Problem'), dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Modal>
    </Card>
  );
}
