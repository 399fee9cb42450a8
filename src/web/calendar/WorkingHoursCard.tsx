import { App, Button, Card, Flex, Radio, Space, Spin, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../app/api';
import { errorText, useI18n, type Lang } from '../app/i18n';
import { useUnits } from '../admin/admin-data';
import { UnitSelect } from '../admin/UnitSelect';
import { useCalendarSettings, useRemoveUnitSettings, useSaveSettings, type CalendarSettingsView } from './calendar-api';

/** Working hours (docs/calendar.md#rules-and-their-sources: per organisation, default 09:00–12:00 and 13:00–18:00, Asia/Shanghai). */
export function WorkingHoursCard() {
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
