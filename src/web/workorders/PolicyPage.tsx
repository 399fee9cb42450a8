import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Flex, Input, List, Row, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { parseDocument, type Document } from 'yaml';
import { useCatalogue } from '../admin/admin-data';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from './format';
import { DeadlinesForm } from './policy/DeadlinesForm';
import { PermissionsForm } from './policy/PermissionsForm';
import { checkPolicy, OFFER_ROLES, pathLabel, pick, type PolicyShape } from './policy/policy-form';

// 客诉策略 (docs/workorders.md#policy-format-policiescomplaint-policyyaml). The administrator edits the numbers that
// matter day to day — each deadline's time limit, unit and starting point, the warning point, the notice for an
// extension, the offer limits — in a form, and sees at once when each deadline would fall for a sample receipt;
// who may take each step (`actions`) and the steps that need other roles for some severities (`approvals`) in a
// second form. The forms edit the YAML document in place (yaml's Document keeps the comments), so the published
// text is the text the administrator would have written; the whole YAML stays available as an advanced view.

/** 客诉策略: the structured form with its live preview, the YAML as an advanced view, and the version history. */
export function PolicyPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const versions = useQuery({ queryKey: ['workorders', 'policy', 'versions'], queryFn: () => unwrap(client.GET('/api/workorders/policy/versions')) });
  const latest = versions.data?.[0];
  const [draft, setDraft] = useState<{ base: number; yaml: string } | null>(null);
  const [note, setNote] = useState('');
  const [viewing, setViewing] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ text: string; errors: { field: string; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sample, setSample] = useState<Dayjs>(() => dayjs().hour(10).minute(0).second(0));

  const shown = viewing !== null ? versions.data?.find((v) => v.version === viewing) : null;
  const text = draft?.yaml ?? latest?.yaml ?? '';

  // The YAML text is the one source: the form reads it and writes back into it.
  const doc = useMemo<Document | null>(() => {
    const d = parseDocument(text);
    return d.errors.length ? null : d;
  }, [text]);
  const policy = useMemo<PolicyShape>(() => (doc ? ((doc.toJS() as PolicyShape) ?? {}) : {}), [doc]);
  const catalogue = useCatalogue();
  const pack = useQuery({
    queryKey: ['rules', policy.severity?.pack],
    queryFn: () => unwrap(client.GET('/api/rules/{id}', { params: { path: { id: policy.severity!.pack! } } })),
    enabled: !!policy.severity?.pack,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const roleOptions = useMemo(() => Object.entries(catalogue.data?.roles ?? {}).map(([code, l]) => ({ value: code, label: l[lang] })), [catalogue.data, lang]);
  const severityOptions = useMemo(
    () => (pack.data ? [...pack.data.levels.map((l) => ({ value: l.id, label: l.label[lang] })), { value: pack.data.fallback, label: pack.data.fallbackLabel[lang] }] : []),
    [pack.data, lang],
  );
  const roleName = (code: string) => pick(catalogue.data?.roles[code] ?? OFFER_ROLES[code], lang, code);
  const known = useMemo(
    () => ({ roles: catalogue.data ? Object.keys(catalogue.data.roles) : undefined, severities: pack.data ? severityOptions.map((o) => o.value) : undefined }),
    [catalogue.data, pack.data, severityOptions],
  );
  const problems = useMemo(() => checkPolicy(policy, lang, known), [policy, lang, known]);

  const change = (fn: (d: Document) => void) => {
    if (!latest || !doc) return;
    const next = doc.clone();
    fn(next);
    setDraft({ base: draft?.base ?? latest.version, yaml: next.toString() });
    // The refusal was about the text before this edit; the fields still wrong stay marked in red.
    setProblem(null);
  };
  const edit = (path: (string | number)[], value: unknown) => change((d) => d.setIn(path, value));

  const publish = async () => {
    if (!latest) return;
    if (problems.size > 0) {
      setProblem({ text: t('请先改正标红的项。', 'Correct the fields marked in red first.'), errors: [] });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const saved = await unwrap(client.PUT('/api/workorders/policy', { body: { baseVersion: draft?.base ?? latest.version, yaml: text, note: note.trim() || undefined } }));
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

  const syntaxError = <Alert type="error" showIcon title={t('YAML 有语法错误，请在“高级（YAML）”中改正后再使用表单。', 'The YAML has a syntax error: correct it under “Advanced (YAML)” to use the form.')} />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={17}>
        <Card
          title={
            <>
              {t('客诉处理策略', 'Complaint policy')} {latest && <Tag color="blue">{t(`现行第 ${latest.version} 版`, `in force: v${latest.version}`)}</Tag>}
            </>
          }
          extra={
            <Flex gap={8} wrap>
              <Input placeholder={t('修改说明', 'Change note')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 220 }} />
              <Button type="primary" onClick={publish} loading={busy} disabled={!draft || viewing !== null}>
                {t('发布新版本', 'Publish new version')}
              </Button>
            </Flex>
          }
        >
          <Typography.Paragraph type="secondary">
            {t(
              '各期限的时限、单位和起算点，到期预警点，延期申请提前量，程度判定规则包和补偿上限；“操作权限”中设置各步骤由哪些角色执行，以及按程度改由其他角色执行的审批。右侧“示例到期”按工作日历即时算出：选一个收到时间，看每个期限何时到期。发布后新工单按新版本执行，已有工单保持其创建时的版本。必填字段在“高级（YAML）”中修改。',
              'Each deadline’s time limit, unit and starting point, the warning point, the extension notice, the severity pack and the offer limits; under “Who may act”, the roles that take each step and the approvals that need other roles for some severities. “Sample due” is computed from the working calendar as you type: pick a receipt time and see when each deadline falls. New work orders follow a new version; existing ones keep theirs. Required fields are edited in “Advanced (YAML)”.',
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
                        {pathLabel(fe.field, policy, lang, roleName)}：{fe.message}
                      </li>
                    ))}
                  </ul>
                )
              }
            />
          )}
          {shown ? (
            <>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`正在查看第 ${shown.version} 版（只读）`, `Viewing version ${shown.version} (read only)`)} action={<Button onClick={() => setViewing(null)}>{t('返回编辑', 'Back to editing')}</Button>} />
              <Input.TextArea value={shown.yaml} readOnly autoSize={{ minRows: 12, maxRows: 40 }} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }} translate="no" />
            </>
          ) : (
            <Tabs
              items={[
                {
                  key: 'form',
                  label: t('策略设置', 'Settings'),
                  children: doc ? (
                    <>
                      <Flex gap={8} align="center" style={{ marginBottom: 12 }} wrap>
                        <Typography.Text>{t('示例收到时间', 'Sample receipt')}</Typography.Text>
                        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={sample} allowClear={false} onChange={(v) => v && setSample(v)} aria-label={t('示例收到时间', 'Sample receipt')} />
                      </Flex>
                      <div data-testid="policy-form">
                        <DeadlinesForm policy={policy} problems={problems} edit={edit} sample={sample} roleName={roleName} />
                      </div>
                    </>
                  ) : (
                    syntaxError
                  ),
                },
                {
                  key: 'roles',
                  label: (
                    <span>
                      {t('操作权限', 'Who may act')}
                      {[...problems.keys()].some((k) => k.startsWith('actions') || k.startsWith('approvals') || k.startsWith('repairs')) && <Tag color="error" style={{ marginLeft: 6 }}>{t('有误', 'errors')}</Tag>}
                    </span>
                  ),
                  children: doc ? <PermissionsForm policy={policy} problems={problems} change={change} roles={roleOptions} severities={severityOptions} roleName={roleName} /> : syntaxError,
                },
                {
                  key: 'yaml',
                  label: t('高级（YAML）', 'Advanced (YAML)'),
                  children: (
                    <Input.TextArea
                      value={text}
                      onChange={(e) => latest && setDraft({ base: draft?.base ?? latest.version, yaml: e.target.value })}
                      autoSize={{ minRows: 24, maxRows: 48 }}
                      spellCheck={false}
                      translate="no"
                      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
                      aria-label={t('策略 YAML', 'Policy YAML')}
                    />
                  ),
                },
              ]}
            />
          )}
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
                      {formatShanghai(v.createdAt)} {v.createdBy ?? t('随版本发布', 'shipped with the release')}
                      {v.note && <div>{v.version === 1 && !v.createdBy ? t('系统内置策略', 'The built-in policy') : v.note}</div>}
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
