// Printable documents of the grading pipeline (docs/regulations.md#records-and-audit: 等级申报表, 自评报告, 公示, 公告 are views of the
// records). Each is a plain page with print CSS: the 打印 button prints only the document.
import { Button, Card, Flex, Result, Space } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { ApplicationView } from '../../modules/grading/grading.schemas';
import { useI18n } from '../app/i18n';
import { ErrorAlert, PrintButton } from './components';
import { useApplication, useMine } from './grading-api';
import { label, LEVEL_LABELS, MINE_TYPE_LABELS } from './grading-labels';
import { formatScore, shanghaiDateTime, shanghaiDay } from './grading-utils';

const FACT_LABELS: { key: keyof ApplicationView['selfAssessment']; zh: string; en: string; only?: 'underground' | 'open_pit' }[] = [
  { key: 'basicConditionsMet', zh: '具备《管理体系》总则规定的全部基本条件', en: 'Meets every basic condition' },
  { key: 'shiftHeadcountOverLimit', zh: '井下单班作业人数超过有关限员规定', en: 'Single-shift headcount above the limit', only: 'underground' },
  { key: 'coalMiningOutsourced', zh: '采煤对外承包', en: 'Coal mining contracted out', only: 'open_pit' },
  { key: 'strippingContractors', zh: '剥离工程承包施工单位数', en: 'Stripping contractors', only: 'open_pit' },
  // 井下 — underground work; an open-pit mine has none, so the condition cannot apply to it.
  { key: 'illegalDispatchedLabour', zh: '井下违规使用劳务派遣工', en: 'Illegal dispatched labour underground', only: 'underground' },
  { key: 'blacklisted', zh: '列入“黑名单”或在联合惩戒期内', en: 'Blacklisted / joint punishment' },
];

export function ApplicationPrintPage() {
  const { id, kind } = useParams();
  const { t } = useI18n();
  const q = useApplication(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Card loading />;
  const a = q.data;
  const doc =
    kind === 'form' ? <ApplicationForm a={a} /> : kind === 'report' ? <SelfReport a={a} /> : kind === 'notice' ? <NoticeDoc a={a} /> : kind === 'announcement' ? <AnnouncementDoc a={a} /> : null;
  if (!doc) return <Result status="404" title="404" subTitle={t('没有这种文书', 'No such document')} />;
  return (
    <>
      <Flex justify="space-between" className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/grading/applications/${a.id}`}>
          <Button>{t('返回申报', 'Back to the application')}</Button>
        </Link>
        <PrintButton />
      </Flex>
      <div className="print-doc" data-testid="print-doc">
        {doc}
      </div>
    </>
  );
}

function yesNo(v: unknown, t: (zh: string, en: string) => string): string {
  if (typeof v === 'boolean') return v ? t('是', 'Yes') : t('否', 'No');
  if (typeof v === 'number') return String(v);
  return '—';
}

/** 煤矿安全生产标准化管理体系等级申报表 (Art. 7(1)). */
function ApplicationForm({ a }: { a: ApplicationView }) {
  const { t, lang } = useI18n();
  const sa = a.selfAssessment;
  return (
    <>
      <h1>{t('煤矿安全生产标准化管理体系等级申报表', 'Grade application form — coal mine safety standardisation')}</h1>
      <table className="form">
        <tbody>
          <tr>
            <th>{t('煤矿名称', 'Mine')}</th>
            <td>{a.mineName}</td>
            <th>{t('煤矿类型', 'Type')}</th>
            <td>{label(MINE_TYPE_LABELS, a.mineType, lang)}</td>
          </tr>
          <tr>
            <th>{t('隶属企业', 'Enterprise')}</th>
            <td>{a.enterpriseName ?? '—'}</td>
            <th>{t('所在省份', 'Province')}</th>
            <td>{a.provinceName ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('申报等级', 'Level sought')}</th>
            <td>{label(LEVEL_LABELS, a.targetLevel, lang)}</td>
            <th>{t('评分标准', 'Standard')}</th>
            <td>{a.standard}</td>
          </tr>
          <tr>
            <th>{t('自评加权得分', 'Self-assessed weighted total')}</th>
            <td>{formatScore(a.weightedScore)}</td>
            <th>{t('规则判定等级', 'Grade the rules give')}</th>
            <td>{label(LEVEL_LABELS, a.evaluation.level, lang)}</td>
          </tr>
          <tr>
            <th>{t('初审部门', 'Initial review')}</th>
            <td>{a.initialReviewBody.name}</td>
            <th>{t('考核定级部门', 'Assessment')}</th>
            <td>{a.assessmentBody.name}</td>
          </tr>
          <tr>
            <th>{t('受理时间', 'Received')}</th>
            <td>{shanghaiDateTime(a.receivedAt)}</td>
            <th>{t('办结期限', 'Due')}</th>
            <td>{shanghaiDateTime(a.deadline)}</td>
          </tr>
        </tbody>
      </table>
      <table className="form">
        <tbody>
          <tr>
            <th style={{ width: '60%' }}>{t('部分', 'Part')}</th>
            <th>{t('自评得分', 'Self-assessed score')}</th>
          </tr>
          {Object.entries(sa.partScores).map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{formatScore(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="form">
        <tbody>
          {FACT_LABELS.filter((f) => !f.only || f.only === a.mineType).map((f) => (
            <tr key={f.key}>
              <th style={{ width: '60%' }}>{lang === 'zh' ? f.zh : f.en}</th>
              <td>{yesNo(sa[f.key], t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sign">
        <p>{t('申报单位（盖章）：', 'Applicant (seal):')}________________</p>
        <p>{t('日期：', 'Date:')} {shanghaiDay(a.receivedAt)}</p>
      </div>
    </>
  );
}

/** 自评报告: the mine's report text with the scores and the rules' explanation. */
function SelfReport({ a }: { a: ApplicationView }) {
  const { t, lang } = useI18n();
  return (
    <>
      <h1>{t(`${a.mineName}安全生产标准化管理体系自评报告`, `${a.mineName} — self-assessment report`)}</h1>
      <p style={{ whiteSpace: 'pre-wrap' }}>{a.selfAssessment.report || t('（未填写报告正文）', '(no report text)')}</p>
      <h3>{t('自评得分', 'Scores')}</h3>
      <p>
        {t('加权总分', 'Weighted total')}：{formatScore(a.weightedScore)}；
        {Object.entries(a.selfAssessment.partScores)
          .map(([k, v]) => `${k} ${formatScore(v)}`)
          .join('；')}
      </p>
      <h3>{t('证明材料', 'Evidence')}</h3>
      {a.attachments.length === 0 ? (
        <p>{t('（未附证明材料）', '(no evidence attached)')}</p>
      ) : (
        <ol data-testid="report-evidence">
          {a.attachments.map((f) => (
            <li key={f.id}>
              {f.filename}（{Math.ceil(f.size / 1024)} KB，{t('上传于', 'uploaded')} {shanghaiDateTime(f.uploadedAt)}）
            </li>
          ))}
        </ol>
      )}
      <h3>{t('等级判定及理由', 'Grade and reasons')}</h3>
      <p>
        {t('按规则判定为', 'The rules give')} <b>{label(LEVEL_LABELS, a.evaluation.level, lang)}</b>（{a.evaluation.packId} v{a.evaluation.packVersion}，{a.evaluation.asOf}）。
      </p>
      <ul>
        {a.evaluation.refused.map((r) => (
          <li key={r.level}>
            {label(LEVEL_LABELS, r.level, lang)} {t('未达到：', 'refused: ')}
            {r.reasons
              .filter((x) => !x.ok)
              .map((x) => (lang === 'zh' ? x.zh : x.en))
              .join('；')}
          </li>
        ))}
      </ul>
      <div className="sign">
        <p>{a.mineName}</p>
        <p>{shanghaiDay(a.receivedAt)}</p>
      </div>
    </>
  );
}

/** 公示 (Art. 7(4)): published on the assessing body's website for at least 5 working days. */
function NoticeDoc({ a }: { a: ApplicationView }) {
  const { t, lang } = useI18n();
  const n = a.notice;
  if (!n) return null;
  return (
    <>
      <h1>{t('煤矿安全生产标准化管理体系考核定级结果公示', 'Public notice of a grading result')}</h1>
      <p style={{ whiteSpace: 'pre-wrap' }}>{n.text}</p>
      <table className="form">
        <tbody>
          <tr>
            <th>{t('煤矿名称', 'Mine')}</th>
            <th>{t('所属企业', 'Enterprise')}</th>
            <th>{t('类型', 'Type')}</th>
            <th>{t('拟定等级', 'Grade')}</th>
          </tr>
          <tr>
            <td>{a.mineName}</td>
            <td>{a.enterpriseName ?? '—'}</td>
            <td>{label(MINE_TYPE_LABELS, a.mineType, lang)}</td>
            <td>{label(LEVEL_LABELS, n.level, lang)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        {t('公示期', 'Notice period')}：{shanghaiDateTime(n.publishedAt)} — {shanghaiDateTime(n.runsUntil)}
        {t('（不少于5个工作日）。公示期间，任何单位和个人可通过公示页面提出异议。', ' (at least 5 working days). Anyone may object through the public page meanwhile.')}
      </p>
      <div className="sign">
        <p>{a.assessmentBody.name}</p>
        <p>{shanghaiDay(n.publishedAt)}</p>
      </div>
    </>
  );
}

/** 公告 (Art. 7(5)): the confirmed grade with its validity of 3 years (Art. 8). */
function AnnouncementDoc({ a }: { a: ApplicationView }) {
  const { t, lang } = useI18n();
  const mine = useMine(a.mineId);
  if (!a.announcedAt || !a.grantedLevel) return null;
  const since = shanghaiDay(a.announcedAt);
  // The validity is the mine's record (3 years from announcement, Art. 8) while that grade is still the one held.
  const grade = mine.data?.grade;
  const validUntil = grade && grade.since === since && grade.level === a.grantedLevel ? grade.validUntil : null;
  return (
    <>
      <h1>{t('煤矿安全生产标准化管理体系等级公告', 'Announcement of a grade')}</h1>
      <p>
        {t(
          `经自评申报、初审、考核和公示，公示期内${a.objections.length ? '异议已处理完毕' : '无异议'}，确认以下煤矿的安全生产标准化管理体系等级，现予公告。`,
          `After self-assessment, initial review, assessment and public notice (${a.objections.length ? 'objections resolved' : 'no objections'}), the following grade is confirmed and announced.`,
        )}
      </p>
      <table className="form">
        <tbody>
          <tr>
            <th>{t('煤矿名称', 'Mine')}</th>
            <th>{t('所属企业', 'Enterprise')}</th>
            <th>{t('等级', 'Grade')}</th>
            <th>{t('公告日期', 'Announced')}</th>
            <th>{t('有效期至', 'Valid until')}</th>
          </tr>
          <tr>
            <td>{a.mineName}</td>
            <td>{a.enterpriseName ?? '—'}</td>
            <td>{label(LEVEL_LABELS, a.grantedLevel, lang)}</td>
            <td>{since}</td>
            <td>{validUntil ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <p>{t('等级有效期 3 年，期满前 3 个月重新自评申报。', 'The grade is valid for 3 years; the mine re-applies 3 months before it expires.')}</p>
      <Space orientation="vertical" className="sign" style={{ display: 'flex' }}>
        <span>{a.assessmentBody.name}</span>
        <span>{since}</span>
      </Space>
    </>
  );
}
