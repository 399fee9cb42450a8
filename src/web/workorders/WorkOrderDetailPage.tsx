import { PrinterOutlined, StarFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { ActionPanel } from './ActionPanel';
import { MAIL_EVENT_LABELS, MailEntry, useWorkOrderMail } from './MailMessages';
import { AttachmentsCard } from './desk/attachments';
import { CommentsCard } from './desk/CommentsCard';
import { RepairCard, smsSummary } from './desk/repair';
import { DeadlinesCard } from './DeadlinesCard';
import { SeverityWithExplain, StatusTag } from './components';
import { formatShanghai, percent } from './format';
import { useServerNow } from './hooks';
import { ACTIONS, CATEGORIES, CHANNELS, DEADLINES, EIGHT_D, KINDS, label, REVIEW_OUTCOMES, STATUSES } from './labels';
import type { TimelineEntry } from './types';

export function useWorkOrder(id: string | undefined) {
  return useQuery({ queryKey: ['workorders', 'one', id], queryFn: () => unwrap(client.GET('/api/workorders/{id}', { params: { path: { id: id! } } })), enabled: !!id });
}

const EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  created: { zh: '登记', en: 'Registered' },
  received: { zh: '收到', en: 'Received' },
  answered_on_spot: { zh: '当场答复', en: 'Answered on the spot' },
  deadline_missed: { zh: '期限超期', en: 'Deadline missed' },
  deadline_warned: { zh: '期限预警', en: 'Deadline warning' },
  callback_satisfied: { zh: '回访：满意', en: 'Callback: satisfied' },
  callback_unsatisfied: { zh: '回访：不满意', en: 'Callback: not satisfied' },
  repeat: { zh: '重复投诉（已关联）', en: 'Repeat complaint (linked)' },
  batch_number: { zh: '修改批号', en: 'Batch number changed' },
  sms_sent: { zh: '已发短信', en: 'SMS sent' },
  ...ACTIONS,
  ...MAIL_EVENT_LABELS,
};


/** The note of a timeline entry; the receipt entry names its channel (data.channel, or an older row's code) in the UI language. */
export function eventNote(e: TimelineEntry, lang: 'zh' | 'en'): string | null {
  const channel = e.event === 'received' ? (typeof e.data?.channel === 'string' ? e.data.channel : e.note) : null;
  if (channel && CHANNELS[channel]) return label(CHANNELS, channel, lang);
  // A missed deadline is told from its data in the page's language (docs/web.md: Chinese means Chinese).
  if (e.event === 'deadline_missed' && typeof e.data?.name === 'string' && typeof e.data?.due === 'string') {
    const name = label(DEADLINES, e.data.name, lang);
    return lang === 'zh' ? `${name} ${formatShanghai(e.data.due)} 到期未完成` : `${name} was due ${formatShanghai(e.data.due)}`;
  }
  return e.note;
}

/** A repair's callback confirms the repair or sends it back to the crew (docs/callcenter.md "Emergency repairs"). */
const REPAIR_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  callback_satisfied: { zh: '回访：已修复，完成', en: 'Callback: repaired, completed' },
  callback_unsatisfied: { zh: '回访：未修复，退回抢修', en: 'Callback: not repaired, back to the crew' },
};

export function eventLabel(event: string, lang: 'zh' | 'en', repair = false): string {
  return (repair ? REPAIR_EVENT_LABELS[event]?.[lang] : undefined) ?? EVENT_LABELS[event]?.[lang] ?? event;
}

function timelineData(e: TimelineEntry, lang: 'zh' | 'en'): string {
  if (!e.data) return '';
  const d = e.data as Record<string, unknown>;
  if (e.event.startsWith('deadline_') && typeof d.name === 'string') return label(DEADLINES, d.name, lang);
  return '';
}

/** 工单详情: header, deadlines, 8D, timeline and the actions this user may take now (docs/workorders.md#handling-steps, docs/workorders.md#deadlines). */
export function WorkOrderDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const now = useServerNow();
  const wo = useWorkOrder(id);
  const mailIds = (wo.data?.timeline ?? []).map((e) => e.data?.mailId).filter((m): m is string => typeof m === 'string');
  const mail = useWorkOrderMail(id, mailIds.length > 0);
  // After an action the caller's 我的待办 and unread count change too (the step is done, its notice read).
  const reload = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['workorders', 'one', id] }),
      qc.invalidateQueries({ queryKey: ['workorders', 'list'] }),
      qc.invalidateQueries({ queryKey: ['inbox'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);

  if (wo.isLoading) return <Spin style={{ margin: 80 }} />;
  if (wo.error || !wo.data) {
    const e = wo.error;
    return <Result status={e instanceof ApiError && e.status === 404 ? '404' : e instanceof ApiError && e.status === 403 ? '403' : 'error'} title={errorText(e, lang)} extra={<Link to="/workorders">{t('返回列表', 'Back to the list')}</Link>} />;
  }
  const w = wo.data;
  const yes = t('是', 'yes');
  const no = t('否', 'no');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="wo-number">
              {w.number}
              {w.keyCustomer && (
                <Tag icon={<StarFilled />} color="gold" style={{ marginLeft: 12, verticalAlign: 'middle' }}>
                  {t('重点关注', 'Watch list')}
                </Tag>
              )}
            </Typography.Title>
            <div data-testid="wo-header" style={{ marginTop: 8 }}>
<Space wrap>
              <Tag>{label(KINDS, w.kind, lang)}</Tag>
              <span data-testid="wo-status">
                <StatusTag status={w.status} />
              </span>
              {!w.repair && <SeverityWithExplain severity={w.severity} explain={w.severityExplain} />}
              {w.upgradeCount > 0 && <Tag color="magenta">{t(`升级投诉 第${w.upgradeCount}次`, `Upgraded complaint ×${w.upgradeCount}`)}</Tag>}
              {w.paused && <Tag color="warning">{t('计时暂停中', 'Clock paused')}</Tag>}
              {w.escalated && <Tag color="volcano">{t('已升级至总监', 'Escalated to director')}</Tag>}
              {w.trackingNumber && (
                <Typography.Text type="secondary">
                  {t('查询编号', 'Tracking no.')} {w.trackingNumber}
                </Typography.Text>
              )}
            </Space>
            </div>
          </div>
          <Space>
            {!w.repair && (
              <Link to={`/workorders/${w.id}/print/form`}>
                <Button icon={<PrinterOutlined />}>{t('客户投诉处理单', 'Complaint form')}</Button>
              </Link>
            )}
            {w.report8d && (
              <Link to={`/workorders/${w.id}/print/8d`}>
                <Button icon={<PrinterOutlined />}>{t('8D 报告', '8D report')}</Button>
              </Link>
            )}
          </Space>
        </Flex>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('工单信息', 'Details')} size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('来源渠道', 'Channel')}>{label(CHANNELS, w.channel, lang)}</Descriptions.Item>
                {!w.repair && <Descriptions.Item label={t('投诉类别', 'Category')}>{label(CATEGORIES, w.category, lang) || '—'}</Descriptions.Item>}
                <Descriptions.Item label={t('收到时间', 'Received')}>{formatShanghai(w.receivedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('登记时间', 'Registered')}>
                  {formatShanghai(w.createdAt)} {w.createdByName && <Typography.Text type="secondary">· {w.createdByName}</Typography.Text>}
                </Descriptions.Item>
                <Descriptions.Item label={t('客户', 'Customer')}>
                  {w.customerName ?? '—'} {w.customerCode && <Typography.Text code>{w.customerCode}</Typography.Text>}
                </Descriptions.Item>
                <Descriptions.Item label={t('联系方式', 'Contact')}>{[w.contactName, w.contactPhone, w.contactEmail].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('产品', 'Product')}>{[w.productCode, w.productName].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('问题类别', 'Problem category')}>{w.problemCategory ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('问题描述', 'Problem')} span={2}>
                  {w.problem ?? '—'}
                </Descriptions.Item>
                {w.description && (
                  <Descriptions.Item label={t('事情经过', 'Course of events')} span={2}>
                    {w.description}
                  </Descriptions.Item>
                )}
                {w.kind === 'complaint' && (
                  <>
                    <Descriptions.Item label={t('出货', 'Shipment')}>{[w.shipDate, w.shipQuantity !== null ? `${w.shipQuantity} ${t('件', 'pcs')}` : null].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('不良', 'Defects')}>
                      {w.defectRate !== null ? percent(w.defectRate) : w.lotSize ? `${w.defectCount ?? 0} / ${w.lotSize}` : '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('发现地点', 'Where found')}>{w.foundAt ?? '—'}</Descriptions.Item>
                  </>
                )}
                {!w.repair && <Descriptions.Item label={t('责任部门', 'Department')}>{w.departmentName ?? t('未派单', 'not dispatched')}</Descriptions.Item>}
                {w.objection && (
                  <Descriptions.Item label={t('派单异议', 'Objection')} span={2}>
                    {w.objection.reason} <Typography.Text type="secondary">({w.objection.by}, {formatShanghai(w.objection.at)})</Typography.Text>
                  </Descriptions.Item>
                )}
                {w.invalidReason && (
                  <Descriptions.Item label={t('无效原因', 'Invalid because')} span={2}>
                    {w.invalidReason}
                  </Descriptions.Item>
                )}
                {w.answer && (
                  <Descriptions.Item label={t('当场答复', 'Answered on the spot')} span={2}>
                    {w.answer}
                  </Descriptions.Item>
                )}
                {w.promisedReplyDate && <Descriptions.Item label={t('承诺答复日期', 'Promised reply')}>{w.promisedReplyDate}</Descriptions.Item>}
                {w.replyText && (
                  <Descriptions.Item label={t('答复客户', 'Reply')} span={2}>
                    {w.replyText}
                    {w.adopted !== null && <Tag style={{ marginLeft: 8 }}>{w.adopted ? t('已采纳', 'adopted') : t('未采纳', 'not adopted')}</Tag>}
                    {w.offer && (
                      <Tag color="gold" style={{ marginLeft: 8 }}>
                        {t('补偿', 'offer')} ¥{w.offer.amount} {w.offer.description}
                      </Tag>
                    )}
                  </Descriptions.Item>
                )}
                {w.satisfied !== null && (
                  <Descriptions.Item label={t('回访结果', 'Callback')}>
                    {w.repair ? (w.satisfied ? t('已修复', 'repaired') : t('未修复', 'not repaired')) : w.satisfied ? t('满意', 'satisfied') : t('不满意', 'not satisfied')}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('重点关注', 'Watch list')}>{w.keyCustomer ? yes : no}</Descriptions.Item>
              </Descriptions>
            </Card>
            <RepairCard wo={w} />
            <DeadlinesCard deadlines={w.deadlines} nowMs={now} />
            {w.report8d && (
              <Card
                title={
                  <>
                    {t('8D 报告', '8D report')} <Tag>{t(`第 ${w.report8d.revision} 版`, `revision ${w.report8d.revision}`)}</Tag>
                    {w.report8d.reworkCount > 0 && <Tag color="orange">{t(`退回 ${w.report8d.reworkCount} 次`, `returned ×${w.report8d.reworkCount}`)}</Tag>}
                  </>
                }
                size="small"
                data-testid="report-8d"
              >
                <Descriptions size="small" column={1} bordered>
                  {EIGHT_D.map((d) => (
                    <Descriptions.Item key={d.key} label={lang === 'zh' ? d.zh : d.en}>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{w.report8d!.fields[d.key] ?? '—'}</span>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
                {w.report8d.history.filter((h) => h.reason).length > 0 && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="warning"
                    showIcon
                    title={t('审核记录', 'Review history')}
                    description={
                      <ul style={{ margin: 0, paddingLeft: 18 }}>
                        {w.report8d.history
                          .filter((h) => h.reason)
                          .map((h) => (
                            <li key={h.revision}>
                              {t(`第 ${h.revision} 版`, `Revision ${h.revision}`)} {h.outcome ? label(REVIEW_OUTCOMES, h.outcome, lang) : ''}：{h.reason}
                            </li>
                          ))}
                      </ul>
                    }
                  />
                )}
              </Card>
            )}
            <AttachmentsCard wo={w} onChanged={reload} />
            <CommentsCard woId={w.id} />
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ActionPanel wo={w} onDone={reload} />
            <Card title={t('处理记录', 'Timeline')} size="small" data-testid="timeline">
              <Timeline
                items={w.timeline.map((e) => ({
                  key: e.id,
                  color: e.event === 'deadline_missed' ? 'red' : e.event.startsWith('deadline_') ? 'orange' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{eventLabel(e.event, lang, !!w.repair)}</Typography.Text> <Typography.Text type="secondary">{timelineData(e, lang)}</Typography.Text>
                      {e.toStatus && e.toStatus !== e.fromStatus && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {' '}
                          → {label(STATUSES, e.toStatus, lang)}
                        </Typography.Text>
                      )}
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatShanghai(e.at)} · {e.actorName ?? t('系统', 'system')}
                      </Typography.Text>
                      {e.note && !(e.event === 'customer_message' && typeof e.data?.mailId === 'string' && mail.data?.has(e.data.mailId)) && <div style={{ whiteSpace: 'pre-wrap' }}>{eventNote(e, lang)}</div>}
                      {typeof e.data?.mailId === 'string' && mail.data?.get(e.data.mailId) && <MailEntry workOrderId={w.id} mail={mail.data.get(e.data.mailId)!} />}
                      {smsSummary(e, lang) && (
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="timeline-sms">
                          {smsSummary(e, lang)}
                        </Typography.Text>
                      )}
                    </div>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
