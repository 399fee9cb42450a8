import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, Radio, Row, Select, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, client, unwrap } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { DateField } from '../app/DateField';
import { shanghaiToIso } from './format';
import { newIdempotencyKey, useUnitOptions } from './hooks';
import { CHANNELS, CREATE_ROLES } from './labels';
import { createFieldOf } from './requests';
import type { WorkOrderCreate } from './types';

// 上报抢修 (docs/callcenter.md "Emergency repairs"; 呼叫中心岗位职责 cl. 3.1(2) "各部门发起的抢修"): a department reports a
// repair to the call centre, whose team lead takes it on. The short form of the new-work-order page: what is broken,
// where, whom it affects and how to reach them. A 422 marks every field and keeps what was typed.

interface Values {
  kind: 'emergency_repair' | 'repair';
  channel: string;
  place?: string;
  problem?: string;
  occurredAt?: string;
  customerName?: string;
  contactName?: string;
  contactPhone?: string;
  description?: string;
  departmentId?: string;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export function toRepairBody(v: Values): WorkOrderCreate {
  return {
    kind: v.kind,
    channel: v.channel as WorkOrderCreate['channel'],
    place: blank(v.place),
    problem: blank(v.problem),
    occurredAt: v.occurredAt ? shanghaiToIso(v.occurredAt) : undefined,
    customerName: blank(v.customerName),
    contactName: blank(v.contactName),
    contactPhone: blank(v.contactPhone),
    description: blank(v.description),
    departmentId: v.departmentId || undefined,
  };
}

export function RepairReportPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const units = useUnitOptions();
  // A department head reports for their own department; the call centre's staff name the department that called.
  const registers = hasAnyRole(useMe().data, CREATE_ROLES);
  const kind = Form.useWatch('kind', form) ?? 'emergency_repair';
  // The policy's required fields for this kind (docs/workorders.md#intake): `customer` is the customer's name here.
  const policy = useQuery({ queryKey: ['workorders', 'policy'], queryFn: () => unwrap(client.GET('/api/workorders/policy')), staleTime: 5 * 60_000, retry: false });
  const rules = (policy.data?.document as { required?: { kind: string; category?: string; fields: string[] }[] } | undefined)?.required ?? [];
  const required = new Set(rules.find((r) => r.kind === kind && !r.category)?.fields ?? []);
  const req = (f: string) => required.has(f);

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await unwrap(client.POST('/api/workorders', { body: toRepairBody(values), params: { header: { 'idempotency-key': idempotencyKey } } }));
      await qc.invalidateQueries({ queryKey: ['workorders'] });
      message.success(t(`已上报 ${created.number}，呼叫中心班长将接单处理`, `Reported as ${created.number}; the call centre’s team lead takes it on`));
      navigate(`/workorders/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((fe) => ({ name: createFieldOf(fe.field) as never, errors: [fe.message] })));
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('上报抢修', 'Report a repair')}>
      <Typography.Paragraph type="secondary">
        {t(
          '抢修：影响生产或客户的故障，按自然小时计时，呼叫中心会短信通知相关人员并派出抢修人员；报修：一般维修，按工作时间计时，不发短信。',
          'Emergency repair: a fault that stops production or affects customers, timed in calendar hours; the call centre tells the people concerned by SMS and sends a crew. Repair: ordinary work, timed in working hours, no SMS.',
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: 'emergency_repair', channel: 'phone' }} onValuesChange={() => error && setError(null)}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('类型', 'Kind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'emergency_repair', label: t('抢修', 'Emergency repair') },
                  { value: 'repair', label: t('报修', 'Repair') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('报修方式', 'How it was reported')}>
              <Select options={Object.entries(CHANNELS).map(([value, l]) => ({ value, label: l[lang] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="departmentId" label={t('报修部门', 'Reporting department')} extra={registers ? t('代部门登记时选择', 'Choose it when registering for a department') : t('不填即本人所在部门', 'Your own department when left empty')}>
              <TreeSelect allowClear treeData={units.options} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder={t('选择部门', 'Choose a department')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="place" label={t('故障地点', 'Where')} required={req('place')}>
              <Input placeholder={t('如：二号车间 3 号装配线', 'e.g. workshop 2, line 3')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="occurredAt" label={t('发生时间（北京时间）', 'Happened at (Beijing time)')} required={req('occurredAt')}>
              <DateField showTime />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="problem" label={t('故障情况', 'What is wrong')} required={req('problem')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="customerName" label={t('受影响客户 / 用户', 'Customer or user affected')} required={req('customer')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label={t('现场联系人', 'Contact on site')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label={t('联系电话', 'Phone')} required={req('contactPhone')} extra={kind === 'emergency_repair' ? t('抢修进度将短信告知此号码', 'Progress is sent to this number by SMS') : undefined}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('补充说明', 'More details')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" danger={kind === 'emergency_repair'} htmlType="submit" loading={busy} disabled={busy} size="large">
          {kind === 'emergency_repair' ? t('上报抢修', 'Report the emergency repair') : t('上报报修', 'Report the repair')}
        </Button>
      </Form>
    </Card>
  );
}
