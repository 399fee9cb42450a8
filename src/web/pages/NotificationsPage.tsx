import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, List, Segmented, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../app/api';
import { useT } from '../app/i18n';


export function NotificationsPage() {
  const t = useT();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<'unread' | 'all'>('unread');
  const list = useQuery({ queryKey: ['notifications', filter], queryFn: () => unwrap(client.GET('/api/notifications', { params: { query: filter === 'unread' ? { unread: 'true' } : {} } })) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => unwrap(client.POST('/api/notifications/{id}/read', { params: { path: { id } } })), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => unwrap(client.POST('/api/notifications/read-all')), onSuccess: refresh });
  return (
    <Card
      title={t('通知', 'Notifications')}
      extra={
        <>
          <Segmented value={filter} onChange={(v) => setFilter(v as 'unread' | 'all')} options={[{ label: t('未读', 'Unread'), value: 'unread' }, { label: t('全部', 'All'), value: 'all' }]} />
          <Button style={{ marginLeft: 8 }} onClick={() => readAll.mutate()}>
            {t('全部标为已读', 'Mark all read')}
          </Button>
        </>
      }
    >
      <List
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('没有通知', 'No notifications') }}
        renderItem={(n) => (
          <List.Item actions={n.readAt ? [] : [<a key="r" onClick={() => read.mutate(n.id)}>{t('标为已读', 'Mark read')}</a>]}>
            <List.Item.Meta
              title={
                <>
                  {!n.readAt && <Tag color="red">{t('未读', 'New')}</Tag>}
                  {n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
                </>
              }
              description={
                <>
                  <Typography.Text>{n.body}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
