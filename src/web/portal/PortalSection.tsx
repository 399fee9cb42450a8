import { CheckCircleFilled, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, Layout, Result, Row, Segmented, Select, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from '../workorders/format';
import { newIdempotencyKey } from '../workorders/hooks';
import { KINDS, label } from '../workorders/labels';
import type { PublicComplaintCreate, PublicComplaintView } from '../workorders/types';
import { PendingFiles, uploadPending } from '../workorders/desk/attachments';
import { PortalUploads, uploadPortalFile } from './PortalPhotos';

/**
 * Customer-facing status words. The portal shows where the case is in plain terms, never the internal stage
 * names, staff or notes (docs/workorders.md#kinds-and-channels: "sees no internal notes or staff data").
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
      {/* Wraps onto two lines on a phone instead of squeezing the title one character per line. */}
      <Layout.Header style={{ background: '#1f5fbf', display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', columnGap: 16, rowGap: 4, padding: '8px 16px', height: 'auto', lineHeight: 1.6 }}>
        <Link to="/portal" style={{ color: '#fff', fontSize: 18, fontWeight: 600, flexShrink: 0, maxWidth: '100%' }}>
          {t('客户服务中心 · 投诉与建议', 'Customer service · complaints and suggestions')}
        </Link>
        <Flex gap={16} align="center" wrap style={{ whiteSpace: 'nowrap' }}>
          <Link to="/portal" style={{ color: '#fff' }}>
            {t('我要投诉', 'File a complaint')}
          </Link>
          <Link to="/portal/track" style={{ color: '#fff' }}>
            {t('进度查询', 'Track')}
          </Link>
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 12px' }}>
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
  shipDate?: Dayjs | null;
}

const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);

/** What 查看进度 hands the tracking page: in router state, never in the URL (a phone number must not reach logs or history). */
interface TrackState {
  number: string;
  contact: string;
}

function FilePage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<FileValues>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ trackingNumber: string; contact: string } | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [refused, setRefused] = useState<string[]>([]);

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
        shipDate: v.shipDate ? v.shipDate.format('YYYY-MM-DD') : undefined,
      };
      const res = await unwrap(client.POST('/api/public/complaints', { body, params: { header: { 'idempotency-key': key } } }));
      const contact = body.phone ?? body.email ?? '';
      // Photos go up once the complaint has its tracking number, with the contact in the form body.
      setRefused(await uploadPending(photos, (f) => uploadPortalFile(res.trackingNumber, contact, f), lang));
      setDone({ trackingNumber: res.trackingNumber, contact });
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
              <div style={{ fontSize: 'clamp(18px, 6vw, 32px)', fontWeight: 700, letterSpacing: 1, margin: '8px 0 24px', overflowWrap: 'anywhere' }} data-testid="tracking-number">
                {done.trackingNumber}
              </div>
              {refused.map((r) => (
                <Alert key={r} type="warning" showIcon title={r} style={{ marginBottom: 12, textAlign: 'left' }} />
              ))}
              <Button type="primary" onClick={() => navigate('/portal/track', { state: { number: done.trackingNumber, contact: done.contact } satisfies TrackState })}>
                {t('查看进度', 'Track it')}
              </Button>
              <Button
                style={{ marginLeft: 8 }}
                onClick={() => {
                  form.resetFields();
                  setPhotos([]);
                  setRefused([]);
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
              <DatePicker style={{ width: '100%' }} placeholder={t('选择日期', 'Pick a date')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="problem" label={t('遇到的问题', 'The problem')} rules={[{ required: true, whitespace: true, message: t('请简要说明问题', 'Describe the problem briefly') }]}>
          <Input placeholder={t('如：螺纹不良，无法装配', 'e.g. thread defect, cannot be assembled')} />
        </Form.Item>
        <Form.Item name="description" label={t('详细描述', 'Details')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item label={t('照片或文件（可选）', 'Photos or files (optional)')}>
          <PendingFiles files={photos} onChange={setPhotos} max={10} testId="portal-photos" />
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
  const handed = (useLocation().state ?? null) as TrackState | null;
  const [form] = Form.useForm<TrackState>();
  const [result, setResult] = useState<PublicComplaintView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<{ number: string; contact: string } | null>(null);

  const onFinish = async (v: { number: string; contact: string }) => {
    setBusy(true);
    setError(null);
    setResult(null);
    setAsked(v);
    try {
      setResult(await unwrap(client.POST('/api/public/complaints/{trackingNumber}/lookup', { params: { path: { trackingNumber: v.number.trim() } }, body: { contact: v.contact.trim() } })));
    } catch (e) {
      // The server answers 404 both for an unknown number and a wrong contact, so nobody can probe numbers.
      setError(e instanceof ApiError && e.status === 404 ? t('未找到：请核对查询编号和提交时留下的电话或邮箱。', 'Not found: check the tracking number and the phone or e-mail you gave.') : errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  // Arriving from 查看进度 with the number and contact just filed: run the lookup at once (once, even under
  // StrictMode's double effect), so the customer sees the progress, not an empty form.
  const ran = useRef(false);
  useEffect(() => {
    if (ran.current || !handed?.number || !handed.contact) return;
    ran.current = true;
    void onFinish(handed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const st = result ? (PUBLIC_STATUS[result.status] ?? { zh: result.status, en: result.status, colour: 'default' }) : null;

  return (
    <Card title={t('查询处理进度', 'Track your case')}>
      {/* Only the tracking number may come from a link (?n=); the contact is typed or handed over in state. */}
      <Form<TrackState> form={form} layout="vertical" onFinish={onFinish} initialValues={{ number: handed?.number ?? params.get('n') ?? '', contact: handed?.contact ?? '' }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="number" label={t('查询编号', 'Tracking number')} rules={[{ required: true, whitespace: true, message: t('请填写查询编号', 'Enter the tracking number') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contact" label={t('电话或邮箱', 'Phone or e-mail')} rules={[{ required: true, whitespace: true, message: t('请填写电话或邮箱', 'Enter the phone or e-mail') }]}>
              <Input autoComplete="tel" />
            </Form.Item>
          </Col>
        </Row>
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
          {asked && (
            <PortalUploads
              result={result}
              contact={asked.contact.trim()}
              onUploaded={async () =>
                setResult(await unwrap(client.POST('/api/public/complaints/{trackingNumber}/lookup', { params: { path: { trackingNumber: asked.number.trim() } }, body: { contact: asked.contact.trim() } })))
              }
            />
          )}
        </div>
      )}
    </Card>
  );
}

/** The public customer portal at /portal (no account, docs/workorders.md#kinds-and-channels (投诉处理机制 Art. 4, 5)): file, then track with number + contact. */
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
