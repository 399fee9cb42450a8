import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Radio, Select, Tag, Typography } from 'antd';
import { client, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { DateField } from '../../app/DateField';
import { WorkOrderKnowledge } from '../../knowledge/WorkOrderKnowledge';
import { formatShanghai } from '../format';
import type { ActionName, TimelineEntry, WorkOrderView } from '../types';

// The repair path on the detail page (报修, 抢修单; docs/callcenter.md "Emergency repairs"): the forms of the team
// lead's steps, the repair's own record (crew, arrival, completion) and what became of each SMS. An emergency
// repair's steps send SMS; with SMS off, or for an ordinary repair, the page says so before and after.

type Lang = 'zh' | 'en';
type Repair = NonNullable<WorkOrderView['repair']>;

/** What each repair step does, shown as the button's tooltip and at the top of its form. */
export const REPAIR_HELP: Partial<Record<ActionName, { zh: string; en: string }>> = {
  take: { zh: '接单：确认由呼叫中心承办这张抢修单，随后通知相关人员并派工。', en: 'Take on: the call centre runs this repair; next, tell the people concerned and send a crew.' },
  notify: { zh: '通知相关人员：站内通知所选人员；抢修单同时以短信通知他们和客户。', en: 'Tell the people concerned in the app; for an emergency repair also by SMS, with the customer.' },
  assign_crew: { zh: '派工：填写前往现场的抢修人员；抢修单会把地点和联系人短信发给他们。', en: 'Send the crew: who goes on site; for an emergency repair they get the place and contact by SMS.' },
  record_arrival: { zh: '记录到场：抢修人员到达现场的时间（不填即现在）。', en: 'Record when the crew arrived (now when left empty).' },
  complete_repair: { zh: '记录完工：抢修结束的时间和处理情况，随后由坐席回访确认。', en: 'Record when the repair was done and what was done; an agent then calls back to confirm.' },
};

/** Before a step that may send SMS: whether it will. */
function SmsNotice({ sms }: { sms: Repair['sms'] }) {
  const { t } = useI18n();
  if (sms === 'on') return <Alert type="info" showIcon title={t('将同时发送短信。', 'SMS will be sent as well.')} style={{ marginBottom: 12 }} data-testid="sms-notice" />;
  const text =
    sms === 'off'
      ? t('短信服务未配置：本次不会发送短信，只有站内通知。请电话告知客户和抢修人员。', 'SMS is not configured: no SMS will be sent, only in-app notices. Phone the customer and the crew.')
      : t('报修单不发送短信，只有站内通知。', 'An ordinary repair sends no SMS, only in-app notices.');
  return <Alert type="warning" showIcon title={text} style={{ marginBottom: 12 }} data-testid="sms-notice" />;
}

/** The form fields of a repair step (the ActionPanel wraps them in its dialog); null for other actions. */
export function RepairActionFields({ action, wo }: { action: ActionName; wo: WorkOrderView }) {
  const { t } = useI18n();
  const people = useQuery({
    queryKey: ['workorders', 'mentionable', wo.id],
    queryFn: () => unwrap(client.GET('/api/workorders/{id}/mentionable', { params: { path: { id: wo.id } } })),
    staleTime: 60_000,
    enabled: action === 'notify',
  });
  const sms = wo.repair?.sms ?? 'not_for_kind';
  switch (action) {
    case 'notify':
      return (
        <>
          <SmsNotice sms={sms} />
          <Form.Item name="recipients" label={t('相关人员', 'People concerned')}>
            <Select
              mode="multiple"
              loading={people.isLoading}
              optionFilterProp="label"
              placeholder={t('选择要通知的人员', 'Choose whom to tell')}
              options={(people.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}${u.unitName ? ` · ${u.unitName}` : ''}` }))}
              data-testid="notify-recipients"
            />
          </Form.Item>
          <Form.Item name="notifyCustomer" valuePropName="checked">
            <Checkbox disabled={!wo.contactPhone}>
              {wo.contactPhone ? t(`短信通知客户（${wo.contactPhone}）`, `SMS the customer (${wo.contactPhone})`) : t('客户没有联系电话', 'The customer has no phone on record')}
            </Checkbox>
          </Form.Item>
          {/* The 话术库's SMS scripts fill the message (docs/knowledge.md). */}
          <WorkOrderKnowledge wo={wo} use="sms" target="message" />
          <Form.Item name="message" label={t('通知内容', 'Message')} rules={[{ required: true, message: t('请填写通知内容', 'Write the message') }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'assign_crew':
      return (
        <>
          <SmsNotice sms={sms} />
          <Form.List name="crew">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, i) => (
                  <Flex key={row.key} gap={8} align="flex-start">
                    <Form.Item name={[row.name, 'name']} label={i === 0 ? t('抢修人员', 'Crew member') : undefined} style={{ flex: 1 }} rules={[{ required: true, message: t('请填写姓名', 'Give a name') }]}>
                      <Input placeholder={t('姓名', 'Name')} aria-label={t(`抢修人员 ${i + 1} 姓名`, `Crew member ${i + 1} name`)} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'phone']} label={i === 0 ? t('手机', 'Mobile') : undefined} style={{ flex: 1 }}>
                      <Input placeholder={t('手机号', 'Mobile number')} aria-label={t(`抢修人员 ${i + 1} 手机`, `Crew member ${i + 1} mobile`)} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('移除', 'Remove')}
                      disabled={rows.length === 1}
                      onClick={() => remove(row.name)}
                      style={{ marginTop: i === 0 ? 30 : 0 }}
                    />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                  {t('添加人员', 'Add a member')}
                </Button>
              </>
            )}
          </Form.List>
        </>
      );
    case 'record_arrival':
      return (
        <Form.Item name="arrivedAt" label={t('到场时间（北京时间）', 'Arrived at (Beijing time)')} extra={t('不填即现在', 'Now when left empty')}>
          <DateField showTime />
        </Form.Item>
      );
    case 'complete_repair':
      return (
        <>
          <Form.Item name="completedAt" label={t('完工时间（北京时间）', 'Done at (Beijing time)')} extra={t('不填即现在', 'Now when left empty')}>
            <DateField showTime />
          </Form.Item>
          <Form.Item name="result" label={t('处理情况', 'What was done')} rules={[{ required: true, message: t('请填写处理情况', 'Say what was done') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      );
    case 'callback':
      return (
        <Form.Item name="satisfied" label={t('回访结果', 'Callback result')} rules={[{ required: true, message: t('请选择回访结果', 'Choose the result') }]}>
          <Radio.Group
            options={[
              { value: true, label: t('已修复，确认完成', 'Repaired: complete it') },
              { value: false, label: t('未修复，退回抢修', 'Not repaired: back to the crew') },
            ]}
          />
        </Form.Item>
      );
    default:
      return null;
  }
}

/** Initial values of a repair step's form: the notice text from the report, one empty crew row (the current crew when changing it). */
export function repairInitial(action: ActionName, wo: WorkOrderView): Record<string, unknown> {
  if (action === 'notify') {
    const what = wo.kind === 'emergency_repair' ? '抢修' : '报修';
    return { notifyCustomer: !!wo.contactPhone, message: `【${what}】${wo.number} ${wo.place ?? ''}：${wo.problem ?? ''}`.trim() };
  }
  if (action === 'assign_crew') return { crew: wo.repair?.crew.length ? wo.repair.crew.map((c) => ({ name: c.name, phone: c.phone ?? undefined })) : [{}] };
  return {};
}

interface SmsResult {
  to: 'staff' | 'customer' | 'crew';
  name: string;
  outcome: string;
}

const OUTCOMES: Record<string, { zh: string; en: string }> = {
  queued: { zh: '已发送', en: 'sent' },
  disabled: { zh: '未发送：短信服务未配置', en: 'not sent: SMS is not configured' },
  no_template: { zh: '未发送：未配置短信模板', en: 'not sent: no SMS template' },
  bad_phone: { zh: '未发送：号码无效', en: 'not sent: not a phone number' },
  no_phone: { zh: '未发送：无手机号', en: 'not sent: no phone on record' },
  not_for_kind: { zh: '未发送：报修单不发短信', en: 'not sent: ordinary repairs send no SMS' },
};
const TO: Record<SmsResult['to'], { zh: string; en: string }> = { staff: { zh: '人员', en: 'staff' }, customer: { zh: '客户', en: 'customer' }, crew: { zh: '抢修人员', en: 'crew' } };

const smsOf = (e: TimelineEntry): SmsResult[] | null => (Array.isArray(e.data?.sms) ? (e.data.sms as SmsResult[]) : null);

/** A step's SMS in one line: how many were sent, and why the others were not (the timeline under 通知 and 派工). */
export function smsSummary(e: TimelineEntry, lang: Lang): string | null {
  const sms = smsOf(e);
  if (!sms || sms.length === 0) return null;
  const sent = sms.filter((s) => s.outcome === 'queued').length;
  const reasons = [...new Set(sms.filter((s) => s.outcome !== 'queued').map((s) => OUTCOMES[s.outcome]?.[lang] ?? s.outcome))];
  if (sent === 0) return lang === 'zh' ? `短信${reasons.join('；')}` : `SMS ${reasons.join('; ')}`;
  const head = lang === 'zh' ? `短信已发送 ${sent} 条` : `${sent} SMS sent`;
  return reasons.length ? `${head}${lang === 'zh' ? '；其余' : '; others '}${reasons.join(lang === 'zh' ? '；' : '; ')}` : head;
}

/** 抢修记录: who runs it, the crew, arrival and completion, and each SMS of the latest notice and crew assignment. */
export function RepairCard({ wo }: { wo: WorkOrderView }) {
  const { t, lang } = useI18n();
  const r = wo.repair;
  if (!r) return null;
  const latest = (event: string) => [...wo.timeline].reverse().find((e) => e.event === event);
  const sms = [latest('notify'), latest('assign_crew')].flatMap((e) => (e ? (smsOf(e) ?? []) : []));
  return (
    <Card title={wo.kind === 'emergency_repair' ? t('抢修记录', 'Emergency repair') : t('报修记录', 'Repair')} size="small" data-testid="repair-card">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('承办呼叫中心', 'Call centre')}>{r.centreName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('报修部门', 'Reported by')}>{wo.departmentName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('地点', 'Place')} span={2}>
          {wo.place ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('抢修人员', 'Crew')} span={2}>
          <span data-testid="repair-crew">{r.crew.length ? r.crew.map((c) => (c.phone ? `${c.name}（${c.phone}）` : c.name)).join('、') : t('未派工', 'not sent yet')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('到场时间', 'Arrived')}>{r.arrivedAt ? formatShanghai(r.arrivedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('完工时间', 'Done')}>{r.completedAt ? formatShanghai(r.completedAt) : '—'}</Descriptions.Item>
        {r.result && (
          <Descriptions.Item label={t('处理情况', 'What was done')} span={2}>
            {r.result}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('短信', 'SMS')} span={2}>
          <span data-testid="repair-sms">
            {sms.length === 0 ? (
              <Typography.Text type="secondary">{r.sms === 'on' ? t('尚未发送', 'none sent yet') : r.sms === 'off' ? t('短信服务未配置，不发送短信', 'SMS is not configured; none is sent') : t('报修单不发送短信', 'ordinary repairs send no SMS')}</Typography.Text>
            ) : (
              sms.map((s, i) => (
                <Tag key={i} color={s.outcome === 'queued' ? 'green' : 'default'} style={{ marginBottom: 4 }}>
                  {TO[s.to][lang]} {s.name}
                  {lang === 'zh' ? '：' : ': '}
                  {OUTCOMES[s.outcome]?.[lang] ?? s.outcome}
                </Tag>
              ))
            )}
          </span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
