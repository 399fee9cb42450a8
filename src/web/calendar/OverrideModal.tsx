// Setting or removing one day's override of the notice (docs/calendar.md).
import { App, Button, Flex, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { errorText, useI18n } from '../app/i18n';
import { useRemoveOverride, useSetOverride, type CalendarDay } from './calendar-api';

export function OverrideModal({
  date,
  day,
  override,
  onClose,
}: {
  date: string | null;
  day: CalendarDay | undefined;
  override: { working: boolean; note: string | null; version: number } | undefined;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ working: boolean; note?: string }>();
  const save = useSetOverride();
  const remove = useRemoveOverride();
  useEffect(() => {
    if (date) form.setFieldsValue({ working: override ? override.working : !(day?.working ?? true), note: override?.note ?? '' });
  }, [date, day, override, form]);
  const fail = (e: unknown) => message.error(errorText(e, lang));
  const kindLabel = (d: CalendarDay) =>
    ({
      workday: t('工作日', 'working day'),
      weekend: t('周末', 'weekend'),
      holiday: t('法定节假日', 'public holiday'),
      adjusted_workday: t('调休上班', 'adjusted working day'),
      override: t('管理员调整', 'override'),
    })[d.kind];

  return (
    <Modal
      open={date !== null}
      title={t(`调整 ${date ?? ''}`, `Override ${date ?? ''}`)}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          <span>
            {override && (
              <Button
                danger
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { date: date!, version: override.version },
                    {
                      onSuccess: () => {
                        message.success(t('已取消调整', 'Override removed'));
                        onClose();
                      },
                      onError: fail,
                    },
                  )
                }
              >
                {t('取消调整', 'Remove override')}
              </Button>
            )}
          </span>
          <Space>
            <Button onClick={onClose}>{t('关闭', 'Close')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="override-save">
              {t('保存', 'Save')}
            </Button>
          </Space>
        </Flex>
      }
    >
      {day && (
        <Typography.Paragraph type="secondary">
          {t('当前：', 'Now: ')}
          {kindLabel(day)}
          {day.name ? ` · ${day.name}` : ''}
          {day.provisional ? ` · ${t('暂定', 'provisional')}` : ''}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate(
            { date: date!, working: v.working, note: v.note || undefined, version: override?.version },
            {
              onSuccess: () => {
                message.success(t('已保存调整', 'Override saved'));
                onClose();
              },
              onError: fail,
            },
          )
        }
      >
        <Form.Item name="working" label={t('这一天', 'This day is')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: t('工作日', 'a working day') },
              { value: false, label: t('休息日', 'a day off') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('说明', 'Note')}>
          <Input maxLength={200} placeholder={t('例如：全厂停电检修', 'e.g. plant-wide power outage')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
