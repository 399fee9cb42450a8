// Accountability pages (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions): record a management accident with a live level preview, the list, one
// accident with the explanation of its level and the deduction chain, and the monthly ledger.
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { evaluateRules, useRulePack, type Evaluation } from '../rules/rules-api';
import { newIdempotencyKey } from '../workorders/hooks';
import { PACK_ID, RECORD_ROLES, useAccident, useAccidents, useLedger, usePeople, useRecordAccident, useUnits, type Accident } from './accountability-api';

const LEVEL_COLOR: Record<string, string> = { 一级: 'red', 二级: 'orange', 三级: 'gold', 无: 'default' };
export const LevelTag = ({ level }: { level: string }) => (
  <Tag color={LEVEL_COLOR[level] ?? 'default'} data-testid="level-tag">
    {level === '无' ? level : `${level}事故`}
  </Tag>
);

function useRoleLabel() {
  const { t } = useI18n();
  return (r: string) =>
    ({ responsible: t('责任人', 'Responsible'), departmentHead: t('部门负责人', 'Department head'), directSuperior: t('直接上级', 'Direct superior'), superiorsSuperior: t('上上级', "Superior's superior") })[r] ?? r;
}

/** Pages under /accountability (registered once in src/web/app/routes.tsx). */
export function AccountabilitySection() {
  return (
    <Routes>
      <Route index element={<AccidentsListPage />} />
      <Route path="new" element={<RecordAccidentPage />} />
      <Route path=":id" element={<AccidentDetailPage />} />
    </Routes>
  );
}

function AccidentsListPage() {
  const { t } = useI18n();
  const { data: me } = useMe();
  const { data, isLoading, error } = useAccidents();
  const { lang } = useI18n();
  return (
    <Card
      title={t('管理事故', 'Management accidents')}
      extra={
        <Space>
          <Link to="/accountability/ledger">{t('扣分台账', 'Ledger')}</Link>
          {hasAnyRole(me, RECORD_ROLES) && (
            <Link to="/accountability/new">
              <Button type="primary" data-testid="new-accident">{t('登记事故', 'Record an accident')}</Button>
            </Link>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" title={errorText(error, lang)} />}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('发生日期', 'Occurred on'), dataIndex: 'occurredOn' },
          { title: t('事故', 'Accident'), dataIndex: 'title', render: (v: string, r) => <Link to={`/accountability/${r.id}`}>{v}</Link> },
          { title: t('部门', 'Department'), dataIndex: 'unitName' },
          { title: t('等级', 'Level'), dataIndex: 'level', render: (v: string, r) => (r.kind === 'quality' ? <Tag color="red">{t('质量事故', 'Quality')}</Tag> : <LevelTag level={v} />) },
          { title: t('责任人', 'Responsible'), dataIndex: 'responsibleName' },
          { title: t('合计扣分', 'Points'), dataIndex: 'totalPoints' },
        ]}
      />
    </Card>
  );
}

interface FormValues {
  unitId: string;
  occurredOn: Dayjs;
  title: string;
  description?: string;
  responsibleUserId: string;
  facts: Record<string, number | boolean | null | undefined>;
}

function RecordAccidentPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const { data: pack } = useRulePack(PACK_ID);
  const { data: units } = useUnits();
  const unitId = Form.useWatch('unitId', form);
  const { data: people } = usePeople(unitId);
  const record = useRecordAccident();
  const key = useRef(newIdempotencyKey());
  const [preview, setPreview] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const facts = Form.useWatch('facts', form);
  const occurredOn = Form.useWatch('occurredOn', form);

  const factValues = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(facts ?? {})) if (v !== null && v !== undefined) out[k] = v;
    return out;
  }, [facts]);

  // Live preview of the level as the facts are typed (POST /api/rules/accident-management/evaluate).
  useEffect(() => {
    const timer = setTimeout(() => {
      evaluateRules(PACK_ID, { facts: factValues, asOf: occurredOn?.format('YYYY-MM-DD') })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 250);
    return () => clearTimeout(timer);
  }, [factValues, occurredOn]);

  const submit = async (v: FormValues) => {
    setError(null);
    try {
      const saved = await record.mutateAsync({
        key: key.current,
        input: { unitId: v.unitId, occurredOn: v.occurredOn.format('YYYY-MM-DD'), title: v.title, description: v.description || undefined, facts: factValues, responsibleUserId: v.responsibleUserId },
      });
      navigate(`/accountability/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        // Map "facts.minorInjuries" onto the form's ['facts','minorInjuries'] so nothing typed is lost.
        form.setFields(e.errors.map((fe) => ({ name: fe.field.split('.') as never, errors: [fe.message] })));
      }
      setError(errorText(e, lang));
    }
  };

  const deductions = (preview?.outputs as { deductions?: Record<string, number> } | undefined)?.deductions;
  const roleLabel = useRoleLabel();
  return (
    <Card title={t('登记管理事故', 'Record a management accident')}>
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ occurredOn: dayjs(), facts: {} }} data-testid="accident-form">
            <Form.Item name="unitId" label={t('发生部门', 'Department')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                // The responsible person must belong to this unit's subtree; a choice from another unit is cleared.
                onChange={() => form.setFieldValue('responsibleUserId', undefined)}
                data-testid="unit-select"
              />
            </Form.Item>
            <Form.Item name="responsibleUserId" label={t('责任人', 'Responsible person')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" disabled={!unitId} options={(people ?? []).map((p) => ({ value: p.id, label: `${p.displayName}（${p.unitName}）` }))} data-testid="person-select" />
            </Form.Item>
            <Form.Item name="occurredOn" label={t('发生日期', 'Occurred on')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="title" label={t('事故名称', 'Title')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="description" label={t('经过', 'Description')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Row gutter={12}>
              {Object.entries(pack?.facts ?? {}).map(([name, def]) => (
                <Col xs={24} md={12} key={name}>
                  {def.type === 'boolean' ? (
                    <Form.Item name={['facts', name]} valuePropName="checked">
                      <Checkbox data-testid={`fact-${name}`}>{lang === 'zh' ? def.label.zh : def.label.en}</Checkbox>
                    </Form.Item>
                  ) : (
                    <Form.Item name={['facts', name]} label={lang === 'zh' ? def.label.zh : def.label.en}>
                      <InputNumber min={def.min} step={def.integer ? 1 : 0.5} placeholder="0" style={{ width: '100%' }} data-testid={`fact-${name}`} />
                    </Form.Item>
                  )}
                </Col>
              ))}
            </Row>
            <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="accident-submit">
              {t('登记', 'Record')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} xl={10}>
          {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
          <Card size="small" title={t('等级预览', 'Level preview')} data-testid="preview">
            {preview ? (
              <>
                <LevelTag level={preview.level} />
                {deductions && (
                  <Typography.Paragraph style={{ marginTop: 8 }}>
                    {Object.entries(deductions).map(([k, v]) => `${roleLabel(k)} ${v}`).join(' / ')}
                  </Typography.Paragraph>
                )}
                <ul>
                  {preview.explain.map((r) => (
                    <li key={r.path}>{lang === 'zh' ? r.zh : r.en}</li>
                  ))}
                </ul>
              </>
            ) : (
              <Typography.Text type="secondary">{t('填写事实后显示', 'Shown once facts are entered')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Card>
  );
}

function ChainTable({ accident }: { accident: Accident }) {
  const { t } = useI18n();
  const roleLabel = useRoleLabel();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={accident.entries}
      data-testid="chain"
      columns={[
        { title: t('链条位置', 'Link'), dataIndex: 'roleInChain', render: (v: string) => roleLabel(v) },
        { title: t('人员', 'Person'), dataIndex: 'userName' },
        { title: t('扣分', 'Points'), dataIndex: 'points' },
        { title: t('月份', 'Month'), dataIndex: 'month' },
      ]}
    />
  );
}

function AccidentDetailPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { data: a, error } = useAccident(id);
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!a) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={a.title} extra={<Link to="/accountability/ledger">{t('扣分台账', 'Ledger')}</Link>}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('等级', 'Level')}>
            {a.kind === 'quality' ? <Tag color="red">{t('质量事故', 'Quality')}</Tag> : <LevelTag level={a.level} />}
          </Descriptions.Item>
          <Descriptions.Item label={t('发生日期', 'Occurred on')}>{a.occurredOn}</Descriptions.Item>
          <Descriptions.Item label={t('部门', 'Department')}>{a.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('责任人', 'Responsible')}>{a.responsibleName}</Descriptions.Item>
          <Descriptions.Item label={t('规则包版本', 'Pack version')}>{`${a.kind === 'quality' ? 'quality-accidents' : PACK_ID} v${a.packVersion}`}</Descriptions.Item>
          {a.workOrderId && (
            <Descriptions.Item label={t('来源工单', 'Work order')}>
              <Link to={`/workorders/${a.workOrderId}`}>{a.workOrderNumber}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('合计扣分', 'Total points')}>{a.totalPoints}</Descriptions.Item>
        </Descriptions>
        {a.description && <Typography.Paragraph>{a.description}</Typography.Paragraph>}
      </Card>
      <Card title={t('定级依据', 'Why this level')} size="small">
        <ul data-testid="explain">
          {a.explain.map((r) => (
            <li key={r.path}>{lang === 'zh' ? r.zh : r.en}</li>
          ))}
        </ul>
        {a.refused.map((r) => (
          <Typography.Paragraph key={r.level} type="secondary">
            {t(`不是${r.level}：`, `Not ${r.level}: `)}
            {r.reasons.map((x) => (lang === 'zh' ? x.zh : x.en)).join('；')}
          </Typography.Paragraph>
        ))}
      </Card>
      <Card title={t('扣分链条', 'Deduction chain')} size="small">
        <ChainTable accident={a} />
      </Card>
    </Space>
  );
}

/** The monthly ledger (/accountability/ledger): totals per person per month and each entry with its accident. */
export function LedgerPage() {
  const { t, lang } = useI18n();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const { data, error, isLoading } = useLedger(month?.format('YYYY-MM'));
  const roleLabel = useRoleLabel();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('月度扣分台账', 'Monthly deduction ledger')} extra={<DatePicker picker="month" value={month} onChange={setMonth} placeholder={t('全部月份', 'All months')} />}>
        {error && <Alert type="error" title={errorText(error, lang)} />}
        <Table
          rowKey={(r) => `${r.userId}-${r.month}`}
          loading={isLoading}
          size="small"
          pagination={false}
          dataSource={data?.totals ?? []}
          data-testid="ledger-totals"
          columns={[
            { title: t('月份', 'Month'), dataIndex: 'month' },
            { title: t('人员', 'Person'), dataIndex: 'userName' },
            { title: t('事故数', 'Accidents'), dataIndex: 'accidents' },
            { title: t('合计扣分', 'Total points'), dataIndex: 'points' },
          ]}
        />
      </Card>
      <Card title={t('扣分明细', 'Entries')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={{ pageSize: 50 }}
          dataSource={data?.entries ?? []}
          data-testid="ledger-entries"
          columns={[
            { title: t('月份', 'Month'), dataIndex: 'month' },
            { title: t('人员', 'Person'), dataIndex: 'userName' },
            { title: t('链条位置', 'Link'), dataIndex: 'roleInChain', render: (v: string) => roleLabel(v) },
            { title: t('扣分', 'Points'), dataIndex: 'points' },
            {
              title: t('事故', 'Accident'),
              dataIndex: 'accidentTitle',
              render: (v: string, r) => (
                <Space size={4} wrap>
                  <Link to={`/accountability/${r.accidentId}`}>{v}</Link>
                  {/* A quality accident links back to its work order (docs/quality-loop.md). */}
                  {r.workOrderId && <Link to={`/workorders/${r.workOrderId}`}>{r.workOrderNumber}</Link>}
                </Space>
              ),
            },
            { title: t('等级', 'Level'), dataIndex: 'accidentLevel', render: (v: string, r) => (r.accidentKind === 'quality' ? <Tag color="red">{t('质量事故', 'Quality')}</Tag> : <LevelTag level={v} />) },
            { title: t('部门', 'Department'), dataIndex: 'unitName' },
          ]}
        />
      </Card>
    </Space>
  );
}
