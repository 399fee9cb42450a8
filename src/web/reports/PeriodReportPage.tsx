import { useQuery } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { PrintShell } from '../workorders/PrintPages';
import { DEADLINES, KINDS, label, SEVERITIES } from '../workorders/labels';
import type { PeriodReport } from '../workorders/types';
import { rate } from './periods';
import { WorkOrderReportsPage } from './WorkOrderReportsPage';

/** 月报 (after-sales) and 季报 (sales), docs/workorders.md#handling-steps, step 7 (用户抱怨制度 cl. 7-3, 7-4) and docs/workorders.md#reports (用户抱怨制度 cl. 7-3, 7-4): figures plus the period's corrective actions. */
export function PeriodReportPage() {
  const { period = '' } = useParams();
  const { t, lang } = useI18n();
  const report = useQuery({ queryKey: ['reports', 'period', period], queryFn: () => unwrap(client.GET(period.includes('Q') ? '/api/reports/workorders/quarterly' : '/api/reports/workorders/monthly', { params: { query: { period } } })) });
  if (report.isLoading) return <Spin style={{ margin: 80 }} />;
  if (!report.data) return <Result status="error" title={errorText(report.error, lang)} />;
  const r = report.data;
  const counts = (title: string, rows: PeriodReport['byKind'], name: (k: string, l: string) => string) => (
    <table>
      <thead>
        <tr>
          <th>{title}</th>
          <th>{t('件数', 'Count')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.key}>
            <td>{name(x.key, x.label)}</td>
            <td>{x.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <PrintShell back="/reports/workorders">
      <h1>{r.kind === 'monthly' ? t('客诉月度分析报告', 'Monthly complaint report') : t('客诉季度分析报告', 'Quarterly complaint report')}</h1>
      <div className="sub">
        {r.period} · {r.from} — {r.to}
      </div>
      <table>
        <tbody>
          <tr>
            <th>{t('工单总数', 'Work orders')}</th>
            <td>{r.total}</td>
            <th>{t('当前超期未结', 'Overdue now')}</th>
            <td>{r.overdueNow}</td>
          </tr>
          <tr>
            <th>{t('回访满意率', 'Callback satisfaction')}</th>
            <td>
              {rate(r.satisfaction.rate)} ({r.satisfaction.satisfied}/{r.satisfaction.callbacks})
            </td>
            <th>{t('重复问题', 'Repeat problems')}</th>
            <td>{r.repeats.length}</td>
          </tr>
        </tbody>
      </table>
      {counts(t('类型', 'Kind'), r.byKind, (k) => label(KINDS, k, lang))}
      {counts(t('程度', 'Severity'), r.bySeverity, (k, l) => label(SEVERITIES, k, lang) || l)}
      {counts(t('责任部门', 'Department'), r.byDepartment, (_k, l) => l)}
      <table>
        <thead>
          <tr>
            <th>{t('期限', 'Deadline')}</th>
            <th>{t('按时', 'Met')}</th>
            <th>{t('超期', 'Missed')}</th>
            <th>{t('及时率', 'On-time')}</th>
          </tr>
        </thead>
        <tbody>
          {r.onTime.map((o) => (
            <tr key={o.deadline}>
              <td>{label(DEADLINES, o.deadline, lang)}</td>
              <td>{o.met}</td>
              <td>{o.missed}</td>
              <td>{rate(o.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('纠正与预防措施', 'Corrective and preventive actions')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('工单', 'Work order')}</th>
            <th>{t('产品 / 问题', 'Product / problem')}</th>
            <th>{t('根本原因', 'Root cause')}</th>
            <th>{t('纠正措施', 'Corrective actions')}</th>
            <th>{t('预防再发生', 'Prevention')}</th>
          </tr>
        </thead>
        <tbody>
          {r.correctiveActions.length === 0 && (
            <tr>
              <td colSpan={5}>{t('本期无已批准的 8D 报告', 'No approved 8D reports in this period')}</td>
            </tr>
          )}
          {r.correctiveActions.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/workorders/${c.id}`}>{c.number}</Link>
              </td>
              <td>{[c.productCode, c.problem].filter(Boolean).join(' ')}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{c.rootCause}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{c.actions}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{c.prevention}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.invalidRecurring.length > 0 && (
        <>
          <h3>{t('反复出现的无效投诉', 'Recurring invalid complaints')}</h3>
          <table>
            <tbody>
              {r.invalidRecurring.map((x) => (
                <tr key={x.customer}>
                  <td>{x.customer}</td>
                  <td>{x.count}</td>
                  <td>{x.numbers.join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </PrintShell>
  );
}

/** /reports/workorders and its printable period pages. */
export function ReportsSection() {
  return (
    <Routes>
      <Route index element={<WorkOrderReportsPage />} />
      <Route path="period/:period" element={<PeriodReportPage />} />
    </Routes>
  );
}
