import { useQueries } from '@tanstack/react-query';
import { Flex, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { isoOffset } from '../../../core/calendar/dates';
import { errorText, useI18n } from '../../app/i18n';
import { addDuration } from '../../calendar/calendar-api';
import { formatShanghai } from '../format';
import { KINDS, label } from '../labels';
import { FROM, pick, TRIGGERS, UNIT_OPTIONS, type DeadlineRow, type PolicyShape } from './policy-form';

export type Edit = (path: (string | number)[], value: unknown) => void;

/**
 * The numbers of the policy that matter day to day — each deadline's time limit, unit and starting point, the
 * warning point, the notice for an extension, the severity pack, the offer limits — with, beside each deadline,
 * when it would fall for the sample receipt (counted by the working calendar on the server, docs/calendar.md).
 */
export function DeadlinesForm({ policy, problems, edit, sample, roleName }: { policy: PolicyShape; problems: Map<string, string>; edit: Edit; sample: Dayjs; roleName: (code: string) => string }) {
  const { t, lang } = useI18n();
  const deadlines = (policy.deadlines ?? []).map((d, index) => ({ ...d, index }));
  const bad = (path: string) => problems.get(path);
  const unitLabel = (u: string) => pick(UNIT_OPTIONS[u], lang, u);

  const start = `${sample.format('YYYY-MM-DDTHH:mm:ss')}${isoOffset()}`;
  const previews = useQueries({
    queries: deadlines.map((d) => ({
      queryKey: ['calendar', 'add', start, d.amount, d.unit],
      queryFn: () => addDuration({ start, amount: d.amount, unit: d.unit as 'working_days' }),
      enabled: typeof d.amount === 'number' && d.amount > 0 && !!UNIT_OPTIONS[d.unit],
      staleTime: 60_000,
      retry: false,
    })),
  });

  return (
    <Flex vertical gap={16}>
      <Table<DeadlineRow>
        size="small"
        rowKey="index"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={deadlines}
        columns={[
          {
            title: t('期限名称', 'Deadline'),
            render: (_, d) => (
              <Flex vertical gap={2}>
                <Input
                  size="small"
                  value={lang === 'zh' ? d.label?.zh : d.label?.en}
                  status={bad(`deadlines.${d.index}.label.zh`) ? 'error' : undefined}
                  onChange={(e) => edit(['deadlines', d.index, 'label', lang], e.target.value)}
                  aria-label={t('期限名称', 'Deadline name')}
                  style={{ width: 160 }}
                />
                {bad(`deadlines.${d.index}.label.zh`) && <Typography.Text type="danger">{bad(`deadlines.${d.index}.label.zh`)}</Typography.Text>}
              </Flex>
            ),
          },
          {
            title: t('适用', 'Applies to'),
            render: (_, d) => (
              <Flex gap={4} wrap style={{ maxWidth: 200 }}>
                {(d.kinds ?? []).map((k) => (
                  <Tag key={k}>{label(KINDS, k, lang)}</Tag>
                ))}
                {!d.kinds && <Tag>{t('全部类型', 'every kind')}</Tag>}
                {(d.severities ?? []).map((s) => (
                  <Tag key={s} color="red">
                    {s}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          { title: t('开始于', 'Starts'), render: (_, d) => pick(TRIGGERS[d.on], lang, d.on) },
          {
            title: t('时限', 'Time limit'),
            render: (_, d) => (
              <Flex vertical gap={2}>
                <Flex gap={4}>
                  <InputNumber
                    size="small"
                    min={0}
                    value={d.amount}
                    status={bad(`deadlines.${d.index}.amount`) ? 'error' : undefined}
                    onChange={(v) => edit(['deadlines', d.index, 'amount'], v ?? 0)}
                    aria-label={t('时限', 'Time limit')}
                    style={{ width: 72 }}
                  />
                  <Select
                    size="small"
                    value={d.unit}
                    onChange={(v) => edit(['deadlines', d.index, 'unit'], v)}
                    options={Object.keys(UNIT_OPTIONS).map((u) => ({ value: u, label: unitLabel(u) }))}
                    aria-label={t('单位', 'Unit')}
                    style={{ width: 124 }}
                  />
                </Flex>
                {bad(`deadlines.${d.index}.amount`) && <Typography.Text type="danger">{bad(`deadlines.${d.index}.amount`)}</Typography.Text>}
              </Flex>
            ),
          },
          {
            title: t('起算点', 'Counted'),
            render: (_, d) => (
              <Select
                size="small"
                value={d.from}
                onChange={(v) => edit(['deadlines', d.index, 'from'], v)}
                options={Object.keys(FROM).map((f) => ({ value: f, label: pick(FROM[f], lang) }))}
                aria-label={t('起算点', 'Counted from')}
                style={{ width: 120 }}
              />
            ),
          },
          {
            title: t('示例到期（北京时间）', 'Sample due (Beijing)'),
            render: (_, d) => {
              const p = previews[d.index];
              if (bad(`deadlines.${d.index}.amount`)) return '—';
              if (p?.isLoading) return t('计算中…', 'computing…');
              if (p?.error) return <Typography.Text type="danger">{errorText(p.error, lang)}</Typography.Text>;
              return p?.data ? (
                <span data-testid="policy-preview-due">
                  {formatShanghai(p.data.due)}
                  {p.data.provisional && <Tag color="warning">{t('预估', 'estimate')}</Tag>}
                </span>
              ) : (
                '—'
              );
            },
          },
        ]}
      />
      <Flex gap={24} wrap>
        <Flex vertical gap={2}>
          <Typography.Text>{t('到期前预警点（已过时长占比）', 'Warn when this share of the time has passed')}</Typography.Text>
          <InputNumber
            min={1}
            max={99}
            value={policy.warnAtFraction !== undefined ? Math.round(policy.warnAtFraction * 100) : undefined}
            formatter={(v) => `${v ?? ''}%`}
            parser={(v) => Number((v ?? '').replace('%', ''))}
            status={bad('warnAtFraction') ? 'error' : undefined}
            onChange={(v) => edit(['warnAtFraction'], typeof v === 'number' ? v / 100 : 0)}
            aria-label={t('预警点', 'Warning point')}
          />
          {bad('warnAtFraction') && <Typography.Text type="danger">{bad('warnAtFraction')}</Typography.Text>}
        </Flex>
        <Flex vertical gap={2}>
          <Typography.Text>{t('延期须提前申请（工作日）', 'Ask for an extension this many working days ahead')}</Typography.Text>
          <InputNumber
            min={0}
            value={policy.extensionNoticeWorkingDays}
            status={bad('extensionNoticeWorkingDays') ? 'error' : undefined}
            onChange={(v) => edit(['extensionNoticeWorkingDays'], v ?? 0)}
            aria-label={t('延期申请提前量', 'Extension notice')}
          />
        </Flex>
        <Flex vertical gap={2} style={{ maxWidth: '100%' }}>
          <Typography.Text>{t('程度判定规则包', 'Severity rule pack')}</Typography.Text>
          <Select
            value={policy.severity?.pack}
            style={{ width: 260, maxWidth: '100%' }}
            onChange={(v) => edit(['severity', 'pack'], v)}
            options={(policy.severity?.selectable ?? []).map((id) => ({ value: id, label: <span translate="no">{id}</span> }))}
            aria-label={t('程度判定规则包', 'Severity rule pack')}
          />
        </Flex>
      </Flex>
      <div>
        <Typography.Text strong>{t('可承诺补偿上限（元，留空为不限）', 'Offer limits (yuan; empty = no limit)')}</Typography.Text>
        <Flex gap={16} wrap style={{ marginTop: 8 }}>
          {Object.entries(policy.offerLimits ?? {}).map(([role, v]) => (
            <Flex key={role} vertical gap={2}>
              <Typography.Text type="secondary">{roleName(role)}</Typography.Text>
              <InputNumber
                min={0}
                value={v ?? undefined}
                placeholder={t('不限', 'no limit')}
                status={bad(`offerLimits.${role}`) ? 'error' : undefined}
                onChange={(x) => edit(['offerLimits', role], x ?? null)}
                aria-label={`${t('补偿上限', 'Offer limit')} ${roleName(role)}`}
              />
            </Flex>
          ))}
        </Flex>
      </div>
    </Flex>
  );
}
