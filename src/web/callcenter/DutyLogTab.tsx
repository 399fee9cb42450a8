import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { createDutyLog, dutyLog, handOver, reviewEntry, SHIFT_LABELS, SUPERVISOR_ROLES, type DutyLogEntry, type ShiftCode } from './callcenter-api';

// 值班日志 (呼叫中心岗位职责 cl. 3.1 (3); docs/callcenter.md#duty-log): the team lead writes the shift's notes and
// breaches, the next shift confirms the handover, the supervisor reviews.
export function DutyLogTab({ members }: { members: { id: string; name: string }[] }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const to = dayjs().format('YYYY-MM-DD');
  const from = dayjs().subtract(30, 'day').format('YYYY-MM-DD');
  const entries = useQuery({ queryKey: ['callcenter', 'duty-log', from, to], queryFn: () => dutyLog(from, to) });
  const [writing, setWriting] = useState(false);
  const [reviewing, setReviewing] = useState<DutyLogEntry | null>(null);
  const [form] = Form.useForm();
  const [reviewForm] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ['callcenter', 'duty-log'] });
  const isLead = hasAnyRole(me, ['team_lead']);
  const isSupervisor = hasAnyRole(me, SUPERVISOR_ROLES);

  const create = useMutation({
    mutationFn: (v: { date: Dayjs; shift: ShiftCode; notes: string; agents?: string[]; breaches?: { userId?: string; description: string }[] }) =>
      createDutyLog({ date: v.date.format('YYYY-MM-DD'), shift: v.shift, notes: v.notes, agents: v.agents, breaches: (v.breaches ?? []).filter((b) => b?.description) }),
    onSuccess: async () => {
      message.success(t('值班日志已保存', 'Duty log saved'));
      setWriting(false);
      form.resetFields();
      await refresh();
    },
    onError: (e) => message.error(errorText(e, lang)),
  });
  const handover = useMutation({
    mutationFn: (e: DutyLogEntry) => handOver(e.id, e.version),
    onSuccess: async () => {
      message.success(t('已确认交接', 'Handover confirmed'));
      await refresh();
    },
    onError: (e) => message.error(errorText(e, lang)),
  });
  const review = useMutation({
    mutationFn: (v: { note: string }) => reviewEntry(reviewing!.id, reviewing!.version, v.note),
    onSuccess: async () => {
      message.success(t('已审阅', 'Reviewed'));
      setReviewing(null);
      reviewForm.resetFields();
      await refresh();
    },
    onError: (e) => message.error(errorText(e, lang)),
  });

  return (
    <Card
      title={t('值班日志（近 30 天）', 'Duty log (last 30 days)')}
      extra={
        isLead && (
          <Button type="primary" onClick={() => setWriting(true)}>
            {t('填写本班日志', 'Write this shift’s entry')}
          </Button>
        )
      }
    >
      <List
        loading={entries.isLoading}
        dataSource={entries.data ?? []}
        locale={{ emptyText: <Empty description={isLead ? t('还没有值班日志。点击右上角“填写本班日志”记录本班情况和交接事项。', 'No entries yet. Use “Write this shift’s entry” to record the shift and what the next one must know.') : t('还没有值班日志，由班长填写。', 'No entries yet; the team lead writes them.')} /> }}
        renderItem={(e) => (
          <List.Item
            data-testid={`duty-${e.date}-${e.shift}`}
            actions={[
              !e.handedOver && e.createdBy.id !== me?.id && hasAnyRole(me, ['team_lead', 'agent']) && (
                <Button key="h" size="small" onClick={() => handover.mutate(e)} loading={handover.isPending}>
                  {t('确认交接', 'Confirm handover')}
                </Button>
              ),
              !e.review && isSupervisor && (
                <Button key="r" size="small" onClick={() => setReviewing(e)}>
                  {t('审阅', 'Review')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>
                    {e.date} {SHIFT_LABELS[e.shift][lang]}
                  </span>
                  <Typography.Text type="secondary">{t(`班长 ${e.createdBy.name}`, `Team lead ${e.createdBy.name}`)}</Typography.Text>
                  {e.handedOver ? <Tag color="green">{t(`已交接 · ${e.handedOver.by.name}`, `Handed over · ${e.handedOver.by.name}`)}</Tag> : <Tag color="orange">{t('待交接', 'Awaiting handover')}</Tag>}
                  {e.review && <Tag color="blue">{t(`主管已阅 · ${e.review.by.name}`, `Reviewed · ${e.review.by.name}`)}</Tag>}
                  {e.breaches.length > 0 && <Tag color="red">{t(`违规 ${e.breaches.length} 起`, `${e.breaches.length} breach(es)`)}</Tag>}
                </Space>
              }
              description={
                <>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{e.notes}</Typography.Paragraph>
                  {e.agents.length > 0 && <div>{t(`在岗坐席：${e.agents.map((a) => a.name).join('、')}`, `Agents on duty: ${e.agents.map((a) => a.name).join(', ')}`)}</div>}
                  {e.breaches.map((b, i) => (
                    <div key={i}>
                      <Typography.Text type="danger">{t('违规', 'Breach')}</Typography.Text> {b.name}：{b.description}
                    </div>
                  ))}
                  {e.review && <div>{t(`主管意见：${e.review.note}`, `Supervisor: ${e.review.note}`)}</div>}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal open={writing} title={t('填写值班日志', 'Write the duty log')} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} onOk={() => form.submit()} confirmLoading={create.isPending} onCancel={() => setWriting(false)} destroyOnHidden={false}>
        <Form form={form} layout="vertical" initialValues={{ date: dayjs(), shift: dayjs().hour() < 8 ? 'night' : dayjs().hour() < 16 ? 'morning' : 'afternoon' }} onFinish={(v) => create.mutate(v)}>
          <Space wrap>
            <Form.Item name="date" label={t('日期', 'Date')} rules={[{ required: true, message: t('请选择日期', 'Pick the date') }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="shift" label={t('班次', 'Shift')} rules={[{ required: true, message: t('请选择班次', 'Pick the shift') }]}>
              <Select style={{ width: 200 }} options={(Object.keys(SHIFT_LABELS) as ShiftCode[]).map((s) => ({ value: s, label: SHIFT_LABELS[s][lang] }))} />
            </Form.Item>
          </Space>
          <Form.Item name="agents" label={t('在岗坐席（不选则按排班）', 'Agents on duty (empty: as scheduled)')}>
            <Select mode="multiple" options={members.map((m) => ({ value: m.id, label: m.name }))} />
          </Form.Item>
          <Form.Item name="notes" label={t('值班情况与交接事项', 'The shift and what the next one must know')} rules={[{ required: true, whitespace: true, message: t('请填写值班情况', 'Write what happened on the shift') }]}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Form.List name="breaches">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'userId']} rules={[{ required: true, message: t('请选择人员', 'Pick the person') }]}>
                      <Select style={{ width: 160 }} placeholder={t('违规人员', 'Person')} options={members.map((m) => ({ value: m.id, label: m.name }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true, whitespace: true, message: t('请描述违规情况', 'Describe the breach') }]}>
                      <Input style={{ width: 220 }} placeholder={t('违规情况', 'What happened')} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>{t('删除', 'Remove')}</Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()}>
                  {t('报告违规', 'Report a breach')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
      <Modal open={!!reviewing} title={t('审阅值班日志', 'Review the entry')} okText={t('提交', 'Submit')} cancelText={t('取消', 'Cancel')} onOk={() => reviewForm.submit()} confirmLoading={review.isPending} onCancel={() => setReviewing(null)}>
        <Form form={reviewForm} layout="vertical" onFinish={(v) => review.mutate(v)}>
          <Form.Item name="note" label={t('审阅意见', 'Comment')} rules={[{ required: true, whitespace: true, message: t('请填写审阅意见', 'Write a comment') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
