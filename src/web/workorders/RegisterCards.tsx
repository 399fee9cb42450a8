import { StarFilled } from '@ant-design/icons';
import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { DeadlineCountdown, SeverityTag, StatusTag } from './components';
import { KINDS, label } from './labels';
import type { WorkOrderListItem } from './types';

/**
 * The register on a phone (below 768 px, docs/web.md#phones): one card per work order instead of an eight-column
 * table that would scroll sideways. The card keeps what a person on the move decides by — number, status,
 * severity, customer and problem, and the deadline that matters (a missed one first, in red).
 */
export function RegisterCards({ rows, loading, nowMs, empty }: { rows: WorkOrderListItem[]; loading: boolean; nowMs: number; empty: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <List<WorkOrderListItem>
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <Empty description={empty} /> }}
      split={false}
      renderItem={(r) => (
        <List.Item style={{ padding: '0 0 12px' }}>
          <Card size="small" style={{ width: '100%' }} data-testid="register-card">
            <Flex justify="space-between" align="flex-start" gap={8} wrap>
              <Link to={`/workorders/${r.id}`} style={{ fontWeight: 600, wordBreak: 'break-all' }}>
                {r.number}
                {r.keyCustomer && <StarFilled style={{ color: '#faad14', marginLeft: 6 }} title={t('重点关注', 'Watch list')} />}
              </Link>
              <Flex gap={4} wrap>
                <StatusTag status={r.status} />
                <SeverityTag severity={r.severity} />
                {r.paused && <Tag color="warning">{t('暂停', 'paused')}</Tag>}
                {r.upgradeCount > 0 && <Tag color="magenta">{t(`升级${r.upgradeCount}`, `upgraded ×${r.upgradeCount}`)}</Tag>}
              </Flex>
            </Flex>
            <Typography.Paragraph style={{ margin: '6px 0 2px' }} ellipsis={{ rows: 2 }}>
              {r.problem ?? '—'}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[label(KINDS, r.kind, lang), r.customerName, r.departmentName].filter(Boolean).join(' · ')}
            </Typography.Text>
            {r.nextDeadline && (
              <div style={{ marginTop: 6 }}>
                <DeadlineCountdown name={r.nextDeadline.name} due={r.nextDeadline.due} state={r.nextDeadline.state} nowMs={nowMs} />
              </div>
            )}
          </Card>
        </List.Item>
      )}
    />
  );
}
