import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type Key } from 'react';
import { ApiError, client, unwrap, type ApiBody } from '../app/api';
import { useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { applyFieldErrors, useCatalogue, useLabel, useRefreshAdmin, useUnitTree, useUsers, type UnitView } from './admin-data';
import type { TreeNode } from './admin-utils';
import { PageHeader } from './PageHeader';

const KIND_COLOURS: Record<string, string> = {
  national_authority: 'red',
  provincial_authority: 'volcano',
  local_supervision: 'orange',
  enterprise: 'gold',
  company: 'blue',
  unit: 'cyan',
  mine: 'green',
  department: 'geekblue',
};

type Editing = { mode: 'create'; parent: UnitView | null } | { mode: 'edit'; unit: UnitView };

interface UnitFormValues {
  name: string;
  kind: string;
  code?: string;
  mineType?: string;
}

/** 组织机构: the unit tree (docs/regulations.md#organisation-and-roles) with create, edit and delete. */
export function UnitsPage() {
  const isSysAdmin = !!useMe().data?.roles.some((r) => r.role === 'sysadmin');
  const { t, lang } = useI18n();
  const { modal, message } = AntApp.useApp();
  const { units, tree } = useUnitTree();
  const users = useUsers();
  const catalogue = useCatalogue();
  const label = useLabel();
  const refresh = useRefreshAdmin();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);

  const usersPerUnit = useMemo(() => {
    const m = new Map<string, number>();
    for (const u of users.data ?? []) m.set(u.unitId, (m.get(u.unitId) ?? 0) + 1);
    return m;
  }, [users.data]);
  const allKeys = useMemo(() => (units.data ?? []).map((u) => u.id), [units.data]);

  const remove = async (u: UnitView) => {
    try {
      await unwrap(client.DELETE('/api/units/{id}', { params: { path: { id: u.id } } }));
      message.success(t(`已删除「${u.name}」`, `Deleted “${u.name}”`));
      await refresh();
    } catch (e) {
      // docs/regulations.md#records-and-audit: records are never silently lost — a unit with sub-units, users or role grants stays (409).
      const counts = e instanceof ApiError && e.code === 'unit_not_empty' ? (e.details as { children?: number; users?: number }) : null;
      modal.error({
        title: t('无法删除该单位', 'The unit cannot be deleted'),
        content: (
          <>
            <p>{errorText(e, lang)}</p>
            {counts && (
              <p>
                {t(`下级单位 ${counts.children ?? 0} 个，用户 ${counts.users ?? 0} 名。请先移走或删除它们。`, `${counts.children ?? 0} sub-units and ${counts.users ?? 0} users. Move or remove them first.`)}
              </p>
            )}
          </>
        ),
      });
    }
  };

  const columns: ColumnsType<TreeNode<UnitView>> = [
    {
      title: t('名称', 'Name'),
      dataIndex: 'name',
      render: (name: string) => (
        <Space>
          <ApartmentOutlined style={{ color: '#8c8c8c' }} />
          <Typography.Text strong>{name}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('类型', 'Kind'),
      dataIndex: 'kind',
      width: 200,
      render: (kind: string, u) => (
        <Space size={4}>
          <Tag color={KIND_COLOURS[kind] ?? 'default'}>{label(catalogue.data?.unitKinds, kind)}</Tag>
          {kind === 'mine' && u.attrs.mineType === 'underground' && <Tag>{t('井工', 'Underground')}</Tag>}
          {kind === 'mine' && u.attrs.mineType === 'open_pit' && <Tag>{t('露天', 'Open pit')}</Tag>}
        </Space>
      ),
    },
    { title: t('编码', 'Code'), dataIndex: 'code', width: 120, render: (c: string | null) => c ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('直属用户', 'Users'), key: 'users', width: 100, align: 'right', render: (_, u) => usersPerUnit.get(u.id) ?? 0 },
    {
      title: t('操作', 'Actions'),
      key: 'actions',
      width: 280,
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parent: u })}>
            {t('新增下级', 'Add child')}
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', unit: u })}>
            {t('编辑', 'Edit')}
          </Button>
          <Popconfirm
            title={t(`删除「${u.name}」？`, `Delete “${u.name}”?`)}
            description={t('只能删除没有下级单位和用户的单位。', 'Only a unit without sub-units and users can be deleted.')}
            okText={t('删除', 'Delete')}
            cancelText={t('取消', 'Cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(u)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('删除', 'Delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('组织机构', 'Organisation units')}
        help={t('单位树决定每个角色的管辖范围：在某单位上授予的角色覆盖其全部下级。', 'The unit tree sets every role’s scope: a role granted on a unit covers its whole subtree.')}
        extra={
          <>
            <Button onClick={() => setExpanded(allKeys)}>{t('全部展开', 'Expand all')}</Button>
            <Button onClick={() => setExpanded([])}>{t('全部折叠', 'Collapse all')}</Button>
            {/* Only the installation's administrator adds a top-level unit (docs/admin.md); the server checks it too. */}
            {isSysAdmin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parent: null })}>
                {t('新建顶级单位', 'New top-level unit')}
              </Button>
            )}
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {units.error ? (
          <Alert type="error" showIcon title={errorText(units.error, lang)} style={{ margin: 16 }} />
        ) : (
          <Table<TreeNode<UnitView>>
            rowKey="id"
            size="middle"
            loading={units.isLoading}
            columns={columns}
            dataSource={tree}
            pagination={false}
            expandable={{ expandedRowKeys: expanded ?? allKeys, onExpandedRowsChange: (keys) => setExpanded(keys) }}
            data-testid="unit-table"
          />
        )}
      </Card>
      {editing && (
        <UnitFormModal
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={async (u) => {
            setEditing(null);
            if (editing.mode === 'create' && editing.parent) setExpanded((keys) => (keys ? [...keys, editing.parent!.id] : keys));
            message.success(t(`已保存「${u.name}」`, `Saved “${u.name}”`));
            await refresh();
          }}
        />
      )}
    </>
  );
}

function UnitFormModal({ editing, onClose, onSaved }: { editing: Editing; onClose(): void; onSaved(u: UnitView): void }) {
  const { t, lang } = useI18n();
  const catalogue = useCatalogue();
  const label = useLabel();
  const { units } = useUnitTree();
  const [form] = Form.useForm<UnitFormValues>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<{ type: 'error' | 'warning'; text: string } | null>(null);
  // The version this form edits; a 409 stale_version moves it to the reloaded row's version (see submit).
  const [version, setVersion] = useState(editing.mode === 'edit' ? editing.unit.version : 0);
  const original = editing.mode === 'edit' ? editing.unit : null;

  const initial: UnitFormValues = original
    ? { name: original.name, kind: original.kind, code: original.code ?? undefined, mineType: typeof original.attrs.mineType === 'string' ? original.attrs.mineType : undefined }
    : { name: '', kind: editing.mode === 'create' && editing.parent ? 'department' : 'company' };

  const submit = async (v: UnitFormValues) => {
    setBusy(true);
    setAlert(null);
    // Keep attributes this form does not edit; mineType only means something on a mine (定级办法 Art. 4, 5; docs/grading.md#grades-and-conditions-art-4-5, 井工/露天).
    const attrs: Record<string, unknown> = { ...(original?.attrs ?? {}) };
    if (v.kind === 'mine' && v.mineType) attrs.mineType = v.mineType;
    else delete attrs.mineType;
    const body = { name: v.name, kind: v.kind as ApiBody<'/api/units'>['kind'], code: v.code?.trim() ? v.code.trim() : null, attrs };
    try {
      const saved = original
        ? await unwrap(client.PATCH('/api/units/{id}', { params: { path: { id: original.id } }, body: { ...body, version } }))
        : await unwrap(client.POST('/api/units', { body: { ...body, parentId: editing.mode === 'create' ? (editing.parent?.id ?? null) : null } }));
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version' && original) {
        // Someone else saved first: reload, show what they saved, keep what this user typed. Saving again is a
        // conscious choice made against the newer version (architecture.md: never an overwrite).
        const fresh = (await units.refetch()).data?.find((u) => u.id === original.id);
        if (!fresh) {
          setAlert({ type: 'error', text: t('该单位已被他人删除。', 'Someone else deleted this unit.') });
        } else {
          setVersion(fresh.version);
          setAlert({
            type: 'warning',
            text: t(
              `${errorText(e, 'zh')}。已重新加载：当前名称「${fresh.name}」，类型「${label(catalogue.data?.unitKinds, fresh.kind)}」。您输入的内容仍保留，确认后可再次保存。`,
              `${errorText(e, 'en')}. Reloaded: the name is now “${fresh.name}”, kind “${label(catalogue.data?.unitKinds, fresh.kind)}”. What you typed is kept; save again to apply it.`,
            ),
          });
        }
      } else {
        const unplaced = applyFieldErrors(form, e, ['name', 'kind', 'code'], lang);
        if (unplaced === null || unplaced.length) setAlert({ type: 'error', text: unplaced?.length ? unplaced.join('；') : errorText(e, lang) });
      }
    } finally {
      setBusy(false);
    }
  };

  const title =
    editing.mode === 'edit'
      ? t(`编辑单位「${editing.unit.name}」`, `Edit “${editing.unit.name}”`)
      : editing.parent
        ? t(`在「${editing.parent.name}」下新建单位`, `New unit under “${editing.parent.name}”`)
        : t('新建顶级单位', 'New top-level unit');

  return (
    <Modal open title={title} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {alert && <Alert type={alert.type} showIcon title={alert.text} style={{ marginBottom: 16 }} data-testid="unit-form-alert" />}
      <Form form={form} name="unit" layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
        <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请输入名称', 'Enter a name') }, { max: 100 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true, message: t('请选择类型', 'Choose a kind') }]}>
          <Select options={Object.entries(catalogue.data?.unitKinds ?? {}).map(([value, l]) => ({ value, label: lang === 'zh' ? l.zh : l.en }))} />
        </Form.Item>
        {kind === 'mine' && (
          <Form.Item name="mineType" label={t('煤矿类型', 'Mine type')}>
            <Select
              allowClear
              options={[
                { value: 'underground', label: t('井工煤矿', 'Underground') },
                { value: 'open_pit', label: t('露天煤矿', 'Open pit') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="code" label={t('编码', 'Code')} rules={[{ max: 50 }]}>
          <Input placeholder={t('可选，如统一社会信用代码或内部编号', 'Optional, e.g. registration or internal number')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
