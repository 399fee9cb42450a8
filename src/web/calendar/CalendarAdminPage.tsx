import { LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Spin, Table, Tag, TimePicker, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../app/api';
import { errorText, useI18n, type Lang } from '../app/i18n';
import { useUnits } from '../admin/admin-data';
import { UnitSelect } from '../admin/UnitSelect';
import { PageHeader } from '../admin/PageHeader';
import {
  addDuration,
  useCalendarDays,
  useCalendarOverrides,
  useCalendarSettings,
  useCalendarStatus,
  useCalendarYears,
  useImportYear,
  useRemoveOverride,
  useRemoveUnitSettings,
  useSaveSettings,
  useSetOverride,
  type AddResult,
  type CalendarDay,
  type CalendarSettingsView,
  type YearImportResult,
} from './calendar-api';
import { noticeYear, parseNoticeText } from './calendar-utils';
import { YearLegend, YearView } from './YearView';

/** The banner of issue 3: from 1 October while next year's State Council notice is missing. */
export function CalendarBanner() {
  const { t } = useI18n();
  const status = useCalendarStatus();
  const s = status.data;
  if (!s?.showBanner) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-banner"
      style={{ marginBottom: 16 }}
      title={t(`尚未导入 ${s.nextYear} 年节假日安排`, `The ${s.nextYear} holiday schedule has not been imported`)}
      description={t(
        `已公布的日历截至 ${s.lastPublishedDate}。此后的期限为暂定：按《全国年节及纪念日放假办法》的法定节日计算，不推测调休。国务院通知发布后请在此导入。`,
        `Published days end on ${s.lastPublishedDate}. Deadlines after it are provisional: statutory holidays off, no adjusted days guessed. Import the State Council notice here once it is published.`,
      )}
    />
  );
}

/** 工作日历 /admin/calendar (DOMAIN §1.2, issue 3): year view, overrides, import, working hours, calculator. */
export function CalendarAdminPage() {
  const { t } = useI18n();
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
        {days.error ? <Alert type="error" title={errorText(days.error, 'zh')} /> : <YearView year={shown} days={byDate} onPick={setPicked} />}
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

function OverrideModal({
  date,
  day,
  override,
  onClose,
}: {
  date: string | null;
  day: CalendarDay | undefined;
  override: { working: boolean; note: string | null; version: number } | undefined;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ working: boolean; note?: string }>();
  const save = useSetOverride();
  const remove = useRemoveOverride();
  useEffect(() => {
    if (date) form.setFieldsValue({ working: override ? override.working : !(day?.working ?? true), note: override?.note ?? '' });
  }, [date, day, override, form]);
  const fail = (e: unknown) => message.error(errorText(e, lang));
  const kindLabel = (d: CalendarDay) =>
    ({
      workday: t('工作日', 'working day'),
      weekend: t('周末', 'weekend'),
      holiday: t('法定节假日', 'public holiday'),
      adjusted_workday: t('调休上班', 'adjusted working day'),
      override: t('管理员调整', 'override'),
    })[d.kind];

  return (
    <Modal
      open={date !== null}
      title={t(`调整 ${date ?? ''}`, `Override ${date ?? ''}`)}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          <span>
            {override && (
              <Button
                danger
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { date: date!, version: override.version },
                    {
                      onSuccess: () => {
                        message.success(t('已取消调整', 'Override removed'));
                        onClose();
                      },
                      onError: fail,
                    },
                  )
                }
              >
                {t('取消调整', 'Remove override')}
              </Button>
            )}
          </span>
          <Space>
            <Button onClick={onClose}>{t('关闭', 'Close')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="override-save">
              {t('保存', 'Save')}
            </Button>
          </Space>
        </Flex>
      }
    >
      {day && (
        <Typography.Paragraph type="secondary">
          {t('当前：', 'Now: ')}
          {kindLabel(day)}
          {day.name ? ` · ${day.name}` : ''}
          {day.provisional ? ` · ${t('暂定', 'provisional')}` : ''}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate(
            { date: date!, working: v.working, note: v.note || undefined, version: override?.version },
            {
              onSuccess: () => {
                message.success(t('已保存调整', 'Override saved'));
                onClose();
              },
              onError: fail,
            },
          )
        }
      >
        <Form.Item name="working" label={t('这一天', 'This day is')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: t('工作日', 'a working day') },
              { value: false, label: t('休息日', 'a day off') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('说明', 'Note')}>
          <Input maxLength={200} placeholder={t('例如：全厂停电检修', 'e.g. plant-wide power outage')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const UNITS: { value: string; zh: string; en: string }[] = [
  { value: 'working_days', zh: '工作日', en: 'working days' },
  { value: 'working_hours', zh: '工作小时', en: 'working hours' },
  { value: 'hours', zh: '小时', en: 'hours' },
  { value: 'days', zh: '天（日历日）', en: 'calendar days' },
  { value: 'months', zh: '月', en: 'months' },
  { value: 'years', zh: '年', en: 'years' },
];

/** A small "deadline calculator": start + amount in a unit → due, with the calendar's explanation. */
function DeadlineCalculator() {
  const { t, lang } = useI18n();
  const [start, setStart] = useState<Dayjs | null>(dayjs().hour(9).minute(0).second(0));
  const [amount, setAmount] = useState<number | null>(3);
  const [unit, setUnit] = useState('working_days');
  const [result, setResult] = useState<AddResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!start || amount === null) return;
    setBusy(true);
    setError(null);
    try {
      // The picker shows Beijing wall time; send it with the +08:00 offset (the default working calendar's zone).
      setResult(await addDuration({ start: `${start.format('YYYY-MM-DDTHH:mm:ss')}+08:00`, amount, unit }));
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

/** Working hours (DOMAIN §1.2: per organisation, default 09:00–12:00 and 13:00–18:00, Asia/Shanghai). */
function WorkingHoursCard() {
  const { t, lang } = useI18n();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const settings = useCalendarSettings(unitId);
  const units = useUnits();
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <Card title={t('工作时间', 'Working hours')} style={{ marginBottom: 16 }} data-testid="working-hours">
      <Typography.Paragraph type="secondary">
        {t(
          '工作小时只在这些时段内计算（北京时间）。可为单位单独设置，其下级单位沿用；未设置的单位用全局设置。',
          'Working hours are counted only inside these periods (Beijing time). A unit may have its own, which its sub-units inherit; other units use the global setting.',
        )}
      </Typography.Paragraph>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          size="small"
          value={unitId ? 'unit' : 'global'}
          onChange={(e) => setUnitId(e.target.value === 'global' ? undefined : (settings.data?.unitSettings[0]?.unitId ?? units.data?.[0]?.id))}
          options={[
            { value: 'global', label: t('全局', 'Global') },
            { value: 'unit', label: t('按单位', 'Per unit') },
          ]}
        />
        {unitId && (
          <div style={{ width: 260 }}>
            <UnitSelect value={unitId} onChange={setUnitId} />
          </div>
        )}
      </Flex>
      {(settings.data?.unitSettings.length ?? 0) > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('单独设置的单位：', 'Units with their own hours: ')}
          {settings.data!.unitSettings.map((u) => (
            <Tag key={u.unitId} style={{ cursor: 'pointer' }} onClick={() => setUnitId(u.unitId)}>
              {u.unitName ?? unitName(u.unitId)}
            </Tag>
          ))}
        </Typography.Paragraph>
      )}
      {settings.isLoading || !settings.data ? (
        <Spin />
      ) : (
        <PeriodsEditor key={`${unitId ?? 'global'}@${settings.data.version ?? 'default'}`} current={settings.data} unitId={unitId} lang={lang} />
      )}
    </Card>
  );
}

function PeriodsEditor({ current, unitId, lang }: { current: CalendarSettingsView; unitId?: string; lang: Lang }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSaveSettings();
  const remove = useRemoveUnitSettings();
  const [rows, setRows] = useState<[Dayjs, Dayjs][]>(() =>
    current.periods.map((p) => [dayjs(`2000-01-01T${p.start}`), dayjs(`2000-01-01T${p.end === '24:00' ? '23:59' : p.end}`)]),
  );
  const [dirty, setDirty] = useState(false);
  const change = (next: [Dayjs, Dayjs][]) => {
    setRows(next);
    setDirty(true);
  };
  const fail = (e: unknown) => message.error(e instanceof ApiError && e.errors.length ? e.errors.map((x) => x.message).join('; ') : errorText(e, lang));
  const submit = () =>
    save.mutate(
      {
        unitId,
        utcOffsetMinutes: current.utcOffsetMinutes,
        periods: rows.map(([a, b]) => ({ start: a.format('HH:mm'), end: b.format('HH:mm') })),
        // Saving over inherited hours creates the unit's own setting: there is no version to name yet.
        version: current.inherited ? undefined : (current.version ?? undefined),
      },
      { onSuccess: () => message.success(t('工作时间已保存', 'Working hours saved')), onError: fail },
    );
  return (
    <Space orientation="vertical">
      {current.inherited && (
        <Typography.Text type="secondary">
          {unitId ? t('此单位沿用上级或全局设置。', 'This unit inherits its parent’s or the global hours.') : t('当前为默认值。', 'These are the defaults.')}
        </Typography.Text>
      )}
      {rows.map((r, i) => (
        <Flex key={i} gap={8} align="center">
          <TimePicker.RangePicker
            format="HH:mm"
            minuteStep={5}
            value={r}
            onChange={(v) => {
              if (!v || !v[0] || !v[1]) return;
              const next = [...rows];
              next[i] = [v[0], v[1]];
              change(next);
            }}
          />
          <Button size="small" disabled={rows.length <= 1} onClick={() => change(rows.filter((_, k) => k !== i))}>
            {t('删除', 'Remove')}
          </Button>
        </Flex>
      ))}
      <Flex gap={8} wrap>
        <Button size="small" onClick={() => change([...rows, [dayjs('2000-01-01T19:00'), dayjs('2000-01-01T21:00')]])} disabled={rows.length >= 6}>
          {t('添加时段', 'Add period')}
        </Button>
        <Button type="primary" size="small" onClick={submit} loading={save.isPending} disabled={!dirty && !(unitId && current.inherited)}>
          {unitId && current.inherited ? t('为此单位单独设置', 'Give this unit its own hours') : t('保存', 'Save')}
        </Button>
        {unitId && !current.inherited && current.version !== null && (
          <Button
            size="small"
            danger
            loading={remove.isPending}
            onClick={() => remove.mutate({ unitId, version: current.version! }, { onSuccess: () => message.success(t('已恢复继承', 'The unit inherits again')), onError: fail })}
          >
            {t('恢复继承', 'Inherit again')}
          </Button>
        )}
      </Flex>
    </Space>
  );
}

/** Import a year's notice: paste or upload the JSON; errors and warnings are listed with their paths. */
function ImportCard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const years = useCalendarYears();
  const importYear = useImportYear();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [warnings, setWarnings] = useState<{ path: string; message: string }[]>([]);
  const submit = () => {
    setErrors([]);
    setWarnings([]);
    const parsed = parseNoticeText(text);
    if (!parsed.ok) {
      setErrors([{ path: 'JSON', message: parsed.message }]);
      return;
    }
    const y = noticeYear(parsed.value);
    const existing = years.data?.find((x) => x.year === y && x.origin === 'database');
    importYear.mutate(
      { notice: parsed.value, version: existing?.version ?? undefined },
      {
        onSuccess: (r: YearImportResult) => {
          setWarnings(r.warnings);
          message.success(t(`已导入 ${r.year.year} 年`, `Imported ${r.year.year}`));
        },
        onError: (e) => {
          if (e instanceof ApiError) {
            setErrors(e.errors.map((x) => ({ path: x.field, message: x.message })));
            const w = (e.details.warnings as { path: string; message: string }[] | undefined) ?? [];
            setWarnings(w);
            if (!e.errors.length) setErrors([{ path: '', message: errorText(e, lang) }]);
          } else setErrors([{ path: '', message: errorText(e, lang) }]);
        },
      },
    );
  };
  return (
    <Card title={t('导入年度节假日安排', 'Import a year’s holiday schedule')} style={{ marginBottom: 16 }} data-testid="calendar-import">
      <Typography.Paragraph type="secondary">
        {t(
          '按国务院办公厅通知整理的 JSON（year、source、holidays、workdays）。导入后替换该年的内置数据，并重新计算未到期的期限。',
          'JSON made from the State Council notice (year, source, holidays, workdays). It replaces the built-in data of that year and open deadlines are recomputed.',
        )}
      </Typography.Paragraph>
      <Input.TextArea
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"year": 2027, "source": {"title": "…", "docNo": "…"}, "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"}], "workdays": []}'
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        aria-label={t('通知 JSON', 'Notice JSON')}
      />
      <Flex gap={8} style={{ marginTop: 8 }}>
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={async (file) => {
            setText(await file.text());
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('选择文件', 'Choose file')}</Button>
        </Upload>
        <Button type="primary" onClick={submit} loading={importYear.isPending} disabled={!text.trim()}>
          {t('校验并导入', 'Validate and import')}
        </Button>
      </Flex>
      {errors.length > 0 && (
        <Alert
          type="error"
          style={{ marginTop: 12 }}
          title={t('未导入：请修正以下错误', 'Not imported: fix these errors')}
          description={<IssueList items={errors} />}
          data-testid="import-errors"
        />
      )}
      {warnings.length > 0 && (
        <Alert type="warning" style={{ marginTop: 12 }} title={t('提示', 'Warnings')} description={<IssueList items={warnings} />} data-testid="import-warnings" />
      )}
    </Card>
  );
}

function IssueList({ items }: { items: { path: string; message: string }[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(i) => (
        <List.Item style={{ padding: '2px 0' }}>
          {i.path && <Typography.Text code>{i.path}</Typography.Text>} {i.message}
        </List.Item>
      )}
    />
  );
}

function YearsCard() {
  const { t } = useI18n();
  const years = useCalendarYears();
  return (
    <Card title={t('已有年度', 'Years on file')} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="year"
        loading={years.isLoading}
        pagination={false}
        dataSource={[...(years.data ?? [])].reverse()}
        columns={[
          { title: t('年度', 'Year'), dataIndex: 'year', width: 70 },
          { title: t('来源', 'Source'), render: (_, y) => `${y.source.docNo}${y.importedFrom ? ` (${y.importedFrom})` : ''}` },
          {
            title: t('状态', 'Origin'),
            width: 120,
            render: (_, y) => (y.origin === 'shipped' ? <Tag>{t('内置', 'shipped')}</Tag> : <Tag color="blue">{t(`已导入 v${y.version}`, `imported v${y.version}`)}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
