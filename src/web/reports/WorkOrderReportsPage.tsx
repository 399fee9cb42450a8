import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Progress, Row, Statistic, Table, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../app/api';
import { hasAnyRole, useMe } from '../app/auth';
import { errorText, useI18n } from '../app/i18n';
import { SeverityTag, StatusTag } from '../workorders/components';
import { formatShanghai } from '../workorders/format';
import { useServerClock } from '../workorders/hooks';
import { CHANNELS, DEADLINES, KINDS, label, SEVERITIES, SUPERVISION_ROLES } from '../workorders/labels';
import type { InvalidRecurrence, WorkOrderListItem, WorkOrderReport } from '../workorders/types';
import { DateField } from '../app/DateField';
import { monthOf, quarterOf, rate } from './periods';

type GroupBy = 'month' | 'kind' | 'channel' | 'severity' | 'department' | 'product';
const GROUPS: GroupBy[] = ['month', 'kind', 'channel', 'severity', 'department', 'product'];

function groupLabel(g: GroupBy, key: string, fallback: string, lang: 'zh' | 'en'): string {
  if (g === 'kind') return label(KINDS, key, lang);
  if (g === 'channel') return label(CHANNELS, key, lang);
  if (g === 'severity') return label(SEVERITIES, key, lang) || fallback;
  return fallback || key;
}

/** 报表 (用户抱怨制度 cl. 7-3, 7-4; docs/workorders.md#reports): counts, on-time rate per deadline, callback satisfaction, repeats and overdue items. */
export function WorkOrderReportsPage() {
  const { t, lang } = useI18n();
  // The period defaults to this year up to today by the server's clock, so it is known only once that is read.
  const clock = useServerClock(60_000);
  const today = formatShanghai(new Date(clock.now).toISOString(), false);
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const from = picked.from ?? (clock.ready ? `${today.slice(0, 5)}01-01` : '');
  const to = picked.to ?? (clock.ready ? today : '');
  const setFrom = (v: string) => setPicked((p) => ({ ...p, from: v }));
  const setTo = (v: string) => setPicked((p) => ({ ...p, to: v }));

  // One request for every grouping (groupBy=month,kind,…): the counts, on-time rates and totals share one snapshot.
  const report = useQuery({
    queryKey: ['reports', 'workorders', from, to, GROUPS.join(',')],
    queryFn: () => unwrap(client.GET('/api/reports/workorders', { params: { query: { from, to, groupBy: GROUPS.join(',') } } })),
    enabled: !!from && !!to,
  });
  const first = report.data;
  const byGroup = Object.fromEntries((first?.groupings ?? []).map((g) => [g.groupBy, g])) as Partial<Record<GroupBy, { groups: WorkOrderReport['groups'] }>>;
  const failed = report.error;
  // docs/workorders.md#intake (投诉处理制度 cl. 4.4): invalid complaints that recur in a period are flagged for a supervisor.
  const supervises = hasAnyRole(useMe().data, SUPERVISION_ROLES);
  const invalidRecurring = useQuery({ queryKey: ['workorders', 'invalid-recurrences'], queryFn: () => unwrap(client.GET('/api/workorders/invalid-recurrences')), enabled: supervises });
  const overdue = useQuery({ queryKey: ['workorders', 'list', { overdue: 'true' }], queryFn: () => unwrap(client.GET('/api/workorders', { params: { query: { overdue: 'true', limit: 50 } } })) });

  // Months read left to right in time order; other groups keep the server's order (largest first).
  const groupsOf = (g: GroupBy) => {
    const rows = byGroup[g]?.groups ?? [];
    return g === 'month' ? [...rows].sort((a, b) => a.key.localeCompare(b.key)) : rows;
  };
  const names = (g: GroupBy) => groupsOf(g).map((x) => groupLabel(g, x.key, x.label, lang));
  const counts = (g: GroupBy) => groupsOf(g).map((x) => x.count);
  // No animation: the charts are read and printed, and a half-drawn chart misleads in a screenshot.
  const bar = (g: GroupBy, colour: string, horizontal = false) => ({
    animation: false,
    tooltip: {},
    grid: { left: horizontal ? 120 : 40, right: 20, top: 20, bottom: 40 },
    xAxis: horizontal ? { type: 'value', minInterval: 1 } : { type: 'category', data: names(g), axisLabel: { interval: 0, rotate: names(g).length > 6 ? 30 : 0 } },
    yAxis: horizontal ? { type: 'category', data: names(g) } : { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: counts(g), itemStyle: { color: colour }, label: { show: true, position: horizontal ? 'right' : 'top' } }],
  });
  const pie = (g: GroupBy) => ({
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    // Labels stay inside the canvas (they were cut at the edges): a smaller ring centred above the legend,
    // labels wrapped at a fixed width, set against the canvas edges and moved apart when they would overlap.
    series: [
      {
        type: 'pie',
        radius: ['28%', '52%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 3,
        data: (byGroup[g]?.groups ?? []).map((x) => ({ name: groupLabel(g, x.key, x.label, lang), value: x.count })),
        // alignTo 'edge' keeps every label edgeDistance inside the canvas (at 390 px they touched its edge).
        label: { formatter: '{b}: {c}', width: 96, overflow: 'break', alignTo: 'edge', edgeDistance: 6 },
        labelLine: { length: 8, length2: 8 },
        labelLayout: { hideOverlap: true, moveOverlap: 'shiftY' },
      },
    ],
  });
  const onTime = first?.onTime ?? [];
  const onTimeChart = {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: { left: 140, right: 40, top: 20, bottom: 30 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: onTime.map((r) => label(DEADLINES, r.deadline, lang)) },
    series: [
      {
        type: 'bar',
        data: onTime.map((r) => (r.rate === null ? 0 : Math.round(r.rate * 1000) / 10)),
        itemStyle: { color: '#389e0d' },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
  const chartCard = (title: string, option: object) => (
    <Card title={title} size="small">
      <ReactECharts option={option} style={{ height: 260 }} notMerge />
    </Card>
  );
  const sat = first?.satisfaction;

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" wrap gap={12} align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('客诉报表', 'Complaint reports')}
          </Typography.Title>
          <Flex gap={8} wrap align="center" data-testid="period">
            <span>{t('统计期间', 'Period')}</span>
            <DateField value={from} onChange={(v) => v && setFrom(v)} style={{ width: 160 }} aria-label={t('开始日期', 'From')} />
            <span>—</span>
            <DateField value={to} onChange={(v) => v && setTo(v)} style={{ width: 160 }} aria-label={t('结束日期', 'To')} />
            <Link to={`/reports/workorders/period/${monthOf(to)}`}>
              <Button icon={<PrinterOutlined />}>{t(`月报 ${monthOf(to)}`, `Monthly ${monthOf(to)}`)}</Button>
            </Link>
            <Link to={`/reports/workorders/period/${quarterOf(to)}`}>
              <Button icon={<PrinterOutlined />}>{t(`季报 ${quarterOf(to)}`, `Quarterly ${quarterOf(to)}`)}</Button>
            </Link>
          </Flex>
        </Flex>
      </Card>
      {failed && <Alert type="error" showIcon title={errorText(failed, lang)} />}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('工单总数', 'Work orders')} value={first?.total ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('当前超期未结', 'Overdue now')} value={first?.overdueNow ?? 0} valueStyle={{ color: (first?.overdueNow ?? 0) > 0 ? '#cf1322' : undefined }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('回访满意率', 'Callback satisfaction')} value={rate(sat?.rate ?? null)} suffix={sat ? t(`（${sat.satisfied}/${sat.callbacks}）`, ` (${sat.satisfied}/${sat.callbacks})`) : ''} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('重复问题', 'Repeat problems')} value={first?.repeats.length ?? 0} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          {chartCard(t('按月份', 'By month'), bar('month', '#1f5fbf'))}
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('各期限及时率', 'On-time rate per deadline')} size="small" data-testid="on-time">
            <ReactECharts option={onTimeChart} style={{ height: 50 + 26 * onTime.length }} notMerge />
            <Table
              scroll={{ x: 'max-content' }}
              size="small"
              rowKey="deadline"
              pagination={false}
              dataSource={onTime}
              columns={[
                { title: t('期限', 'Deadline'), dataIndex: 'deadline', render: (d: string) => label(DEADLINES, d, lang) },
                { title: t('按时', 'Met'), dataIndex: 'met' },
                { title: t('超期', 'Missed'), dataIndex: 'missed' },
                { title: t('进行中', 'Open'), dataIndex: 'open' },
                { title: t('及时率', 'On-time'), dataIndex: 'rate', render: (r: number | null) => (r === null ? '—' : <Progress percent={Math.round(r * 1000) / 10} size="small" style={{ width: 120 }} />) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} lg={8}>
          {chartCard(t('按类型', 'By kind'), pie('kind'))}
        </Col>
        <Col xs={24} md={12} lg={8}>
          {chartCard(t('按渠道', 'By channel'), pie('channel'))}
        </Col>
        <Col xs={24} md={12} lg={8}>
          {chartCard(t('按程度', 'By severity'), pie('severity'))}
        </Col>
        <Col xs={24} lg={12}>
          {chartCard(t('按责任部门', 'By department'), bar('department', '#722ed1', true))}
        </Col>
        <Col xs={24} lg={12}>
          {chartCard(t('按产品', 'By product'), bar('product', '#d46b08', true))}
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('重复问题（同产品、同问题类别、同月）', 'Repeat problems (same product, category and month)')} size="small">
            <Table
              scroll={{ x: 'max-content' }}
              size="small"
              rowKey={(r) => `${r.productCode}-${r.problemCategory}`}
              pagination={false}
              dataSource={first?.repeats ?? []}
              columns={[
                { title: t('产品编码', 'Product'), dataIndex: 'productCode' },
                { title: t('问题类别', 'Problem category'), dataIndex: 'problemCategory' },
                { title: t('次数', 'Count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('当前超期未结工单', 'Open overdue work orders')} size="small" data-testid="overdue-list">
            <Table<WorkOrderListItem>
              scroll={{ x: 'max-content' }}
              size="small"
              rowKey="id"
              pagination={false}
              loading={overdue.isLoading}
              dataSource={overdue.data?.items ?? []}
              columns={[
                { title: t('编号', 'Number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/workorders/${r.id}`}>{n}</Link> },
                { title: t('程度', 'Severity'), dataIndex: 'severity', render: (s: string | null) => <SeverityTag severity={s} /> },
                { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('部门', 'Department'), dataIndex: 'departmentName' },
                { title: t('期限', 'Deadline'), dataIndex: 'nextDeadline', render: (d: WorkOrderListItem['nextDeadline']) => (d ? `${label(DEADLINES, d.name, lang)} ${formatShanghai(d.due)}` : '') },
              ]}
            />
          </Card>
        </Col>
        {supervises && (
          <Col xs={24}>
            <Card title={t('反复出现的无效投诉', 'Recurring invalid complaints')} size="small" data-testid="invalid-recurring">
              <Table<InvalidRecurrence>
                scroll={{ x: 'max-content' }}
                size="small"
                rowKey="customer"
                pagination={false}
                loading={invalidRecurring.isLoading}
                dataSource={invalidRecurring.data ?? []}
                columns={[
                  { title: t('客户', 'Customer'), dataIndex: 'customer' },
                  { title: t('次数', 'Count'), dataIndex: 'count', width: 80 },
                  { title: t('首次 / 最近', 'First / last'), render: (_: unknown, r) => `${formatShanghai(r.firstAt, false)} / ${formatShanghai(r.lastAt, false)}` },
                  {
                    title: t('工单', 'Work orders'),
                    render: (_: unknown, r) => (
                      <Flex gap={8} wrap>
                        {r.workOrderIds.map((id, i) => (
                          <Link key={id} to={`/workorders/${id}`}>
                            {r.numbers[i]}
                          </Link>
                        ))}
                      </Flex>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Flex>
  );
}
