import { App as AntApp, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { ApiError, client, unwrap } from '../app/api';
import { useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';

export function ProfilePage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    try {
      await unwrap(client.POST('/api/auth/password', { body: v }));
      message.success(t('密码已修改', 'Password changed'));
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field, errors: [x.message] })));
      else message.error(errorText(e, lang));
    }
  };
  return (
    <Card title={t('个人设置', 'Profile')} style={{ maxWidth: 560 }}>
      <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('用户名', 'Username')}>
          <Typography.Text code translate="no">
            {me?.username}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('姓名', 'Name')}>{me?.displayName}</Descriptions.Item>
        <Descriptions.Item label={t('角色', 'Roles')}>{me?.roles.map((r) => (lang === 'zh' ? r.label : r.labelEn)).join('、')}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label={t('当前密码', 'Current password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('新密码（至少 10 位）', 'New password (10+ characters)')} rules={[{ required: true, min: 10 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('修改密码', 'Change password')}
        </Button>
      </Form>
    </Card>
  );
}
