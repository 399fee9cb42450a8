// The self-assessment's score inputs: the per-part summary and sheet, and the per-item scoring sheet (Art. 7(1)).
import { Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import type { AttachmentView, SheetView } from '../grading-api';
import { formatScore } from '../grading-utils';
import { EMPTY_ITEM, type ItemState, type TemplatePartView } from './form-model';

export function PartScoresSummary({ parts, itemsMode, sheet, entered }: { parts: TemplatePartView[]; itemsMode: boolean; sheet: SheetView | null; entered: Record<string, number> }) {
  const { t } = useI18n();
  if (parts.length === 0) return null;
  const rows = parts.map((p) => {
    const r = itemsMode ? sheet?.parts.find((x) => x.partId === p.id) : undefined;
    const score = itemsMode ? (r?.notApplicable ? t('缺项', 'N/A') : (r?.display ?? '—')) : p.id in entered ? formatScore(entered[p.id]) : '—';
    const value = itemsMode ? r?.score : entered[p.id];
    return { id: p.id, name: p.name, score, low: typeof value === 'number' && value < 90 };
  });
  return (
    <Descriptions column={1} size="small" title={<Typography.Text strong>{t('各部分得分', 'Part scores')}</Typography.Text>}>
      {rows.map((r) => (
        <Descriptions.Item key={r.id} label={r.name}>
          <Typography.Text type={r.low ? 'warning' : undefined}>{r.score}</Typography.Text>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** Without items (the 2020 trial ships none): part scores and the weighted total from the official sheet (docs/grading.md#scoring-templates). */
export function PartScoresSheet({ parts, weightsComplete, computed }: { parts: TemplatePartView[]; weightsComplete: boolean; computed: string | null }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">
        {weightsComplete
          ? t('本标准已录入权重：加权总分按权重自动计算（缺项部分重新分配权重）。', 'This standard has weights: the weighted total is computed (wholly N/A parts are re-weighted).')
          : t('本标准尚未录入官方权重：请按官方评分表录入各部分得分和加权总分。', 'This standard has no official weights yet: enter each part score and the weighted total from the official sheet.')}
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={parts}
        columns={[
          { title: t('部分', 'Part'), dataIndex: 'name', render: (v: string, p) => (p.group ? <>{v} <Tag>{p.group}</Tag></> : v) },
          {
            title: t('得分（0–100）', 'Score (0–100)'),
            key: 'score',
            width: 200,
            render: (_, p) => (
              <Form.Item name={['partScores', p.id]} style={{ margin: 0 }} rules={[{ required: true, message: t('请录入得分', 'Enter the score') }]}>
                <InputNumber min={0} max={100} step={0.01} style={{ width: '100%' }} aria-label={p.name} data-part={p.id} />
              </Form.Item>
            ),
          },
        ]}
      />
      <Form.Item
        name="weightedScore"
        label={t('加权总分', 'Weighted total')}
        style={{ marginTop: 16 }}
        rules={weightsComplete ? [] : [{ required: true, message: t('未录入权重的标准须录入加权总分', 'Without weights the weighted total must be entered') }]}
        extra={weightsComplete && computed ? t(`按权重计算为 ${computed}；留空则采用计算值。`, `Computed as ${computed}; leave empty to use it.`) : undefined}
      >
        <InputNumber min={0} max={100} step={0.01} style={{ width: 200 }} data-testid="weighted-score" />
      </Form.Item>
    </>
  );
}

/** The scoring sheet proper: parts → items with standard score, 缺项 and deductions with reasons (docs/grading.md#scoring-templates). */
export function ItemsSheet({
  parts,
  items,
  setItems,
  sheet,
  attachments,
}: {
  parts: TemplatePartView[];
  items: Record<string, ItemState>;
  setItems: (f: (prev: Record<string, ItemState>) => Record<string, ItemState>) => void;
  sheet: SheetView | null;
  attachments: AttachmentView[];
}) {
  const { t } = useI18n();
  const update = (itemId: string, f: (s: ItemState) => ItemState) => setItems((prev) => ({ ...prev, [itemId]: f(prev[itemId] ?? EMPTY_ITEM) }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {parts.map((p) => {
        const r = sheet?.parts.find((x) => x.partId === p.id);
        return (
          <Card
            key={p.id}
            size="small"
            type="inner"
            title={p.name}
            extra={
              <span>
                {t('部分得分', 'Part score')}: <b>{r?.notApplicable ? t('缺项', 'N/A') : (r?.display ?? '—')}</b>
                {r && !r.notApplicable && <Typography.Text type="secondary"> （{r.earned} / {r.applicable}）</Typography.Text>}
              </span>
            }
          >
            {p.items.length === 0 ? (
              <Typography.Text type="secondary">{t('该部分无评分项目', 'This part has no items')}</Typography.Text>
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={p.items}
                columns={[
                  { title: t('项目', 'Item'), dataIndex: 'title', render: (v: string, it) => <><div>{v}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{it.method}</Typography.Text></> },
                  { title: t('标准分值', 'Standard score'), dataIndex: 'standardScore', width: 90 },
                  {
                    title: t('缺项', 'N/A'),
                    key: 'na',
                    width: 60,
                    render: (_, it) => (
                      <Checkbox disabled={!it.mayBeNotApplicable} checked={items[it.id]?.notApplicable ?? false} onChange={(e) => update(it.id, (s) => ({ ...s, notApplicable: e.target.checked }))} />
                    ),
                  },
                  {
                    title: t('扣分（分值 / 原因）', 'Deductions (points / reason)'),
                    key: 'ded',
                    render: (_, it) => {
                      const s = items[it.id] ?? EMPTY_ITEM;
                      return (
                        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                          {s.deductions.map((d, i) => (
                            <Space.Compact key={i} style={{ width: '100%' }}>
                              <InputNumber
                                min={0}
                                placeholder={t('不得分', 'all')}
                                value={d.points}
                                style={{ width: 90 }}
                                onChange={(v) => update(it.id, (x) => ({ ...x, deductions: x.deductions.map((y, j) => (j === i ? { ...y, points: typeof v === 'number' ? v : null } : y)) }))}
                              />
                              <Input
                                placeholder={t('扣分原因', 'Reason')}
                                value={d.reason}
                                onChange={(e) => update(it.id, (x) => ({ ...x, deductions: x.deductions.map((y, j) => (j === i ? { ...y, reason: e.target.value } : y)) }))}
                              />
                              <Button onClick={() => update(it.id, (x) => ({ ...x, deductions: x.deductions.filter((_, j) => j !== i) }))}>×</Button>
                            </Space.Compact>
                          ))}
                          <Button size="small" type="dashed" disabled={s.notApplicable} onClick={() => update(it.id, (x) => ({ ...x, deductions: [...x.deductions, { points: it.deductions[0]?.points ?? 1, reason: '' }] }))}>
                            {t('+ 扣分', '+ Deduction')}
                          </Button>
                          {attachments.length > 0 && (
                            <Select
                              mode="multiple"
                              size="small"
                              placeholder={t('关联证明材料', 'Link evidence')}
                              value={s.attachmentIds}
                              onChange={(ids: string[]) => update(it.id, (x) => ({ ...x, attachmentIds: ids }))}
                              options={attachments.map((a) => ({ value: a.id, label: a.filename }))}
                            />
                          )}
                          {it.deductions.length > 0 && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {it.deductions.map((x) => x.text).join('；')}
                            </Typography.Text>
                          )}
                        </Space>
                      );
                    },
                  },
                ]}
              />
            )}
          </Card>
        );
      })}
      {sheet && <Typography.Text type="secondary">{t(`已自动保存（版本 ${sheet.version}）`, `Saved automatically (version ${sheet.version})`)}</Typography.Text>}
      <LevelHint />
    </Space>
  );
}

export function LevelHint() {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary">
      {t('一级：加权总分及各部分均不低于 90；二级：80；三级：70（第五条）。', 'Level 1: weighted total and every part ≥ 90; Level 2: 80; Level 3: 70 (Art. 5).')}
    </Typography.Text>
  );
}
