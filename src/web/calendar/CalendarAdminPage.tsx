import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { errorText, useI18n } from '../app/i18n';
import { PageHeader } from '../admin/PageHeader';
import { useCalendarDays, useCalendarOverrides, useCalendarStatus, type CalendarDay } from './calendar-api';
import { CalendarBanner } from './CalendarBanner';
import { YearLegend, YearView } from './YearView';
import { DeadlineCalculator } from './DeadlineCalculator';
import { ImportCard, YearsCard } from './ImportCard';
import { OverrideModal } from './OverrideModal';
import { WorkingHoursCard } from './WorkingHoursCard';

/** 工作日历 /admin/calendar (docs/calendar.md#rules-and-their-sources, docs/calendar.md#administration-and-api): year view, overrides, import, working hours, calculator. */
export function CalendarAdminPage() {
  const { t, lang } = useI18n();
  const status = useCalendarStatus();
  const thisYear = status.data ? Number(status.data.today.slice(0, 4)) : dayjs().year();
  const [year, setYear] = useState<number | null>(null);
  const shown = year ?? thisYear;
  const [picked, setPicked] = useState<string | null>(null);

  const days = useCalendarDays(`${shown}-01-01`, `${shown}-12-31`);
  const byDate = useMemo(() => new Map<string, CalendarDay>((days.data ?? []).map((d) => [d.date, d])), [days.data]);
  const overrides = useCalendarOverrides(`${shown}-01-01`, `${shown}-12-31`);

  return (
    <>
      <PageHeader
        title={t('工作日历', 'Working calendar')}
        help={t(
          '法定节假日与调休按国务院每年的通知；单日可由管理员调整。所有期限计算都以此为准。',
          'Holidays and adjusted working days follow the State Council notice of each year; administrators may override single days. Every deadline is computed from this calendar.',
        )}
      />
      <CalendarBanner />
      <Card
        title={
          <Flex align="center" gap={8}>
            <Button size="small" icon={<LeftOutlined />} aria-label={t('上一年', 'Previous year')} onClick={() => setYear(shown - 1)} />
            <span data-testid="calendar-year">{t(`${shown} 年`, String(shown))}</span>
            <Button size="small" icon={<RightOutlined />} aria-label={t('下一年', 'Next year')} onClick={() => setYear(shown + 1)} />
          </Flex>
        }
        extra={<YearLegend />}
        loading={days.isLoading}
        style={{ marginBottom: 16 }}
      >
        {days.error ? <Alert type="error" title={errorText(days.error, lang)} /> : <YearView year={shown} days={byDate} onPick={setPicked} />}
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('点击日期可设置或取消单日调整。', 'Click a date to set or remove an override.')}
        </Typography.Text>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <DeadlineCalculator />
          <WorkingHoursCard />
        </Col>
        <Col xs={24} xl={12}>
          <ImportCard />
          <YearsCard />
        </Col>
      </Row>
      <OverrideModal
        date={picked}
        day={picked ? byDate.get(picked) : undefined}
        override={picked ? overrides.data?.find((o) => o.date === picked) : undefined}
        onClose={() => setPicked(null)}
      />
    </>
  );
}
