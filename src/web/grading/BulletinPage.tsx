import { Card, Empty, Flex, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { hasAnyRole, useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { ErrorAlert, PrintButton } from './components';
import { useBulletin, useGradingUnits, useLevel1SelfInspectionSummary, useServerToday, type BulletinView, type Level1SelfInspectionSummary } from './grading-api';
import { label, LEVEL_LABELS, MINE_TYPE_LABELS } from './grading-labels';
import { formatScore, shanghaiDateTime } from './grading-utils';

type Row = BulletinView['gradings'][number];

/** 年度公报 (Art. 11): each authority's yearly list of gradings, extensions, downgrades and revocations, printable. */
export function BulletinPage() {
  const { t } = useI18n();
  const today = useServerToday();
  const [year, setYear] = useState<number | null>(null);
  const [authorityId, setAuthorityId] = useState<string | undefined>();
  const shownYear = year ?? (today ? Number(today.slice(0, 4)) : new Date().getFullYear());
  const units = useGradingUnits();
  const authorities = (units.data ?? []).filter((u) => u.kind === 'national_authority' || u.kind === 'provincial_authority');
  // Authority staff default to their own authority; an administrator belongs to none, so the page asks which one
  // first instead of sending requests that can only be refused (two raw 422s and empty cards).
  const me = useMe();
  const ownAuthority = hasAnyRole(me.data, ['province_reviewer', 'national_assessor']);
  const ready = !!authorityId || ownAuthority;
  const bulletin = useBulletin(authorityId, shownYear, ready);
  const level1 = useLevel1SelfInspectionSummary(authorityId, shownYear, ready);

  return (
    <>
      <Flex justify="space-between" className="no-print" style={{ marginBottom: 16 }} wrap gap={8}>
        <Space wrap>
          <Select
            allowClear={ownAuthority}
            placeholder={ownAuthority ? t('发布机关（默认：本人所在机关）', 'Authority (default: your own)') : t('请选择发布机关', 'Choose the authority')}
            aria-label={t('发布机关', 'Authority')}
            style={{ width: 320 }}
            value={authorityId}
            onChange={setAuthorityId}
            options={authorities.map((u) => ({ value: u.id, label: u.name }))}
          />
          <InputNumber min={2020} max={2100} value={shownYear} onChange={(v) => setYear(typeof v === 'number' ? v : null)} />
        </Space>
        <PrintButton />
      </Flex>
      {!ready && (
        <Card data-testid="bulletin-pick-authority">
          <Empty description={t('请先在上方选择发布机关（国家局或省级主管部门），再查看其年度公报和一级煤矿自查汇总。', 'Choose the authority above (national or provincial) to see its yearly bulletin and the Level 1 self-inspection summary.')} />
        </Card>
      )}
      {ready && (
        <>
          {bulletin.error ? <ErrorAlert error={bulletin.error} /> : null}
          <Card loading={bulletin.isLoading} className="print-doc" data-testid="bulletin">
            {bulletin.data && <BulletinDoc b={bulletin.data} />}
          </Card>
          {level1.error ? <ErrorAlert error={level1.error} /> : null}
          <Card loading={level1.isLoading} className="print-doc" data-testid="level1-summary" style={{ marginTop: 16 }}>
            {level1.data && <Level1SummaryDoc s={level1.data} />}
          </Card>
        </>
      )}
    </>
  );
}

function BulletinDoc({ b }: { b: BulletinView }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t(`${b.authorityName} ${b.year} 年度煤矿安全生产标准化管理体系等级公报`, `${b.authorityName}: grading bulletin ${b.year}`)}</h1>
      <Section title={t('一、考核定级', '1. Gradings')} rows={b.gradings} />
      <Section title={t('二、直接延期', '2. Direct extensions')} rows={b.extensions} />
      <Section title={t('三、降级', '3. Downgrades')} rows={b.downgrades} showFrom />
      <Section title={t('四、撤消等级', '4. Revocations')} rows={b.revocations} showFrom />
      <Typography.Text type="secondary">
        {t('生成时间', 'Generated')} {shanghaiDateTime(b.generatedAt)}
      </Typography.Text>
    </>
  );
}

/** 一级煤矿自查结果年度汇总 (Art. 11(6)): reported to the national authority each year. */
function Level1SummaryDoc({ s }: { s: Level1SelfInspectionSummary }) {
  const { t } = useI18n();
  const mark = (st: 'done' | 'missed' | 'pending') => (st === 'done' ? t('已自查', 'done') : st === 'missed' ? t('未自查', 'missed') : t('未到期', 'not yet due'));
  return (
    <>
      <h2>{t(`${s.authorityName} ${s.year} 年度一级煤矿自查结果汇总（报国家煤矿安全监察局）`, `${s.authorityName}: ${s.year} self-inspections of Level 1 mines (for the national authority)`)}</h2>
      {s.mines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本年度辖区内无一级煤矿', 'No Level 1 mines in the jurisdiction this year')} />
      ) : (
        <table className="form">
          <tbody>
            <tr>
              <th>{t('煤矿', 'Mine')}</th>
              <th>{t('所属企业', 'Enterprise')}</th>
              <th>{t('一级有效期', 'Level 1 valid')}</th>
              <th>{t('季度自查（煤矿）', 'Quarterly (mine)')}</th>
              <th>{t('半年自查（企业）', 'Half-yearly (enterprise)')}</th>
              <th>{t('已自查/未自查/未到期', 'Done / missed / not due')}</th>
              <th>{t('最低得分', 'Lowest score')}</th>
            </tr>
            {s.mines.map((m) => (
              <tr key={m.mineId}>
                <td>
                  {m.mineName}
                  {m.extended && <Typography.Text type="secondary">{t('（直接延期）', ' (extended)')}</Typography.Text>}
                </td>
                <td>{m.enterpriseName ?? '—'}</td>
                <td>
                  {m.since} — {m.validUntil}
                </td>
                {(['mine', 'enterprise'] as const).map((scope) => (
                  <td key={scope}>
                    {m.periods
                      .filter((x) => x.scope === scope)
                      .map((x) => `${x.period.slice(5)} ${mark(x.status)}${x.weightedScore !== null ? ` ${formatScore(x.weightedScore)}` : ''}`)
                      .join('；') || '—'}
                  </td>
                ))}
                <td>
                  {m.done}/{m.missed}/{m.pending}
                </td>
                <td>{formatScore(m.lowestScore)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Typography.Text type="secondary">
        {t('生成时间', 'Generated')} {shanghaiDateTime(s.generatedAt)}
      </Typography.Text>
    </>
  );
}

function Section({ title, rows, showFrom }: { title: string; rows: Row[]; showFrom?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <>
      <h3>
        {title}（{rows.length}）
      </h3>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('无', 'None')} />
      ) : (
        <table className="form">
          <tbody>
            <tr>
              <th>{t('日期', 'Date')}</th>
              <th>{t('煤矿', 'Mine')}</th>
              <th>{t('所属企业', 'Enterprise')}</th>
              <th>{t('类型', 'Type')}</th>
              {showFrom && <th>{t('原等级', 'From')}</th>}
              <th>{t('等级', 'Grade')}</th>
              <th>{t('事由', 'Reason')}</th>
            </tr>
            {rows.map((r) => (
              <tr key={`${r.mineId}-${r.date}-${r.level ?? ''}`}>
                <td>{r.date}</td>
                <td>{r.mineName}</td>
                <td>{r.enterpriseName ?? '—'}</td>
                <td>{label(MINE_TYPE_LABELS, r.mineType, lang)}</td>
                {showFrom && <td>{label(LEVEL_LABELS, r.fromLevel, lang) || '—'}</td>}
                <td>{label(LEVEL_LABELS, r.level, lang) || t('撤消', 'revoked')}</td>
                <td>{r.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
