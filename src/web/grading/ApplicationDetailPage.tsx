import { Alert, App as AntApp, Button, Card, Col, Descriptions, Dropdown, Empty, List, Row, Space, Statistic, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { ErrorAlert, ExplainPanel, LevelTag } from './components';
import { useApplication, useApplicationAction, type ApplicationActionInput } from './grading-api';
import { ACTION_LABELS, ASSESS_METHOD_LABELS, label, LEVEL_LABELS, MINE_TYPE_LABELS, STATUS_COLORS, STATUS_LABELS } from './grading-labels';
import { formatScore, pipelinePosition, PIPELINE_STEPS, shanghaiDateTime } from './grading-utils';
import type { ActionBody, ActionName } from './application-detail/types';
import { ActionsCard, DeadlineClock, EvidenceList, ScoresCard } from './application-detail/cards';
import { HiddenDangersCard } from './application-detail/HiddenDangersCard';
import { NoticeCard } from './application-detail/NoticeCard';

/** 申报详情: the pipeline of Art. 7 for one application, with the actions the caller's body may take now. */
export function ApplicationDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const q = useApplication(id);
  const navigate = useNavigate();
  const action = useApplicationAction(id ?? '');
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);

  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Card loading />;
  const a = q.data;
  // The notice publishes an assessment result (Art. 7(4)), so it is offered only once one is recorded.
  const can = (x: ActionName) => a.allowedActions.includes(x) && (x !== 'publish_notice' || !!a.assessment);

  /** Runs an action; a 409 (e.g. the notice has not run 5 working days) is shown whole, with the server's reason. */
  const run = async <A extends ActionName>(name: A, body: ActionBody<A>): Promise<unknown> => {
    setError(null);
    try {
      await action.mutateAsync({ action: name, version: a.version, ...body } as ApplicationActionInput);
      message.success(`${label(ACTION_LABELS, name, lang)} — ${t('已完成', 'done')}`);
      return null;
    } catch (e) {
      setError(e);
      return e;
    }
  };

  const pos = pipelinePosition({ status: a.status, hasAssessment: !!a.assessment, hasNotice: !!a.notice });
  const printItems = [
    { key: 'form', label: t('等级申报表', 'Grade application form') },
    { key: 'report', label: t('自评报告', 'Self-assessment report') },
    ...(a.notice ? [{ key: 'notice', label: t('公示', 'Public notice') }] : []),
    ...(a.announcedAt ? [{ key: 'announcement', label: t('公告', 'Announcement') }] : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/grading/applications">{t('定级申报', 'Applications')}</Link>/
            <Link to={`/grading/mines/${a.mineId}`}>{a.mineName}</Link>
            <LevelTag level={a.targetLevel} />
            <Tag color={STATUS_COLORS[a.status]} data-testid="app-status">
              {label(STATUS_LABELS, a.status, lang)}
            </Tag>
          </Space>
        }
        extra={
          <Dropdown menu={{ items: printItems, onClick: ({ key }) => navigate(`/grading/applications/${a.id}/print/${key}`) }}>
            <Button data-testid="print-menu">{t('打印文书', 'Print documents')}</Button>
          </Dropdown>
        }
      >
        <Steps
          current={pos.current}
          status={pos.status}
          items={PIPELINE_STEPS.map((s) => ({ title: lang === 'zh' ? s.zh : s.en }))}
          style={{ marginBottom: 24 }}
        />
        {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
        {a.closedReason && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('申报已终止', 'The application is closed')} description={a.closedReason} />}
        {a.grantedLevel && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="granted"
            title={t(`已公告：${a.grantedLevel}`, `Announced: ${label(LEVEL_LABELS, a.grantedLevel, 'en')}`)}
            description={a.announcedAt ? `${t('公告时间', 'Announced at')} ${shanghaiDateTime(a.announcedAt)}` : undefined}
          />
        )}
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('煤矿', 'Mine')}>
                {a.mineName}（{label(MINE_TYPE_LABELS, a.mineType, lang)}）{a.enterpriseName && ` · ${a.enterpriseName}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('申报等级', 'Level sought')}>
                <LevelTag level={a.targetLevel} />
                {a.currentLevel !== a.targetLevel && (
                  <>
                    {t('现按', 'now assessed for')} <LevelTag level={a.currentLevel} /> {t('考核（第七条：未达到申报等级的按下一等级考核定级）', '(Art. 7: a mine below the grade it sought is assessed for the next grade down)')}
                  </>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('评分标准', 'Standard')}>
                <Typography.Text code translate="no">{a.standard}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('初审部门', 'Initial review by')}>{a.initialReviewBody.name}</Descriptions.Item>
              <Descriptions.Item label={t('考核定级部门', 'Assessed by')}>{a.assessmentBody.name}</Descriptions.Item>
              <Descriptions.Item label={t('受理时间', 'Received')}>{shanghaiDateTime(a.receivedAt)}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} md={10}>
            <DeadlineClock a={a} />
          </Col>
        </Row>
      </Card>

      <ActionsCard a={a} can={can} run={run} pending={action.isPending} />

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('自评结果与规则判定', 'Self-assessment and the rules’ grade')} style={{ height: '100%' }}>
            <Statistic title={t('自评加权总分', 'Self-assessed weighted total')} value={formatScore(a.weightedScore)} style={{ marginBottom: 12 }} />
            <ExplainPanel evaluation={a.evaluation} />
            <EvidenceList a={a} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('考核结果', 'Assessment')} style={{ height: '100%' }}>
            {a.assessment ? (
              <>
                <Space size="large" style={{ marginBottom: 12 }}>
                  <Statistic title={t('考核加权得分', 'Assessed weighted score')} value={formatScore(a.assessment.weightedScore)} />
                  <Statistic title={t('方式', 'Method')} value={label(ASSESS_METHOD_LABELS, a.assessment.method, lang)} />
                </Space>
                <ExplainPanel evaluation={a.assessment.evaluation} title={<Typography.Text strong>{t('考核判定', 'Assessment gives')}</Typography.Text>} />
                {a.assessment.note && <Typography.Paragraph>{a.assessment.note}</Typography.Paragraph>}
              </>
            ) : (
              <Empty description={t('尚未考核', 'Not assessed yet')} />
            )}
          </Card>
        </Col>
      </Row>

      <ScoresCard a={a} />

      {a.decisions.length > 0 && (
        <Card title={t('定级决定记录', 'Decisions')} data-testid="decisions">
          <List
            dataSource={a.decisions}
            renderItem={(d) => (
              <List.Item>
                <Space wrap>
                  <Typography.Text type="secondary">{shanghaiDateTime(d.at)}</Typography.Text>
                  {d.fromLevel && <LevelTag level={d.fromLevel} />}
                  {d.toLevel && <>→ <LevelTag level={d.toLevel} /></>}
                  {lang === 'zh' ? d.reasonZh : d.reason}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}

      <HiddenDangersCard a={a} can={can} run={run} />
      <NoticeCard a={a} can={can} run={run} />
    </Space>
  );
}
