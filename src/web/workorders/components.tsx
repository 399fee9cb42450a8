import { Popover, Space, Tag, Typography } from 'antd';
import { useI18n } from '../app/i18n';
import { countdown, formatShanghai, TONE_COLOURS } from './format';
import { DEADLINES, label, SEVERITIES, STATUSES } from './labels';
import type { SeverityExplain } from './types';

export function StatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  return <Tag color={STATUSES[status]?.colour ?? 'default'}>{label(STATUSES, status, lang)}</Tag>;
}

export function SeverityTag({ severity }: { severity: string | null }) {
  const { lang, t } = useI18n();
  // Only complaints are rated (the policy's severity.kinds); other kinds show a dash.
  if (!severity) return <Typography.Text type="secondary" title={t('未判定', 'not rated')}>—</Typography.Text>;
  return <Tag color={SEVERITIES[severity]?.colour ?? 'default'}>{label(SEVERITIES, severity, lang)}</Tag>;
}

/** The severity tag with the rule pack's reasons in a popover (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity: shown with its reasons). */
export function SeverityWithExplain({ severity, explain }: { severity: string | null; explain: SeverityExplain | null }) {
  const { lang, t } = useI18n();
  if (!explain) return <SeverityTag severity={severity} />;
  const content = (
    <div style={{ maxWidth: 420 }} data-testid="severity-explain">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('规则包', 'Rule pack')} <Typography.Text code translate="no">{explain.packId}</Typography.Text> v{explain.packVersion} · {t('建议', 'proposed')} <b>{explain.proposed}</b>
      </Typography.Paragraph>
      <ul style={{ paddingLeft: 18, margin: 0 }}>
        {explain.reasons.map((r, i) => (
          <li key={`r${i}`}>{lang === 'zh' ? r.zh : r.en}</li>
        ))}
        {explain.refused.map((f) => (
          <li key={f.level} style={{ color: '#8c8c8c' }}>
            {t(`未达「${f.level}」：`, `Not ${f.level}: `)}
            {f.reasons.map((r) => (lang === 'zh' ? r.zh : r.en)).join('；')}
          </li>
        ))}
      </ul>
      {explain.override && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          {t('人工改判', 'Overridden')}: <b>{explain.override.level}</b> — {explain.override.reason} ({explain.override.by}, {formatShanghai(explain.override.at)})
        </Typography.Paragraph>
      )}
    </div>
  );
  return (
    <Popover content={content} title={t('程度判定依据', 'Why this severity')}>
      <span style={{ cursor: 'help' }} data-testid="severity-tag">
        <SeverityTag severity={severity} />
      </span>
    </Popover>
  );
}

/** A deadline's due time and a coloured countdown: red when overdue, orange when near due. */
export function DeadlineCountdown({ name, due, state, nowMs, showName = true }: { name: string; due: string; state: string; nowMs: number; showName?: boolean }) {
  const { lang } = useI18n();
  const c = countdown(due, state, nowMs);
  return (
    <Space orientation="vertical" size={0}>
      {showName && <Typography.Text>{label(DEADLINES, name, lang)}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatShanghai(due)}
      </Typography.Text>
      <span style={{ color: TONE_COLOURS[c.tone], fontSize: 12, fontWeight: c.tone === 'overdue' ? 600 : 400 }} data-tone={c.tone}>
        {lang === 'zh' ? c.zh : c.en}
      </span>
    </Space>
  );
}
