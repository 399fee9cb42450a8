// Small pieces the grading pages share: grade tags with validity, the rules explanation, error alerts and the
// print button with its print style sheet.
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Space, Tag, Typography } from 'antd';
import { fieldLabel } from '../app/field-labels';
import type { ReactNode } from 'react';
import type { Evaluation, ExplainLine, GradeView } from '../../modules/grading/grading.schemas';
import { ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { label, LEVEL_COLORS, LEVEL_LABELS } from './grading-labels';
import { validityState } from './grading-utils';

export function LevelTag({ level }: { level: string | null | undefined }) {
  const { lang, t } = useI18n();
  if (!level) return <Tag>{t('无等级', 'No grade')}</Tag>;
  return (
    <Tag color={LEVEL_COLORS[level] ?? 'default'} data-testid="level-tag">
      {label(LEVEL_LABELS, level, lang)}
    </Tag>
  );
}

/** The grade held, with its validity; expiring within 3 months (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10) and expired grades are highlighted. */
export function GradeTag({ grade, today }: { grade: GradeView | null; today: string | undefined }) {
  const { t } = useI18n();
  if (!grade) return <Tag>{t('无等级', 'No grade')}</Tag>;
  const state = today ? validityState(grade, today) : 'valid';
  return (
    <Space size={4} wrap>
      <LevelTag level={grade.level} />
      <Typography.Text type={state === 'valid' ? 'secondary' : 'danger'} data-testid="validity">
        {t('有效期至', 'valid until')} {grade.validUntil}
      </Typography.Text>
      {state === 'expiring' && <Tag color="orange">{t(`即将到期：请于 ${grade.reapplyBy} 前重新申报`, `Expiring: re-apply by ${grade.reapplyBy}`)}</Tag>}
      {state === 'expired' && <Tag color="red">{t('已过期', 'Expired')}</Tag>}
      {grade.extended && <Tag color="blue">{t('直接延期', 'Extended')}</Tag>}
    </Space>
  );
}

function ReasonLine({ r }: { r: ExplainLine }) {
  const { lang } = useI18n();
  return (
    <Typography.Text type={r.ok ? 'success' : 'danger'}>
      {r.ok ? '✓ ' : '✗ '}
      {lang === 'zh' ? r.zh : r.en}
    </Typography.Text>
  );
}

/**
 * The grade the rules give and why (docs/rules.md#what-a-level-rule-is): what held for it, and for every higher grade each condition
 * that failed — the applicant sees exactly what stands between them and the grade they seek.
 */
export function ExplainPanel({ evaluation, title }: { evaluation: Evaluation; title?: ReactNode }) {
  const { t } = useI18n();
  const held = evaluation.explain.filter((r) => r.ok);
  return (
    <div data-testid="explain">
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        {title ?? <Typography.Text strong>{t('规则判定', 'Rules give')}</Typography.Text>}
        <LevelTag level={evaluation.level} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Typography.Text code translate="no">{evaluation.packId}</Typography.Text> v{evaluation.packVersion} · {t('判定日', 'as of')} {evaluation.asOf}
        </Typography.Text>
      </Flex>
      {evaluation.refused.map((r) => (
        <div key={r.level} style={{ marginBottom: 8 }}>
          <Typography.Text strong>
            <LevelTag level={r.level} />
            {t('未达到，原因：', 'refused because:')}
          </Typography.Text>
          <List size="small" dataSource={r.reasons.filter((x) => !x.ok)} renderItem={(x) => <List.Item style={{ padding: '2px 0' }}><ReasonLine r={x} /></List.Item>} />
        </div>
      ))}
      {held.length > 0 && (
        <div>
          <Typography.Text strong>{t('满足的条件：', 'Conditions met:')}</Typography.Text>
          <List size="small" dataSource={held} renderItem={(x) => <List.Item style={{ padding: '2px 0' }}><ReasonLine r={x} /></List.Item>} />
        </div>
      )}
    </div>
  );
}

/** A server error in the user's language, with the ban or the reason the server gave in `details`. */
export function ErrorAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { lang, t } = useI18n();
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : {};
  // A banned mine's 422 carries the bans (定级办法 Art. 7; docs/grading.md#the-pipeline-art-7, docs/grading.md#supervision-art-11 (定级办法 Art. 11)): each is shown with its reason and end date.
  const bans = (Array.isArray(details.bans) ? details.bans : details.ban ? [details.ban] : []) as { scope?: string; until?: string; reason?: string; reasonZh?: string }[];
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <Alert
      type="error"
      showIcon
      closable={!!onClose}
      onClose={onClose}
      style={{ marginBottom: 16 }}
      title={errorText(error, lang)}
      data-testid="error-alert"
      description={
        bans.length > 0 || fields.length > 0 ? (
          <>
            {bans.map((ban) => (
              <div data-testid="ban-reason" key={`${ban.scope}-${ban.until}`}>
                {t('限制原因：', 'Ban: ')}
                {lang === 'zh' ? (ban.reasonZh ?? ban.reason) : (ban.reason ?? ban.reasonZh)}
                {ban.until && ` — ${t('可再次申报日期', 'may apply again from')} ${ban.until}`}
              </div>
            ))}
            {fields.map((f) => (
              <div key={`${f.field}:${f.message}`}>
                {fieldLabel(f.field, lang)}：{f.message}
              </div>
            ))}
          </>
        ) : undefined
      }
    />
  );
}

/**
 * A print button and the print style sheet: on paper only the document shows — the side navigation, the header
 * and anything marked `no-print` disappear, and the content uses the full page.
 */
export function PrintButton() {
  const { t } = useI18n();
  return (
    <>
      <style>{PRINT_CSS}</style>
      <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
        {t('打印', 'Print')}
      </Button>
    </>
  );
}

const PRINT_CSS = `
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { padding: 0 !important; }
  .print-doc { box-shadow: none !important; border: none !important; }
  body { background: #fff !important; }
}
.print-doc { background: #fff; padding: 32px 48px; max-width: 900px; margin: 0 auto; border: 1px solid #f0f0f0; font-family: "SimSun", "Songti SC", serif; }
.print-doc h1 { text-align: center; font-size: 22px; margin-bottom: 24px; }
.print-doc table.form { width: 100%; border-collapse: collapse; margin-bottom: 16px; }
.print-doc table.form td, .print-doc table.form th { border: 1px solid #333; padding: 6px 8px; vertical-align: top; }
.print-doc table.form th { background: #fafafa; width: 22%; text-align: left; font-weight: normal; }
.print-doc .sign { margin-top: 48px; text-align: right; }
`;
