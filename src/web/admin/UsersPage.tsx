import { EditOutlined, KeyOutlined, MinusCircleOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Flex, Form, Input, Modal, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { ApiError, client, unwrap, type ApiBody } from '../app/api';
import { useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { applyFieldErrors, useCatalogue, useLabel, useRefreshAdmin, useUsers, type UserView } from './admin-data';
import { matchesSearch } from './admin-utils';
import { PageHeader } from './PageHeader';
import { UnitSelect } from './UnitSelect';

interface RoleRow {
  role?: string;
  unitId?: string;
}

interface UserFormValues {
  username: string;
  displayName: string;
  unitId?: string;
  password?: string;
  email?: string;
  phone?: string;
  active?: boolean;
  roles: RoleRow[];
}

const USER_FIELDS = ['username', 'displayName', 'unitId', 'password', 'email', 'phone', 'active', 'roles'] as const;
const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** 用户管理: accounts, their home unit and their role grants (docs/regulations.md#organisation-and-roles: a role is held on a unit and its subtree). */
export function UsersPage() {
  const { t, lang } = useI18n();
  const users = useUsers();
  const catalogue = useCatalogue();
  const label = useLabel();
  const refresh = useRefreshAdmin();
  const { message } = AntApp.useApp();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ user: UserView | null } | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);

  const rows = useMemo(
    () =>
      (users.data ?? []).filter((u) =>
        matchesSearch(search, [u.username, u.displayName, u.unitName, u.email, u.phone, ...u.roles.flatMap((r) => [label(catalogue.data?.roles, r.role), r.unitName])]),
      ),
    [users.data, search, catalogue.data, label],
  );

  const columns: ColumnsType<UserView> = [
    { title: t('用户名', 'Username'), dataIndex: 'username', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('姓名', 'Name'), dataIndex: 'displayName', width: 180 },
    { title: t('所属单位', 'Unit'), dataIndex: 'unitName', width: 200 },
    {
      title: t('角色', 'Roles'),
      key: 'roles',
      render: (_, u) =>
        u.roles.length ? (
          <Flex gap={4} wrap>
            {u.roles.map((r) => (
              <Tag key={`${r.role}-${r.unitId}`} color={r.role === 'admin' ? 'red' : 'blue'}>
                {label(catalogue.data?.roles, r.role)} · {r.unitName}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('无角色', 'No roles')}</Typography.Text>
        ),
    },
    {
      title: t('状态', 'Status'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (active ? <Tag color="success">{t('启用', 'Active')}</Tag> : <Tag>{t('停用', 'Inactive')}</Tag>),
    },
    {
      title: t('操作', 'Actions'),
      key: 'actions',
      width: 190,
      render: (_, u) => (
        <>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ user: u })}>
            {t('编辑', 'Edit')}
          </Button>
          <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
            {t('重置密码', 'Reset password')}
          </Button>
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('用户管理', 'Users')}
        help={t('每个用户属于一个单位，并可在不同单位上持有多个角色；角色覆盖该单位及其全部下级。', 'Each user belongs to one unit and may hold several roles on different units; a role covers that unit and everything below it.')}
        extra={
          <>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('搜索用户名、姓名、单位、角色', 'Search username, name, unit, role')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ width: 280 }}
              aria-label={t('搜索用户', 'Search users')}
            />
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEditing({ user: null })}>
              {t('新建用户', 'New user')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {users.error ? (
          <Alert type="error" showIcon title={errorText(users.error, lang)} style={{ margin: 16 }} />
        ) : (
          <Table<UserView>
            rowKey="id"
            size="middle"
            loading={users.isLoading}
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t(`共 ${n} 名用户`, `${n} users`) }}
          />
        )}
      </Card>
      {editing && (
        <UserFormModal
          user={editing.user}
          onClose={() => setEditing(null)}
          onSaved={async (u) => {
            setEditing(null);
            message.success(t(`已保存用户「${u.displayName}」`, `Saved “${u.displayName}”`));
            await refresh();
          }}
        />
      )}
      {resetting && (
        <PasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={async () => {
            setResetting(null);
            message.success(t('密码已重置，该用户的登录会话已全部失效', 'Password reset; the user’s sessions were ended'));
            await refresh();
          }}
        />
      )}
    </>
  );
}

function UserFormModal({ user, onClose, onSaved }: { user: UserView | null; onClose(): void; onSaved(u: UserView): void }) {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const catalogue = useCatalogue();
  const users = useUsers();
  const [form] = Form.useForm<UserFormValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<{ type: 'error' | 'warning'; text: string } | null>(null);
  const [version, setVersion] = useState(user?.version ?? 0);

  const roleOptions = Object.entries(catalogue.data?.roles ?? {}).map(([value, l]) => ({ value, label: lang === 'zh' ? l.zh : `${l.en}` }));
  const initial: UserFormValues = user
    ? {
        username: user.username,
        displayName: user.displayName,
        unitId: user.unitId,
        email: user.email ?? undefined,
        phone: user.phone ?? undefined,
        active: user.active,
        roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId })),
      }
    : { username: '', displayName: '', roles: [{}] };

  const submit = async (v: UserFormValues) => {
    setBusy(true);
    setAlert(null);
    // An unchosen role is sent as '' on purpose: the server's 422 names that row's field, which the form marks.
    const roles = v.roles.filter((r) => r.role || r.unitId).map((r) => ({ role: (r.role ?? '') as NonNullable<ApiBody<'/api/users'>['roles']>[number]['role'], unitId: r.unitId ?? '' }));
    try {
      const saved = user
        ? await unwrap(
            client.PATCH('/api/users/{id}', {
              params: { path: { id: user.id } },
              body: {
            version,
            displayName: v.displayName,
            unitId: v.unitId,
            email: blankToNull(v.email),
            phone: blankToNull(v.phone),
            active: v.active,
            roles,
              },
            }),
          )
        : await unwrap(
            client.POST('/api/users', {
              body: {
            username: v.username,
            displayName: v.displayName,
            unitId: v.unitId ?? '',
            password: v.password ?? '',
            email: blankToNull(v.email),
            phone: blankToNull(v.phone),
            roles,
              },
            }),
          );
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version' && user) {
        const fresh = (await users.refetch()).data?.find((u) => u.id === user.id);
        if (fresh) setVersion(fresh.version);
        setAlert({
          type: 'warning',
          text: t(
            `${errorText(e, 'zh')}。已重新加载最新记录（姓名「${fresh?.displayName ?? ''}」）；您输入的内容仍保留，确认后可再次保存。`,
            `${errorText(e, 'en')}. The latest record was reloaded (name “${fresh?.displayName ?? ''}”); what you typed is kept — save again to apply it.`,
          ),
        });
      } else {
        // A 422 marks each named field (e.g. 'username', 'roles.0.unitId'); the modal stays open with every value.
        const unplaced = applyFieldErrors(form, e, USER_FIELDS, lang);
        const text = unplaced === null ? errorText(e, lang) : [errorText(e, lang), ...unplaced].join('：');
        setAlert({ type: 'error', text });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={user ? t(`编辑用户「${user.displayName}」`, `Edit “${user.displayName}”`) : t('新建用户', 'New user')}
      okText={t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      {alert && <Alert type={alert.type} showIcon title={alert.text} style={{ marginBottom: 16 }} data-testid="user-form-alert" />}
      <Form form={form} name="user" layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="username" label={t('用户名', 'Username')} rules={[{ required: true, message: t('请输入用户名', 'Enter a username') }]} extra={user ? t('用户名创建后不能修改', 'A username cannot be changed') : undefined}>
              <Input disabled={!!user} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('姓名', 'Display name')} rules={[{ required: true, whitespace: true, message: t('请输入姓名', 'Enter a name') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unitId" label={t('所属单位', 'Unit')} rules={[{ required: true, message: t('请选择所属单位', 'Choose the unit') }]}>
              <UnitSelect />
            </Form.Item>
          </Col>
          <Col span={12}>
            {user ? (
              <Form.Item name="active" label={t('账号状态', 'Account')} valuePropName="checked" extra={t('停用后该用户立即退出登录', 'Deactivating signs the user out at once')}>
                <Switch checkedChildren={t('启用', 'Active')} unCheckedChildren={t('停用', 'Inactive')} disabled={user.id === me?.id} />
              </Form.Item>
            ) : (
              <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={[{ required: true, message: t('请输入初始密码', 'Enter a password') }, { min: 10, message: t('密码至少 10 位', 'At least 10 characters') }]} extra={t('至少 10 位，不能是常用或易猜的密码；请通知用户登录后修改', 'At least 10 characters, not a common or guessable one; ask the user to change it')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('电子邮箱', 'E-mail')} rules={[{ type: 'email', message: t('邮箱格式不正确', 'Not an e-mail address') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('电话', 'Phone')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('角色授权', 'Role grants')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('角色在所选单位及其全部下级单位内生效。', 'A role applies to the chosen unit and all units below it.')}
        </Typography.Paragraph>
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start">
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('请选择角色', 'Choose a role') }]} style={{ width: 240 }}>
                    <Select placeholder={t('角色', 'Role')} options={roleOptions} showSearch={{ optionFilterProp: 'label' }} aria-label={t('角色', 'Role')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unitId']} rules={[{ required: true, message: t('请选择单位', 'Choose a unit') }]} style={{ flex: 1 }}>
                    <UnitSelect placeholder={t('在哪个单位上', 'On which unit')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('移除此角色', 'Remove this role')} />
                </Flex>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                {t('添加角色', 'Add a role')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function PasswordModal({ user, onClose, onDone }: { user: UserView; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/users/{id}/password', { params: { path: { id: user.id } }, body: { password: v.password } }));
      onDone();
    } catch (e) {
      const unplaced = applyFieldErrors(form, e, ['password'], lang);
      if (unplaced === null || unplaced.length) setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t(`重置「${user.displayName}」的密码`, `Reset the password of “${user.displayName}”`)} okText={t('重置', 'Reset')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('重置后该用户的所有登录会话立即失效。', 'All of the user’s sessions end at once.')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} name="password" layout="vertical" onFinish={submit}>
        <Form.Item name="password" label={t('新密码', 'New password')} rules={[{ required: true, message: t('请输入新密码', 'Enter a password') }, { min: 10, message: t('密码至少 10 位', 'At least 10 characters') }]} extra={t('至少 10 位，不能是常用或易猜的密码', 'At least 10 characters, not a common or guessable one')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('再次输入', 'Repeat it')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('请再次输入新密码', 'Repeat the password') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('两次输入不一致', 'The two entries differ')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
