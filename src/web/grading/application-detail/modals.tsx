// The application detail page's dialogs for a decision with a note, the assessment and the public notice.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, ExplainPanel } from '../components';
import { evaluatePreview, useTemplate, type ApplicationView } from '../grading-api';
import { ASSESS_METHOD_LABELS, label, LEVEL_LABELS } from '../grading-labels';
import { enteredScores } from '../grading-utils';
import type { ActionProps } from './types';

export function NoteModal({ title, field, required, warning, onClose, onOk }: { title: string; field: 'note' | 'reason'; required: boolean; warning?: string; onClose: () => void; onOk: (text: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('确定', 'OK')}
      cancelText={t('取消', 'Cancel')}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await onOk(v.text ?? '');
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      {warning && <Alert type="warning" showIcon title={warning} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={field === 'reason' ? t('理由', 'Reason') : t('意见', 'Note')} rules={required ? [{ required: true, message: t('请填写理由', 'A reason is required') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AssessForm {
  method: 'on_site' | 'spot_check';
  partScores: Record<string, number | null>;
  weightedScore?: number | null;
  note?: string;
}

/**
 * 考核: the assessed part scores and weighted score. The resulting grade is previewed with the same rules as the
 * self-assessment, so the assessor sees before saving whether the mine continues at the next grade down.
 */
export function AssessModal({ a, onClose, run }: { a: ApplicationView; onClose: () => void; run: ActionProps['run'] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<AssessForm>();
  const template = useTemplate(a.standard);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const parts = useMemo(() => (template.data?.parts ?? []).filter((p) => p.mineTypes.includes(a.mineType)), [template.data, a.mineType]);
  const partNames = parts.length > 0 ? parts.map((p) => p.id) : Object.keys(a.selfAssessment.partScores);
  const values = Form.useWatch([], form) as AssessForm | undefined;
  const scores = enteredScores(values?.partScores);
  const complete = partNames.every((n) => n in scores);
  const weighted = typeof values?.weightedScore === 'number' ? values.weightedScore : undefined;
  const preview = useQuery({
    queryKey: ['grading', 'assess-preview', a.id, scores, weighted],
    queryFn: () => evaluatePreview({ mineId: a.mineId, standard: a.standard, selfAssessment: { ...a.selfAssessment, partScores: scores, weightedScore: weighted } }),
    enabled: complete,
    placeholderData: keepPreviousData,
  });
  const resulting = preview.data?.evaluation?.level;
  const order = ['一级', '二级', '三级', '不达标'];
  const below = resulting && order.indexOf(resulting) > order.indexOf(a.currentLevel);

  return (
    <Modal
      open
      width={720}
      title={t('录入考核结果', 'Record the assessment')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('保存考核结果', 'Save assessment')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'assess-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('assess', { method: v.method, partScores: enteredScores(v.partScores), weightedScore: typeof v.weightedScore === 'number' ? v.weightedScore : undefined, note: v.note || undefined });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Form form={form} layout="vertical" initialValues={{ method: 'on_site' }}>
        <Form.Item name="method" label={t('考核方式', 'Method')}>
          <Radio.Group options={(['on_site', 'spot_check'] as const).map((m) => ({ value: m, label: label(ASSESS_METHOD_LABELS, m, lang) }))} />
        </Form.Item>
        <Row gutter={12}>
          {partNames.map((n) => (
            <Col key={n} span={12}>
              <Form.Item name={['partScores', n]} label={n} rules={[{ required: true, message: t('请录入得分', 'Enter the score') }]} style={{ marginBottom: 8 }}>
                <InputNumber min={0} max={100} step={0.01} style={{ width: '100%' }} aria-label={n} data-part={n} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="weightedScore" label={t('考核加权得分', 'Assessed weighted score')} extra={preview.data?.weightsSource === 'template' ? t('留空则按模板权重计算', 'Leave empty to compute with the template weights') : undefined}>
          <InputNumber min={0} max={100} step={0.01} style={{ width: 200 }} data-testid="assess-weighted" />
        </Form.Item>
        <Form.Item name="note" label={t('考核意见', 'Note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      {preview.data?.evaluation && (
        <Card size="small" data-testid="assess-preview">
          <ExplainPanel evaluation={preview.data.evaluation} title={<Typography.Text strong>{t('考核结果判定', 'Result')}</Typography.Text>} />
          {below && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={t(
                `考核未达到${a.currentLevel}：按第七条，该矿按下一等级继续考核定级（结果：${resulting}）。`,
                `Below ${label(LEVEL_LABELS, a.currentLevel, 'en')}: under Art. 7 the mine continues at the next grade down (result: ${label(LEVEL_LABELS, resulting ?? '', 'en')}).`,
              )}
            />
          )}
        </Card>
      )}
    </Modal>
  );
}

/** 公示: published now, or back-dated to when it appeared on the authority's website (the period runs from then). */
export function PublishModal({ a, onClose, run }: { a: ApplicationView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ publishedAt?: dayjs.Dayjs; text?: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('发布公示', 'Publish the notice')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('发布', 'Publish')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'publish-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('publish_notice', { publishedAt: v.publishedAt ? v.publishedAt.format('YYYY-MM-DD') : undefined, text: v.text || undefined });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph type="secondary">
        {t(`公示对象：${a.mineName}，拟定等级 ${a.currentLevel}。公示期不少于 5 个工作日，期间任何人可提出异议。`, `Notice for ${a.mineName}, grade ${a.currentLevel}. It runs at least 5 working days; anyone may object meanwhile.`)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="publishedAt" label={t('官网发布日期（已在官网发布时填写，公示期自该日起算）', 'Published on the website on (if already; the period runs from it)')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="text" label={t('公示内容（留空则按标准格式生成）', 'Notice text (empty: standard wording)')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
