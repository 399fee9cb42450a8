import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { apiHref } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { DEADLINES, KINDS, label } from '../workorders/labels';
import { figures, type AgentFigures } from './callcenter-api';
import { TargetsModal } from './TargetsModal';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);

// 坐席绩效 (docs/callcenter.md#figures): per agent — handled by kind, on time per deadline, callback
// satisfaction, handling time — against the month's targets the supervisor sets.
export function FiguresTab() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [editing, setEditing] = useState(false);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['callcenter', 'figures', from, to], queryFn: () => figures(from, to) });
  const rows = q.data ?? [];
  const chart = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0 } },
    yAxis: [
      { type: 'value', name: t('受理量', 'Handled'), minInterval: 1 },
      { type: 'value', name: '%', max: 100, min: 0 },
    ],
    series: [
      { name: t('受理量', 'Handled'), type: 'bar', data: rows.map((r) => r.handled) },
      { name: t('目标受理量', 'Target handled'), type: 'scatter', symbol: 'diamond', symbolSize: 14, data: rows.map((r) => r.target?.handled ?? null) },
      { name: t('按时率', 'On time'), type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)) },
      { name: t('满意率', 'Satisfaction'), type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.satisfaction === null ? null : Math.round(r.satisfaction * 1000) / 10)) },
    ],
  };
  const vsTarget = (v: number | null, target: number | null | undefined, fmt: (x: number | null) => string) => (
    <span>
      {fmt(v)}
      {target !== null && target !== undefined && (
        <Typography.Text type={v !== null && v >= target ? 'success' : 'danger'} style={{ marginLeft: 6 }}>
          / {fmt(target)}
        </Typography.Text>
      )}
    </span>
  );
  return (
    <Card
      title={t('坐席绩效', 'Agent figures')}
      extra={
        <Space wrap>
          <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
          <Button onClick={() => setEditing(true)}>{t('设定月度目标', 'Set monthly targets')}</Button>
          <Button href={apiHref('/api/callcenter/figures.xlsx', { query: { from, to } })} data-testid="figures-export">
            {t('导出 Excel', 'Export Excel')}
          </Button>
        </Space>
      }
    >
      {q.error && <Alert type="error" showIcon message={errorText(q.error, lang)} />}
      {rows.length > 0 && rows.some((r) => r.handled > 0) ? <ReactECharts option={chart} style={{ height: 280 }} notMerge /> : !q.isLoading && <Empty description={t('该期间没有坐席受理的工单。换一个期间，或在“工单列表”登记来电。', 'No work orders registered by agents in this period. Pick another period, or register calls in Work orders.')} />}
      <Table<AgentFigures>
        rowKey="userId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        size="small"
        columns={[
          { title: t('坐席', 'Agent'), dataIndex: 'name' },
          { title: t('受理量 / 目标', 'Handled / target'), render: (_, r) => vsTarget(r.handled, r.target?.handled, (x) => String(x ?? '—')) },
          { title: t('按类型', 'By kind'), render: (_, r) => Object.entries(r.byKind).map(([k, n]) => `${label(KINDS, k, lang)} ${n}`).join(lang === 'zh' ? '，' : ', ') || '—' },
          { title: t('按时率 / 目标', 'On time / target'), render: (_, r) => vsTarget(r.onTimeRate, r.target?.onTimeRate, pct) },
          {
            title: t('各时限按时情况', 'Per deadline'),
            render: (_, r) => r.onTimeByDeadline.map((d) => `${label(DEADLINES, d.name, lang)} ${d.met}/${d.met + d.missed}`).join(lang === 'zh' ? '，' : ', ') || '—',
          },
          { title: t('满意率 / 目标', 'Satisfaction / target'), render: (_, r) => vsTarget(r.satisfaction, r.target?.satisfaction, pct) },
          { title: t('回访数', 'Callbacks'), dataIndex: 'callbacks' },
          { title: t('平均处理时长', 'Avg. handling'), render: (_, r) => (r.averageHandlingMinutes === null ? '—' : t(`${Math.round(r.averageHandlingMinutes)} 分钟`, `${Math.round(r.averageHandlingMinutes)} min`)) },
          { title: t('当场答复', 'On the spot'), dataIndex: 'answeredOnSpot' },
        ]}
      />
      <TargetsModal open={editing} month={range[0].format('YYYY-MM')} onClose={() => setEditing(false)} />
    </Card>
  );
}
