import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client, unwrap, type ApiBody, type ApiOk } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { applyFieldErrors } from '../admin/admin-data';
import { formatShanghai } from '../admin/admin-utils';
import { PageHeader } from '../admin/PageHeader';
import { UnitSelect } from '../admin/UnitSelect';

// 集成 (Integrations): webhooks and group robots of the units the administrator manages, their delivery log, and
// the SMS account's state and log (docs/integrations.md).

type Webhook = ApiOk<'/api/integrations/webhooks'>[number];
type Delivery = ApiOk<'/api/integrations/deliveries'>[number];
type SmsOverview = ApiOk<'/api/integrations/sms'>;
type WebhookBody = ApiBody<'/api/integrations/webhooks'>;

const keys = {
  webhooks: ['integrations', 'webhooks'] as const,
  deliveries: ['integrations', 'deliveries'] as const,
  sms: ['integrations', 'sms'] as const,
};

export const EVENT_LABELS: Record<Webhook['events'][number], { zh: string; en: string }> = {
  'workorder.created': { zh: '新工单', en: 'Work order created' },
  'workorder.severity_serious': { zh: '升为严重客诉', en: 'Became serious' },
  'deadline.missed': { zh: '期限超期', en: 'Deadline missed' },
  'workorder.closed': { zh: '工单结案', en: 'Work order closed' },
  'grading.announced': { zh: '定级公告', en: 'Grading announced' },
};

const FORMAT_LABELS: Record<Webhook['format'], { zh: string; en: string; colour: string }> = {
  generic: { zh: '通用 JSON（签名）', en: 'Generic JSON (signed)', colour: 'blue' },
  wecom: { zh: '企业微信群机器人', en: 'WeCom group robot', colour: 'green' },
  dingtalk: { zh: '钉钉群机器人', en: 'DingTalk group robot', colour: 'geekblue' },
};

const STATUS_LABELS: Record<string, { zh: string; en: string; colour: string }> = {
  pending: { zh: '待重试', en: 'Retrying', colour: 'gold' },
  delivered: { zh: '已送达', en: 'Delivered', colour: 'green' },
  sent: { zh: '已发送', en: 'Sent', colour: 'green' },
  failed: { zh: '失败', en: 'Failed', colour: 'red' },
  cancelled: { zh: '已取消', en: 'Cancelled', colour: 'default' },
};

export function IntegrationsPage() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState<string | undefined>();
  const webhooks = useQuery({ queryKey: keys.webhooks, queryFn: () => unwrap(client.GET('/api/integrations/webhooks')) });
  const deliveries = useQuery({
    queryKey: [...keys.deliveries, filter ?? ''],
    queryFn: () => unwrap(client.GET('/api/integrations/deliveries', { params: { query: { webhookId: filter } } })),
    refetchInterval: 10_000,
  });
  const sms = useQuery({ queryKey: keys.sms, queryFn: () => unwrap(client.GET('/api/integrations/sms')), refetchInterval: 30_000 });
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);
  const hookUrl = new Map((webhooks.data ?? []).map((h) => [h.id, h.url]));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: keys.webhooks }), qc.invalidateQueries({ queryKey: keys.deliveries })]);

  const remove = async (h: Webhook) => {
    try {
      await unwrap(client.DELETE('/api/integrations/webhooks/{id}', { params: { path: { id: h.id } } }));
      message.success(t('已删除 Webhook，投递记录保留', 'Webhook deleted; its log is kept'));
      if (filter === h.id) setFilter(undefined);
      await refresh();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const hookColumns: ColumnsType<Webhook> = [
    { title: t('单位', 'Unit'), dataIndex: 'unitName', width: 160 },
    { title: t('格式', 'Format'), dataIndex: 'format', width: 170, render: (f: Webhook['format']) => <Tag color={FORMAT_LABELS[f].colour}>{label(FORMAT_LABELS[f])}</Tag> },
    { title: t('地址', 'URL'), dataIndex: 'url', render: (u: string) => <Typography.Text style={{ wordBreak: 'break-all', fontFamily: 'monospace', fontSize: 12 }}>{u}</Typography.Text> },
    { title: t('事件', 'Events'), dataIndex: 'events', render: (ev: Webhook['events']) => ev.map((e) => <Tag key={e}>{label(EVENT_LABELS[e])}</Tag>) },
    { title: t('签名密钥', 'Secret'), dataIndex: 'hasSecret', width: 100, render: (s: boolean) => (s ? t('已设置', 'Set') : t('无', 'None')) },
    { title: t('创建', 'Created'), key: 'created', width: 170, render: (_, h) => <span>{formatShanghai(h.createdAt).slice(0, 16)}<br /><Typography.Text type="secondary">{h.createdBy}</Typography.Text></span> },
    {
      title: t('操作', 'Actions'),
      key: 'actions',
      width: 150,
      render: (_, h) => (
        <Space>
          <Button size="small" type="link" onClick={() => setFilter(h.id)}>
            {t('投递记录', 'Log')}
          </Button>
          <Popconfirm title={t('删除该 Webhook？', 'Delete this webhook?')} description={t('不再推送；已有投递记录保留。', 'It stops firing; its delivery log is kept.')} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(h)}>
            <Button size="small" type="link" danger>
              {t('删除', 'Delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const deliveryColumns: ColumnsType<Delivery> = [
    { title: t('时间', 'Time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatShanghai(v).slice(5, 19) },
    { title: t('事件', 'Event'), dataIndex: 'event', width: 130, render: (e: Delivery['event']) => label(EVENT_LABELS[e]) },
    { title: t('地址', 'URL'), dataIndex: 'webhookId', render: (id: string) => <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{hookUrl.get(id) ?? t('（已删除）', '(deleted)')}</Typography.Text> },
    { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_LABELS[s]?.colour}>{STATUS_LABELS[s] ? label(STATUS_LABELS[s]) : s}</Tag> },
    { title: t('尝试', 'Attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    { title: t('响应码', 'Response'), dataIndex: 'responseCode', width: 80, align: 'right', render: (c: number | null) => c ?? '—' },
    {
      title: t('最近错误 / 下次重试', 'Last error / next attempt'),
      key: 'error',
      render: (_, d) => (
        <span>
          {d.lastError && <Typography.Text type="danger">{d.lastError}</Typography.Text>}
          {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && <Typography.Text type="secondary"> · {t('下次', 'next')} {formatShanghai(d.nextAttemptAt).slice(11, 19)}</Typography.Text>}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('集成', 'Integrations')}
        help={t('把新工单、严重客诉、超期、结案和定级公告推送到企业微信/钉钉群机器人或自有系统；查看投递和短信记录。', 'Push new work orders, serious complaints, missed deadlines, closings and grading announcements to WeCom/DingTalk group robots or your own systems; see the delivery and SMS logs.')}
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('新建 Webhook', 'New webhook')}
          </Button>
        }
      />
      <Card title={t('Webhook 与群机器人', 'Webhooks and group robots')} size="small" style={{ marginBottom: 16 }}>
        <Table rowKey="id" size="small" columns={hookColumns} dataSource={webhooks.data ?? []} loading={webhooks.isLoading} pagination={false} locale={{ emptyText: t('尚未登记 Webhook', 'No webhooks yet') }} />
      </Card>
      <Card
        title={t('投递记录', 'Delivery log')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Select
              allowClear
              style={{ width: 320 }}
              placeholder={t('全部 Webhook', 'All webhooks')}
              value={filter}
              onChange={setFilter}
              options={(webhooks.data ?? []).map((h) => ({ value: h.id, label: `${label(FORMAT_LABELS[h.format])} · ${h.url}` }))}
            />
            <Button onClick={() => deliveries.refetch()}>{t('刷新', 'Refresh')}</Button>
          </Space>
        }
      >
        <Table rowKey="id" size="small" columns={deliveryColumns} dataSource={deliveries.data ?? []} loading={deliveries.isLoading} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('暂无投递', 'No deliveries yet') }} />
      </Card>
      <SmsCard data={sms.data} loading={sms.isLoading} />
      {creating && <CreateWebhookModal onClose={() => setCreating(false)} onCreated={refresh} />}
    </>
  );
}

function SmsCard({ data, loading }: { data: SmsOverview | undefined; loading: boolean }) {
  const { t, lang } = useI18n();
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);
  const provider = data?.provider === 'aliyun' ? t('阿里云短信', 'Alibaba Cloud SMS') : data?.provider === 'tencent' ? t('腾讯云短信', 'Tencent Cloud SMS') : t('未配置（不发送短信）', 'Not configured (no SMS is sent)');
  return (
    <Card title={t('短信', 'SMS')} size="small" loading={loading}>
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('服务商', 'Provider')}>{data?.enabled ? <Tag color="green">{provider}</Tag> : <Tag>{provider}</Tag>}</Descriptions.Item>
        <Descriptions.Item label={t('模板', 'Templates')}>{data?.templates.length ? data.templates.join('、') : '—'}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.messages ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('暂无短信', 'No messages yet') }}
        columns={[
          { title: t('时间', 'Time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatShanghai(v).slice(5, 19) },
          { title: t('号码', 'Number'), dataIndex: 'phone', width: 140 },
          { title: t('模板', 'Template'), dataIndex: 'template' },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_LABELS[s]?.colour}>{STATUS_LABELS[s] ? label(STATUS_LABELS[s]) : s}</Tag> },
          { title: t('尝试', 'Attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
          { title: t('最近错误', 'Last error'), dataIndex: 'lastError', render: (e: string | null) => e && <Typography.Text type="danger">{e}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

const FIELDS = ['url', 'format', 'secret', 'events', 'unitId'] as const;

function CreateWebhookModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<WebhookBody>();
  const format = Form.useWatch('format', form) ?? 'wecom';
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setAlert(null);
    try {
      await unwrap(client.POST('/api/integrations/webhooks', { body: { ...v, secret: v.secret || undefined } }));
      message.success(t('已登记 Webhook', 'Webhook registered'));
      await onCreated();
      onClose();
    } catch (e) {
      const unplaced = applyFieldErrors(form, e, FIELDS, lang);
      if (unplaced === null || unplaced.length) setAlert(unplaced?.length ? unplaced.join('；') : errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const placeholder = format === 'wecom' ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' : format === 'dingtalk' ? 'https://oapi.dingtalk.com/robot/send?access_token=…' : 'https://example.com/gauge-events';
  return (
    <Modal open title={t('新建 Webhook', 'New webhook')} onCancel={onClose} onOk={submit} okText={t('登记', 'Register')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} width={640} destroyOnHidden>
      {alert && <Alert type="error" showIcon message={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ format: 'wecom', events: ['workorder.created', 'workorder.severity_serious', 'deadline.missed'] }}>
        <Form.Item name="format" label={t('格式', 'Format')}>
          <Radio.Group optionType="button" options={(Object.keys(FORMAT_LABELS) as Webhook['format'][]).map((f) => ({ value: f, label: label(FORMAT_LABELS[f]) }))} />
        </Form.Item>
        <Form.Item name="url" label={t('地址', 'URL')} rules={[{ required: true, message: t('请填写地址', 'Enter the URL') }]} extra={t('群机器人的 Webhook 地址（群设置 → 群机器人 → 添加机器人后复制）。', 'The robot’s webhook address (group settings → robots → add, then copy).')}>
          <Input placeholder={placeholder} autoComplete="off" />
        </Form.Item>
        {format !== 'wecom' && (
          <Form.Item
            name="secret"
            label={format === 'dingtalk' ? t('加签密钥（SEC 开头，可选）', 'Signing secret (starts with SEC, optional)') : t('签名密钥', 'Signing secret')}
            rules={format === 'generic' ? [{ required: true, message: t('通用格式须设置签名密钥', 'The generic format needs a secret') }] : []}
            extra={format === 'generic' ? t('接收方用它校验 X-Gauge-Signature；保存后不再显示。', 'The receiver checks X-Gauge-Signature with it; never shown again.') : t('机器人安全设置选择“加签”时填写。', 'Fill in when the robot’s security setting is “sign”.')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="events" label={t('事件', 'Events')} rules={[{ required: true, message: t('至少选择一个事件', 'Choose at least one event') }]}>
          <Checkbox.Group options={(Object.keys(EVENT_LABELS) as Webhook['events']).map((e) => ({ value: e, label: label(EVENT_LABELS[e]) }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('单位（默认本人所在单位）', 'Unit (default: your own)')} extra={t('只推送该单位及其下级单位的记录。', 'Only records of this unit and the units below it are pushed.')}>
          <UnitSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
