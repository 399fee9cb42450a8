import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Grid, Input, List, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { hasAnyRole, useMe } from '../app/auth';
import { client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from '../workorders/format';
import { CATEGORIES, KINDS } from '../workorders/labels';
import { EntryEditor } from './EntryEditor';
import { TemplateText } from './KnowledgePicker';
import { USE_LABELS, knowledgeKeys, useKnowledgeEntries, type KnowledgeEntry, type KnowledgeQuery, type KnowledgeUse } from './knowledge-api';

// 话术库 (docs/knowledge.md): every desk user browses and searches the answers and call scripts they may use; the
// administrators of a unit add, edit, retire and delete their unit's entries here. How often each entry was
// used — in replies, callbacks, SMS and calls — shows beside it.

export function KnowledgePage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const isAdmin = hasAnyRole(me.data, ['admin', 'sysadmin']);
  const narrow = !Grid.useBreakpoint().md;
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [use, setUse] = useState<KnowledgeUse | undefined>();
  const [retired, setRetired] = useState(false);
  const [editing, setEditing] = useState<KnowledgeEntry | 'new' | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useKnowledgeEntries({ q: q || undefined, kind: kind as KnowledgeQuery['kind'], use, retired: retired ? 'true' : undefined });
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);
  const refresh = () => qc.invalidateQueries({ queryKey: knowledgeKeys.all });

  const run = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      await refresh();
    }
  };
  const setActive = (e: KnowledgeEntry, active: boolean) =>
    run(() => unwrap(client.PATCH('/api/knowledge/entries/{id}', { params: { path: { id: e.id } }, body: { version: e.version, active } })), active ? t('已启用', 'Activated') : t('已停用', 'Retired'));
  const remove = (e: KnowledgeEntry) => run(() => unwrap(client.DELETE('/api/knowledge/entries/{id}', { params: { path: { id: e.id }, query: { version: e.version } } })), t('已删除', 'Deleted'));

  /** The kinds and category an entry is for. */
  const forTags = (e: KnowledgeEntry) => (
    <>
      {e.kinds.length === 0 ? <Tag>{t('全部类型', 'Every kind')}</Tag> : e.kinds.map((k) => <Tag key={k}>{label(KINDS[k] ?? { zh: k, en: k })}</Tag>)}
      {e.category && <Tag color="orange">{label(CATEGORIES[e.category] ?? { zh: e.category, en: e.category })}</Tag>}
    </>
  );

  const columns: ColumnsType<KnowledgeEntry> = [
    {
      title: t('标题', 'Title'),
      dataIndex: 'title',
      width: 260,
      render: (v: string, e) => (
        <span>
          {v}
          {!e.active && (
            <Tag style={{ marginLeft: 8 }} data-testid="entry-retired">
              {t('已停用', 'Retired')}
            </Tag>
          )}
          {e.keywords && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {e.keywords}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: t('适用', 'For'), key: 'for', width: 170, render: (_, e) => forTags(e) },
    { title: t('用于', 'Used in'), dataIndex: 'uses', width: 150, render: (uses: KnowledgeUse[]) => uses.map((u) => <Tag key={u} color="blue">{label(USE_LABELS[u])}</Tag>) },
    {
      title: t('使用次数', 'Uses'),
      dataIndex: 'useCount',
      width: 90,
      align: 'right',
      render: (n: number, e) => (
        <Tooltip title={(Object.keys(USE_LABELS) as KnowledgeUse[]).map((u) => `${label(USE_LABELS[u])} ${e.usage[u]}`).join(' · ')}>
          <span data-testid="entry-uses">{n}</span>
        </Tooltip>
      ),
    },
    {
      title: t('所属单位 · 最近修改', 'Unit · last edited'),
      key: 'updated',
      width: 190,
      render: (_, e) => (
        <span>
          {e.unitName}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {formatShanghai(e.updatedAt)} · {e.updatedBy}
          </Typography.Text>
        </span>
      ),
    },
  ];
  /** An administrator's buttons for one entry; an entry of a unit above shows who keeps it. */
  const actionsOf = (e: KnowledgeEntry) =>
    e.editable ? (
      <Space size={4} wrap>
        <Button size="small" type="link" onClick={() => setEditing(e)} data-testid="entry-edit">
          {t('编辑', 'Edit')}
        </Button>
        <Button size="small" type="link" onClick={() => setActive(e, !e.active)}>
          {e.active ? t('停用', 'Retire') : t('启用', 'Activate')}
        </Button>
        {e.useCount === 0 && (
          <Popconfirm title={t('删除该条目？', 'Delete this entry?')} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(e)}>
            <Button size="small" type="link" danger>
              {t('删除', 'Delete')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('上级单位维护', 'Kept above')}</Typography.Text>
    );
  if (isAdmin) columns.push({ title: t('操作', 'Actions'), key: 'actions', width: 170, render: (_, e) => actionsOf(e) });

  return (
    <Card
      title={t('话术库', 'Scripts and answers')}
      extra={
        isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="entry-new">
            {t('新建话术', 'New entry')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '常用答复口径、来电与回访话术和短信模板，按工单类型和用途分类；在答复、回访、发短信和来电登记时检索选用，{客户}、{受理编号}、{答复期限} 等占位符自动填写。各单位管理员维护本单位的条目，适用于其下所有部门。',
          'Standard answers, call and callback scripts and SMS texts by work-order kind and use; picked in the reply, callback and SMS dialogs and while registering a call, with placeholders such as {客户}, {受理编号}, {答复期限} filled in. Each unit’s administrators keep its entries, which serve every department below it.',
        )}
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 16 }} align="center">
        <Input.Search allowClear value={typed} onChange={(e) => setTyped(e.target.value)} onSearch={(v) => setQ(v.trim())} placeholder={t('搜索标题、关键词或正文', 'Search titles, keywords and text')} style={{ width: 280 }} data-testid="knowledge-page-search" />
        <Select allowClear value={kind} onChange={setKind} placeholder={t('工单类型', 'Kind')} style={{ width: 140 }} options={Object.entries(KINDS).map(([value, l]) => ({ value, label: label(l) }))} />
        <Select allowClear value={use} onChange={setUse} placeholder={t('用途', 'Use')} style={{ width: 140 }} options={(Object.keys(USE_LABELS) as KnowledgeUse[]).map((u) => ({ value: u, label: label(USE_LABELS[u]) }))} />
        {isAdmin && (
          <Space>
            <Switch checked={retired} onChange={setRetired} aria-label={t('含已停用', 'Include retired')} />
            <span>{t('含已停用', 'Include retired')}</span>
          </Space>
        )}
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorText(list.error, lang)} style={{ marginBottom: 12 }} />}
      {list.data?.truncated && <Alert type="info" showIcon title={t('匹配的条目过多，只显示前 500 条，请缩小搜索范围。', 'Too many matches: the first 500 are shown; narrow the search.')} style={{ marginBottom: 12 }} />}
      {narrow ? (
        // Below 768 px a list of cards, as the register (docs/web.md "Phones"): the text shows in full.
        <List<KnowledgeEntry>
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          locale={{ emptyText: t('没有匹配的话术', 'Nothing matches') }}
          renderItem={(e) => (
            <List.Item data-testid="entry-card">
              <div style={{ width: '100%' }}>
                <Typography.Text strong>{e.title}</Typography.Text>
                {!e.active && <Tag style={{ marginLeft: 8 }}>{t('已停用', 'Retired')}</Tag>}
                <div style={{ margin: '4px 0' }}>
                  {forTags(e)}
                  {e.uses.map((u) => (
                    <Tag key={u} color="blue">
                      {label(USE_LABELS[u])}
                    </Tag>
                  ))}
                </div>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                  <TemplateText text={e.body} />
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`使用 ${e.useCount} 次`, `Used ${e.useCount}×`)} · {e.unitName}
                </Typography.Text>
                {isAdmin && <div>{actionsOf(e)}</div>}
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<KnowledgeEntry>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: isAdmin ? 1080 : 900 }}
          expandable={{
            expandedRowRender: (e) => (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="entry-body">
                <TemplateText text={e.body} />
              </Typography.Paragraph>
            ),
          }}
          locale={{ emptyText: t('没有匹配的话术', 'Nothing matches') }}
        />
      )}
      {editing && <EntryEditor entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}
