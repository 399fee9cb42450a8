import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Flex, Input, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from './format';
import type { PolicyVersionView } from './types';

/**
 * 客诉策略 (issue 4 "Policy"): the complaint policy as YAML — required fields, severity pack, deadline table,
 * who may do what. Publishing makes a new version; work orders keep the version they were created under.
 */
export function PolicyPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const versions = useQuery({ queryKey: ['workorders', 'policy', 'versions'], queryFn: () => api.get<PolicyVersionView[]>('/api/workorders/policy/versions') });
  const latest = versions.data?.[0];
  const [draft, setDraft] = useState<{ base: number; yaml: string } | null>(null);
  const [note, setNote] = useState('');
  const [viewing, setViewing] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ text: string; errors: { field: string; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const shown = viewing !== null ? versions.data?.find((v) => v.version === viewing) : null;
  const text = draft?.yaml ?? latest?.yaml ?? '';

  const publish = async () => {
    if (!latest) return;
    setBusy(true);
    setProblem(null);
    try {
      const saved = await api.put<PolicyVersionView>('/api/workorders/policy', { baseVersion: draft?.base ?? latest.version, yaml: text, note: note.trim() || undefined });
      message.success(t(`已发布第 ${saved.version} 版`, `Version ${saved.version} published`));
      setDraft(null);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['workorders', 'policy'] });
    } catch (e) {
      const stale = e instanceof ApiError && e.code === 'stale_version';
      setProblem({
        text: stale ? t('已有人发布了更新的版本。请复制您的修改，刷新后再合并发布。', 'Someone published a newer version. Copy your changes, reload and publish again.') : errorText(e, lang),
        errors: e instanceof ApiError ? e.errors : [],
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={17}>
        <Card
          title={
            <>
              {t('客诉处理策略', 'Complaint policy')} {latest && <Tag color="blue">{t(`现行第 ${latest.version} 版`, `in force: v${latest.version}`)}</Tag>}
            </>
          }
          extra={
            <Flex gap={8}>
              <Input placeholder={t('修改说明', 'Change note')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 220 }} />
              <Button type="primary" onClick={publish} loading={busy} disabled={!draft || viewing !== null}>
                {t('发布新版本', 'Publish new version')}
              </Button>
            </Flex>
          }
        >
          <Typography.Paragraph type="secondary">
            {t(
              '必填字段、程度判定规则包、期限表（含单位）、各操作的角色。格式见 docs/workorders.md。发布后新工单按新版本执行，已有工单保持其创建时的版本。',
              'Required fields, severity pack, the deadline table (with units) and who may do what. Format: docs/workorders.md. New work orders follow the new version; existing ones keep theirs.',
            )}
          </Typography.Paragraph>
          {problem && (
            <Alert
              type="error"
              showIcon
              title={problem.text}
              style={{ marginBottom: 12 }}
              description={
                problem.errors.length > 0 && (
                  <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="policy-errors">
                    {problem.errors.map((fe) => (
                      <li key={`${fe.field}-${fe.message}`}>
                        <Typography.Text code>{fe.field}</Typography.Text> {fe.message}
                      </li>
                    ))}
                  </ul>
                )
              }
            />
          )}
          {shown && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`正在查看第 ${shown.version} 版（只读）`, `Viewing version ${shown.version} (read only)`)} action={<Button onClick={() => setViewing(null)}>{t('返回编辑', 'Back to editing')}</Button>} />
          )}
          <Input.TextArea
            value={shown ? shown.yaml : text}
            readOnly={!!shown}
            onChange={(e) => latest && setDraft({ base: draft?.base ?? latest.version, yaml: e.target.value })}
            autoSize={{ minRows: 24, maxRows: 48 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
            aria-label={t('策略 YAML', 'Policy YAML')}
          />
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        <Card title={t('版本历史', 'Versions')} size="small">
          <List
            loading={versions.isLoading}
            dataSource={versions.data ?? []}
            renderItem={(v) => (
              <List.Item actions={[<a key="v" onClick={() => setViewing(v.version)}>{t('查看', 'View')}</a>]}>
                <List.Item.Meta
                  title={`v${v.version}${v.version === latest?.version ? t('（现行）', ' (in force)') : ''}`}
                  description={
                    <>
                      {formatShanghai(v.createdAt)} {v.createdBy ?? t('随版本发布', 'shipped')}
                      {v.note && <div>{v.note}</div>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
