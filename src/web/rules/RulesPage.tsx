import { CheckCircleTwoTone, CloseCircleTwoTone, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Menu,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n, type Lang } from '../app/i18n';
import { evaluateRules, useRulePack, useRulePacks, useUploadVersion, type Evaluation, type FactDef, type PackView } from './rules-api';
import { factOfField, formToFacts, type FormValue } from './rules-utils';

const pick = (text: { zh: string; en: string } | undefined, lang: Lang) => (text ? (lang === 'zh' ? text.zh : text.en) : '');

/** 规则库 /rules (DOMAIN §1.3, issue 3): the packs, each level's conditions in words, versions, and "try it". */
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

function LevelsView({ pack }: { pack: PackView }) {
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
              <Descriptions size="small" column={1} style={{ marginTop: 8 }} title={t('输出', 'Outputs')} items={Object.entries(l.outputs).map(([k, v]) => ({ key: k, label: k, children: formatOutput(v) }))} />
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

function formatOutput(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${String(x)}`)
      .join(', ');
  }
  return String(v);
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

function FactsView({ pack }: { pack: PackView }) {
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

/** The "试算 try it" form, generated from the pack's fact schema. */
function TryIt({ pack }: { pack: PackView }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Record<string, FormValue> & { __asOf?: Dayjs }>();
  const [result, setResult] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (values: Record<string, FormValue> & { __asOf?: Dayjs }) => {
    setBusy(true);
    setError(null);
    form.setFields(Object.keys(pack.facts).map((name) => ({ name, errors: [] })));
    try {
      const { __asOf, ...rest } = values;
      const r = await evaluateRules(pack.id, { facts: formToFacts(pack.facts, rest), asOf: __asOf?.format('YYYY-MM-DD'), version: pack.version });
      setResult(r);
    } catch (e) {
      setResult(null);
      if (e instanceof ApiError && e.errors.length) {
        const byFact = new Map<string, string[]>();
        const other: string[] = [];
        for (const fe of e.errors) {
          const fact = factOfField(fe.field);
          if (fact && pack.facts[fact]) byFact.set(fact, [...(byFact.get(fact) ?? []), `${fe.field.replace(/^facts\./, '')}: ${fe.message}`]);
          else other.push(`${fe.field}: ${fe.message}`);
        }
        form.setFields([...byFact].map(([name, errors]) => ({ name, errors })));
        setError([errorText(e, lang), ...other].join(' '));
      } else setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Form form={form} layout="vertical" onFinish={run} data-testid="try-form" >
          {Object.entries(pack.facts).map(([name, def]) => (
            <div key={name} data-testid={`fact-${name}`}>
              <FactInput name={name} def={def} />
            </div>
          ))}
          <Form.Item name="__asOf" label={t('评定日期', 'As of')} extra={t('不填则为今天', 'Today when empty')}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="try-submit">
            {t('试算', 'Evaluate')}
          </Button>
        </Form>
      </Col>
      <Col xs={24} xl={12}>
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="try-error" />}
        {result && <EvaluationView result={result} />}
      </Col>
    </Row>
  );
}

function FactInput({ name, def }: { name: string; def: FactDef }) {
  const { t, lang } = useI18n();
  const label = (
    <span>
      {pick(def.label, lang)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{name}</Typography.Text>
    </span>
  );
  const required = def.required && def.default === undefined;
  const common = { name, label, required } as const;
  const opt = (v: string, labels?: Record<string, { zh: string; en: string }>) => ({ value: v, label: pick(labels?.[v], lang) || v });
  switch (def.type) {
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber min={def.min} max={def.max} step={def.integer ? 1 : 0.1} style={{ width: 180 }} placeholder={def.default !== undefined ? String(def.default) : undefined} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common}>
          <Radio.Group
            optionType="button"
            size="small"
            options={[
              { value: true, label: t('是', 'yes') },
              { value: false, label: t('否', 'no') },
            ]}
          />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item {...common}>
          {(def.values?.length ?? 0) <= 4 ? (
            <Radio.Group optionType="button" size="small" options={(def.values ?? []).map((v) => opt(v, def.valueLabels))} />
          ) : (
            <Select allowClear style={{ maxWidth: 320 }} options={(def.values ?? []).map((v) => opt(v, def.valueLabels))} />
          )}
        </Form.Item>
      );
    case 'string_list':
      return (
        <Form.Item {...common}>
          <Select mode={def.values ? 'multiple' : 'tags'} allowClear style={{ maxWidth: 420 }} options={(def.values ?? []).map((v) => opt(v, def.valueLabels))} />
        </Form.Item>
      );
    case 'score_map':
      return (
        <Form.Item label={label} required={required}>
          <Form.List name={name} initialValue={[{}]}>
            {(fields, { add, remove }, meta) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="center">
                    <Form.Item name={[f.name, 'part']} noStyle>
                      <Input placeholder={t('部分名称，如 通风', 'Part, e.g. 通风')} style={{ width: 200 }} aria-label={t('部分名称', 'Part')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'score']} noStyle>
                      <InputNumber min={def.min} max={def.max} placeholder={t('得分', 'Score')} aria-label={t('得分', 'Score')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('删除', 'Remove')} />
                  </Flex>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('添加部分', 'Add part')}
                </Button>
                <Form.ErrorList errors={meta.errors} />
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    case 'events':
      return (
        <Form.Item label={label}>
          <Form.List name={name}>
            {(fields, { add, remove }, meta) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="center" wrap>
                    <Form.Item name={[f.name, 'type']} noStyle>
                      <Select style={{ width: 240 }} placeholder={t('事件类型', 'Event type')} options={(def.eventTypes ?? []).map((v) => opt(v, def.eventTypeLabels))} />
                    </Form.Item>
                    {def.eventClasses && (
                      <Form.Item name={[f.name, 'class']} noStyle>
                        <Select allowClear style={{ width: 120 }} placeholder={t('等级', 'Class')} options={def.eventClasses.map((v) => opt(v, def.eventClassLabels))} />
                      </Form.Item>
                    )}
                    <Form.Item name={[f.name, 'date']} noStyle>
                      <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} aria-label={t('日期', 'Date')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('删除', 'Remove')} />
                  </Flex>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('添加事件', 'Add event')}
                </Button>
                <Form.ErrorList errors={meta.errors} />
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input style={{ maxWidth: 320 }} />
        </Form.Item>
      );
  }
}

function EvaluationView({ result }: { result: Evaluation }) {
  const { t, lang } = useI18n();
  const reasons = (items: { zh: string; en: string; ok: boolean }[]) => (
    <List
      size="small"
      dataSource={items}
      renderItem={(r) => (
        <List.Item style={{ padding: '2px 0', border: 'none' }}>
          <Space align="start">
            {r.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
            <span>{pick(r, lang)}</span>
          </Space>
        </List.Item>
      )}
    />
  );
  return (
    <div data-testid="try-result">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space align="center" wrap>
          <Typography.Text>{t('结果：', 'Result: ')}</Typography.Text>
          <Tag color="green" style={{ fontSize: 16, padding: '2px 10px' }} data-testid="try-level">
            {pick(result.levelLabel, lang)}
          </Tag>
          <Typography.Text type="secondary">
            {t(`规则版本 ${result.version} · 评定日期 ${result.asOf}`, `Rule version ${result.version} · as of ${result.asOf}`)}
          </Typography.Text>
        </Space>
        {result.explain.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('成立的条件', 'What held')}</Typography.Text>
            {reasons(result.explain)}
          </div>
        )}
        {Object.keys(result.outputs).length > 0 && (
          <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={Object.entries(result.outputs).map(([k, v]) => ({ key: k, label: k, children: formatOutput(v) }))} />
        )}
      </Card>
      {result.refused.map((r) => (
        <Card key={r.level} size="small" style={{ marginBottom: 12 }} data-testid={`refused-${r.level}`} title={t(`未达到 ${r.level} 的原因`, `Why not ${r.level}`)}>
          {reasons(r.reasons)}
        </Card>
      ))}
    </div>
  );
}

function VersionsView({ pack, isAdmin, onVersion }: { pack: PackView; isAdmin: boolean; onVersion(v?: number): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const packs = useRulePacks();
  const upload = useUploadVersion(pack.id);
  const [yaml, setYaml] = useState(pack.yaml);
  // The version this edit starts from: if someone saves another version meanwhile, the server answers 409.
  const [baseVersion] = useState(pack.latestVersion);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const versions = packs.data?.find((p) => p.id === pack.id)?.versions ?? [];
  const submit = () => {
    setErrors([]);
    upload.mutate(
      { yaml, note: note || undefined, baseVersion },
      {
        onSuccess: (p) => {
          message.success(t(`已保存为版本 ${p.version}`, `Saved as version ${p.version}`));
          onVersion(undefined);
        },
        onError: (e) => setErrors(e instanceof ApiError && e.errors.length ? e.errors : [{ field: '', message: errorText(e, lang) }]),
      },
    );
  };
  return (
    <>
      <Table
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={[...versions].reverse()}
        onRow={(v) => ({ onClick: () => onVersion(v.version === pack.latestVersion ? undefined : v.version), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', width: 70, render: (v: number) => (v === pack.version ? <Tag color="blue">{v}</Tag> : v) },
          { title: t('时间', 'When'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('上传人', 'By'), render: (_, v) => (v.shipped ? <Tag>{t('内置', 'shipped')}</Tag> : v.createdBy) },
          { title: t('说明', 'Note'), dataIndex: 'note' },
        ]}
      />
      {isAdmin && (
        <Card size="small" title={t('上传新版本', 'Upload a new version')} style={{ marginTop: 16 }} data-testid="upload-version">
          <Typography.Paragraph type="secondary">
            {t('编辑 YAML 后保存为新版本；旧版本保留，已有的判定记录仍指向其所用版本。格式见 docs/rules.md。', 'Edit the YAML and save it as a new version; old versions stay, and past evaluations keep naming the version they used. Format: docs/rules.md.')}
          </Typography.Paragraph>
          <Input.TextArea value={yaml} onChange={(e) => setYaml(e.target.value)} rows={16} style={{ fontFamily: 'monospace', fontSize: 12 }} aria-label="YAML" spellCheck={false} />
          <Flex gap={8} style={{ marginTop: 8 }}>
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('版本说明', 'Version note')} maxLength={500} />
            <Button type="primary" onClick={submit} loading={upload.isPending}>
              {t('校验并保存', 'Validate and save')}
            </Button>
          </Flex>
          {errors.length > 0 && (
            <Alert
              type="error"
              style={{ marginTop: 12 }}
              title={t('未保存：请修正以下错误', 'Not saved: fix these errors')}
              data-testid="upload-errors"
              description={
                <List
                  size="small"
                  dataSource={errors}
                  renderItem={(e) => (
                    <List.Item style={{ padding: '2px 0' }}>
                      {e.field && <Typography.Text code>{e.field}</Typography.Text>} {e.message}
                    </List.Item>
                  )}
                />
              }
            />
          )}
        </Card>
      )}
    </>
  );
}
