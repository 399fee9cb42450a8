import { UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, Radio, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { parse as parseYaml } from 'yaml';
import type { GradeLevel, MineType } from '../../modules/grading/grading.schemas';
import { ApiError } from '../app/api';
import { useI18n } from '../app/i18n';
import { ErrorAlert } from './components';
import {
  useGradingUnits,
  useLoadEdition,
  useProvinceConfig,
  useTemplate,
  useTemplates,
  useUpdateProvinceConfig,
  useUpdateWeights,
  type ScoringTemplateInput,
  type TemplateSummary,
  type TemplateView,
  type UnitView,
} from './grading-api';
import { label, LEVEL_LABELS, MINE_TYPE_LABELS } from './grading-labels';
import { editionFormat, weightSum } from './grading-utils';

const LEVELS: GradeLevel[] = ['一级', '二级', '三级'];

/** 定级管理: who reviews and assesses each grade per province (定级办法 Art. 6; docs/grading.md#who-acts-art-6), and the scoring standards with their editions (docs/grading.md#scoring-templates). */
export function GradingAdminPage() {
  const { t } = useI18n();
  return (
    <Card title={t('定级管理', 'Grading administration')}>
      <Tabs
        items={[
          { key: 'bodies', label: t('初审与考核部门', 'Review and assessment bodies'), children: <ProvinceConfigTab /> },
          { key: 'templates', label: t('评分标准', 'Scoring standards'), children: <TemplatesTab /> },
        ]}
      />
    </Card>
  );
}

function ProvinceConfigTab() {
  const { t } = useI18n();
  const units = useGradingUnits();
  const provinces = (units.data ?? []).filter((u) => u.kind === 'provincial_authority');
  const [provinceId, setProvinceId] = useState<string | undefined>();
  useEffect(() => {
    if (!provinceId && provinces.length > 0) setProvinceId(provinces[0].id);
  }, [provinceId, provinces]);
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(
          '第六条：申报一级的煤矿由省级主管部门初审、国家煤矿安全监察局考核定级；二级、三级的初审和考核定级部门由省级主管部门确定。',
          'Art. 6: for 一级 the province does the initial review and the national authority the assessment; for 二级 and 三级 the province decides which bodies do each.',
        )}
      </Typography.Paragraph>
      <Select
        style={{ width: 360, marginBottom: 16 }}
        placeholder={t('选择省级主管部门', 'Choose the province')}
        value={provinceId}
        onChange={setProvinceId}
        options={provinces.map((p) => ({ value: p.id, label: p.name }))}
        loading={units.isLoading}
      />
      {provinceId ? <ProvinceConfigForm provinceId={provinceId} units={units.data ?? []} /> : <Empty />}
    </>
  );
}

type BodiesForm = Record<GradeLevel, { initialReviewBodyId: string; assessmentBodyId: string }>;

function ProvinceConfigForm({ provinceId, units }: { provinceId: string; units: UnitView[] }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const config = useProvinceConfig(provinceId);
  const update = useUpdateProvinceConfig();
  const [form] = Form.useForm<BodiesForm>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (config.data) form.setFieldsValue(config.data.levels);
  }, [config.data, form]);
  const bodies = units.filter((u) => ['national_authority', 'provincial_authority', 'local_supervision'].includes(u.kind)).map((u) => ({ value: u.id, label: u.name }));
  if (config.error) return <ErrorAlert error={config.error} />;
  const save = async (v: BodiesForm) => {
    setError(null);
    try {
      await update.mutateAsync({ provinceId, body: { version: config.data!.version, levels: v } });
      await config.refetch();
      message.success(t('已保存', 'Saved'));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Form form={form} onFinish={save} layout="vertical">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {config.data?.isDefault && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('当前为默认配置（第六条）', 'Using the default of Art. 6')} />}
      <Table
        rowKey="level"
        pagination={false}
        size="small"
        loading={config.isLoading}
        dataSource={LEVELS.map((level) => ({ level }))}
        columns={[
          { title: t('等级', 'Grade'), dataIndex: 'level', width: 100, render: (v: string) => label(LEVEL_LABELS, v, lang) },
          {
            title: t('初审部门', 'Initial review body'),
            key: 'ir',
            render: (_, r) => (
              <Form.Item name={[r.level, 'initialReviewBodyId']} style={{ margin: 0 }} rules={[{ required: true }]}>
                <Select options={bodies} showSearch optionFilterProp="label" />
              </Form.Item>
            ),
          },
          {
            title: t('考核定级部门', 'Assessing body'),
            key: 'as',
            render: (_, r) => (
              <Form.Item name={[r.level, 'assessmentBodyId']} style={{ margin: 0 }} rules={[{ required: true }]}>
                <Select options={bodies} showSearch optionFilterProp="label" />
              </Form.Item>
            ),
          },
        ]}
      />
      <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} loading={update.isPending} disabled={!config.data}>
        {t('保存配置', 'Save')}
      </Button>
    </Form>
  );
}

function TemplatesTab() {
  const { t, lang } = useI18n();
  const templates = useTemplates();
  const [openId, setOpenId] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setLoading(true)}>
          {t('载入新版本', 'Load an edition')}
        </Button>
      </Space>
      {templates.error ? <ErrorAlert error={templates.error} /> : null}
      <Table<TemplateSummary>
        rowKey={(r) => `${r.id}@${r.version}`}
        loading={templates.isLoading}
        dataSource={templates.data ?? []}
        pagination={false}
        columns={[
          { title: t('标准', 'Standard'), key: 'title', render: (_, r) => <a onClick={() => setOpenId(r.id)}>{lang === 'zh' ? r.title.zh : r.title.en}</a> },
          { title: 'ID', dataIndex: 'id' },
          { title: t('版本', 'Edition'), key: 'ed', render: (_, r) => `${r.edition} · v${r.version}` },
          { title: t('施行日期', 'In force from'), dataIndex: 'effectiveFrom' },
          { title: t('来源', 'Source'), dataIndex: 'source', render: (v: string) => (v === 'shipped' ? t('内置', 'Shipped') : t('管理员载入', 'Loaded')) },
          {
            title: t('权重', 'Weights'),
            key: 'w',
            render: (_, r) => (
              <Space size={4}>
                {(['underground', 'open_pit'] as const).map((mt) => (
                  <Tag key={mt} color={r.weightsComplete[mt] ? 'green' : 'orange'}>
                    {label(MINE_TYPE_LABELS, mt, lang)} {r.weightsComplete[mt] ? t('已录入', 'complete') : t('未录入', 'missing')}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('评分项目', 'Items'), dataIndex: 'hasItems', render: (v: boolean) => (v ? t('有', 'Yes') : t('无（按部分录入）', 'None (part scores)')) },
        ]}
      />
      {openId && <TemplateDrawer id={openId} onClose={() => setOpenId(null)} />}
      {loading && <LoadEditionDrawer onClose={() => setLoading(false)} />}
    </>
  );
}

function TemplateDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const template = useTemplate(id);
  const [mineType, setMineType] = useState<MineType>('underground');
  const tp = template.data;
  return (
    <Drawer open width={760} onClose={onClose} title={tp ? (lang === 'zh' ? tp.title.zh : tp.title.en) : id}>
      {template.error ? <ErrorAlert error={template.error} /> : null}
      {tp && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="ID">{tp.id}</Descriptions.Item>
            <Descriptions.Item label={t('版本', 'Version')}>v{tp.version}</Descriptions.Item>
            <Descriptions.Item label={t('版次', 'Edition')}>{tp.edition}</Descriptions.Item>
            <Descriptions.Item label={t('施行日期', 'In force from')}>{tp.effectiveFrom}</Descriptions.Item>
            <Descriptions.Item label={t('定级规则', 'Rules pack')}>{tp.rulesPack}</Descriptions.Item>
            <Descriptions.Item label={t('部分分组', 'Groups')}>{tp.groups.map((g) => g.name).join('、') || '—'}</Descriptions.Item>
          </Descriptions>
          <Radio.Group value={mineType} onChange={(e) => setMineType(e.target.value)} style={{ marginBottom: 12 }} optionType="button" options={(['underground', 'open_pit'] as const).map((m) => ({ value: m, label: label(MINE_TYPE_LABELS, m, lang) }))} />
          <WeightsForm key={`${tp.id}-${tp.version}-${mineType}`} template={tp} mineType={mineType} />
        </>
      )}
    </Drawer>
  );
}

/** 权重录入 (docs/grading.md#scoring-templates): one weight per part of the mine type; saved only when they sum to 1 — never invented. */
function WeightsForm({ template, mineType }: { template: TemplateView; mineType: MineType }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const parts = useMemo(() => template.parts.filter((p) => p.mineTypes.includes(mineType)), [template, mineType]);
  const [form] = Form.useForm<Record<string, number | null>>();
  const update = useUpdateWeights();
  const [error, setError] = useState<unknown>(null);
  const values = (Form.useWatch([], form) ?? {}) as Record<string, number | null>;
  const initial = Object.fromEntries(parts.map((p) => [p.id, p.weights[mineType] ?? null]));
  const sum = weightSum(Object.fromEntries(parts.map((p) => [p.id, values[p.id] ?? null])));
  const save = async (v: Record<string, number | null>) => {
    setError(null);
    try {
      const weights = Object.fromEntries(parts.map((p) => [p.id, v[p.id] as number]));
      const saved = await update.mutateAsync({ id: template.id, body: { version: template.version, mineType, weights } });
      message.success(t(`已保存为 v${saved.version}；此前的定级结果不受影响。`, `Saved as v${saved.version}; earlier results keep their version.`));
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.filter((x) => x.field.startsWith('weights.')).map((x) => ({ name: x.field.slice('weights.'.length), errors: [x.message] })));
      setError(e);
    }
  };
  return (
    <Form form={form} initialValues={initial} onFinish={save} layout="horizontal" labelCol={{ span: 12 }} wrapperCol={{ span: 12 }}>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {parts.map((p) => (
        <Form.Item key={p.id} name={p.id} label={p.group ? `${p.name}（${p.group}）` : p.name} rules={[{ required: true, message: t('请录入权重', 'Enter the weight') }]} style={{ marginBottom: 8 }}>
          <InputNumber min={0} max={1} step={0.01} style={{ width: 140 }} aria-label={p.name} />
        </Form.Item>
      ))}
      <Alert
        type={sum.ok ? 'success' : 'warning'}
        showIcon
        style={{ margin: '12px 0' }}
        data-testid="weight-sum"
        title={t(`权重合计 ${sum.sum}${sum.ok ? '' : '（须等于 1）'}`, `Sum of weights ${sum.sum}${sum.ok ? '' : ' (must be 1)'}`)}
      />
      <Button type="primary" htmlType="submit" disabled={!sum.ok} loading={update.isPending}>
        {t('保存权重（生成新版本）', 'Save weights (new version)')}
      </Button>
    </Form>
  );
}

/** 载入新版本: an administrator pastes or uploads an edition (YAML or JSON); the server validates it. */
function LoadEditionDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [text, setText] = useState('');
  const load = useLoadEdition();
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setError(null);
    let parsed: unknown;
    try {
      // YAML is a superset of JSON, so one parser reads both; the server validates the structure (422 per field).
      parsed = parseYaml(text);
    } catch (e) {
      setError(new Error(t(`无法解析 ${editionFormat(text).toUpperCase()}：${String(e)}`, `Cannot parse the ${editionFormat(text).toUpperCase()}: ${String(e)}`)));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError(new Error(t('内容须为一个评分标准对象（含 id、version、parts 等）', 'The text must be one scoring-standard object (id, version, parts, …)')));
      return;
    }
    try {
      const tp = await load.mutateAsync(parsed as ScoringTemplateInput);
      message.success(t(`已载入 ${tp.id} v${tp.version}`, `Loaded ${tp.id} v${tp.version}`));
      onClose();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Drawer open width={760} onClose={onClose} title={t('载入评分标准新版本', 'Load an edition of a scoring standard')}>
      <Typography.Paragraph type="secondary">
        {t(
          '粘贴或上传 YAML/JSON 格式的评分标准（格式见 docs/grading.md）：部分（可分组）→ 评分项目（标准分值、评分方法、扣分规则、可否缺项）及各矿井类型的权重。已作出的定级结果仍按原版本保存。',
          'Paste or upload a scoring standard as YAML or JSON (format: docs/grading.md): parts (optionally grouped) → items (standard score, method, deductions, N/A allowed) and the weights per mine type. Results already made keep their edition.',
        )}
      </Typography.Paragraph>
      <Upload
        accept=".yaml,.yml,.json"
        showUploadList={false}
        beforeUpload={async (file) => {
          setText(await file.text());
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{t('选择文件', 'Choose a file')}</Button>
      </Upload>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={20} style={{ marginTop: 12, fontFamily: 'monospace' }} placeholder="id: coal-mine-2024&#10;version: 1&#10;…" />
      {error ? <div style={{ marginTop: 12 }}><ErrorAlert error={error} onClose={() => setError(null)} /></div> : null}
      <Button type="primary" style={{ marginTop: 12 }} onClick={submit} disabled={!text.trim()} loading={load.isPending}>
        {t('校验并载入', 'Validate and load')}
      </Button>
    </Drawer>
  );
}
