import { Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../components';
import { shanghaiDateTime } from '../grading-utils';
import type { ActionProps, HiddenDangerView } from './types';

/** 隐患 (Art. 7(2)): found at initial review, each rectified with an 整改报告 before the review may pass. */
export function HiddenDangersCard({ a, can, run }: ActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ description: string }>();
  const [rectifying, setRectifying] = useState<HiddenDangerView | null>(null);
  if (a.hiddenDangers.length === 0 && !can('record_hidden_danger')) return null;
  const open = a.hiddenDangers.filter((h) => !h.rectified).length;
  return (
    <Card
      title={
        <Space>
          {t('初审发现的隐患', 'Hidden dangers found at initial review')}
          {open > 0 && <Tag color="red">{t(`${open} 项未整改`, `${open} open`)}</Tag>}
        </Space>
      }
      data-testid="hidden-dangers"
    >
      <List
        dataSource={a.hiddenDangers}
        locale={{ emptyText: t('未发现隐患', 'None found') }}
        renderItem={(h) => (
          <List.Item
            actions={
              !h.rectified && can('rectify_hidden_danger')
                ? [
                    <Button key="r" size="small" type="primary" onClick={() => setRectifying(h)} data-testid="rectify">
                      {t('提交整改报告', 'Submit rectification report')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {h.rectified ? <Tag color="green">{t('已整改', 'Rectified')}</Tag> : <Tag color="red">{t('未整改', 'Open')}</Tag>}
                  {h.description}
                </Space>
              }
              description={
                <>
                  {t('发现时间', 'Found')} {shanghaiDateTime(h.foundAt)}
                  {h.rectified && (
                    <div>
                      {t('整改报告', 'Rectification report')}（{shanghaiDateTime(h.rectifiedAt)}）：{h.report}
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
      {can('record_hidden_danger') && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12 }}
          onFinish={async (v) => {
            if (!(await run('record_hidden_danger', { description: v.description }))) form.resetFields();
          }}
        >
          <Form.Item name="description" rules={[{ required: true, message: t('请描述隐患', 'Describe the hidden danger') }]} style={{ flex: 1 }}>
            <Input placeholder={t('隐患描述（材料审查或现场检查发现）', 'Hidden danger (from the document review or on-site check)')} maxLength={2000} data-testid="danger-text" />
          </Form.Item>
          <Button htmlType="submit" data-testid="add-danger">
            {t('登记隐患', 'Record')}
          </Button>
        </Form>
      )}
      {rectifying && <RectifyModal h={rectifying} onClose={() => setRectifying(null)} run={run} />}
    </Card>
  );
}

function RectifyModal({ h, onClose, run }: { h: HiddenDangerView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ report: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('整改报告', 'Rectification report')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'rectify-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('rectify_hidden_danger', { hiddenDangerId: h.id, report: v.report });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph>{h.description}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="report" label={t('整改措施与结果', 'Measures taken and result')} rules={[{ required: true, message: t('请填写整改报告', 'The report is required') }]}>
          <Input.TextArea rows={4} maxLength={20000} data-testid="rectify-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
