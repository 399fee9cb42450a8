// Quality accidents proposed at 8D approval (事故扣分标准 cl. 2; docs/quality-loop.md): the list, and one proposal
// with every case that held, the deductions of the gravest, and — for the QA manager — confirm (the chain is booked
// on the ledger for the month of the approval) or dismiss with a reason.
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, List, Modal, Segmented, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { useUnitOptions } from '../workorders/hooks';
import { QA_ROLES, useDecideProposal, useProposal, useProposals, type QualityProposal } from './quality-api';

const STATUS: Record<string, { zh: string; en: string; color: string }> = {
  proposed: { zh: '待认定', en: 'Proposed', color: 'gold' },
  confirmed: { zh: '已认定', en: 'Confirmed', color: 'red' },
  dismissed: { zh: '已驳回', en: 'Dismissed', color: 'default' },
};

export function QualityStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const s = STATUS[status] ?? { zh: status, en: status, color: 'default' };
  return (
    <Tag color={s.color} data-testid="qa-status">
      {t(s.zh, s.en)}
    </Tag>
  );
}

/** Pages under /accountability/quality (registered once in src/web/app/routes.tsx). */
export function QualityAccidentsSection() {
  return (
    <Routes>
      <Route index element={<ProposalsListPage />} />
      <Route path=":id" element={<ProposalPage />} />
    </Routes>
  );
}

function ProposalsListPage() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<'proposed' | 'confirmed' | 'dismissed' | 'all'>('proposed');
  const { data, isLoading, error } = useProposals(status === 'all' ? undefined : status);
  return (
    <Card
      title={t('质量事故', 'Quality accidents')}
      extra={
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'proposed', label: t('待认定', 'Proposed') },
            { value: 'confirmed', label: t('已认定', 'Confirmed') },
            { value: 'dismissed', label: t('已驳回', 'Dismissed') },
            { value: 'all', label: t('全部', 'All') },
          ]}
        />
      }
    >
      {error && <Alert type="error" title={errorText(error, lang)} />}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20 }}
        data-testid="qa-list"
        columns={[
          { title: t('认定日期', 'Date'), dataIndex: 'occurredOn' },
          { title: t('工单', 'Work order'), dataIndex: 'workOrderNumber', render: (v: string, r) => <Link to={`/workorders/${r.workOrderId}`}>{v}</Link> },
          { title: t('情形', 'Case'), dataIndex: 'levelLabel', render: (v: string, r) => <Link to={`/accountability/quality/${r.id}`}>{v}</Link> },
          { title: t('单位', 'Unit'), dataIndex: 'unitName' },
          { title: t('责任人', 'Responsible'), dataIndex: 'responsibleName', render: (v: string | null) => v ?? '—' },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <QualityStatusTag status={v} /> },
        ]}
      />
    </Card>
  );
}

function useRoleLabel() {
  const { t } = useI18n();
  return (r: string) =>
    ({ responsible: t('直接责任人', 'Responsible'), departmentHead: t('部门负责人', 'Department head'), directSuperior: t('直接上级', 'Direct superior'), superiorsSuperior: t('上上级', "Superior's superior") })[r] ?? r;
}

function ProposalPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { data: me } = useMe();
  const { data: p, error, isLoading } = useProposal(id);
  const roleLabel = useRoleLabel();
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (isLoading || !p) return <Card loading />;
  const d = p.deductions;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={
          <Space>
            {t('质量事故', 'Quality accident')}
            <Tag color="red" data-testid="qa-level">
              {p.levelLabel}
            </Tag>
            <QualityStatusTag status={p.status} />
          </Space>
        }
        extra={<Link to="/accountability/quality">{t('返回列表', 'Back to the list')}</Link>}
      >
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('工单', 'Work order')}>
            <Link to={`/workorders/${p.workOrderId}`} data-testid="qa-workorder">
              {p.workOrderNumber}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('认定日期（记入当月）', 'Date (booked to its month)')}>{p.occurredOn}</Descriptions.Item>
          <Descriptions.Item label={t('拟记单位', 'Unit')}>{p.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('直接责任人', 'Responsible')}>{p.responsibleName ?? t('（待品保经理指定）', '(to be named by the QA manager)')}</Descriptions.Item>
          <Descriptions.Item label={t('认定部门（原文）', 'Departments (source)')}>{p.departments.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('规则包版本', 'Pack version')}>quality-accidents v{p.packVersion}</Descriptions.Item>
          <Descriptions.Item label={t('提出', 'Proposed')}>
            {p.proposedByName} · {p.proposedAt.slice(0, 10)}
          </Descriptions.Item>
          {p.decidedByName && (
            <Descriptions.Item label={t('处理', 'Decided')}>
              {p.decidedByName} · {p.decidedAt?.slice(0, 10)} {p.reason ? `：${p.reason}` : ''}
            </Descriptions.Item>
          )}
          {p.accidentId && (
            <Descriptions.Item label={t('台账', 'Ledger')}>
              <Link to={`/accountability/${p.accidentId}`}>{t('查看事故与扣分', 'The accident and its deductions')}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('成立的情形（取最重者扣分）', 'Cases that held (the gravest deductions apply)')} data-testid="qa-cases">
        <List
          size="small"
          dataSource={p.cases}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Space>
                  <Typography.Text strong>{c.label}</Typography.Text>
                  {c.level === p.level && <Tag color="red">{t('适用', 'applies')}</Tag>}
                  {c.incomplete && <Tag color="orange">{t('扣分标准待管理员补充', 'deductions to be set by the administrator')}</Tag>}
                </Space>
                {c.reasons.map((r) => (
                  <Typography.Text key={r.path} type="secondary">
                    {lang === 'zh' ? r.zh : r.en}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {d && (
        <Card size="small" title={t('扣分标准', 'Deductions')}>
          <Table
            rowKey="role"
            size="small"
            pagination={false}
            data-testid="qa-deductions"
            dataSource={(['responsible', 'departmentHead', 'directSuperior', 'superiorsSuperior'] as const).map((role) => ({ role, points: d[role] }))}
            columns={[
              { title: t('链条位置', 'Link'), dataIndex: 'role', render: (v: string) => roleLabel(v) },
              { title: t('扣分', 'Points'), dataIndex: 'points' },
            ]}
          />
        </Card>
      )}
      {p.status === 'proposed' && hasAnyRole(me, QA_ROLES) && <DecideCard p={p} />}
    </Space>
  );
}

function DecideCard({ p }: { p: QualityProposal }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ unitId: string; responsibleUserId?: string; note?: string }>();
  const units = useUnitOptions();
  const unitId = Form.useWatch('unitId', form) ?? p.unitId;
  const people = useQuery({
    queryKey: ['quality', 'people', p.id, unitId],
    queryFn: () => unwrap(client.GET('/api/accountability/quality-accidents/{id}/people', { params: { path: { id: p.id }, query: { unitId } } })),
  });
  const { confirm, dismiss } = useDecideProposal(p.id);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const onConfirm = async () => {
    const v = await form.validateFields();
    setProblem(null);
    try {
      await confirm.mutateAsync({ version: p.version, unitId: v.unitId, responsibleUserId: v.responsibleUserId, note: v.note?.trim() || undefined });
      message.success(t('已认定，扣分已记入台账', 'Confirmed: the deductions are on the ledger'));
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((fe) => ({ name: fe.field as 'unitId', errors: [fe.message] })));
      setProblem(errorText(e, lang));
    }
  };
  const onDismiss = async () => {
    try {
      await dismiss.mutateAsync({ version: p.version, reason: reason.trim() });
      setDismissing(false);
      message.success(t('已驳回', 'Dismissed'));
    } catch (e) {
      setProblem(errorText(e, lang));
    }
  };
  return (
    <Card size="small" title={t('品保经理认定', 'QA manager’s decision')} data-testid="qa-decide">
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="qa-problem" />}
      <Form form={form} layout="vertical" initialValues={{ unitId: p.unitId, responsibleUserId: p.responsibleUserId ?? undefined }}>
        <Form.Item name="unitId" label={t('记入单位', 'Unit booked')} rules={[{ required: true }]}>
          <TreeSelect treeData={units.options} treeDefaultExpandAll showSearch treeNodeFilterProp="title" onChange={() => form.setFieldValue('responsibleUserId', undefined)} />
        </Form.Item>
        <Form.Item name="responsibleUserId" label={t('直接责任人', 'Directly responsible')} rules={[{ required: true, message: t('请指定直接责任人', 'Name the responsible person') }]}>
          <Select showSearch optionFilterProp="label" loading={people.isLoading} options={(people.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unitName}）` }))} />
        </Form.Item>
        <Form.Item name="note" label={t('说明（可选）', 'Note (optional)')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space>
          <Button type="primary" danger onClick={onConfirm} loading={confirm.isPending} data-testid="qa-confirm">
            {t('认定质量事故', 'Confirm the quality accident')}
          </Button>
          <Button onClick={() => setDismissing(true)} data-testid="qa-dismiss">
            {t('驳回', 'Dismiss')}
          </Button>
        </Space>
      </Form>
      <Modal open={dismissing} title={t('驳回质量事故', 'Dismiss the quality accident')} onCancel={() => setDismissing(false)} onOk={onDismiss} okButtonProps={{ disabled: !reason.trim() }} confirmLoading={dismiss.isPending}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('驳回理由（必填）', 'Reason (required)')} />
      </Modal>
    </Card>
  );
}
