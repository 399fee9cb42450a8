import { MessageOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { hasAnyRole, useMe } from '../app/auth';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { WorkOrderKnowledge } from '../knowledge/WorkOrderKnowledge';
import { newIdempotencyKey } from './hooks';
import type { WorkOrderView } from './types';

// 发短信: text the work order's contact from its page (docs/knowledge.md "SMS"), usually from a 话术库 entry. The
// server queues it through the SMS outbox, or answers 409 while SMS is not configured — said here as it is.

/** Who may text customers (the server checks again: SMS_ROLES in workorders.sms.ts). */
const SMS_ROLES = ['agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'callback_agent', 'director', 'admin'];
/** The server's limit (SMS_TEXT_MAX). */
const SMS_MAX = 300;

interface Values {
  message?: string;
  knowledgeEntryId?: string;
}

export function SmsButton({ wo, onDone }: { wo: WorkOrderView; onDone: () => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // One key per opened dialog: a double click or a retry never sends two messages.
  const [key, setKey] = useState(newIdempotencyKey);
  if (!wo.contactPhone || !hasAnyRole(me.data, SMS_ROLES)) return null;

  const show = () => {
    setProblem(null);
    setKey(newIdempotencyKey());
    setOpen(true);
  };
  const send = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const res = await unwrap(
        client.POST('/api/workorders/{id}/sms', {
          params: { path: { id: wo.id }, header: { 'idempotency-key': key } },
          body: { message: (v.message ?? '').trim(), knowledgeEntryId: v.knowledgeEntryId || undefined },
        }),
      );
      message.success(t(`短信已提交发送至 ${res.phone}`, `SMS queued for ${res.phone}`));
      setOpen(false);
      await onDone();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.filter((fe) => fe.field === 'message').map((fe) => ({ name: 'message', errors: [fe.message] })));
      setProblem(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<MessageOutlined />} onClick={show} data-testid="sms-open">
        {t('发短信', 'Text the customer')}
      </Button>
      <Modal
        open={open}
        title={t(`发送短信 · ${wo.number}`, `Send an SMS · ${wo.number}`)}
        onCancel={() => setOpen(false)}
        onOk={send}
        okText={t('发送', 'Send')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={busy}
        width={560}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t(`发往联系电话 ${wo.contactPhone}${wo.contactName ? `（${wo.contactName}）` : ''}；发送记录见处理记录。`, `To ${wo.contactPhone}${wo.contactName ? ` (${wo.contactName})` : ''}; it is recorded on the timeline.`)}
        </Typography.Paragraph>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="sms-problem" />}
        <Form form={form} layout="vertical">
          <WorkOrderKnowledge wo={wo} use="sms" target="message" />
          <Form.Item name="message" label={t('短信内容', 'Message')} rules={[{ required: true, whitespace: true, message: t('请填写短信内容', 'Write the message') }]}>
            <Input.TextArea rows={4} maxLength={SMS_MAX} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
