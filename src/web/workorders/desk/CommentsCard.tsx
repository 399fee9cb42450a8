import { CommentOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Empty, Flex, List, Mentions, Typography } from 'antd';
import { Fragment, useMemo, useState } from 'react';
import { client, unwrap } from '../../app/api';
import { errorText, useI18n } from '../../app/i18n';
import { formatShanghai } from '../format';
import { newIdempotencyKey } from '../hooks';

// 内部备注 on the detail page (docs/workorders.md "Comments"): staff notes with @mentions, never on the portal. The
// mention list is the server's list of people who see this work order; a mentioned person is notified.

/** The body with each `@username` of a mentioned person shown as a tag-like name. */
function Body({ text, names }: { text: string; names: Map<string, string> }) {
  const parts = text.split(/(@[A-Za-z0-9._-]{2,50})/g);
  return (
    <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((p, i) => {
        const who = p.startsWith('@') ? names.get(p.slice(1).toLowerCase()) : undefined;
        return who ? (
          <Typography.Text key={i} style={{ color: '#1f5fbf', background: '#e6f0ff', borderRadius: 4, padding: '0 3px' }} title={p}>
            @{who}
          </Typography.Text>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        );
      })}
    </span>
  );
}

export function CommentsCard({ woId }: { woId: string }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const comments = useQuery({ queryKey: ['workorders', 'comments', woId], queryFn: () => unwrap(client.GET('/api/workorders/{id}/comments', { params: { path: { id: woId } } })) });
  const people = useQuery({
    queryKey: ['workorders', 'mentionable', woId],
    queryFn: () => unwrap(client.GET('/api/workorders/{id}/mentionable', { params: { path: { id: woId } } })),
    staleTime: 60_000,
  });
  const options = useMemo(
    () =>
      (people.data ?? []).map((u) => ({
        value: u.username,
        key: u.id,
        label: (
          <span data-testid={`mention-option-${u.username}`}>
            {u.displayName} <Typography.Text type="secondary">@{u.username}{u.unitName ? ` · ${u.unitName}` : ''}</Typography.Text>
          </span>
        ),
      })),
    [people.data],
  );

  const submit = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/workorders/{id}/comments', { params: { path: { id: woId }, header: { 'idempotency-key': key } }, body: { body: text.trim() } }));
      setText('');
      setKey(newIdempotencyKey());
      message.success(t('备注已发布', 'Note posted'));
      await qc.invalidateQueries({ queryKey: ['workorders', 'comments', woId] });
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <CommentOutlined />
          {t('内部备注', 'Internal notes')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {t('仅内部可见，客户门户不显示', 'staff only, never shown on the portal')}
          </Typography.Text>
        </Flex>
      }
      data-testid="comments"
    >
      {comments.error && <Alert type="error" showIcon title={errorText(comments.error, lang)} />}
      {comments.data && comments.data.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无备注：输入 @ 可提醒同事', 'No notes yet: type @ to mention a colleague')} />}
      {comments.data && comments.data.length > 0 && (
        <List
          size="small"
          dataSource={comments.data}
          renderItem={(c) => (
            <List.Item data-testid="comment">
              <div style={{ width: '100%' }}>
                <Typography.Text strong>{c.authorName}</Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatShanghai(c.createdAt)}
                </Typography.Text>
                <div>
                  <Body text={c.body} names={new Map(c.mentions.map((m) => [m.username.toLowerCase(), m.displayName]))} />
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      <div style={{ marginTop: 12 }}>
        <Mentions
          rows={3}
          value={text}
          onChange={setText}
          options={options}
          loading={people.isLoading}
          placeholder={t('写备注，输入 @ 提醒同事（对方会收到通知）', 'Write a note; type @ to mention a colleague (they are notified)')}
          filterOption={(input, opt) => {
            const u = (people.data ?? []).find((p) => p.username === opt.value);
            const q = input.toLowerCase();
            return !!u && (u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q));
          }}
          data-testid="comment-input"
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="comment-error" />}
        <Flex justify="flex-end" style={{ marginTop: 8 }}>
          <Button type="primary" onClick={submit} loading={busy} disabled={!text.trim()} data-testid="comment-submit">
            {t('发布备注', 'Post note')}
          </Button>
        </Flex>
      </div>
    </Card>
  );
}
