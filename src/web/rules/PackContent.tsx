// A rule pack's content in words: each level's conditions and outputs, and the facts it reads (docs/rules.md).
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../app/i18n';
import type { PackView } from './rules-api';
import { formatOutput, outputLabel, pick } from './rules-utils';

export function LevelsView({ pack }: { pack: PackView }) {
  const { t, lang } = useI18n();
  return (
    <>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="pack-levels">
        {pack.levels.map((l) => (
          <Card key={l.id} size="small" title={<Tag color="blue">{pick(l.label, lang)}</Tag>} extra={l.requires && <Typography.Text type="secondary">{t(`前置等级：${l.requires}`, `Requires: ${l.requires}`)}</Typography.Text>}>
            {l.incomplete && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('原文不完整，此等级不授予', 'The source is incomplete; this level is never granted')} description={pick(l.incomplete, lang)} />}
            {l.conditions.length > 0 && (
              <>
                <Typography.Text type="secondary">{t('全部满足以下条件：', 'All of these hold:')}</Typography.Text>
                <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {l.conditions.map((c, i) => (
                    <li key={i}>{pick(c, lang)}</li>
                  ))}
                </ol>
              </>
            )}
            {Object.keys(l.outputs).length > 0 && (
              <Descriptions size="small" column={1} style={{ marginTop: 8 }} title={t('输出', 'Outputs')} items={Object.entries(l.outputs).map(([k, v]) => ({ key: k, label: outputLabel(k, lang), children: formatOutput(v, lang) }))} />
            )}
          </Card>
        ))}
        <Card size="small" title={<Tag>{pick(pack.fallbackLabel, lang)}</Tag>}>
          <Typography.Text type="secondary">{t('以上等级都不成立时。', 'When no level above holds.')}</Typography.Text>
        </Card>
      </Space>
      {pack.notes.length > 0 && (
        <Alert
          type="info"
          style={{ marginTop: 12 }}
          title={t('解读说明', 'How the pack reads the source')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {pack.notes.map((n, i) => (
                <li key={i}>{pick(n, lang)}</li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
}

const TYPE_LABEL: Record<string, [string, string]> = {
  number: ['数值', 'number'],
  boolean: ['是/否', 'yes/no'],
  string: ['文本', 'text'],
  enum: ['选项', 'choice'],
  string_list: ['列表', 'list'],
  score_map: ['分项得分', 'part scores'],
  events: ['事件', 'events'],
};

export function FactsView({ pack }: { pack: PackView }) {
  const { t, lang } = useI18n();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="name"
      dataSource={Object.entries(pack.facts).map(([name, def]) => ({ name, def }))}
      columns={[
        { title: t('名称', 'Name'), render: (_, r) => <Typography.Text code>{r.name}</Typography.Text> },
        { title: t('含义', 'Meaning'), render: (_, r) => pick(r.def.label, lang) },
        { title: t('类型', 'Type'), render: (_, r) => (lang === 'zh' ? TYPE_LABEL[r.def.type][0] : TYPE_LABEL[r.def.type][1]) },
        {
          title: t('取值', 'Values'),
          render: (_, r) =>
            [
              r.def.values?.map((v) => pick(r.def.valueLabels?.[v], lang) || v).join(' / '),
              r.def.eventTypes?.map((v) => pick(r.def.eventTypeLabels?.[v], lang) || v).join(' / '),
              r.def.min !== undefined || r.def.max !== undefined ? `${r.def.min ?? '…'} – ${r.def.max ?? '…'}` : '',
              r.def.required ? t('必填', 'required') : r.def.default !== undefined ? `${t('默认', 'default')} ${JSON.stringify(r.def.default)}` : '',
            ]
              .filter(Boolean)
              .join('；'),
        },
      ]}
    />
  );
}
