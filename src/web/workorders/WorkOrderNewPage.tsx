import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, AutoComplete, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, client, unwrap, uploadFile } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from './format';
import { newIdempotencyKey, useServerClock } from './hooks';
import { CATEGORIES, CHANNELS, KINDS } from './labels';
import { DateField } from '../app/DateField';
import { createFieldOf, toCreateBody, type CreateFormValues as FormValues } from './requests';
import { PendingFiles, uploadPending } from './desk/attachments';
import { SimilarComplaints } from '../quality/SimilarComplaints';
import { IntakeKnowledge } from '../knowledge/IntakeKnowledge';

/** Facts the desk derives itself (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity): never asked on the form. */
const DERIVED_FACTS = new Set(['defectRate', 'sameProblemCountThisMonth', 'repeated']);
const PROBLEM_CATEGORY_SUGGESTIONS = ['牙纹不良', '短装', '标签错误', '外观不良', '尺寸超差', '包装破损', '混料', '功能失效'];

interface RequiredRule {
  kind: string;
  category?: string;
  fields: string[];
}

/** 新建工单 (docs/workorders.md#intake): required fields follow the policy; a 422 marks every field and keeps the input. */
export function WorkOrderNewPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  // One key per opened form: a double click or a retry after a network error never creates two (idempotent creation, docs/architecture.md#conventions-every-module-follows).
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const clock = useServerClock();
  // "Now" by the server's clock fills the receipt time once known; left unchanged it is not sent, so the server
  // stamps its own now (no "in the future" by a few seconds). Editing it back-dates a letter (docs/workorders.md#intake).
  const prefilled = useRef<string | null>(null);
  useEffect(() => {
    if (!clock.ready || prefilled.current !== null || form.isFieldTouched('receivedAt')) return;
    prefilled.current = formatShanghai(new Date(clock.now).toISOString()).replace(' ', 'T');
    form.setFieldValue('receivedAt', prefilled.current);
  }, [clock.ready, clock.now, form]);

  const kind = Form.useWatch('kind', form) ?? 'complaint';
  const category = Form.useWatch('category', form);
  const defectMode = Form.useWatch('defectMode', form) ?? 'rate';
  const answeredOnSpot = Form.useWatch('answeredOnSpot', form);
  // The similar-complaint warning reads what is typed (docs/quality-loop.md#similar-complaints).
  const similarValues = Form.useWatch((v: FormValues) => ({ customerName: v.customerName, contactName: v.contactName, contactPhone: v.contactPhone, productCode: v.productCode, batchNumber: v.batchNumber, problem: v.problem }), form);

  const policy = useQuery({ queryKey: ['workorders', 'policy'], queryFn: () => unwrap(client.GET('/api/workorders/policy')), staleTime: 5 * 60_000, retry: false });
  const doc = policy.data?.document as { severity?: { pack?: string; kinds?: string[] }; required?: RequiredRule[] } | undefined;
  const packId = doc?.severity?.pack ?? 'complaint-severity-pedal';
  const pack = useQuery({ queryKey: ['rules', packId], queryFn: () => unwrap(client.GET('/api/rules/{id}', { params: { path: { id: packId } } })), staleTime: 5 * 60_000 });
  const severityKinds = doc?.severity?.kinds ?? ['complaint'];

  // The policy's first matching rule for this kind (a rule naming the category wins), docs/workorders.md#intake.
  const required = useMemo(() => {
    const rules = doc?.required ?? [];
    const rule = rules.find((r) => r.kind === kind && r.category && r.category === category) ?? rules.find((r) => r.kind === kind && !r.category);
    return new Set(rule?.fields ?? []);
  }, [doc, kind, category]);
  const req = (f: string) => required.has(f);

  const facts = Object.entries(pack.data?.facts ?? {}).filter(([k, f]) => !DERIVED_FACTS.has(k) && (f.type === 'boolean' || f.type === 'enum'));

  const onFinish = async (values: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const body = toCreateBody({ ...values, receivedAt: values.receivedAt === prefilled.current ? '' : values.receivedAt });
      const created = await unwrap(client.POST('/api/workorders', { body, params: { header: { 'idempotency-key': idempotencyKey } } }));
      // Files chosen at intake go up once the work order has its id (docs/workorders.md "Attachments").
      const refused = await uploadPending(files, (f) => uploadFile('/api/workorders/{id}/attachments', { id: created.id }, f), lang);
      for (const r of refused) message.warning(r);
      await qc.invalidateQueries({ queryKey: ['workorders'] });
      message.success(t(`已创建工单 ${created.number}`, `Work order ${created.number} created`));
      navigate(`/workorders/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        form.setFields(e.errors.map((fe) => ({ name: createFieldOf(fe.field) as never, errors: [fe.message] })));
      }
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const opt = (map: Record<string, { zh: string; en: string }>) => Object.entries(map).map(([value, l]) => ({ value, label: l[lang] }));

  return (
    <Card title={t('新建工单', 'New work order')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ kind: 'complaint', channel: 'phone', category: 'quality', defectMode: 'rate', facts: {} }}
        onValuesChange={() => error && setError(null)}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="kind" label={t('工单类型', 'Kind')}>
              <Select options={opt(KINDS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="channel" label={t('来源渠道', 'Channel')}>
              <Select options={opt(CHANNELS)} />
            </Form.Item>
          </Col>
          {kind === 'complaint' && (
            <Col xs={24} md={6}>
              <Form.Item name="category" label={t('投诉类别', 'Category')}>
                <Select options={opt(CATEGORIES)} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={6}>
            <Form.Item name="receivedAt" label={t('收到时间（北京时间）', 'Received at (Beijing time)')} extra={t('信函、意见箱可填实际收到时间，期限从此起算', 'Letters and suggestion-box items may be back-dated; deadlines run from it')}>
              <DateField showTime />
            </Form.Item>
          </Col>
        </Row>
        <IntakeKnowledge kind={kind} category={category} />
        <Divider titlePlacement="start">{t('客户', 'Customer')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="customerName" label={t('客户名称', 'Customer name')} required={req('customer')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="customerCode" label={t('客户代码', 'Customer code')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="contactName" label={t('联系人', 'Contact')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="contactPhone" label={t('联系电话', 'Phone')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="contactEmail" label={t('电子邮箱', 'E-mail')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={2}>
            <Form.Item name="keyCustomer" label={t('重点关注', 'Watch list')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('问题', 'Problem')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={4}>
            <Form.Item name="serial" label={t('表单编号', 'Form serial')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="productCode" label={t('产品编码', 'Product code')} required={req('productCode')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="productName" label={t('产品名称', 'Product name')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="batchNumber" label={t('批号', 'Batch number')}>
              <Input data-testid="batch-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="problemCategory" label={t('问题类别', 'Problem category')} extra={t('如 牙纹不良、短装；与产品编码一起判定“同一问题”', 'e.g. thread defect, short shipment; with the product code decides “same problem”')}>
              <AutoComplete options={PROBLEM_CATEGORY_SUGGESTIONS.map((v) => ({ value: v }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="place" label={t('地点', 'Place')} required={req('place')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="problem" label={t('问题描述（不良现象）', 'Problem (the defect)')} required={req('problem')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="description" label={t('事情经过', 'Course of events')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          {(kind === 'praise' || kind === 'complaint') && (
            <Col xs={24} md={6}>
              <Form.Item
                name="staffName"
                label={kind === 'praise' ? t('表扬对象（员工）', 'Staff member praised') : t('涉及员工（如有）', 'Staff member named (if any)')}
              >
                <Input />
              </Form.Item>
            </Col>
          )}
        </Row>
        <SimilarComplaints values={similarValues ?? {}} />
        {kind === 'complaint' && (
          <>
            <Divider titlePlacement="start">{t('出货与不良', 'Shipment and defects')}</Divider>
            <Row gutter={16}>
              <Col xs={24} md={4}>
                <Form.Item name="shipDate" label={t('出货日期', 'Ship date')} required={req('shipDate')}>
                  <DateField />
                </Form.Item>
              </Col>
              <Col xs={24} md={4}>
                <Form.Item name="shipQuantity" label={t('出货数量', 'Ship quantity')} required={req('shipQuantity')}>
                  <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="defectMode" label={t('不良数据', 'Defect data')} required={req('defect')}>
                  <Radio.Group
                    options={[
                      { value: 'rate', label: t('不良率', 'Defect rate') },
                      { value: 'lot', label: t('批量与不良数', 'Lot and defects') },
                    ]}
                  />
                </Form.Item>
              </Col>
              {defectMode === 'rate' ? (
                <Col xs={24} md={4}>
                  <Form.Item name="defectPercent" label={t('不良率 (%)', 'Defect rate (%)')}>
                    <InputNumber min={0} max={100} style={{ width: '100%' }} suffix="%" />
                  </Form.Item>
                </Col>
              ) : (
                <>
                  <Col xs={12} md={3}>
                    <Form.Item name="lotSize" label={t('批量', 'Lot size')}>
                      <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name="defectCount" label={t('不良数', 'Defects')}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </>
              )}
              <Col xs={24} md={4}>
                <Form.Item name="foundAt" label={t('发现地点', 'Where found')} required={req('foundAt')}>
                  <AutoComplete options={['进料检验', '装配线', '终端用户', '仓库'].map((v) => ({ value: v }))} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        {severityKinds.includes(kind) && facts.length > 0 && (
          <>
            <Divider titlePlacement="start">
              {t('程度判定事实', 'Severity facts')} <Typography.Text type="secondary">({pack.data?.title[lang]})</Typography.Text>
            </Divider>
            <Row gutter={16} data-testid="severity-facts">
              {facts.map(([key, f]) =>
                f.type === 'boolean' ? (
                  <Col xs={24} md={8} key={key}>
                    <Form.Item name={['facts', key]} valuePropName="checked" style={{ marginBottom: 8 }}>
                      <Checkbox>{f.label[lang]}</Checkbox>
                    </Form.Item>
                  </Col>
                ) : (
                  <Col xs={24} md={8} key={key}>
                    <Form.Item name={['facts', key]} label={f.label[lang]}>
                      <Select allowClear options={(f.values ?? []).map((v) => ({ value: v, label: f.valueLabels?.[v]?.[lang] ?? v }))} />
                    </Form.Item>
                  </Col>
                ),
              )}
            </Row>
          </>
        )}
        {kind === 'inquiry' && (
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="answeredOnSpot" label={t('当场已答复', 'Answered on the spot')} valuePropName="checked" extra={t('当场答复即结案，否则 24 小时内答复', 'Closes at once; otherwise a 24-hour reply deadline')}>
                <Switch />
              </Form.Item>
            </Col>
            {answeredOnSpot && (
              <Col xs={24} md={18}>
                <Form.Item name="answer" label={t('答复内容', 'Answer given')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
            )}
          </Row>
        )}
        {kind === 'suggestion' && (
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="promisedReplyDate" label={t('承诺答复日期', 'Promised reply date')} extra={t('不填则按策略（3 个工作日）', 'Defaults to the policy (3 working days)')}>
                <DateField />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item label={t('附件（现场照片、检验报告等）', 'Attachments (photos, inspection reports …)')}>
          <PendingFiles files={files} onChange={setFiles} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={busy} size="large">
          {t('提交登记', 'Register')}
        </Button>
      </Form>
    </Card>
  );
}
