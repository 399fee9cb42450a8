import { Alert, Card, Col, Empty, Menu, Row, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { useRulePack, useRulePacks } from './rules-api';
import { pick } from './rules-utils';
import { FactsView, LevelsView } from './PackContent';
import { TryIt } from './TryIt';
import { VersionsView } from './VersionsView';

/** 规则库 /rules (docs/rules.md#what-a-level-rule-is, docs/rules.md#administration-and-api): the packs, each level's conditions in words, versions, and "try it". */
export function RulesPage() {
  const { t, lang } = useI18n();
  const packs = useRulePacks();
  const [params, setParams] = useSearchParams();
  const selected = params.get('pack') ?? packs.data?.[0]?.id;
  const versionParam = params.get('version');
  const version = versionParam ? Number(versionParam) : undefined;
  const select = (id: string, v?: number) => setParams(v ? { pack: id, version: String(v) } : { pack: id });

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('规则库', 'Rule packs')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '定级与判定规则：按顺序检查各等级的条件，给出最高成立的等级，并说明更高等级为何不成立。',
          'Level rules: the highest level whose conditions all hold, with every reason why a higher level was refused.',
        )}
      </Typography.Paragraph>
      {packs.error && <Alert type="error" title={errorText(packs.error, lang)} />}
      <Row gutter={16}>
        <Col xs={24} lg={6}>
          <Card size="small" styles={{ body: { padding: 0 } }} loading={packs.isLoading}>
            <Menu
              data-testid="rule-packs"
              selectedKeys={selected ? [selected] : []}
              items={(packs.data ?? []).map((p) => ({
                key: p.id,
                label: (
                  <span title={p.id}>
                    {pick(p.title, lang)} <Typography.Text type="secondary">v{p.latestVersion}</Typography.Text>
                  </span>
                ),
              }))}
              onClick={(e) => select(e.key)}
              style={{ borderInlineEnd: 'none' }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={18}>
          {selected ? <PackDetail key={`${selected}@${version ?? 'latest'}`} id={selected} version={version} onVersion={(v) => select(selected, v)} /> : <Empty />}
        </Col>
      </Row>
    </>
  );
}

function PackDetail({ id, version, onVersion }: { id: string; version?: number; onVersion(v?: number): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const isAdmin = hasAnyRole(me.data, ['admin']);
  const pack = useRulePack(id, version);
  if (pack.isLoading) return <Spin />;
  if (pack.error || !pack.data) return <Alert type="error" title={errorText(pack.error, lang)} />;
  const p = pack.data;
  const versions = Array.from({ length: p.latestVersion }, (_, i) => p.latestVersion - i);
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="pack-title">{pick(p.title, lang)}</span>
          <Typography.Text type="secondary" code>
            {p.id}
          </Typography.Text>
        </Space>
      }
      extra={
        <Select
          size="small"
          value={p.version}
          style={{ width: 150 }}
          onChange={(v) => onVersion(v === p.latestVersion ? undefined : v)}
          options={versions.map((v) => ({ value: v, label: `${t('版本', 'Version')} ${v}${v === p.latestVersion ? t('（当前）', ' (current)') : ''}` }))}
          aria-label={t('版本', 'Version')}
        />
      }
    >
      {p.description && <Typography.Paragraph>{pick(p.description, lang)}</Typography.Paragraph>}
      {p.version !== p.latestVersion && (
        <Alert type="info" style={{ marginBottom: 12 }} title={t(`正在查看旧版本 ${p.version}；试算将使用此版本。`, `Viewing old version ${p.version}; "try it" uses this version.`)} />
      )}
      <Tabs
        items={[
          { key: 'levels', label: t('等级与条件', 'Levels'), children: <LevelsView pack={p} /> },
          { key: 'try', label: t('试算', 'Try it'), children: <TryIt pack={p} /> },
          { key: 'facts', label: t('事实定义', 'Facts'), children: <FactsView pack={p} /> },
          { key: 'versions', label: t('版本', 'Versions'), children: <VersionsView pack={p} isAdmin={isAdmin} onVersion={onVersion} /> },
        ]}
      />
    </Card>
  );
}
