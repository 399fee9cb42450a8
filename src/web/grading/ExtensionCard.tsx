// 直接延期 (Art. 9, 10; docs/grading.md#validity-reminder-extension-art-8-9-10 (定级办法 Art. 8–10)): a 一级 mine commits to 一级 and shows the conditions of its 3 years with
// evidence; the province checks them and asks local supervision; the national authority files and announces.
import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { AttachmentView, ExtensionActionInput, ExtensionChecklistInput, ExtensionView, MineDetail } from '../../modules/grading/grading.schemas';
import { ApiError } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { ErrorAlert } from './components';
import { uploadMineAttachment, useCreateExtension, useIdempotencyKey, useExtensionAction, useExtensions } from './grading-api';
import { shanghaiDateTime } from './grading-utils';
import { isApplicant } from './roles';

const STATUS: Record<ExtensionView['status'], { zh: string; en: string; color: string }> = {
  submitted: { zh: '待省级审核', en: 'Awaiting provincial review', color: 'processing' },
  province_approved: { zh: '待国家局备案', en: 'Awaiting national filing', color: 'warning' },
  filed: { zh: '已备案延期', en: 'Filed', color: 'success' },
  rejected: { zh: '未通过', en: 'Rejected', color: 'error' },
};

/** The zero-accident conditions of Art. 9(1), each a checkbox the mine confirms for its 3 years. */
const ZERO_CONDITIONS: { key: keyof ExtensionChecklistInput; zh: string; en: string }[] = [
  { key: 'zeroGasOverLimit', zh: '瓦斯“零超限”', en: 'Zero gas over-limit' },
  { key: 'zeroOutburst', zh: '井下“零突出”', en: 'Zero outburst' },
  { key: 'zeroWaterInrush', zh: '“零透水”', en: 'Zero water inrush' },
  { key: 'zeroSpontaneousCombustion', zh: '“零自燃”', en: 'Zero spontaneous combustion' },
  { key: 'zeroRockBurst', zh: '“零冲击”（无冲击地压事故）', en: 'Zero rock-burst accident' },
];

export function ExtensionCard({ mine }: { mine: MineDetail }) {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const list = useExtensions();
  const act = useExtensionAction();
  const { message } = AntApp.useApp();
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<{ ext: ExtensionView; action: ExtensionActionInput['action'] } | null>(null);
  const mine1 = mine.grade?.level === '一级';
  const rows = (list.data ?? []).filter((e) => e.mineId === mine.id);
  const open = rows.some((e) => e.status === 'submitted' || e.status === 'province_approved');
  if (!mine1 && rows.length === 0) return null;
  const canRequest = mine1 && isApplicant(me) && !open;
  return (
    <Card
      title={t('直接延期（第九、十条）', 'Direct extension (Art. 9, 10)')}
      data-testid="extensions"
      extra={
        canRequest && (
          <Button type="primary" onClick={() => setRequesting(true)}>
            {t('申请直接延期', 'Request direct extension')}
          </Button>
        )
      }
    >
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {rows.length === 0 ? (
        <Typography.Text type="secondary">
          {t(`一级煤矿可在有效期满前 3 个月（${mine.grade?.reapplyBy ?? ''} 起）申请直接延期。`, `A 一级 mine may ask for direct extension from 3 months before expiry (${mine.grade?.reapplyBy ?? ''}).`)}
        </Typography.Text>
      ) : (
        <List
          dataSource={rows}
          renderItem={(e) => (
            <List.Item
              actions={[
                ...(e.status === 'submitted' && hasAnyRole(me, ['province_reviewer'])
                  ? [
                      <Button key="a" type="primary" size="small" onClick={() => setDeciding({ ext: e, action: 'province_approve' })}>
                        {t('审核通过', 'Approve')}
                      </Button>,
                      <Button key="r" danger size="small" onClick={() => setDeciding({ ext: e, action: 'province_reject' })}>
                        {t('不予通过', 'Reject')}
                      </Button>,
                    ]
                  : []),
                ...(e.status === 'province_approved' && hasAnyRole(me, ['national_assessor'])
                  ? [
                      <Button key="f" type="primary" size="small" onClick={() => setDeciding({ ext: e, action: 'national_file' })}>
                        {t('备案并公告', 'File and announce')}
                      </Button>,
                    ]
                  : []),
              ]}
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={STATUS[e.status].color}>{lang === 'zh' ? STATUS[e.status].zh : STATUS[e.status].en}</Tag>
                  <span>
                    {t('申请时间', 'Requested')} {shanghaiDateTime(e.createdAt)}
                  </span>
                  <span>
                    {t('有效期', 'Valid until')} {e.validUntilBefore}
                    {e.validUntilAfter && ` → ${e.validUntilAfter}`}
                  </span>
                </Space>
                <Space wrap size={4}>
                  {e.checks.map((c) => (
                    <Tag key={c.item} color={c.ok ? 'green' : 'red'}>
                      {c.ok ? '✓' : '✗'} {lang === 'zh' ? c.zh : c.en}
                    </Tag>
                  ))}
                </Space>
                {e.evidence.map((x) => (
                  <Typography.Text key={x.item} type="secondary">
                    {x.text}
                    {x.attachmentIds.length > 0 && t(`（附件 ${x.attachmentIds.length} 份）`, ` (${x.attachmentIds.length} file(s))`)}
                  </Typography.Text>
                ))}
                {e.localSupervisionOpinion && (
                  <Typography.Text>
                    {t('当地监管监察部门意见：', 'Local supervision: ')}
                    {e.localSupervisionOpinion}
                  </Typography.Text>
                )}
                {e.reason && <Typography.Text type="danger">{e.reason}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {requesting && <RequestModal mine={mine} onClose={() => setRequesting(false)} />}
      {deciding && (
        <DecideModal
          ext={deciding.ext}
          action={deciding.action}
          busy={act.isPending}
          onClose={() => setDeciding(null)}
          onSubmit={async (text) => {
            const { ext, action } = deciding;
            const body: ExtensionActionInput =
              action === 'province_approve'
                ? { action, version: ext.version, localSupervisionOpinion: text }
                : action === 'province_reject'
                  ? { action, version: ext.version, reason: text }
                  : { action, version: ext.version, note: text || undefined };
            await act.mutateAsync({ id: ext.id, body });
            message.success(t('已办理', 'Done'));
          }}
        />
      )}
    </Card>
  );
}

interface RequestForm extends Omit<ExtensionChecklistInput, 'faceMode'> {
  faceMode?: ExtensionChecklistInput['faceMode'];
  evidenceText?: string;
}

function RequestModal({ mine, onClose }: { mine: MineDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RequestForm>();
  const create = useCreateExtension();
  const [idempotencyKey] = useIdempotencyKey();
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const underground = mine.mineType === 'underground';
  const submit = async (v: RequestForm) => {
    setError(null);
    try {
      await create.mutateAsync({
        key: idempotencyKey,
        body: {
        mineId: mine.id,
        checklist: {
          commitment: !!v.commitment,
          zeroGasOverLimit: !!v.zeroGasOverLimit,
          zeroOutburst: !!v.zeroOutburst,
          zeroWaterInrush: !!v.zeroWaterInrush,
          zeroSpontaneousCombustion: !!v.zeroSpontaneousCombustion,
          zeroRockBurst: !!v.zeroRockBurst,
          faceMode: underground ? v.faceMode : undefined,
          mechanisationPercent: v.mechanisationPercent,
        },
        evidence: v.evidenceText || files.length ? [{ item: 'summary', text: v.evidenceText ?? '', attachmentIds: files.map((f) => f.id) }] : [],
        },
      });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.filter((x) => x.field.startsWith('checklist.')).map((x) => ({ name: x.field.slice('checklist.'.length) as keyof RequestForm, errors: [x.message] })));
      setError(e);
    }
  };
  return (
    <Modal open width={640} title={t('申请直接延期', 'Request direct extension')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('提交', 'Submit')} cancelText={t('取消', 'Cancel')}>
      {error ? <ErrorAlert error={error} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ mechanisationPercent: 100, faceMode: 'one_face' }}>
        <Form.Item name="commitment" valuePropName="checked">
          <Checkbox>{t('本矿承诺符合一级管理体系要求', 'The mine commits to meet the 一级 requirements')}</Checkbox>
        </Form.Item>
        <Typography.Text strong>{t('3 年有效期内：', 'During the 3 years:')}</Typography.Text>
        {ZERO_CONDITIONS.map((c) => (
          <Form.Item key={c.key} name={c.key} valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>{t(c.zh, c.en)}</Checkbox>
          </Form.Item>
        ))}
        {underground && (
          <Form.Item name="faceMode" label={t('生产模式', 'Working faces')}>
            <Radio.Group
              options={[
                { value: 'one_face', label: t('一井一面', 'One face') },
                { value: 'two_faces', label: t('一井两面', 'Two faces') },
                { value: 'other', label: t('其他', 'Other') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="mechanisationPercent" label={underground ? t('采煤机械化程度（%）', 'Coal-mining mechanisation (%)') : t('采剥机械化程度（%）', 'Stripping mechanisation (%)')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} />
        </Form.Item>
        <Form.Item name="evidenceText" label={t('证明材料说明', 'Evidence')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx"
          showUploadList={false}
          beforeUpload={async (file) => {
            try {
              const a = await uploadMineAttachment(mine.id, file);
              setFiles((f) => [...f, a]);
            } catch (e) {
              setError(e);
            }
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('上传证明材料', 'Upload evidence')}</Button>
        </Upload>
        {files.map((f) => (
          <div key={f.id}>{f.filename}</div>
        ))}
      </Form>
    </Modal>
  );
}

function DecideModal({ ext, action, busy, onClose, onSubmit }: { ext: ExtensionView; action: ExtensionActionInput['action']; busy: boolean; onClose: () => void; onSubmit: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<unknown>(null);
  const labels = {
    province_approve: { title: t('审核通过', 'Approve'), field: t('当地煤矿安全监管监察部门意见（是否发生死亡事故、存在重大事故隐患且组织生产）', 'Opinion of local supervision (fatal accidents, production with a major hidden danger)'), required: true },
    province_reject: { title: t('不予通过', 'Reject'), field: t('理由', 'Reason'), required: true },
    national_file: { title: t('备案并公告', 'File and announce'), field: t('备注', 'Note'), required: false },
  }[action];
  return (
    <Modal
      open
      title={`${labels.title} — ${ext.mineName}`}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await onSubmit(v.text ?? '');
          onClose();
        } catch (e) {
          setError(e);
        }
      }}
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('有效期至', 'Valid until')}>{ext.validUntilBefore}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={labels.field} rules={labels.required ? [{ required: true, message: t('必填', 'Required') }] : []}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
