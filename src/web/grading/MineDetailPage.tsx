import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { HistoryEntry, MineDetail, ProposalView, SelfInspectionSlot, SupervisionEventCreateInput, SupervisionEventResult } from '../../modules/grading/grading.schemas';
import { ApiError } from '../app/api';
import { useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { ErrorAlert, GradeTag, LevelTag } from './components';
import { ExtensionCard } from './ExtensionCard';
import { useConfirmProposal, useDismissProposal, useIdempotencyKey, useMine, useRecordEvent, useRecordSelfInspection, useSelfInspections, useServerToday } from './grading-api';
import {
  ACCIDENT_CLASS_LABELS,
  BAN_SCOPE_LABELS,
  EVENT_TYPE_LABELS,
  HISTORY_KIND_COLORS,
  HISTORY_KIND_LABELS,
  label,
  LEVEL_LABELS,
  MINE_TYPE_LABELS,
  PROPOSAL_ACTION_LABELS,
  PROPOSAL_STATUS_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
} from './grading-labels';
import { shanghaiDateTime } from './grading-utils';
import { isApplicant, isAuthority } from './roles';

/** 煤矿详情: grade, validity, bans, history, supervision events and their proposals, self-inspections (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10, docs/grading.md#supervision-art-11 (定级办法 Art. 11)). */
export function MineDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const me = useMe().data;
  const navigate = useNavigate();
  const mine = useMine(id);
  const today = useServerToday();
  const [proposal, setProposal] = useState<ProposalView | SupervisionEventResult['proposal'] | null>(null);
  if (mine.error) return <ErrorAlert error={mine.error} />;
  if (!mine.data) return <Card loading />;
  const m = mine.data;
  const authority = isAuthority(me);
  const pending = m.proposals.filter((p) => p.status === 'pending');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/grading/mines">{t('煤矿', 'Mines')}</Link>/<span data-testid="mine-name">{m.name}</span>
          </Space>
        }
        extra={
          isApplicant(me) && (
            <Button type="primary" onClick={() => navigate(`/grading/applications/new?mineId=${m.id}`)}>
              {t('自评申报', 'Apply for a grade')}
            </Button>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('类型', 'Type')}>{label(MINE_TYPE_LABELS, m.mineType, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('所属企业', 'Enterprise')}>{m.enterpriseName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('省份', 'Province')}>{m.provinceName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('当前等级', 'Current grade')}>
            <span data-testid="mine-grade">
              <GradeTag grade={m.grade} today={today} />
            </span>
          </Descriptions.Item>
          {m.grade && (
            <>
              <Descriptions.Item label={t('取得日期', 'Since')}>{m.grade.since}</Descriptions.Item>
              <Descriptions.Item label={t('重新申报截止', 'Re-apply by')}>{m.grade.reapplyBy}</Descriptions.Item>
              <Descriptions.Item label={t('评分标准', 'Standard')}>
                <Typography.Text code translate="no">{m.grade.standard}</Typography.Text>
              </Descriptions.Item>
            </>
          )}
          {m.shutdownSince && (
            <Descriptions.Item label={t('停产', 'Shut down')}>
              <Tag color="orange">{t(`自 ${m.shutdownSince} 起停产`, `since ${m.shutdownSince}`)}</Tag>
            </Descriptions.Item>
          )}
        </Descriptions>
        {m.bans.map((b) => (
          <Alert
            key={`${b.cause}-${b.since}`}
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="ban"
            title={`${label(BAN_SCOPE_LABELS, b.scope, lang)} — ${t('至', 'until')} ${b.until}`}
            description={lang === 'zh' ? b.reasonZh : b.reason}
          />
        ))}
      </Card>

      {pending.length > 0 && (
        <Card title={t('待确认的降级/撤消建议', 'Proposals awaiting confirmation')}>
          {pending.map((p) => (
            <Flex key={p.id} justify="space-between" align="center" style={{ marginBottom: 8 }} data-testid="pending-proposal">
              <span>
                <Tag color={p.action === 'revoke' ? 'red' : 'orange'}>{label(PROPOSAL_ACTION_LABELS, p.action, lang)}</Tag>
                {p.toLevel && <LevelTag level={p.toLevel} />}
                {lang === 'zh' ? p.reasonZh : p.reason}
              </span>
              {authority && (
                <Button type="primary" onClick={() => setProposal(p)}>
                  {t('确认/驳回', 'Confirm / dismiss')}
                </Button>
              )}
            </Flex>
          ))}
        </Card>
      )}

      {authority && <RecordEventCard mine={m} onProposal={setProposal} />}

      <Card title={t('等级历史', 'Grade history')}>
        {m.history.length === 0 ? <Empty description={t('暂无记录', 'No records')} /> : <HistoryTimeline history={m.history} />}
      </Card>

      <Card title={t('申报记录', 'Applications')}>
        <Table
          rowKey="id"
          size="small"
          dataSource={m.applications}
          pagination={false}
          locale={{ emptyText: t('暂无申报', 'No applications') }}
          columns={[
            { title: t('申报等级', 'Level sought'), dataIndex: 'targetLevel', render: (v: string) => <LevelTag level={v} /> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (v: keyof typeof STATUS_LABELS) => <Tag color={STATUS_COLORS[v]}>{label(STATUS_LABELS, v, lang)}</Tag> },
            { title: t('受理时间', 'Received'), dataIndex: 'receivedAt', render: (v: string) => shanghaiDateTime(v) },
            { title: t('办结期限', 'Due'), dataIndex: 'deadline', render: (v: string) => shanghaiDateTime(v) },
            { title: '', key: 'open', render: (_, a) => <Link to={`/grading/applications/${a.id}`}>{t('查看', 'Open')}</Link> },
          ]}
        />
      </Card>

      <ExtensionCard mine={m} />

      <SelfInspectionsCard mine={m} />

      {m.proposals.some((p) => p.status !== 'pending') && (
        <Card title={t('监管处理记录', 'Supervision decisions')}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.proposals.filter((p) => p.status !== 'pending')}
            columns={[
              { title: t('建议', 'Proposal'), key: 'a', render: (_, p) => <>{label(PROPOSAL_ACTION_LABELS, p.action, lang)} {p.toLevel && <LevelTag level={p.toLevel} />}</> },
              { title: t('依据', 'Grounds'), key: 'r', render: (_, p) => (lang === 'zh' ? p.reasonZh : p.reason) },
              { title: t('结果', 'Outcome'), dataIndex: 'status', render: (v: string) => label(PROPOSAL_STATUS_LABELS, v, lang) },
              { title: t('决定理由', 'Decision'), dataIndex: 'decisionReason', render: (v: string | null) => v ?? '—' },
              { title: t('责令停产整改', 'Stop-production order'), dataIndex: 'stopProductionOrder', render: (v: string | null) => v ?? '—' },
              { title: t('时间', 'At'), dataIndex: 'decidedAt', render: (v: string | null) => shanghaiDateTime(v) },
            ]}
          />
        </Card>
      )}

      {proposal && <ProposalModal proposal={proposal} canDecide={authority} onClose={() => setProposal(null)} />}
    </Space>
  );
}

function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const { t, lang } = useI18n();
  const sorted = [...history].sort((a, b) => (a.date === b.date ? b.recordedAt.localeCompare(a.recordedAt) : b.date.localeCompare(a.date)));
  return (
    <Timeline
      data-testid="history"
      items={sorted.map((h) => ({
        color: HISTORY_KIND_COLORS[h.kind] === 'default' ? 'gray' : HISTORY_KIND_COLORS[h.kind],
        content: (
          <div>
            <Space wrap>
              <Typography.Text strong>{h.date}</Typography.Text>
              <Tag color={HISTORY_KIND_COLORS[h.kind]}>{label(HISTORY_KIND_LABELS, h.kind, lang)}</Tag>
              {h.eventType && <span>{label(EVENT_TYPE_LABELS, h.eventType, lang)}</span>}
              {h.eventClass && <span>（{label(ACCIDENT_CLASS_LABELS, h.eventClass, lang)}）</span>}
              {h.fromLevel && h.fromLevel !== h.level && (
                <span>
                  {label(LEVEL_LABELS, h.fromLevel, lang)} →
                </span>
              )}
              {h.level ? <LevelTag level={h.level} /> : h.kind === 'revoked' ? <Tag color="red">{t('无等级', 'No grade')}</Tag> : null}
              {h.authorityName && <Typography.Text type="secondary">{h.authorityName}</Typography.Text>}
              {h.applicationId && <Link to={`/grading/applications/${h.applicationId}`}>{t('申报', 'Application')}</Link>}
            </Space>
            {h.reason && <div>{lang === 'en' && h.reasonEn ? h.reasonEn : h.reason}</div>}
            {h.stopProductionOrder && (
              <div>
                <Typography.Text type="danger">
                  {t('责令停产整改：', 'Stop-production order: ')}
                  {h.stopProductionOrder}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

interface EventForm {
  type: SupervisionEventCreateInput['type'];
  date: dayjs.Dayjs;
  class?: SupervisionEventCreateInput['class'];
  note?: string;
  weightedScore?: number;
}

/** 监管事件 (定级办法 Art. 11; docs/grading.md#supervision-art-11): the authority records what happened; the server proposes a downgrade or revocation. */
function RecordEventCard({ mine, onProposal }: { mine: MineDetail; onProposal: (p: SupervisionEventResult['proposal']) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<EventForm>();
  const record = useRecordEvent(mine.id);
  // The form stays open after a success: each recorded event gets its own key.
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const [error, setError] = useState<unknown>(null);
  const type = Form.useWatch('type', form);
  const submit = async (v: EventForm) => {
    setError(null);
    try {
      const body: SupervisionEventCreateInput = { type: v.type, date: v.date.format('YYYY-MM-DD'), class: v.type === 'fatal_accident' ? v.class : undefined, note: v.note || undefined };
      if (v.weightedScore !== undefined && v.weightedScore !== null) body.weightedScore = v.weightedScore;
      const r = await record.mutateAsync({ body, key: idempotencyKey });
      renewKey();
      form.resetFields();
      onProposal(r.proposal);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field as keyof EventForm, errors: [x.message] })));
      else setError(e);
    }
  };
  return (
    <Card title={t('记录监管事件', 'Record a supervision event')}>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 12 }}>
        <Form.Item name="type" label={t('事件', 'Event')} rules={[{ required: true, message: t('请选择事件', 'Choose the event') }]}>
          <Select
            style={{ width: 240 }}
            data-testid="event-type"
            options={Object.keys(EVENT_TYPE_LABELS).map((k) => ({ value: k, label: label(EVENT_TYPE_LABELS, k, lang) }))}
          />
        </Form.Item>
        {type === 'fatal_accident' && (
          <Form.Item name="class" label={t('事故等级', 'Accident class')} rules={[{ required: true, message: t('请选择事故等级', 'Choose the class') }]}>
            <Select style={{ width: 160 }} data-testid="event-class" options={Object.keys(ACCIDENT_CLASS_LABELS).map((k) => ({ value: k, label: label(ACCIDENT_CLASS_LABELS, k, lang) }))} />
          </Form.Item>
        )}
        <Form.Item name="date" label={t('日期', 'Date')} rules={[{ required: true, message: t('请选择日期', 'Choose the date') }]}>
          <DatePicker data-testid="event-date" />
        </Form.Item>
        {(type === 'failed_inspection' || type === 'spot_check_failed') && (
          <Form.Item name="weightedScore" label={t('检查加权得分', 'Weighted score found')}>
            <InputNumber min={0} max={100} step={0.01} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('说明', 'Note')}>
          <Input style={{ width: 260 }} maxLength={5000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          {t('记录并生成处理建议', 'Record and propose')}
        </Button>
      </Form>
    </Card>
  );
}

/** The proposal the rules produced, confirmed (or dismissed) by the body that granted the grade, with a reason. */
function ProposalModal({ proposal, canDecide, onClose }: { proposal: ProposalView | SupervisionEventResult['proposal']; canDecide: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const confirm = useConfirmProposal();
  const dismiss = useDismissProposal();
  const [form] = Form.useForm<{ reason: string; stopProductionOrder?: string }>();
  const [error, setError] = useState<unknown>(null);
  const version = proposal.version;
  const open = proposal.status === 'pending';
  const decide = async (kind: 'confirm' | 'dismiss') => {
    setError(null);
    try {
      const v = await form.validateFields();
      if (kind === 'confirm') await confirm.mutateAsync({ id: proposal.id, body: { reason: v.reason, version, stopProductionOrder: v.stopProductionOrder || undefined } });
      else await dismiss.mutateAsync({ id: proposal.id, body: { reason: v.reason, version } });
      message.success(kind === 'confirm' ? t('已确认，等级已变更并公告', 'Confirmed: the grade changed and was announced') : t('建议已驳回', 'Proposal dismissed'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field as 'reason', errors: [x.message] })));
      else if (e instanceof Error || e instanceof ApiError) setError(e);
    }
  };
  return (
    <Modal
      open
      title={t('处理建议', 'Proposal')}
      onCancel={onClose}
      footer={
        open && canDecide
          ? [
              <Button key="dismiss" onClick={() => decide('dismiss')} loading={dismiss.isPending}>
                {t('驳回', 'Dismiss')}
              </Button>,
              <Button key="confirm" type="primary" danger={proposal.action === 'revoke'} onClick={() => decide('confirm')} loading={confirm.isPending} data-testid="confirm-proposal">
                {t('确认', 'Confirm')}
              </Button>,
            ]
          : [
              <Button key="close" onClick={onClose}>
                {t('关闭', 'Close')}
              </Button>,
            ]
      }
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Descriptions column={1} size="small" bordered data-testid="proposal">
        <Descriptions.Item label={t('建议', 'Proposal')}>
          <Tag color={proposal.action === 'revoke' ? 'red' : proposal.action === 'downgrade' ? 'orange' : 'default'}>{label(PROPOSAL_ACTION_LABELS, proposal.action, lang)}</Tag>
          {proposal.toLevel && <LevelTag level={proposal.toLevel} />}
        </Descriptions.Item>
        <Descriptions.Item label={t('依据', 'Grounds')}>{lang === 'zh' ? proposal.reasonZh : proposal.reason}</Descriptions.Item>
        <Descriptions.Item label={t('状态', 'Status')}>{label(PROPOSAL_STATUS_LABELS, proposal.status, lang)}</Descriptions.Item>
      </Descriptions>
      {open && canDecide && (
        <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
          <Form.Item name="reason" label={t('决定理由', 'Reason for the decision')} rules={[{ required: true, message: t('请填写理由', 'A reason is required') }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          {proposal.action === 'revoke' && (
            <Form.Item
              name="stopProductionOrder"
              label={t('责令停产整改决定', 'Stop-production order')}
              extra={t('撤消等级时依法责令停产整改（第十一条第四款）。', 'A revocation orders the mine to stop production and rectify (Art. 11(4)).')}
              rules={[{ required: true, message: t('撤消等级须记录停产整改决定', 'A revocation records the stop-production order') }]}
            >
              <Input maxLength={2000} />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}

interface InspectionForm {
  period: string;
  inspectedOn: dayjs.Dayjs;
  summary: string;
  weightedScore?: number;
}

/** 自查 (Art. 11(6)): the mine quarterly, its enterprise half-yearly; open periods past their end are overdue. */
function SelfInspectionsCard({ mine }: { mine: MineDetail }) {
  const { t } = useI18n();
  const me = useMe().data;
  const today = useServerToday();
  const year = today ? Number(today.slice(0, 4)) : undefined;
  const slots = useSelfInspections(mine.id, year);
  const [entering, setEntering] = useState<SelfInspectionSlot | null>(null);
  const canEnter = (s: SelfInspectionSlot) => me?.roles.some((r) => (s.scope === 'mine' ? r.role === 'mine_user' : r.role === 'enterprise_user')) ?? false;
  return (
    <Card title={t(`自查（${year ?? ''} 年）`, `Self-inspections (${year ?? ''})`)}>
      {slots.error ? <ErrorAlert error={slots.error} /> : null}
      <Table<SelfInspectionSlot>
        rowKey={(s) => `${s.scope}-${s.period}`}
        size="small"
        loading={slots.isLoading}
        dataSource={(slots.data ?? []).filter((s) => s.mineId === mine.id)}
        pagination={false}
        locale={{ emptyText: t('无自查安排', 'No self-inspections scheduled') }}
        columns={[
          { title: t('期间', 'Period'), dataIndex: 'period' },
          { title: t('组织方', 'By'), dataIndex: 'scope', render: (v: string) => (v === 'mine' ? t('煤矿（每季度）', 'Mine (quarterly)') : t('上级企业（每半年）', 'Enterprise (half-yearly)')) },
          { title: t('截止日期', 'Due'), dataIndex: 'dueDate' },
          {
            title: t('状态', 'Status'),
            key: 'state',
            render: (_, s) =>
              s.done ? (
                <Tag color="green">
                  {t('已完成', 'Done')} {s.done.inspectedOn}
                </Tag>
              ) : s.overdue ? (
                <Tag color="red">{t('逾期', 'Overdue')}</Tag>
              ) : (
                <Tag>{t('待自查', 'Open')}</Tag>
              ),
          },
          { title: t('结论', 'Summary'), key: 'sum', render: (_, s) => s.done?.summary ?? '' },
          {
            title: '',
            key: 'act',
            render: (_, s) =>
              !s.done && canEnter(s) ? (
                <Button size="small" onClick={() => setEntering(s)}>
                  {t('录入', 'Enter')}
                </Button>
              ) : null,
          },
        ]}
      />
      {entering && <InspectionModal mine={mine} slot={entering} onClose={() => setEntering(null)} />}
    </Card>
  );
}

function InspectionModal({ mine, slot, onClose }: { mine: MineDetail; slot: SelfInspectionSlot; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<InspectionForm>();
  const record = useRecordSelfInspection();
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: InspectionForm) => {
    setError(null);
    try {
      await record.mutateAsync({ mineId: mine.id, scope: slot.scope, period: slot.period, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'), summary: v.summary, weightedScore: v.weightedScore ?? undefined });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field as keyof InspectionForm, errors: [x.message] })));
      else setError(e);
    }
  };
  return (
    <Modal open title={t(`录入自查结果：${slot.period}`, `Self-inspection ${slot.period}`)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={record.isPending} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')}>
      {error ? <ErrorAlert error={error} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="inspectedOn" label={t('自查日期', 'Inspected on')} rules={[{ required: true }]}>
          <DatePicker data-testid="inspection-date" />
        </Form.Item>
        <Form.Item name="weightedScore" label={t('自查加权得分', 'Weighted score')}>
          <InputNumber min={0} max={100} step={0.01} />
        </Form.Item>
        <Form.Item name="summary" label={t('自查结论', 'Summary')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
