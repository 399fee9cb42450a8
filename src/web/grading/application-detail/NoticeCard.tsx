import { Button, Card, Descriptions, Form, Input, Modal, Radio, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, LevelTag } from '../components';
import { label, OBJECTION_STATUS_LABELS } from '../grading-labels';
import { objectorText, shanghaiDateTime } from '../grading-utils';
import type { ActionProps, ObjectionView } from './types';

/** 公示 and its objections: shown to everyone involved; the assessing body resolves each objection. */
export function NoticeCard({ a, can, run }: ActionProps) {
  const { t, lang } = useI18n();
  const [resolving, setResolving] = useState<ObjectionView | null>(null);
  if (!a.notice) return null;
  const n = a.notice;
  return (
    <Card title={t('公示与异议', 'Public notice and objections')} data-testid="notice">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('公示等级', 'Grade')}>
          <LevelTag level={n.level} />
        </Descriptions.Item>
        <Descriptions.Item label={t('发布时间', 'Published')}>{shanghaiDateTime(n.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('公示期满', 'Runs until')}>
          <span data-testid="runs-until">{shanghaiDateTime(n.runsUntil)}</span>
          {n.provisional && <Tag color="orange">{t('暂定', 'provisional')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
      <Table<ObjectionView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.objections}
        locale={{ emptyText: t('公示期间未收到异议', 'No objections received') }}
        columns={[
          { title: t('收到时间', 'Received'), dataIndex: 'receivedAt', render: (v: string) => shanghaiDateTime(v), width: 150 },
          { title: t('异议人', 'From'), key: 'who', render: (_, o) => objectorText(o, t('（保密）', '(withheld)')) },
          { title: t('异议内容', 'Objection'), dataIndex: 'text' },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'open' ? 'red' : v === 'upheld' ? 'orange' : 'green'}>{label(OBJECTION_STATUS_LABELS, v, lang)}</Tag> },
          { title: t('处理意见', 'Resolution'), dataIndex: 'resolution', render: (v: string | null) => v ?? '' },
          {
            title: '',
            key: 'act',
            render: (_, o) =>
              o.status === 'open' && can('resolve_objection') ? (
                <Button size="small" type="primary" onClick={() => setResolving(o)} data-testid="resolve-objection">
                  {t('处理', 'Resolve')}
                </Button>
              ) : null,
          },
        ]}
      />
      {resolving && <ResolveModal o={resolving} onClose={() => setResolving(null)} run={run} />}
    </Card>
  );
}

function ResolveModal({ o, onClose, run }: { o: ObjectionView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ upheld: boolean; resolution: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('处理异议', 'Resolve the objection')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'resolve-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('resolve_objection', { objectionId: o.id, upheld: v.upheld, resolution: v.resolution });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph>
        <b>{o.name}</b>：{o.text}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ upheld: false }}>
        <Form.Item name="upheld" label={t('核查结论', 'Finding')}>
          <Radio.Group
            options={[
              { value: false, label: t('异议不成立，维持考核结果', 'Not upheld: the result stands') },
              { value: true, label: t('异议成立', 'Upheld') },
            ]}
          />
        </Form.Item>
        <Form.Item name="resolution" label={t('处理意见', 'Resolution')} rules={[{ required: true, message: t('请填写处理意见', 'A resolution is required') }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="resolution-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
