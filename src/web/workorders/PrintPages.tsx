import { PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai, percent } from './format';
import { CATEGORIES, CHANNELS, DEADLINE_STATES, DEADLINES, EIGHT_D, KINDS, label, REVIEW_OUTCOMES, SEVERITIES, STATUSES } from './labels';
import { eventLabel, eventNote, useWorkOrder } from './WorkOrderDetailPage';

/** Paper look on screen; on paper only the form (the app shell and buttons are hidden). */
export const PRINT_CSS = `
.print-sheet { background: #fff; max-width: 800px; margin: 0 auto; padding: 32px 40px; color: #000; font-size: 13px; }
.print-sheet h1 { text-align: center; font-size: 22px; margin: 0 0 4px; letter-spacing: 4px; }
.print-sheet .sub { text-align: center; margin-bottom: 16px; color: #333; }
.print-sheet table { width: 100%; border-collapse: collapse; margin-bottom: 12px; }
.print-sheet th, .print-sheet td { border: 1px solid #000; padding: 6px 8px; vertical-align: top; text-align: left; }
.print-sheet th { width: 18%; background: #f5f5f5; font-weight: 600; white-space: nowrap; }
.print-sheet .signs { display: flex; justify-content: space-between; margin-top: 24px; }
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { padding: 0 !important; }
  .ant-layout { background: #fff !important; }
  .print-sheet { padding: 0; max-width: none; }
  .print-sheet th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4; margin: 15mm; }
}`;

export function PrintShell({ back, children }: { back: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <style>{PRINT_CSS}</style>
      <Flex justify="space-between" className="no-print" style={{ maxWidth: 800, margin: '0 auto 16px' }}>
        <Link to={back}>← {t('返回', 'Back')}</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
          {t('打印', 'Print')}
        </Button>
      </Flex>
      <div className="print-sheet">{children}</div>
    </>
  );
}

function useLoaded() {
  const { id } = useParams();
  const { lang } = useI18n();
  const wo = useWorkOrder(id);
  const fallback = wo.isLoading ? <Spin style={{ margin: 80 }} /> : wo.error || !wo.data ? <Result status="error" title={errorText(wo.error, lang)} /> : null;
  return { wo: wo.data, fallback };
}

/** 客户投诉处理单 (docs/regulations.md#records-and-audit, docs/workorders.md#handling-steps, step 3 (投诉作业流程 cl. 5.2.2; 投诉处理制度 cl. 5.2)): the processing form that goes to the responsible department. */
export function PrintWorkOrderForm() {
  const { t, lang } = useI18n();
  const { wo: w, fallback } = useLoaded();
  if (!w) return fallback;
  const row = (a: string, av: ReactNode, b: string, bv: ReactNode) => (
    <tr>
      <th>{a}</th>
      <td>{av || '—'}</td>
      <th>{b}</th>
      <td>{bv || '—'}</td>
    </tr>
  );
  const wide = (a: string, v: ReactNode) => (
    <tr>
      <th>{a}</th>
      <td colSpan={3} style={{ whiteSpace: 'pre-wrap', height: 48 }}>
        {v || '—'}
      </td>
    </tr>
  );
  return (
    <PrintShell back={`/workorders/${w.id}`}>
      <h1>{t('客户投诉处理单', 'Customer complaint processing form')}</h1>
      <div className="sub">
        {t('编号', 'No.')} {w.number}
        {w.serial ? ` · ${t('表单编号', 'Form serial')} ${w.serial}` : ''} · {label(STATUSES, w.status, lang)}
      </div>
      <table>
        <tbody>
          {row(t('类型', 'Kind'), label(KINDS, w.kind, lang), t('渠道', 'Channel'), label(CHANNELS, w.channel, lang))}
          {row(t('收到时间', 'Received'), formatShanghai(w.receivedAt), t('登记时间', 'Registered'), formatShanghai(w.createdAt))}
          {row(t('客户名称', 'Customer'), w.customerName, t('客户代码', 'Customer code'), w.customerCode)}
          {row(t('联系人', 'Contact'), w.contactName, t('联系方式', 'Phone / e-mail'), [w.contactPhone, w.contactEmail].filter(Boolean).join(' '))}
          {row(t('产品编码', 'Product code'), w.productCode, t('产品名称', 'Product'), w.productName)}
          {row(t('投诉类别', 'Category'), label(CATEGORIES, w.category, lang), t('问题类别', 'Problem category'), w.problemCategory)}
          {row(t('出货日期', 'Ship date'), w.shipDate, t('出货数量', 'Ship quantity'), w.shipQuantity)}
          {row(t('不良率', 'Defect rate'), w.defectRate !== null ? percent(w.defectRate) : w.lotSize ? `${w.defectCount ?? 0}/${w.lotSize}` : '', t('发现地点', 'Where found'), w.foundAt)}
          {row(t('客诉程度', 'Severity'), w.severity ? label(SEVERITIES, w.severity, lang) : '', t('重点关注', 'Watch list'), w.keyCustomer ? '★' : '')}
          {wide(t('问题描述', 'Problem'), w.problem)}
          {wide(t('事情经过', 'Course of events'), w.description)}
          {row(t('责任部门', 'Department'), w.departmentName, t('升级次数', 'Upgrades'), w.upgradeCount)}
          {wide(t('处理结果 / 答复', 'Result / reply'), w.replyText)}
          {row(t('回访结果', 'Callback'), w.satisfied === null ? '' : w.satisfied ? t('满意', 'satisfied') : t('不满意', 'not satisfied'), t('登记人', 'Registered by'), w.createdByName)}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('期限', 'Deadline')}</th>
            <th>{t('到期', 'Due')}</th>
            <th>{t('状态', 'State')}</th>
          </tr>
        </thead>
        <tbody>
          {w.deadlines.map((d) => (
            <tr key={d.id}>
              <td>{label(DEADLINES, d.name, lang)}</td>
              <td>{formatShanghai(d.due)}</td>
              <td>{label(DEADLINE_STATES, d.state, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('时间', 'Time')}</th>
            <th>{t('处理', 'Step')}</th>
            <th>{t('经办人', 'By')}</th>
          </tr>
        </thead>
        <tbody>
          {w.timeline
            .filter((e) => !e.event.startsWith('deadline_'))
            .map((e) => (
              <tr key={e.id}>
                <td style={{ whiteSpace: 'nowrap' }}>{formatShanghai(e.at)}</td>
                <td>
                  {eventLabel(e.event, lang)}
                  {e.note ? `：${eventNote(e, lang)}` : ''}
                </td>
                <td>{e.actorName ?? ''}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <div className="signs">
        <span>{t('部门负责人签字：', 'Department head:')}________</span>
        <span>{t('责任部门签收：', 'Received by department:')}________</span>
        <span>{t('日期：', 'Date:')}________</span>
      </div>
    </PrintShell>
  );
}

/** 8D报告 (顾客抱怨办法 cl. 4.1; docs/workorders.md#handling-steps, step 4): D1–D8 as submitted and reviewed. */
export function Print8DReport() {
  const { t, lang } = useI18n();
  const { wo: w, fallback } = useLoaded();
  if (!w) return fallback;
  const r = w.report8d;
  return (
    <PrintShell back={`/workorders/${w.id}`}>
      <h1>{t('8D 报告', '8D report')}</h1>
      <div className="sub">
        {w.number} · {w.customerName ?? ''} · {w.productCode ?? ''} {r ? t(`· 第 ${r.revision} 版`, `· revision ${r.revision}`) : ''}
      </div>
      <table>
        <tbody>
          <tr>
            <th>{t('客户', 'Customer')}</th>
            <td>{w.customerName}</td>
            <th>{t('产品', 'Product')}</th>
            <td>{[w.productCode, w.productName].filter(Boolean).join(' ')}</td>
          </tr>
          <tr>
            <th>{t('问题', 'Problem')}</th>
            <td colSpan={3}>{w.problem}</td>
          </tr>
          {EIGHT_D.map((d) => (
            <tr key={d.key}>
              <th>{lang === 'zh' ? d.zh : d.en}</th>
              <td colSpan={3} style={{ whiteSpace: 'pre-wrap', height: 56 }}>
                {r?.fields[d.key] ?? ''}
              </td>
            </tr>
          ))}
          <tr>
            <th>{t('提交', 'Submitted')}</th>
            <td>
              {r?.submittedBy ?? ''} {formatShanghai(r?.submittedAt)}
            </td>
            <th>{t('审核状态', 'Review')}</th>
            <td>{r ? `${label(REVIEW_OUTCOMES, r.status, lang)}${r.reworkCount ? t(`（退回 ${r.reworkCount} 次）`, ` (returned ×${r.reworkCount})`) : ''}` : ''}</td>
          </tr>
        </tbody>
      </table>
      <div className="signs">
        <span>{t('QE 审核：', 'QE review:')}________</span>
        <span>{t('管理者代表/总经理批准：', 'Approved by:')}________</span>
        <span>{t('日期：', 'Date:')}________</span>
      </div>
    </PrintShell>
  );
}
