import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ApplicationStatus, ApplicationSummary } from '../../modules/grading/grading.schemas';
import { useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { ErrorAlert, LevelTag } from './components';
import { useApplications } from './grading-api';
import { label, STATUS_COLORS, STATUS_LABELS } from './grading-labels';
import { clockColour, shanghaiDateTime } from './grading-utils';
import { isApplicant } from './roles';

/** 申报列表: the applications the user may see, newest first, each with its status and 60-working-day deadline. */

/** Statuses reached only after the assessment was recorded (Art. 7(3)–(5)). */
const ASSESSED: ReadonlySet<ApplicationStatus> = new Set<ApplicationStatus>(['public_notice', 'announced']);
export function ApplicationsPage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const navigate = useNavigate();
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const list = useApplications({ status });
  const rows = [...(list.data ?? [])].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return (
    <Card
      title={t('定级申报', 'Grading applications')}
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('按状态筛选', 'Filter by status')}
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={Object.keys(STATUS_LABELS).map((s) => ({ value: s, label: label(STATUS_LABELS, s, lang) }))}
          />
          {isApplicant(me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/grading/applications/new')} data-testid="new-application">
              {t('自评申报', 'New application')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<ApplicationSummary>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('暂无申报。煤矿可点击“自评申报”提交自评报告，提交后在此跟踪进度。', 'No applications yet. A mine submits its self-assessment with “New application” and follows it here.') }}
        columns={[
          { title: t('煤矿', 'Mine'), dataIndex: 'mineName', render: (v: string, a) => <Link to={`/grading/applications/${a.id}`}>{v}</Link> },
          { title: t('申报等级', 'Level sought'), dataIndex: 'targetLevel', render: (v: string) => <LevelTag level={v} /> },
          {
            title: t('考核等级', 'Assessed for'),
            dataIndex: 'currentLevel',
            // Empty until the assessment is recorded: before that there is no assessed grade to show,
            // only the one applied for. The assessment exists once the application has reached the public notice.
            render: (v: string, a) =>
              !ASSESSED.has(a.status) ? (
                <Typography.Text type="secondary">{t('待考核', 'not yet')}</Typography.Text>
              ) : v === a.targetLevel ? (
                <LevelTag level={v} />
              ) : (
                <>
                  <LevelTag level={v} />
                  <Tag color="orange">{t('降一级考核', 'next grade down')}</Tag>
                </>
              ),
          },
          { title: t('自评判定', 'Rules gave'), dataIndex: 'proposedLevel', render: (v: string) => <LevelTag level={v} /> },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: ApplicationStatus) => <Tag color={STATUS_COLORS[v]}>{label(STATUS_LABELS, v, lang)}</Tag> },
          { title: t('受理时间', 'Received'), dataIndex: 'receivedAt', render: (v: string) => shanghaiDateTime(v) },
          {
            title: t('办结期限（60个工作日）', 'Due (60 working days)'),
            dataIndex: 'deadline',
            render: (v: string, a) => (
              <span data-testid="app-clock" style={{ color: clockColour(a) === 'red' ? '#cf1322' : clockColour(a) === 'orange' ? '#d46b08' : undefined }}>
                {shanghaiDateTime(v)}
                {a.deadlineProvisional && <Tag color="orange" style={{ marginLeft: 4 }}>{t('暂定', 'provisional')}</Tag>}
              </span>
            ),
          },
          {
            title: t('剩余工作日', 'Working days left'),
            key: 'left',
            render: (_, a) =>
              a.overdue ? (
                <Tag color="red" data-testid="clock-left">{t('已超期', 'Overdue')}</Tag>
              ) : a.clockStopped ? (
                <Typography.Text type="secondary">{t('已办结', 'Finished')}</Typography.Text>
              ) : (
                <Tag color={clockColour(a)} data-testid="clock-left">
                  {a.workingDaysLeft}
                </Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}
