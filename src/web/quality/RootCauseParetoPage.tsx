// Root-cause Pareto (docs/quality-loop.md#root-causes): the D4 causes of the approved 8D reports of a period, per
// product and department, as bars by count with the cumulative share as a line, and the work orders behind each bar.
import { Alert, Card, DatePicker, Flex, Input, Segmented, Table, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText, useI18n } from '../app/i18n';
import { useUnitOptions } from '../workorders/hooks';
import { cumulativeShares, usePareto } from './quality-api';

export function RootCauseParetoPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [productCode, setProductCode] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [by, setBy] = useState<'cause' | 'category'>('cause');
  const units = useUnitOptions();
  const { data, error, isFetching } = usePareto({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    productCode: productCode.trim() || undefined,
    departmentId,
    by,
  });
  const rows = useMemo(() => data ?? [], [data]);
  const option = useMemo(() => {
    const cum = cumulativeShares(rows);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('次数', 'Count'), t('累计占比 %', 'Cumulative %')] },
      grid: { left: 48, right: 56, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.cause), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: [
        { type: 'value', name: t('次数', 'Count'), minInterval: 1 },
        { type: 'value', name: '%', min: 0, max: 100 },
      ],
      series: [
        { name: t('次数', 'Count'), type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1677ff' }, label: { show: true, position: 'top' } },
        { name: t('累计占比 %', 'Cumulative %'), type: 'line', yAxisIndex: 1, data: cum, itemStyle: { color: '#fa541c' }, label: { show: true, formatter: '{c}%' } },
      ],
    };
  }, [rows, t]);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" wrap gap={12} align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('根本原因柏拉图', 'Root-cause Pareto')}
          </Typography.Title>
          <Flex gap={8} wrap align="center" data-testid="pareto-filters">
            <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
            <Input placeholder={t('产品编码', 'Product code')} value={productCode} onChange={(e) => setProductCode(e.target.value)} style={{ width: 140 }} allowClear />
            <TreeSelect
              placeholder={t('责任部门', 'Department')}
              treeData={units.options}
              value={departmentId}
              onChange={(v) => setDepartmentId(v)}
              allowClear
              treeDefaultExpandAll
              style={{ width: 180 }}
            />
            <Segmented
              value={by}
              onChange={(v) => setBy(v as 'cause' | 'category')}
              options={[
                { value: 'cause', label: t('具体原因', 'Sub-cause') },
                { value: 'category', label: t('人机料法环测', '5M1E') },
              ]}
            />
          </Flex>
        </Flex>
        <Typography.Text type="secondary">
          {t('统计期内收到、8D 已批准且 D4 已分类的工单，每单按最后批准的版本计一次。', 'Work orders received in the period whose 8D was approved with a classified D4, each counted once (its latest approved revision).')}
        </Typography.Text>
      </Card>
      {error && <Alert type="error" title={errorText(error, lang)} />}
      <Card size="small" loading={isFetching && !data}>
        {rows.length ? (
          <ReactECharts option={option} style={{ height: 340 }} notMerge data-testid="pareto-chart" />
        ) : (
          <Typography.Text type="secondary">{t('统计期内没有已分类的 8D 原因', 'No classified 8D cause in the period')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('各原因背后的重复工单', 'The repeats behind each bar')}>
        <Table
          rowKey={(r) => `${r.category}:${r.causeId ?? ''}`}
          size="small"
          pagination={false}
          dataSource={rows}
          data-testid="pareto-table"
          columns={[
            { title: t('原因', 'Cause'), dataIndex: 'cause' },
            { title: t('次数', 'Count'), dataIndex: 'count' },
            { title: t('占比', 'Share'), dataIndex: 'share', render: (v: number) => `${(v * 100).toFixed(1)}%` },
            {
              title: t('工单', 'Work orders'),
              dataIndex: 'workOrderIds',
              render: (ids: string[], r) => (
                <Flex gap={8} wrap>
                  {ids.map((id, i) => (
                    <Link key={id} to={`/workorders/${id}`}>
                      {r.workOrderNumbers[i]}
                    </Link>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

export default RootCauseParetoPage;
