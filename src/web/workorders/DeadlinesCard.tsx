import { Card, Flex, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../app/i18n';
import { DeadlineCountdown } from './components';
import { formatShanghai } from './format';
import { DEADLINE_STATES, DEADLINES, label } from './labels';
import type { DeadlineView } from './types';

/** The deadline table reads top to bottom in the order the clocks run out: earliest due first. */
const byDue = (ds: DeadlineView[]) => [...ds].sort((a, b) => a.due.localeCompare(b.due));

/**
 * 处理期限 of a work order (docs/workorders.md#deadlines): each clock with its countdown, state and the explanation
 * of its due time. A table from 768 px; below that (antd's `md`, docs/web.md#phones) one card per deadline, as the
 * register does, so that nothing scrolls sideways on a phone.
 */
export function DeadlinesCard({ deadlines, nowMs }: { deadlines: DeadlineView[]; nowMs: number }) {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const rows = byDue(deadlines);
  return (
    <Card title={t('处理期限', 'Deadlines')} size="small">
      <div data-testid="deadlines">{narrow ? <DeadlineList rows={rows} nowMs={nowMs} /> : <DeadlineTable rows={rows} nowMs={nowMs} />}</div>
    </Card>
  );
}

function StateTags({ d }: { d: DeadlineView }) {
  const { t, lang } = useI18n();
  return (
    <>
      <Tag color={DEADLINE_STATES[d.state]?.colour}>{label(DEADLINE_STATES, d.state, lang)}</Tag>
      {d.provisional && <Tag color="warning">{t('日历未载入，预估', 'estimate: calendar year missing')}</Tag>}
      {d.extensionRequest && (
        <Tag color="gold">
          {t('申请延期至', 'extension asked to')} {formatShanghai(d.extensionRequest.to)}
        </Tag>
      )}
    </>
  );
}

/** The explanation, then each pause and extension on a line of its own. */
function Explanation({ d }: { d: DeadlineView }) {
  const { t, lang } = useI18n();
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text style={{ fontSize: 12 }}>{d.explainText[lang]}</Typography.Text>
      {d.pauses.map((p, i) => (
        <Typography.Text key={`p${i}`} type="secondary" style={{ fontSize: 12 }}>
          {t('暂停', 'paused')} {formatShanghai(p.start)} – {p.end ? formatShanghai(p.end) : t('至今', 'now')}
        </Typography.Text>
      ))}
      {d.extensions.map((x, i) => (
        <Typography.Text key={`x${i}`} type="secondary" style={{ fontSize: 12 }}>
          {t('延期', 'extended')} {formatShanghai(x.from)} → {formatShanghai(x.to)}：{x.reason}
          {x.customerAgreement ? t(`（客户同意：${x.customerAgreement}）`, ` (customer agreed: ${x.customerAgreement})`) : ''}
        </Typography.Text>
      ))}
    </Space>
  );
}

function DeadlineTable({ rows, nowMs }: { rows: DeadlineView[]; nowMs: number }) {
  const { t, lang } = useI18n();
  return (
    <Table<DeadlineView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('期限', 'Deadline'), dataIndex: 'name', width: 120, render: (n: string) => label(DEADLINES, n, lang) },
        { title: t('到期（北京时间）', 'Due (Beijing time)'), dataIndex: 'due', width: 150, render: (_: string, d) => <DeadlineCountdown name={d.name} due={d.due} state={d.state} nowMs={nowMs} showName={false} /> },
        { title: t('状态', 'State'), dataIndex: 'state', width: 110, render: (_: string, d) => <StateTags d={d} /> },
        { title: t('说明', 'Explanation'), dataIndex: 'explain', render: (_: string, d) => <Explanation d={d} /> },
      ]}
    />
  );
}

function DeadlineList({ rows, nowMs }: { rows: DeadlineView[]; nowMs: number }) {
  const { t, lang } = useI18n();
  return (
    <List<DeadlineView>
      dataSource={rows}
      split={false}
      locale={{ emptyText: t('暂无期限', 'No deadlines') }}
      renderItem={(d) => (
        <List.Item style={{ padding: '0 0 8px' }}>
          <Card size="small" style={{ width: '100%' }} data-testid="deadline-card">
            <Flex justify="space-between" align="flex-start" gap={8} wrap>
              <Typography.Text strong>{label(DEADLINES, d.name, lang)}</Typography.Text>
              <Flex gap={4} wrap>
                <StateTags d={d} />
              </Flex>
            </Flex>
            <div style={{ margin: '4px 0' }}>
              <DeadlineCountdown name={d.name} due={d.due} state={d.state} nowMs={nowMs} showName={false} />
            </div>
            <div style={{ overflowWrap: 'anywhere' }}>
              <Explanation d={d} />
            </div>
          </Card>
        </List.Item>
      )}
    />
  );
}
