import { DeleteOutlined, DownloadOutlined, QuestionCircleOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Checkbox, Descriptions, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import type { InputRef } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { apiHref, client, unwrap, type ApiBody, type ApiOk } from '../../app/api';
import { errorText, useI18n } from '../../app/i18n';
import { useUnitOptions } from '../hooks';
import type { WorkOrderListItem } from '../types';

// The register's tools for people who work in it all day (docs/workorders.md "Saved views and bulk actions"):
// saved views, bulk actions on the selected rows with a result per row, and keyboard shortcuts.

/** The register's filters as the page keeps them in its URL (strings; booleans as 'true'). */
export type RegisterFilters = Partial<Record<'status' | 'kind' | 'severity' | 'department' | 'overdue' | 'keyCustomer' | 'q', string>>;
type SavedView = ApiOk<'/api/workorders/views'>[number];
type SavedFilters = SavedView['filters'];
type BulkResult = ApiOk<'/api/workorders/bulk', 'post'>;

/** URL filters → a saved view's filters (typed, booleans as booleans); empty ones left out. */
export function toSavedFilters(f: RegisterFilters): SavedFilters {
  const out: Record<string, unknown> = {};
  for (const k of ['status', 'kind', 'severity', 'department', 'q'] as const) if (f[k]) out[k] = f[k];
  if (f.overdue === 'true') out.overdue = true;
  if (f.keyCustomer === 'true') out.keyCustomer = true;
  return out as SavedFilters;
}

/** A saved view's filters → the URL's. */
export function fromSavedFilters(s: SavedFilters): RegisterFilters {
  const out: RegisterFilters = {};
  for (const k of ['status', 'kind', 'severity', 'department', 'q'] as const) if (s[k]) out[k] = String(s[k]);
  if (s.overdue) out.overdue = 'true';
  if (s.keyCustomer) out.keyCustomer = 'true';
  return out;
}

// ---------- saved views ----------

function SavedViews({ filters, onApply }: { filters: RegisterFilters; onApply: (f: RegisterFilters) => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const views = useQuery({ queryKey: ['workorders', 'views'], queryFn: () => unwrap(client.GET('/api/workorders/views')) });
  const [current, setCurrent] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const chosen = views.data?.find((v) => v.id === current);

  const options = useMemo(() => {
    const all = views.data ?? [];
    const group = (title: string, list: SavedView[]) => ({ label: title, title, options: list.map((v) => ({ value: v.id, label: v.name })) });
    return [group(t('我的视图', 'My views'), all.filter((v) => v.mine && !v.shared)), group(t('本单位共享', 'Shared with my unit'), all.filter((v) => v.shared))].filter((g) => g.options.length);
  }, [views.data, t]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: ApiBody<'/api/workorders/views'> = { name: v.name.trim(), shared: !!v.shared, filters: toSavedFilters(filters) };
      const created = await unwrap(client.POST('/api/workorders/views', { body }));
      await qc.invalidateQueries({ queryKey: ['workorders', 'views'] });
      setCurrent(created.id);
      setSaving(false);
      message.success(t(`已保存视图「${created.name}」`, `View "${created.name}" saved`));
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!chosen) return;
    try {
      await unwrap(client.DELETE('/api/workorders/views/{viewId}', { params: { path: { viewId: chosen.id } } }));
      setCurrent(undefined);
      await qc.invalidateQueries({ queryKey: ['workorders', 'views'] });
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <Flex gap={8} wrap align="center" data-testid="saved-views">
      <Select
        allowClear
        placeholder={t('已保存的视图', 'Saved views')}
        style={{ width: 200 }}
        value={current}
        options={options}
        loading={views.isLoading}
        notFoundContent={t('还没有视图：设好筛选后点“保存视图”', 'No views yet: set the filters, then “Save view”')}
        onChange={(id?: string) => {
          setCurrent(id);
          const v = views.data?.find((x) => x.id === id);
          onApply(v ? fromSavedFilters(v.filters) : {});
        }}
        data-testid="view-select"
      />
      <Button
        icon={<SaveOutlined />}
        onClick={() => {
          form.resetFields();
          setError(null);
          setSaving(true);
        }}
        data-testid="view-save"
      >
        {t('保存视图', 'Save view')}
      </Button>
      {chosen?.mine && (
        <Popconfirm title={t(`删除视图「${chosen.name}」？`, `Delete the view "${chosen.name}"?`)} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')} onConfirm={remove}>
          <Button icon={<DeleteOutlined />} danger data-testid="view-delete">
            {t('删除视图', 'Delete view')}
          </Button>
        </Popconfirm>
      )}
      {chosen && !chosen.mine && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`由 ${chosen.ownerName} 共享`, `shared by ${chosen.ownerName}`)}
        </Typography.Text>
      )}
      <Modal open={saving} title={t('保存当前筛选为视图', 'Save the current filters as a view')} onCancel={() => setSaving(false)} onOk={save} confirmLoading={busy} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ shared: false }}>
          <Form.Item name="name" label={t('视图名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写视图名称', 'Name the view') }, { max: 60 }]}>
            <Input placeholder={t('如：本周超期的质量投诉', 'e.g. overdue quality complaints')} />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('共享给本单位的同事', 'Share with colleagues of my unit')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

// ---------- bulk actions ----------

type BulkKind = 'dispatch' | 'reject_invalid';

function BulkBar({ selected, onDone, onClear }: { selected: WorkOrderListItem[]; onDone: () => unknown; onClear: () => void }) {
  const { t, lang } = useI18n();
  const units = useUnitOptions();
  const [open, setOpen] = useState<BulkKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [form] = Form.useForm<{ departmentId?: string; reason?: string; note?: string }>();
  const ids = selected.map((r) => r.id);
  const numbers = new Map(selected.map((r) => [r.id, r.number]));

  const run = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: ApiBody<'/api/workorders/bulk'> =
        open === 'dispatch' ? { action: 'dispatch', ids, departmentId: v.departmentId!, note: v.note?.trim() || undefined } : { action: 'reject_invalid', ids, reason: (v.reason ?? '').trim() };
      setResult(await unwrap(client.POST('/api/workorders/bulk', { body })));
      setOpen(null);
      await onDone();
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  if (!selected.length && !result) return null;
  return (
    <>
      {selected.length > 0 && (
        <Flex gap={8} wrap align="center" style={{ padding: '8px 12px', marginBottom: 12, background: '#f0f5ff', borderRadius: 6 }} data-testid="bulk-bar">
          <Typography.Text strong>{t(`已选 ${selected.length} 条`, `${selected.length} selected`)}</Typography.Text>
          <Button
            icon={<SendOutlined />}
            onClick={() => {
              form.resetFields();
              setError(null);
              setOpen('dispatch');
            }}
            data-testid="bulk-dispatch"
          >
            {t('批量派单', 'Dispatch')}
          </Button>
          <Button icon={<DownloadOutlined />} href={apiHref('/api/workorders/export.xlsx', { query: { ids: ids.join(',') } })} data-testid="bulk-export">
            {t('导出所选', 'Export selected')}
          </Button>
          <Button
            danger
            icon={<StopOutlined />}
            onClick={() => {
              form.resetFields();
              setError(null);
              setOpen('reject_invalid');
            }}
            data-testid="bulk-invalid"
          >
            {t('标记无效', 'Mark invalid')}
          </Button>
          <Button type="link" onClick={onClear}>
            {t('取消选择', 'Clear selection')}
          </Button>
        </Flex>
      )}
      <Modal
        open={!!open}
        title={open === 'dispatch' ? t(`批量派单（${selected.length} 条）`, `Dispatch ${selected.length} work orders`) : t(`批量标记无效（${selected.length} 条）`, `Mark ${selected.length} work orders invalid`)}
        onCancel={() => setOpen(null)}
        onOk={run}
        confirmLoading={busy}
        okText={t('确认提交', 'Submit')}
        cancelText={t('取消', 'Cancel')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t('每条工单分别按单条操作的规则处理：状态或权限不允许的会被跳过并列出原因。', 'Each work order goes through the single action’s rules: those whose status or your roles do not allow it are skipped and listed with the reason.')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          {open === 'dispatch' ? (
            <>
              <Form.Item name="departmentId" label={t('责任部门', 'Responsible department')} rules={[{ required: true, message: t('请选择责任部门', 'Choose the department') }]}>
                <TreeSelect treeData={units.options} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="bulk-department" />
              </Form.Item>
              <Form.Item name="note" label={t('备注（可选）', 'Note (optional)')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('无效原因', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请填写无效原因', 'Give the reason') }]}>
              <Input.TextArea rows={3} data-testid="bulk-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal open={!!result} title={t('批量操作结果', 'Bulk result')} onCancel={() => setResult(null)} footer={<Button onClick={() => setResult(null)}>{t('关闭', 'Close')}</Button>} width={680}>
        {result && (
          <div data-testid="bulk-results">
            <Alert
              type={result.failed ? 'warning' : 'success'}
              showIcon
              title={t(`成功 ${result.succeeded} 条，未处理 ${result.failed} 条`, `${result.succeeded} done, ${result.failed} not done`)}
              style={{ marginBottom: 12 }}
            />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={result.results}
              columns={[
                { title: t('工单', 'Work order'), dataIndex: 'number', render: (n: string | null, r) => n ?? numbers.get(r.id) ?? r.id },
                { title: t('结果', 'Result'), dataIndex: 'ok', width: 110, render: (ok: boolean, r) => (ok ? <Tag color="success">{t('成功', 'done')}</Tag> : <Tag color="error">{t(`未处理 ${r.status}`, `not done ${r.status}`)}</Tag>) },
                { title: t('说明', 'Reason'), dataIndex: 'messageZh', render: (_: unknown, r) => (r.ok ? '' : lang === 'zh' ? r.messageZh : r.message) },
              ]}
            />
          </div>
        )}
      </Modal>
    </>
  );
}

// ---------- keyboard shortcuts ----------

const SHORTCUTS: { keys: string; zh: string; en: string }[] = [
  { keys: '/', zh: '定位到搜索框', en: 'Focus the search box' },
  { keys: 'j', zh: '下一条', en: 'Next row' },
  { keys: 'k', zh: '上一条', en: 'Previous row' },
  { keys: 'Enter', zh: '打开当前工单', en: 'Open the current row' },
  { keys: 'x', zh: '选中 / 取消选中当前工单', en: 'Select or unselect the current row' },
  { keys: 'n', zh: '新建工单', en: 'New work order' },
  { keys: '?', zh: '显示快捷键', en: 'Show the shortcuts' },
];

/** The row j/k move to: a tinted row with a bar on its left (cells carry the table's background, so the row's own would not show). */
const ACTIVE_ROW = 'gauge-register-active';
const ACTIVE_ROW_CSS = `.${ACTIVE_ROW} > td { background: #fffbe6 !important; } .${ACTIVE_ROW} > td:first-child { box-shadow: inset 3px 0 0 #1677ff; }`;

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('[role="dialog"], .ant-select-dropdown');
}

/**
 * Everything the register page needs for saved views, bulk actions and shortcuts: the toolbar, the table's row
 * selection and row props (the current row is outlined), the search box's ref and the modals.
 */
export function useRegisterDesk({ rows, canCreate, filters, onApplyFilters, onChanged }: { rows: WorkOrderListItem[]; canCreate: boolean; filters: RegisterFilters; onApplyFilters: (f: RegisterFilters) => void; onChanged: () => unknown }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const searchRef = useRef<InputRef>(null);
  const [active, setActive] = useState(-1);
  const [selectedKeys, setSelectedKeys] = useState<string[]>([]);
  const [help, setHelp] = useState(false);
  const selected = rows.filter((r) => selectedKeys.includes(r.id));

  const move = useCallback(
    (by: number) => {
      if (!rows.length) return;
      const next = Math.min(rows.length - 1, Math.max(0, active + by));
      setActive(next);
      document.querySelector(`[data-row-key="${rows[next]!.id}"]`)?.scrollIntoView({ block: 'nearest' });
    },
    [rows, active],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      // Enter on a focused button or link is that control's own.
      if (e.key === 'Enter' && (e.target as HTMLElement | null)?.closest?.('button, a')) return;
      const current = rows[active];
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'j') move(1);
      else if (e.key === 'k') move(-1);
      else if (e.key === 'Enter' && current) navigate(`/workorders/${current.id}`);
      else if (e.key === 'x' && current) setSelectedKeys((keys) => (keys.includes(current.id) ? keys.filter((k) => k !== current.id) : [...keys, current.id]));
      else if (e.key === 'n' && canCreate) navigate('/workorders/new');
      else if (e.key === '?') setHelp(true);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows, active, move, navigate, canCreate]);

  const rowSelection: TableRowSelection<WorkOrderListItem> = { selectedRowKeys: selectedKeys, onChange: (keys) => setSelectedKeys(keys.map(String)) };
  const onRow = (_: WorkOrderListItem, index?: number): HTMLAttributes<HTMLElement> & { 'data-active'?: string } =>
    index === active ? { className: ACTIVE_ROW, 'data-active': 'true' } : {};

  const toolbar: ReactNode = (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <SavedViews filters={filters} onApply={onApplyFilters} />
        <Button type="text" icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)} data-testid="shortcuts-help">
          {t('快捷键', 'Shortcuts')} <Typography.Text keyboard>?</Typography.Text>
        </Button>
      </Flex>
      <BulkBar selected={selected} onClear={() => setSelectedKeys([])} onDone={async () => { setSelectedKeys([]); await onChanged(); }} />
    </>
  );
  const modals: ReactNode = (
    <>
      <style>{ACTIVE_ROW_CSS}</style>
      <Modal open={help} title={t('键盘快捷键', 'Keyboard shortcuts')} onCancel={() => setHelp(false)} footer={null} data-testid="shortcuts-modal">
        <Descriptions column={1} size="small" bordered>
          {SHORTCUTS.map((s) => (
            <Descriptions.Item key={s.keys} label={<Typography.Text keyboard>{s.keys}</Typography.Text>}>
              {t(s.zh, s.en)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Modal>
    </>
  );
  return { searchRef, rowSelection, onRow, toolbar, modals };
}
