import { MailOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import { apiHref, client, unwrap, type ApiOk } from '../app/api';
import { useI18n } from '../app/i18n';

// The mail of a work order in its timeline (docs/integrations-mail.md): what the customer sent in — subject,
// sender, the text, the attachments to download — and the replies that went out by mail. Text only: the body is
// rendered as React text, never as HTML, so nothing a sender writes runs or loads in the app.

type MailMessage = ApiOk<'/api/workorders/{id}/mail'>[number];

/** Labels of the timeline entries the mail intake writes. */
export const MAIL_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  customer_message: { zh: '客户来信', en: 'Customer e-mail' },
};

const SENT_STATUS: Record<string, { zh: string; en: string; colour: string }> = {
  queued: { zh: '待发送', en: 'queued', colour: 'default' },
  sent: { zh: '已发送', en: 'sent', colour: 'green' },
  disabled: { zh: '未发送（未配置 SMTP）', en: 'not sent (no SMTP configured)', colour: 'warning' },
};

/** The work order's mail, loaded once for the whole timeline; keyed by id. */
export function useWorkOrderMail(id: string | undefined, enabled: boolean) {
  return useQuery({
    // Under the work order's own key, so what reloads the work order after an action reloads its mail too.
    queryKey: ['workorders', 'one', id, 'mail'],
    queryFn: async () => new Map((await unwrap(client.GET('/api/workorders/{id}/mail', { params: { path: { id: id! } } }))).map((m) => [m.id, m])),
    enabled: !!id && enabled,
  });
}

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`);

/** One mail inside a timeline entry. */
export function MailEntry({ workOrderId, mail }: { workOrderId: string; mail: MailMessage }) {
  const { t, lang } = useI18n();
  const from = mail.direction === 'in' ? (mail.fromName ? `${mail.fromName} <${mail.fromAddress ?? ''}>` : (mail.fromAddress ?? '')) : mail.to.join(', ');
  const st = SENT_STATUS[mail.status];
  return (
    <div data-testid="mail-entry" style={{ marginTop: 4, padding: '6px 8px', background: '#fafafa', borderRadius: 4 }}>
      <Space size={4} wrap>
        {mail.direction === 'in' ? <MailOutlined /> : <SendOutlined />}
        <Typography.Text strong>{mail.subject || t('（无主题）', '(no subject)')}</Typography.Text>
        {mail.direction === 'out' && st && <Tag color={st.colour}>{st[lang]}</Tag>}
      </Space>
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
        {mail.direction === 'in' ? t('发件人', 'From') : t('收件人', 'To')}：{from}
      </div>
      {/* A reply's own words are the timeline entry's note; the mail adds only where and how it went. */}
      {mail.direction === 'in' && mail.text && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} ellipsis={{ rows: 8, expandable: true, symbol: t('展开', 'more') }}>
          {mail.text}
        </Typography.Paragraph>
      )}
      {mail.attachments.map((a) => (
        <div key={a.id}>
          <a href={apiHref('/api/workorders/{id}/mail-attachments/{attachmentId}', { path: { id: workOrderId, attachmentId: a.id } })} download={a.filename} data-testid="mail-attachment">
            <PaperClipOutlined /> {a.filename}
          </a>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {size(a.size)}
          </Typography.Text>
        </div>
      ))}
      {mail.skippedAttachments.map((a) => (
        <div key={a.filename} style={{ fontSize: 12, color: '#8c8c8c' }}>
          <PaperClipOutlined /> {a.filename} {size(a.size)} — {t('超过大小上限，未保存', 'over the size limit, not kept')}
        </div>
      ))}
    </div>
  );
}
