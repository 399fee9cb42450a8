import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { ErrorAlert, GradeTag, LevelTag } from './components';
import {
  useCreateMine,
  useGradingUnits,
  useIdempotencyKey,
  useMines,
  useOverdueSelfInspections,
  usePendingProposals,
  useServerToday,
  type MineCreateInput,
  type MineListItem,
} from './grading-api';
import { BAN_SCOPE_LABELS, label, MINE_TYPE_LABELS, PROPOSAL_ACTION_LABELS } from './grading-labels';
import { validityState } from './grading-utils';
import { isAuthority, MINE_CREATOR_ROLES } from './roles';

/** 煤矿: the mines the user may see, with type, enterprise and the grade held (定级办法 Art. 7; docs/grading.md#the-pipeline-art-7, docs/grading.md#validity-reminder-extension-art-8-9-10 (定级办法 Art. 8–10)). */
export function MinesPage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const mines = useMines();
  const today = useServerToday();
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState('');
  const rows = (mines.data ?? []).filter((m) => !filter || m.name.includes(filter) || (m.enterpriseName ?? '').includes(filter));
  const expiring = today ? rows.filter((m) => m.grade && validityState(m.grade, today) !== 'valid').length : 0;

  return (
    <>
      <Card
        data-testid="mines"
        title={t('煤矿', 'Mines')}
        extra={
          <Space>
            <Input.Search allowClear placeholder={t('按名称或企业筛选', 'Filter by name or enterprise')} onSearch={setFilter} style={{ width: 240 }} />
            {hasAnyRole(me, MINE_CREATOR_ROLES) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('新增煤矿', 'New mine')}
              </Button>
            )}
          </Space>
        }
      >
        {expiring > 0 && (
          <Typography.Paragraph type="warning" data-testid="expiring-count">
            {t(`${expiring} 座煤矿的等级将在 3 个月内到期或已到期，应重新申报。`, `${expiring} mine(s) have a grade expiring within 3 months or expired: they should re-apply.`)}
          </Typography.Paragraph>
        )}
        {mines.error ? <ErrorAlert error={mines.error} /> : null}
        <Table<MineListItem>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          loading={mines.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(m) => (today && m.grade && validityState(m.grade, today) !== 'valid' ? 'grading-expiring' : '')}
          columns={[
            { title: t('煤矿名称', 'Mine'), dataIndex: 'name', render: (v: string, m) => <Link to={`/grading/mines/${m.id}`}>{v}</Link> },
            { title: t('类型', 'Type'), dataIndex: 'mineType', width: 90, render: (v: MineListItem['mineType']) => <Tag>{label(MINE_TYPE_LABELS, v, lang)}</Tag> },
            { title: t('所属企业', 'Enterprise'), dataIndex: 'enterpriseName', render: (v: string | null) => v ?? '—' },
            { title: t('省份', 'Province'), dataIndex: 'provinceName', render: (v: string | null) => v ?? '—' },
            { title: t('当前等级', 'Current grade'), key: 'grade', render: (_, m) => <GradeTag grade={m.grade} today={today} /> },
            {
              // docs/grading.md#date-conventions: bans in force, so a barred mine is seen before it applies.
              title: t('申报限制', 'Application bans'),
              key: 'bans',
              render: (_, m) =>
                m.bans.length === 0 ? (
                  '—'
                ) : (
                  <Space direction="vertical" size={2} data-testid="mine-bans">
                    {m.bans.map((b) => (
                      <Tooltip key={`${b.cause}-${b.since}`} title={lang === 'zh' ? b.reasonZh : b.reason}>
                        <Tag color="red">
                          {label(BAN_SCOPE_LABELS, b.scope, lang)}
                          {t(`，至${b.until}止`, ` until ${b.until}`)}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
        <style>{'.grading-expiring > td { background: #fff7e6 !important; }'}</style>
        {creating && <CreateMineModal onClose={() => setCreating(false)} />}
      </Card>
      {isAuthority(me) && <AuthorityWorklist />}
    </>
  );
}

/** What awaits an authority across its mines: proposals to confirm (Art. 11(3)) and overdue self-inspections (Art. 11(6)). */
function AuthorityWorklist() {
  const { t, lang } = useI18n();
  const proposals = usePendingProposals(true);
  const overdue = useOverdueSelfInspections(true);
  return (
    <>
      <Card title={t('待确认的降级/撤消建议', 'Proposals awaiting confirmation')} style={{ marginTop: 16 }} data-testid="pending-proposals">
        {proposals.error ? <ErrorAlert error={proposals.error} /> : null}
        <Table
          scroll={{ x: 'max-content' }}
          rowKey="id"
          size="small"
          pagination={false}
          loading={proposals.isLoading}
          dataSource={proposals.data ?? []}
          locale={{ emptyText: t('没有待确认的建议', 'Nothing to confirm') }}
          columns={[
            { title: t('煤矿', 'Mine'), dataIndex: 'mineName', render: (v: string, p) => <Link to={`/grading/mines/${p.mineId}`}>{v}</Link> },
            { title: t('建议', 'Proposal'), key: 'a', render: (_, p) => <>{label(PROPOSAL_ACTION_LABELS, p.action, lang)} {p.toLevel && <LevelTag level={p.toLevel} />}</> },
            { title: t('依据', 'Grounds'), key: 'r', render: (_, p) => (lang === 'zh' ? p.reasonZh : p.reason) },
            { title: t('确认机关', 'Decided by'), dataIndex: 'authorityName', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('逾期未自查', 'Overdue self-inspections')} style={{ marginTop: 16 }} data-testid="overdue-inspections">
        {overdue.error ? <ErrorAlert error={overdue.error} /> : null}
        <Table
          scroll={{ x: 'max-content' }}
          rowKey={(s) => `${s.mineId}-${s.scope}-${s.period}`}
          size="small"
          loading={overdue.isLoading}
          dataSource={overdue.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('没有逾期的自查', 'No overdue self-inspections') }}
          columns={[
            { title: t('煤矿', 'Mine'), dataIndex: 'mineName', render: (v: string, s) => <Link to={`/grading/mines/${s.mineId}`}>{v}</Link> },
            { title: t('期间', 'Period'), dataIndex: 'period' },
            { title: t('组织方', 'By'), dataIndex: 'scope', render: (v: string) => (v === 'mine' ? t('煤矿（每季度）', 'Mine (quarterly)') : t('上级企业（每半年）', 'Enterprise (half-yearly)')) },
            { title: t('截止日期', 'Due'), dataIndex: 'dueDate' },
          ]}
        />
      </Card>
    </>
  );
}

function CreateMineModal({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<MineCreateInput>();
  const create = useCreateMine();
  const [idempotencyKey] = useIdempotencyKey();
  const [error, setError] = useState<unknown>(null);
  const units = useGradingUnits();
  const options = (kind: string) => (units.data ?? []).filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: u.name }));

  const submit = async (v: MineCreateInput) => {
    setError(null);
    try {
      await create.mutateAsync({ body: v, key: idempotencyKey });
      message.success(t('煤矿已登记', 'Mine registered'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field as keyof MineCreateInput, errors: [x.message] })));
      else setError(e);
    }
  };

  return (
    <Modal open title={t('新增煤矿', 'New mine')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')}>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ mineType: 'underground' }}>
        <Form.Item name="name" label={t('煤矿名称', 'Mine name')} rules={[{ required: true, message: t('请填写名称', 'Name is required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="mineType" label={t('类型', 'Type')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'underground', label: label(MINE_TYPE_LABELS, 'underground', lang) },
              { value: 'open_pit', label: label(MINE_TYPE_LABELS, 'open_pit', lang) },
            ]}
          />
        </Form.Item>
        <Form.Item name="enterpriseId" label={t('所属煤矿企业', 'Enterprise')} extra={t('煤矿登记在企业之下；无上级企业时留空。', 'The mine is registered under its enterprise; leave empty when it has none.')}>
          <Select allowClear showSearch optionFilterProp="label" options={options('enterprise')} loading={units.isLoading} />
        </Form.Item>
        <Form.Item name="provinceId" label={t('省级主管部门', 'Provincial authority')}>
          <Select allowClear showSearch optionFilterProp="label" options={options('provincial_authority')} loading={units.isLoading} />
        </Form.Item>
      </Form>
      {units.error ? <Typography.Text type="danger">{errorText(units.error, lang)}</Typography.Text> : null}
    </Modal>
  );
}
