import { Card, Col, Row, Tooltip, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useT } from '../app/i18n';
import type { CalendarDay } from './calendar-api';
import { monthGrid } from './calendar-utils';

const WEEKDAYS: [string, string][] = [
  ['一', 'Mo'],
  ['二', 'Tu'],
  ['三', 'We'],
  ['四', 'Th'],
  ['五', 'Fr'],
  ['六', 'Sa'],
  ['日', 'Su'],
];

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function cellStyle(d: CalendarDay | undefined): CSSProperties {
  const base: CSSProperties = {
    height: 40,
    padding: '2px 3px',
    borderRadius: 4,
    cursor: 'pointer',
    fontSize: 12,
    lineHeight: '14px',
    overflow: 'hidden',
    position: 'relative',
    border: '1px solid transparent',
  };
  if (!d) return base;
  if (d.kind === 'override') {
    return { ...base, border: '2px solid #1f5fbf', background: d.working ? '#e6f4ff' : '#fff1f0', color: d.working ? undefined : '#cf1322' };
  }
  if (d.kind === 'holiday') return { ...base, background: '#fff1f0', color: '#cf1322' };
  if (d.kind === 'adjusted_workday') return { ...base, background: '#fffbe6' };
  if (!d.working) return { ...base, color: '#8c8c8c', background: '#fafafa' };
  return base;
}

/**
 * 12 month grids of one year (the year view of docs/calendar.md#administration-and-api): holidays red with
 * their name, adjusted working weekends marked 班, administrators' overrides framed in blue, days past the last
 * published notice in italics (provisional). Clicking a date calls `onPick`.
 */
export function YearView({ year, days, onPick }: { year: number; days: Map<string, CalendarDay>; onPick?: (date: string) => void }) {
  const t = useT();
  return (
    <Row gutter={[12, 12]} data-testid="year-view">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
        <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
          <Card size="small" title={t(`${month}月`, `${MONTHS_EN[month - 1]} ${year}`)} styles={{ body: { padding: 8 } }}>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
              {WEEKDAYS.map(([zh, en]) => (
                <Typography.Text key={zh} type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
                  {t(zh, en)}
                </Typography.Text>
              ))}
              {monthGrid(year, month)
                .flat()
                .map((date, k) => {
                  if (!date) return <div key={`pad-${k}`} />;
                  const d = days.get(date);
                  const mark = d?.kind === 'adjusted_workday' ? t('班', 'W') : d?.kind === 'override' ? (d.working ? t('班', 'W') : t('休', 'off')) : null;
                  const tip = d
                    ? [date, d.name, d.working ? t('工作日', 'working day') : t('休息日', 'day off'), d.provisional ? t('暂定（尚未公布）', 'provisional (not yet published)') : null]
                        .filter(Boolean)
                        .join(' · ')
                    : date;
                  return (
                    <Tooltip key={date} title={tip}>
                      <div
                        role="button"
                        tabIndex={0}
                        data-date={date}
                        data-kind={d?.kind}
                        data-working={d ? String(d.working) : undefined}
                        style={{ ...cellStyle(d), fontStyle: d?.provisional ? 'italic' : undefined }}
                        onClick={() => onPick?.(date)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') onPick?.(date);
                        }}
                      >
                        <span style={{ fontWeight: 600 }}>{Number(date.slice(8))}</span>
                        {mark && (
                          <span style={{ position: 'absolute', top: 1, right: 2, fontSize: 10, color: d?.working ? '#d46b08' : '#cf1322', fontWeight: 600 }}>{mark}</span>
                        )}
                        {d?.name && (d.kind === 'holiday' || d.kind === 'override') && (
                          <div style={{ fontSize: 10, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{d.name}</div>
                        )}
                      </div>
                    </Tooltip>
                  );
                })}
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** The legend under the year view. */
export function YearLegend() {
  const t = useT();
  const item = (style: CSSProperties, label: string) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, marginRight: 16 }}>
      <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, ...style }} />
      {label}
    </span>
  );
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {item({ background: '#fff1f0', border: '1px solid #ffa39e' }, t('法定节假日', 'Public holiday'))}
      {item({ background: '#fffbe6', border: '1px solid #ffe58f' }, t('调休上班（班）', 'Adjusted working day (W)'))}
      {item({ background: '#fafafa', border: '1px solid #d9d9d9' }, t('周末', 'Weekend'))}
      {item({ border: '2px solid #1f5fbf' }, t('管理员调整', 'Override'))}
      {item({ border: '1px dashed #bfbfbf' }, t('斜体：暂定（通知未公布）', 'Italic: provisional'))}
    </Typography.Text>
  );
}
