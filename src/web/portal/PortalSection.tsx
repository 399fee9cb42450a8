import { CheckCircleFilled, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Layout, Result, Row, Segmented, Select, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, Route, Routes, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from '../workorders/format';
import { newIdempotencyKey } from '../workorders/hooks';
import { KINDS, label } from '../workorders/labels';
import type { PublicComplaintCreate, PublicComplaintCreated, PublicComplaintView } from '../workorders/types';

/**
 * Customer-facing status words. The portal shows where the case is in plain terms, never the internal stage
 * names, staff or notes (issue 4: "shows no internal notes and no staff personal data").
 */
const PUBLIC_STATUS: Record<string, { zh: string; en: string; colour: string }> = {
  received: { zh: '已收到', en: 'Received', colour: 'default' },
  accepted: { zh: '已受理', en: 'Accepted', colour: 'blue' },
  dispatched: { zh: '处理中', en: 'Being handled', colour: 'blue' },
  in_progress: { zh: '处理中', en: 'Being handled', colour: 'blue' },
  review_8d: { zh: '处理中', en: 'Being handled', colour: 'blue' },
  approved: { zh: '处理中', en: 'Being handled', colour: 'blue' },
  replied: { zh: '已答复', en: 'Answered', colour: 'orange' },
  closed: { zh: '已办结', en: 'Completed', colour: 'green' },
  invalid: { zh: '已办结', en: 'Completed', colour: 'default' },
};

function PortalFrame({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#1f5fbf', display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '0 24px' }}>
        <Link to="/portal" style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>
          {t('客户服务中心 · 投诉与建议', 'Customer service · complaints and suggestions')}
        </Link>
        <Flex gap={16} align="center">
          <Link to="/portal" style={{ color: '#fff' }}>
            {t('我要投诉', 'File a complaint')}
          </Link>
          <Link to="/portal/track" style={{ color: '#fff' }}>
            {t('进度查询', 'Track')}
          </Link>
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '32px 16px' }}>
        <div style={{ maxWidth: 760, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}

interface FileValues {
  kind: PublicComplaintCreate['kind'];
  name: string;
  company?: string;
  phone?: string;
  email?: string;
  productCode?: string;
  productName?: string;
  problem: string;
  description?: string;
  shipDate?: string;
}

const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);

function FilePage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FileValues>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ trackingNumber: string; contact: string } | null>(null);

  const onFinish = async (v: FileValues) => {
    setBusy(true);
    setError(null);
    try {
      const body: PublicComplaintCreate = {
        kind: v.kind,
        name: v.name.trim(),
        company: blank(v.company),
        phone: blank(v.phone),
        email: blank(v.email),
        productCode: blank(v.productCode),
        productName: blank(v.productName),
        problem: v.problem.trim(),
        description: blank(v.description),
        shipDate: blank(v.shipDate),
      };
      const res = await api.post<PublicComplaintCreated>('/api/public/complaints', body, { 'Idempotency-Key': key });
      setDone({ trackingNumber: res.trackingNumber, contact: body.phone ?? body.email ?? '' });
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((fe) => ({ name: fe.field as keyof FileValues, errors: [fe.message] })));
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Card>
        <Result
          icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
          title={t('我们已收到您的反馈', 'We have received your message')}
          subTitle={t('请记下查询编号，凭查询编号和您留下的电话或邮箱即可查看处理进度。', 'Keep this tracking number: with it and the phone or e-mail you gave you can follow the progress.')}
          extra={
            <>
              <div style={{ fontSize: 32, fontWeight: 700, letterSpacing: 2, margin: '8px 0 24px' }} data-testid="tracking-number">
                {done.trackingNumber}
              </div>
              <Link to={`/portal/track?n=${encodeURIComponent(done.trackingNumber)}&c=${encodeURIComponent(done.contact)}`}>
                <Button type="primary">{t('查看进度', 'Track it')}</Button>
              </Link>
              <Button
                style={{ marginLeft: 8 }}
                onClick={() => {
                  form.resetFields();
                  setKey(newIdempotencyKey());
                  setDone(null);
                }}
              >
                {t('再提交一条', 'File another')}
              </Button>
            </>
          }
        />
      </Card>
    );
  }

  return (
    <Card title={t('提交投诉或建议', 'File a complaint or suggestion')}>
      <Typography.Paragraph type="secondary">
        {t('无需注册。我们会尽快联系您，并在处理完成后回访。', 'No account needed. We will contact you soon and call back when it is resolved.')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FileValues> form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: 'complaint' }}>
        <Form.Item name="kind" label={t('类型', 'Type')}>
          <Select options={(['complaint', 'suggestion', 'inquiry', 'praise'] as const).map((k) => ({ value: k, label: label(KINDS, k, lang) }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('您的姓名', 'Your name')} rules={[{ required: true, whitespace: true, message: t('请填写姓名', 'Enter your name') }]}>
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="company" label={t('单位（可选）', 'Company (optional)')}>
              <Input autoComplete="organization" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="phone"
              label={t('联系电话', 'Phone')}
              dependencies={['email']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value?: string) =>
                    blank(value) || blank(getFieldValue('email')) ? Promise.resolve() : Promise.reject(new Error(t('电话和邮箱至少填写一项', 'Give a phone number or an e-mail'))),
                }),
              ]}
            >
              <Input autoComplete="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="email" label={t('电子邮箱', 'E-mail')} rules={[{ type: 'email', message: t('邮箱格式不正确', 'Not an e-mail address') }]}>
              <Input autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="productCode" label={t('产品型号/编码', 'Product code')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="productName" label={t('产品名称', 'Product name')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="shipDate" label={t('收货日期（可选）', 'Delivery date (optional)')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="problem" label={t('遇到的问题', 'The problem')} rules={[{ required: true, whitespace: true, message: t('请简要说明问题', 'Describe the problem briefly') }]}>
          <Input placeholder={t('如：螺纹不良，无法装配', 'e.g. thread defect, cannot be assembled')} />
        </Form.Item>
        <Form.Item name="description" label={t('详细描述', 'Details')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={busy} size="large">
          {t('提交', 'Submit')}
        </Button>
      </Form>
    </Card>
  );
}

function TrackPage() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const [result, setResult] = useState<PublicComplaintView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { number: string; contact: string }) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.get<PublicComplaintView>(`/api/public/complaints/${encodeURIComponent(v.number.trim())}?contact=${encodeURIComponent(v.contact.trim())}`));
    } catch (e) {
      // The server answers 404 both for an unknown number and a wrong contact, so nobody can probe numbers.
      setError(e instanceof ApiError && e.status === 404 ? t('未找到：请核对查询编号和提交时留下的电话或邮箱。', 'Not found: check the tracking number and the phone or e-mail you gave.') : errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const st = result ? (PUBLIC_STATUS[result.status] ?? { zh: result.status, en: result.status, colour: 'default' }) : null;

  return (
    <Card title={t('查询处理进度', 'Track your case')}>
      <Form layout="inline" onFinish={onFinish} initialValues={{ number: params.get('n') ?? '', contact: params.get('c') ?? '' }} style={{ rowGap: 12 }}>
        <Form.Item name="number" label={t('查询编号', 'Tracking number')} rules={[{ required: true, whitespace: true, message: t('请填写查询编号', 'Enter the tracking number') }]}>
          <Input style={{ width: 250 }} />
        </Form.Item>
        <Form.Item name="contact" label={t('电话或邮箱', 'Phone or e-mail')} rules={[{ required: true, whitespace: true, message: t('请填写电话或邮箱', 'Enter the phone or e-mail') }]}>
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
          {t('查询', 'Look up')}
        </Button>
      </Form>
      {error && <Alert type="warning" showIcon title={error} style={{ marginTop: 16 }} />}
      {result && st && (
        <div style={{ marginTop: 24 }} data-testid="track-result">
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('查询编号', 'Tracking number')}>{result.trackingNumber}</Descriptions.Item>
            <Descriptions.Item label={t('类型', 'Type')}>{label(KINDS, result.kind, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('当前状态', 'Status')}>
              <Tag color={st.colour} data-testid="public-status">
                {st[lang]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('提交时间', 'Filed')}>{formatShanghai(result.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('问题', 'Problem')}>{result.problem ?? ''}</Descriptions.Item>
            {result.replyText && <Descriptions.Item label={t('处理结果', 'Our answer')}>{result.replyText}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('处理进度', 'Progress')}
          </Typography.Title>
          <Timeline
            items={result.timeline.map((e, i) => ({
              key: `${e.at}-${i}`,
              content: (
                <>
                  <Typography.Text>{lang === 'zh' ? e.textZh : e.textEn}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatShanghai(e.at)}
                  </Typography.Text>
                </>
              ),
            }))}
          />
        </div>
      )}
    </Card>
  );
}

/** The public customer portal at /portal (no account, DOMAIN §2.1): file, then track with number + contact. */
export function PortalSection() {
  return (
    <PortalFrame>
      <Routes>
        <Route index element={<FilePage />} />
        <Route path="track" element={<TrackPage />} />
      </Routes>
    </PortalFrame>
  );
}
