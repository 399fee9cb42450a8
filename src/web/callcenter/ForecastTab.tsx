import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Descriptions, Empty, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { errorText, useI18n } from '../app/i18n';
import { forecast, members, putSchedule, schedule, SHIFT_LABELS, type ShiftCode } from './callcenter-api';

const WEEKDAYS = { zh: ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'], en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] };

// 话务量预测和排班 (呼叫中心岗位职责 cl. 2.1 (1); docs/callcenter.md#forecast-and-staffing): arrivals per half-hour
// from past weeks, agents per slot by Erlang C, the forecast's error on the last weeks, and the schedule beside it.
export function ForecastTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useState({ days: 7, historyWeeks: 8, serviceLevel: 0.8, answerSeconds: 20 });
  const f = useQuery({ queryKey: ['callcenter', 'forecast', params], queryFn: () => forecast(params) });
  const people = useQuery({ queryKey: ['callcenter', 'members'], queryFn: members });
  const days = f.data?.days ?? [];
  const first = days[0]?.date;
  const last = days[days.length - 1]?.date;
  const sched = useQuery({ queryKey: ['callcenter', 'schedule', first, last], queryFn: () => schedule(first!, last!), enabled: !!first });
  const save = useMutation({
    mutationFn: (v: { date: string; shift: ShiftCode; userIds: string[] }) => putSchedule({ slots: [v] }),
    onSuccess: async () => {
      message.success(t('排班已保存', 'Schedule saved'));
      await qc.invalidateQueries({ queryKey: ['callcenter'] });
    },
    onError: (e) => message.error(errorText(e, lang)),
  });
  const slotsOf = (date: string, shift: ShiftCode) => sched.data?.slots.find((s) => s.date === date && s.shift === shift)?.agents.map((a) => a.id) ?? [];

  const chart = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 56, containLabel: true },
    dataZoom: [{ type: 'slider', bottom: 8 }],
    xAxis: { type: 'category', data: days.flatMap((d) => d.slots.map((s) => `${d.date.slice(5)} ${s.start}`)) },
    yAxis: [
      { type: 'value', name: t('来电', 'Arrivals') },
      { type: 'value', name: t('坐席', 'Agents'), minInterval: 1 },
    ],
    series: [
      { name: t('预测来电', 'Forecast arrivals'), type: 'bar', data: days.flatMap((d) => d.slots.map((s) => s.arrivals)) },
      { name: t('所需坐席', 'Agents needed'), type: 'line', step: 'end', yAxisIndex: 1, data: days.flatMap((d) => d.slots.map((s) => s.agents)) },
    ],
  };
  const err = f.data?.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card title={t('话务量预测', 'Workload forecast')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('预测天数', 'Days')}</span>
          <InputNumber min={1} max={28} value={params.days} onChange={(v) => v && setParams({ ...params, days: v })} />
          <span>{t('参考历史周数', 'History weeks')}</span>
          <InputNumber min={1} max={26} value={params.historyWeeks} onChange={(v) => v && setParams({ ...params, historyWeeks: v })} />
          <span>{t('服务水平 %', 'Service level %')}</span>
          <InputNumber min={1} max={99} value={Math.round(params.serviceLevel * 100)} onChange={(v) => v && setParams({ ...params, serviceLevel: v / 100 })} />
          <span>{t('接通时限（秒）', 'Answer within (s)')}</span>
          <InputNumber min={1} max={600} value={params.answerSeconds} onChange={(v) => v && setParams({ ...params, answerSeconds: v })} />
        </Space>
        {f.error && <Alert type="error" showIcon message={errorText(f.error, lang)} />}
        {f.data && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('参考历史', 'History')}>
              {f.data.historyFrom} — {f.data.historyTo}
            </Descriptions.Item>
            <Descriptions.Item label={t('平均处理时长', 'Average handling time')}>
              {t(`${f.data.ahtSeconds} 秒`, `${f.data.ahtSeconds} s`)}（{f.data.ahtSource === 'measured' ? t('由当场答复的来电实测', 'measured from calls answered on the spot') : f.data.ahtSource === 'given' ? t('指定', 'given') : t('默认值，历史中没有当场答复的来电', 'default: no call answered on the spot in the history')}）
            </Descriptions.Item>
            <Descriptions.Item label={t('近期预测误差', 'Recent forecast error')}>
              {err && err.wape !== null
                ? t(`最近 ${err.days} 天：实际 ${err.actual} 件，预测 ${Math.round(err.forecast)} 件，加权误差 ${Math.round(err.wape * 1000) / 10}%`, `Last ${err.days} days: ${err.actual} actual, ${Math.round(err.forecast)} forecast, WAPE ${Math.round(err.wape * 1000) / 10}%`)
                : t('历史太短或没有来电，无法评估', 'History too short or empty to measure')}
            </Descriptions.Item>
          </Descriptions>
        )}
        {days.some((d) => d.total > 0) ? <ReactECharts option={chart} style={{ height: 300 }} notMerge /> : !f.isLoading && <Empty description={t('参考期内没有来电，暂无法预测。工单登记后即可据此预测。', 'No arrivals in the history yet; the forecast starts from registered work orders.')} />}
      </Card>
      <Card title={t('排班与所需坐席', 'Schedule and agents needed')}>
        <Typography.Paragraph type="secondary">{t('“所需”为该班次最忙半小时按 Erlang C 算出的坐席数；排班不足时标红。', '“Needed” is the Erlang C agent count for the busiest half-hour of the shift; short shifts are red.')}</Typography.Paragraph>
        <Table
          rowKey={(r) => `${r.date}|${r.shift}`}
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={f.data?.scheduled ?? []}
          columns={[
            { title: t('日期', 'Date'), render: (_, r) => { const d = days.find((x) => x.date === r.date); return <span>{r.date} {d ? WEEKDAYS[lang][d.weekday] : ''} {d && !d.working && <Tag>{t('休', 'Rest')}</Tag>}</span>; } },
            { title: t('班次', 'Shift'), render: (_, r) => SHIFT_LABELS[r.shift as ShiftCode][lang] },
            { title: t('所需', 'Needed'), dataIndex: 'required' },
            {
              title: t('排班坐席', 'Scheduled agents'),
              render: (_, r) => (
                <Select
                  mode="multiple"
                  style={{ minWidth: 220 }}
                  status={slotsOf(r.date, r.shift as ShiftCode).length < r.required ? 'error' : undefined}
                  aria-label={t(`${r.date} ${SHIFT_LABELS[r.shift as ShiftCode].zh} 排班`, `${r.date} ${r.shift} schedule`)}
                  value={slotsOf(r.date, r.shift as ShiftCode)}
                  options={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  onChange={(userIds: string[]) => save.mutate({ date: r.date, shift: r.shift as ShiftCode, userIds })}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
