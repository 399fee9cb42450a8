import { Alert, Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { actionLabel, itemLink, MODULE_LABELS, useInbox, type InboxItem } from '../inbox/inbox-api';
import { DeadlineCountdown } from '../workorders/components';
import { useServerNow } from '../workorders/hooks';

/** A page the start page may link to: the fields of an `AppRoute` it reads. */
export interface HomeLink {
  path: string;
  roles?: readonly string[];
  nav?: { zh: string; en: string };
}

/**
 * 我的待办 — every role's home page (docs/inbox.md): what waits for the caller's action across modules, missed
 * first, then by the nearest deadline, each with the register's countdown badge and a link to the item. With
 * nothing waiting, it says so and offers the caller's own pages (`routes` is the app's route registry).
 */
export function HomePage({ routes }: { routes: readonly HomeLink[] }) {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const inbox = useInbox();
  const now = useServerNow();
  const pages = routes.filter((r) => r.nav && hasAnyRole(me, r.roles)).slice(0, 4);
  const items = inbox.data?.items ?? [];
  const missed = items.filter((i) => i.state === 'missed').length;
  return (
    <Card
      title={
        <Space wrap size={8}>
          <span>{t('我的待办', 'My work')}</span>
          <Badge count={inbox.data?.total ?? 0} showZero color={missed ? '#cf1322' : '#1677ff'} data-testid="inbox-total" />
        </Space>
      }
      extra={missed > 0 && <Typography.Text type="danger">{t(`${missed} 项已超期`, `${missed} missed`)}</Typography.Text>}
      data-testid="inbox"
    >
      {inbox.error && <Alert type="error" showIcon title={errorText(inbox.error, lang)} style={{ marginBottom: 12 }} />}
      <List
        loading={inbox.isLoading}
        dataSource={items}
        locale={{
          emptyText: (
            <Empty
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 8 }}>{t('没有等您处理的事项。', 'Nothing is waiting for you.')}</Typography.Paragraph>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('新的交接（派单、待审核、待答复等）会出现在这里，并通过右上角的铃铛通知您。', 'New hand-offs (dispatches, reviews, replies due …) appear here, and the bell at the top tells you of them.')}
                  </Typography.Paragraph>
                  <Space wrap>
                    {pages.map((p) => (
                      <Link key={p.path} to={p.path}>
                        <Button size="small">{lang === 'zh' ? p.nav!.zh : p.nav!.en}</Button>
                      </Link>
                    ))}
                  </Space>
                </>
              }
            />
          ),
        }}
        renderItem={(item) => <InboxRow item={item} now={now} />}
      />
      {inbox.data && inbox.data.total > items.length && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t(`仅显示最紧急的 ${items.length} 项（共 ${inbox.data.total} 项）`, `Showing the ${items.length} most urgent of ${inbox.data.total}`)}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function InboxRow({ item, now }: { item: InboxItem; now: number }) {
  const { t, lang } = useI18n();
  return (
    <List.Item data-testid="inbox-item" data-state={item.state ?? 'none'} style={{ flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }}>
      <div style={{ flex: '1 1 260px', minWidth: 0 }}>
        <Space size={4} wrap style={{ marginBottom: 4 }}>
          <Tag>{MODULE_LABELS[item.module][lang]}</Tag>
          <Tag color={item.state === 'missed' ? 'red' : 'blue'}>{actionLabel(item, lang)}</Tag>
        </Space>
        <div>
          <Link to={itemLink(item)} style={{ overflowWrap: 'anywhere' }}>
            {item.title}
          </Link>
        </div>
      </div>
      <div style={{ flex: '0 0 auto', minWidth: 120 }}>
        {item.due ? <DeadlineCountdown name="" due={item.due} state={item.state ?? 'running'} nowMs={now} showName={false} /> : <Typography.Text type="secondary">{t('无期限', 'No deadline')}</Typography.Text>}
      </div>
    </List.Item>
  );
}
