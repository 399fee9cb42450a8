import { CheckCircleTwoTone, CloseCircleTwoTone, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, List, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { evaluateRules, type Evaluation, type FactDef, type PackView } from './rules-api';
import { fieldLabel } from '../app/field-labels';
import { factOfField, formToFacts, type FormValue, formatOutput, outputLabel, pick } from './rules-utils';

/** The "试算 try it" form, generated from the pack's fact schema. */
export function TryIt({ pack }: { pack: PackView }) {
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
          // Under its own fact the message needs no name; a part of it (partScores.通风) keeps the part's own name.
          const part = fe.field.replace(/^facts\.[^.[]+\.?/, '');
          if (fact && pack.facts[fact]) byFact.set(fact, [...(byFact.get(fact) ?? []), part ? `${part}：${fe.message}` : fe.message]);
          else other.push(`${fieldLabel(fe.field, lang)}：${fe.message}`);
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
          <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={Object.entries(result.outputs).map(([k, v]) => ({ key: k, label: outputLabel(k, lang), children: formatOutput(v, lang) }))} />
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
