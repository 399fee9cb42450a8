import { AlertOutlined, DownloadOutlined, PlusOutlined, StarFilled, StarOutlined, UploadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Drawer, Empty, Flex, Grid, Input, Modal, Select, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, apiHref, client, unwrap, uploadFile, type ApiQuery } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { DeadlineCountdown, SeverityTag, StatusTag } from './components';
import { useRegisterDesk } from './desk/RegisterTools';
import { useServerNow, useUnitOptions } from './hooks';
import { formatShanghai } from './format';
import { CHANNELS, CREATE_ROLES, KINDS, label, REPAIR_REPORT_ROLES, SEVERITIES, STATUSES } from './labels';
import type { ImportResult, WorkOrderListItem } from './types';
import { RegisterCards } from './RegisterCards';

const FILTER_KEYS = ['status', 'kind', 'channel', 'severity', 'department', 'overdue', 'keyCustomer', 'q'] as const;
// The filters are the page's URL parameters, passed on as they are: the server answers 422 to a value it does not know.
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** 工单列表 / 客户投诉登记表 (docs/regulations.md#records-and-audit, docs/workorders.md#reports (用户抱怨制度 cl. 7-3, 7-4)): the register as a filterable table; filters live in the URL. */
export function WorkOrdersListPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const [qText, setQText] = useState(filters.q ?? '');
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const now = useServerNow();
  // Below 768 px (antd's md) the register is a list of cards: a wide table would scroll sideways on a phone.
  const narrow = !Grid.useBreakpoint().md;
  const units = useUnitOptions();
  const me = useMe().data;
  const canCreate = hasAnyRole(me, CREATE_ROLES);
  // A department reports its repairs to the call centre here (docs/callcenter.md "Emergency repairs").
  const canReportRepair = hasAnyRole(me, REPAIR_REPORT_ROLES);
  const [watchOpen, setWatchOpen] = useState(false);
  const watch = useQuery({
    queryKey: ['workorders', 'watchlist'],
    queryFn: () => unwrap(client.GET('/api/workorders/watchlist')),
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
    queryFn: ({ pageParam }) => unwrap(client.GET('/api/workorders', { params: { query: { ...(filters as ApiQuery<'/api/workorders'>), cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Saved views, bulk actions and keyboard shortcuts (desk/RegisterTools.tsx).
  const desk = useRegisterDesk({
    rows,
    canCreate,
    filters,
    onApplyFilters: (f) => {
      setParams(new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1])), { replace: true });
      setQText(f.q ?? '');
    },
    onChanged: () => qc.invalidateQueries({ queryKey: ['workorders'] }),
  });

  const upload = async (file: File) => {
    try {
      const res = await uploadFile('/api/workorders/import', {}, file);
      setImportResult(res);
      if (res.imported > 0) await qc.invalidateQueries({ queryKey: ['workorders'] });
    } catch (e) {
      // All or nothing: a 422 lists every bad row in details.rows — shown in the same table, nothing was imported.
      const rowsInError = e instanceof ApiError && e.status === 422 ? (e.details.rows as ImportResult['errors'] | undefined) : undefined;
      if (rowsInError?.length) setImportResult({ imported: 0, ids: [], numbers: [], errors: rowsInError });
      else message.error(errorText(e, lang));
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

  // An empty register says what to do next: widen the search, or register the first work order.
  const filtered = Object.keys(filters).length > 0;
  const emptyText = filtered
    ? t('没有符合筛选条件的工单。可清除筛选条件后再看。', 'No work order matches the filters. Clear them to see more.')
    : canCreate
      ? t('还没有工单。点击“新建工单”登记第一条客户反馈，或导入登记表。', 'No work orders yet. Use “New work order” to register the first, or import a register.')
      : t('还没有派给您的工单。有新工单时会通知您。', 'Nothing has been assigned to you yet; you will be notified.');

  // On a phone the buttons sit under the title instead of beside it, where they would squeeze it to one character a line.
  const actions = (
    <Flex gap={8} wrap>
      {canCreate && (
        <Link to="/workorders/new">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('新建工单', 'New work order')}
          </Button>
        </Link>
      )}
      {canReportRepair && (
        <Link to="/workorders/repairs/new">
          <Button type={canCreate ? 'default' : 'primary'} danger={!canCreate} icon={<AlertOutlined />}>
            {t('上报抢修', 'Report a repair')}
          </Button>
        </Link>
      )}
      <Button icon={<StarOutlined />} onClick={() => setWatchOpen(true)}>
        {t('重点关注名单', 'Watch list')}
      </Button>
      <Button icon={<DownloadOutlined />} href={apiHref('/api/workorders/export.xlsx', { query: filters })} data-testid="export">
        {t('导出 Excel', 'Export Excel')}
      </Button>
      {canCreate && (
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (upload(f), false)}>
          <Button icon={<UploadOutlined />}>{t('导入', 'Import')}</Button>
        </Upload>
      )}
    </Flex>
  );

  const selectOptions = (map: Record<string, { zh: string; en: string }>) => Object.entries(map).map(([value, l]) => ({ value, label: l[lang] }));

  return (
    <Card
      title={<span style={{ whiteSpace: 'normal' }}>{t('工单列表（客户投诉登记表）', 'Work orders (complaint register)')}</span>}
      extra={narrow ? undefined : actions}
    >
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="filters">
        <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 150 }} value={filters.status} onChange={(v) => setFilter('status', v)} options={selectOptions(STATUSES)} />
        <Select allowClear placeholder={t('类型', 'Kind')} style={{ width: 120 }} value={filters.kind} onChange={(v) => setFilter('kind', v)} options={selectOptions(KINDS)} />
        <Select allowClear placeholder={t('渠道', 'Channel')} style={{ width: 130 }} value={filters.channel} onChange={(v) => setFilter('channel', v)} options={selectOptions(CHANNELS)} data-testid="filter-channel" />
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
          ref={desk.searchRef}
          allowClear
          placeholder={t('搜索编号、客户、问题', 'Search number, customer, problem')}
          style={{ width: 280 }}
          value={qText}
          onChange={(e) => setQText(e.target.value)}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
      </Flex>
      {desk.toolbar}
      {list.error && <Alert type="error" showIcon title={errorText(list.error, lang)} style={{ marginBottom: 16 }} />}
      <div data-testid="workorders-table">
        {narrow ? (
          <RegisterCards rows={rows} loading={list.isLoading} nowMs={now} empty={emptyText} />
        ) : (
          <Table<WorkOrderListItem> rowKey="id" size="middle" loading={list.isLoading} columns={columns} dataSource={rows} pagination={false} rowSelection={desk.rowSelection} onRow={desk.onRow} locale={{ emptyText: <Empty description={emptyText} /> }} />
        )}
      </div>
      {desk.modals}
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
              title={
                importResult.errors.length
                  ? t(`已导入 0 条，错误 ${importResult.errors.length} 处：整个文件未导入，请更正后重新导入`, `0 imported, ${importResult.errors.length} errors: nothing was imported; correct the file and import it again`)
                  : t(`已导入 ${importResult.imported} 条`, `${importResult.imported} imported`)
              }
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
