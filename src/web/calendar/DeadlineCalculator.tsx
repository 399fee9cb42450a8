import { Alert, Button, Card, DatePicker, Flex, InputNumber, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, type ApiBody } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { addDuration, type AddResult } from './calendar-api';
import { isoOffset } from '../../core/calendar/dates';

type DurationUnit = ApiBody<'/api/calendar/add'>['unit'];

const UNITS: { value: DurationUnit; zh: string; en: string }[] = [
  { value: 'working_days', zh: '工作日', en: 'working days' },
  { value: 'working_hours', zh: '工作小时', en: 'working hours' },
  { value: 'hours', zh: '小时', en: 'hours' },
  { value: 'days', zh: '天（日历日）', en: 'calendar days' },
  { value: 'months', zh: '月', en: 'months' },
  { value: 'years', zh: '年', en: 'years' },
];

/** A small "deadline calculator": start + amount in a unit → due, with the calendar's explanation. */
export function DeadlineCalculator() {
  const { t, lang } = useI18n();
  const [start, setStart] = useState<Dayjs | null>(dayjs().hour(9).minute(0).second(0));
  const [amount, setAmount] = useState<number | null>(3);
  const [unit, setUnit] = useState<DurationUnit>('working_days');
  const [result, setResult] = useState<AddResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!start || amount === null) return;
    setBusy(true);
    setError(null);
    try {
      // The picker shows Beijing wall time; send it with the default working calendar's offset (docs/calendar.md).
      setResult(await addDuration({ start: `${start.format('YYYY-MM-DDTHH:mm:ss')}${isoOffset()}`, amount, unit }));
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError && e.errors.length ? e.errors.map((x) => x.message).join('; ') : errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('期限计算器', 'Deadline calculator')} style={{ marginBottom: 16 }} data-testid="deadline-calculator">
      <Flex gap={8} wrap align="center">
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={start} onChange={setStart} aria-label={t('开始时间', 'Start')} />
        <Typography.Text>+</Typography.Text>
        <InputNumber value={amount} onChange={(v) => setAmount(v)} style={{ width: 90 }} aria-label={t('数量', 'Amount')} />
        <Select value={unit} onChange={setUnit} style={{ width: 140 }} options={UNITS.map((u) => ({ value: u.value, label: lang === 'zh' ? u.zh : u.en }))} />
        <Button type="primary" onClick={run} loading={busy}>
          {t('计算', 'Compute')}
        </Button>
      </Flex>
      {error && <Alert type="error" style={{ marginTop: 12 }} title={error} />}
      {result && (
        <div style={{ marginTop: 12 }} data-testid="deadline-result">
          <Typography.Text strong>
            {t('到期：', 'Due: ')}
            {result.due}
          </Typography.Text>{' '}
          {result.provisional && <Tag color="orange">{t('暂定', 'provisional')}</Tag>}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>
            {result.explain}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
