// The public grading site (no account): 公示 with an objection form, and 公告 of grades, downgrades and
// revocations (docs/grading.md#the-pipeline-art-7, docs/grading.md#supervision-art-11 (定级办法 Art. 11)). It stands for the authority's official website of Art. 7(4).
import { useMutation } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Empty, Flex, Form, Input, Layout, Modal, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ObjectionCreateInput, PublicAnnouncement, PublicNotice } from '../../modules/grading/grading.schemas';
import { ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { fileObjection, useIdempotencyKey, usePublicAnnouncements, usePublicNotices, useRefreshGrading } from '../grading/grading-api';
import { ANNOUNCEMENT_KIND_LABELS, label, LEVEL_COLORS, LEVEL_LABELS, MINE_TYPE_LABELS } from '../grading/grading-labels';
import { shanghaiDateTime } from '../grading/grading-utils';

export function PublicGradingPage() {
  const { t, lang, setLang } = useI18n();
  const [tab, setTab] = useState('notices');
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#1f5fbf', display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '0 24px' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          {t('煤矿安全生产标准化管理体系考核定级 · 公示公告', 'Coal mine safety standardisation grading · notices and announcements')}
        </Typography.Title>
        <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, margin: '0 auto', width: '100%' }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'notices', label: t('定级公示', 'Public notices'), children: <NoticesTab /> },
            { key: 'announcements', label: t('等级公告', 'Announcements'), children: <AnnouncementsTab /> },
          ]}
        />
      </Layout.Content>
    </Layout>
  );
}

function NoticesTab() {
  const { t, lang } = useI18n();
  const notices = usePublicNotices();
  const [objecting, setObjecting] = useState<PublicNotice | null>(null);
  if (notices.error) return <Alert type="error" showIcon title={errorText(notices.error, lang)} />;
  const open = (notices.data ?? []).filter((n) => n.status === 'open');
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(
          '以下煤矿已通过考核，现予公示，公示期不少于 5 个工作日。对公示结果有异议的单位或个人，可在公示期内实名提出。',
          'The following mines passed assessment and are on public notice for at least 5 working days. Anyone who disagrees may object, with their name, during the notice period.',
        )}
      </Typography.Paragraph>
      <Card loading={notices.isLoading}>
        {open.length === 0 ? (
          <Empty description={t('当前没有公示', 'No notices at present')} />
        ) : (
          <Table<PublicNotice>
            rowKey="id"
            dataSource={open}
            pagination={false}
            data-testid="public-notices"
            scroll={{ x: 1000 }}
            expandable={{ expandedRowRender: (n) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.text}</Typography.Paragraph> }}
            columns={[
              { title: t('煤矿', 'Mine'), dataIndex: 'mineName', width: 170 },
              { title: t('所属企业', 'Enterprise'), dataIndex: 'enterpriseName', width: 170, render: (v: string | null) => v ?? '—' },
              { title: t('类型', 'Type'), dataIndex: 'mineType', width: 80, render: (v: string) => label(MINE_TYPE_LABELS, v, lang) },
              { title: t('考核结果', 'Assessed grade'), dataIndex: 'level', render: (v: string) => <Tag color={LEVEL_COLORS[v]}>{label(LEVEL_LABELS, v, lang)}</Tag> },
              { title: t('考核定级部门', 'Assessing body'), dataIndex: 'authorityName' },
              { title: t('公示期', 'Notice period'), key: 'period', width: 190, render: (_, n) => <>{shanghaiDateTime(n.publishedAt)} —<br />{shanghaiDateTime(n.runsUntil)}</> },
              {
                title: '',
                key: 'obj',
                render: (_, n) => (
                  <Button onClick={() => setObjecting(n)} data-testid="object">
                    {t('提出异议', 'Object')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {objecting && <ObjectionModal notice={objecting} onClose={() => setObjecting(null)} />}
    </>
  );
}

/** 异议: name, contact and content; rate-limited by the server per address. */
function ObjectionModal({ notice, onClose }: { notice: PublicNotice; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ObjectionCreateInput>();
  const refresh = useRefreshGrading();
  const [error, setError] = useState<unknown>(null);
  // One key per opened form: a resubmission after a lost answer is the same objection, not a second one.
  const [idempotencyKey] = useIdempotencyKey();
  const send = useMutation({ mutationFn: (body: ObjectionCreateInput) => fileObjection(notice.id, body, idempotencyKey) });
  const submit = async (v: ObjectionCreateInput) => {
    setError(null);
    try {
      const r = await send.mutateAsync(v);
      message.success(t(`异议已受理（${shanghaiDateTime(r.receivedAt)}），考核定级部门将核查处理。`, `Objection received (${shanghaiDateTime(r.receivedAt)}); the assessing body will look into it.`));
      await refresh();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((x) => ({ name: x.field as keyof ObjectionCreateInput, errors: [x.message] })));
      else setError(e);
    }
  };
  return (
    <Modal
      open
      title={t(`对“${notice.mineName}”的公示提出异议`, `Object to the notice for ${notice.mineName}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={send.isPending}
      okText={t('提交异议', 'Submit objection')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'objection-ok' } as Record<string, string>}
    >
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(error, lang)} data-testid="objection-error" /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('姓名或单位', 'Name or organisation')} rules={[{ required: true, message: t('请填写姓名', 'Your name is required') }]}>
          <Input maxLength={100} data-testid="objection-name" />
        </Form.Item>
        <Form.Item name="contact" label={t('联系方式', 'Contact')} rules={[{ required: true, message: t('请填写联系方式', 'A contact is required') }]}>
          <Input maxLength={200} data-testid="objection-contact" />
        </Form.Item>
        <Form.Item name="text" label={t('异议内容', 'Objection')} rules={[{ required: true, min: 5, message: t('请写明异议内容（至少 5 个字）', 'State the objection (5 characters or more)') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="objection-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AnnouncementsTab() {
  const { t, lang } = useI18n();
  const list = usePublicAnnouncements();
  const [kind, setKind] = useState<string>('all');
  if (list.error) return <Alert type="error" showIcon title={errorText(list.error, lang)} />;
  const rows = [...(list.data ?? [])].filter((a) => kind === 'all' || a.kind === kind).sort((a, b) => b.announcedAt.localeCompare(a.announcedAt));
  return (
    <Card loading={list.isLoading}>
      <Flex justify="space-between" style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          onChange={(v) => setKind(String(v))}
          options={[{ value: 'all', label: t('全部', 'All') }, ...Object.keys(ANNOUNCEMENT_KIND_LABELS).map((k) => ({ value: k, label: label(ANNOUNCEMENT_KIND_LABELS, k, lang) }))]}
        />
      </Flex>
      <Table<PublicAnnouncement>
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="public-announcements"
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('暂无公告', 'No announcements') }}
        columns={[
          { title: t('公告日期', 'Announced'), dataIndex: 'announcedAt', render: (v: string) => shanghaiDateTime(v).slice(0, 10), width: 120 },
          {
            title: t('事项', 'Kind'),
            dataIndex: 'kind',
            render: (v: string) => <Tag color={v === 'revoked' ? 'red' : v === 'downgraded' ? 'orange' : v === 'extended' ? 'blue' : 'green'}>{label(ANNOUNCEMENT_KIND_LABELS, v, lang)}</Tag>,
          },
          { title: t('煤矿', 'Mine'), dataIndex: 'mineName', width: 170 },
          { title: t('所属企业', 'Enterprise'), dataIndex: 'enterpriseName', width: 170, render: (v: string | null) => v ?? '—' },
          { title: t('类型', 'Type'), dataIndex: 'mineType', width: 80, render: (v: string) => label(MINE_TYPE_LABELS, v, lang) },
          {
            title: t('等级', 'Grade'),
            key: 'level',
            width: 130,
            render: (_, a) => (
              <Space size={4} wrap={false}>
                {a.fromLevel && a.fromLevel !== a.level && <Typography.Text delete>{label(LEVEL_LABELS, a.fromLevel, lang)}</Typography.Text>}
                {a.level ? <Tag color={LEVEL_COLORS[a.level]}>{label(LEVEL_LABELS, a.level, lang)}</Tag> : <Tag color="red">{t('撤消等级', 'Revoked')}</Tag>}
              </Space>
            ),
          },
          { title: t('有效期', 'Validity'), key: 'valid', width: 200, render: (_, a) => (a.validUntil ? `${a.since} — ${a.validUntil}` : a.since) },
          { title: t('公告机关', 'Authority'), dataIndex: 'authorityName' },
          { title: t('事由', 'Reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
        ]}
      />
    </Card>
  );
}
