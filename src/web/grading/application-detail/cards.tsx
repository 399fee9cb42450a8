// The application detail page's read-only cards and its action bar (Art. 7: deadline, evidence, scores).
import { Button, Card, Popconfirm, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { attachmentHref, type ApplicationView } from '../grading-api';
import { ACTION_LABELS, label } from '../grading-labels';
import { CLOCK_WARN_WORKING_DAYS, formatScore, shanghaiDateTime } from '../grading-utils';
import { useServerNow } from '../../workorders/hooks';
import { AssessModal, NoteModal, PublishModal } from './modals';
import type { ActionName, ActionProps } from './types';

/** 60 个工作日 (Art. 7): the due date, working days used and left, as a running clock from the calendar core. */
export function DeadlineClock({ a }: { a: ApplicationView }) {
  const { t, lang } = useI18n();
  const c = a.deadlineClock;
  return (
    <Card size="small" title={t('办理时限：受理后 60 个工作日', 'Time limit: 60 working days from receipt')} data-testid="deadline-clock">
      <Space size="large" wrap>
        <Statistic title={t('已用工作日', 'Working days used')} value={c.workingDaysUsed} />
        <Statistic
          title={c.stoppedAt ? t('已办结', 'Finished') : t('剩余工作日', 'Working days left')}
          value={c.stoppedAt ? shanghaiDateTime(c.stoppedAt) : c.workingDaysLeft}
          styles={{ content: { color: c.overdue ? '#cf1322' : c.workingDaysLeft <= CLOCK_WARN_WORKING_DAYS ? '#d48806' : undefined, fontSize: c.stoppedAt ? 16 : undefined } }}
        />
      </Space>
      <div style={{ marginTop: 8 }}>
        {t('期限', 'Due')}: <b data-testid="deadline-due">{shanghaiDateTime(c.due)}</b> {c.overdue && <Tag color="red">{t('已超期', 'Overdue')}</Tag>}
        {c.provisional && <Tag color="orange">{t('节假日安排未公布，期限暂定', 'Provisional: holidays not yet published')}</Tag>}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {lang === 'zh' ? c.explain : c.explainEn}
      </Typography.Text>
    </Card>
  );
}

/** 证明材料: the evidence the mine linked to its self-assessment, each downloadable by anyone who may see the mine. */
export function EvidenceList({ a }: { a: ApplicationView }) {
  const { t } = useI18n();
  return (
    <div data-testid="app-evidence" style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('证明材料', 'Evidence')}</Typography.Text>
      {a.attachments.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('未附证明材料', 'No evidence attached')}</Typography.Text>
        </div>
      ) : (
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {a.attachments.map((f) => (
            <li key={f.id}>
              <a href={attachmentHref(f.id)}>{f.filename}</a> <Typography.Text type="secondary">（{Math.ceil(f.size / 1024)} KB）</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ScoresCard({ a }: { a: ApplicationView }) {
  const { t } = useI18n();
  const names = Array.from(new Set([...Object.keys(a.selfAssessment.partScores), ...Object.keys(a.assessment?.partScores ?? {})]));
  if (names.length === 0) return null;
  return (
    <Card title={t('各部分得分', 'Part scores')}>
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={names.map((n) => ({ name: n, self: a.selfAssessment.partScores[n], assessed: a.assessment?.partScores[n] }))}
        columns={[
          { title: t('部分', 'Part'), dataIndex: 'name' },
          { title: t('自评', 'Self-assessed'), dataIndex: 'self', render: (v?: number) => formatScore(v) },
          { title: t('考核', 'Assessed'), dataIndex: 'assessed', render: (v?: number) => formatScore(v) },
        ]}
      />
    </Card>
  );
}

/** The buttons of the body whose turn it is; other users see none (the server refuses them with 403 anyway). */
export function ActionsCard({ a, can, run, pending }: ActionProps & { pending: boolean }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const simple = (['initial_review_pass', 'announce'] as const).filter(can);
  // Art. 7(4): the notice runs at least 5 working days. Until its end the button is there but disabled, and says
  // from which instant it may be used, instead of answering a click with a 409.
  const now = useServerNow();
  const noticeRunning = a.status === 'public_notice' && !!a.notice && Date.parse(a.notice.runsUntil) > now;
  const announceFrom = a.notice ? shanghaiDateTime(a.notice.runsUntil) : '';
  const withReason = (['initial_review_fail', 'find_fraud', 'withdraw'] as const).filter(can);
  if (!(['initial_review_pass', 'initial_review_fail', 'assess', 'publish_notice', 'announce', 'find_fraud', 'withdraw'] as const).some(can)) return null;
  return (
    <Card title={t('办理', 'Actions')} data-testid="actions">
      <Space wrap>
        {simple.map((x) =>
          x === 'announce' ? (
            noticeRunning ? (
              <Tooltip key={x} title={t(`公示期未满，${announceFrom} 起方可公告`, `The notice is still running: may be announced from ${announceFrom}`)}>
                <Button type="primary" disabled data-testid="action-announce">
                  {label(ACTION_LABELS, x, lang)}（{t(`${announceFrom} 起`, `from ${announceFrom}`)}）
                </Button>
              </Tooltip>
            ) : (
              <Popconfirm key={x} title={t('确认公告定级结果？', 'Announce the grade?')} onConfirm={() => run('announce', {})} okText={t('公告', 'Announce')} cancelText={t('取消', 'Cancel')}>
                <Button type="primary" loading={pending} data-testid="action-announce">
                  {label(ACTION_LABELS, x, lang)}
                </Button>
              </Popconfirm>
            )
          ) : (
            <Button key={x} type="primary" onClick={() => setOpen(x)} data-testid={`action-${x}`}>
              {label(ACTION_LABELS, x, lang)}
            </Button>
          ),
        )}
        {can('assess') && (
          <Button type="primary" onClick={() => setOpen('assess')} data-testid="action-assess">
            {label(ACTION_LABELS, 'assess', lang)}
          </Button>
        )}
        {can('publish_notice') && (
          <Button type="primary" onClick={() => setOpen('publish_notice')} data-testid="action-publish_notice">
            {label(ACTION_LABELS, 'publish_notice', lang)}
          </Button>
        )}
        {withReason.map((x) => (
          <Button key={x} danger={x !== 'withdraw'} onClick={() => setOpen(x)} data-testid={`action-${x}`}>
            {label(ACTION_LABELS, x, lang)}
          </Button>
        ))}
      </Space>
      {a.status === 'public_notice' && a.notice && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t(`公示期满（不少于 5 个工作日）后方可公告：${shanghaiDateTime(a.notice.runsUntil)} 起。`, `May be announced once the notice has run 5 working days: from ${shanghaiDateTime(a.notice.runsUntil)}.`)}
        </Typography.Paragraph>
      )}
      {open === 'initial_review_pass' && <NoteModal title={label(ACTION_LABELS, open, lang)} field="note" required={false} onClose={() => setOpen(null)} onOk={(note) => run('initial_review_pass', { note: note || undefined })} />}
      {open === 'initial_review_fail' && <NoteModal title={label(ACTION_LABELS, open, lang)} field="reason" required onClose={() => setOpen(null)} onOk={(reason) => run('initial_review_fail', { reason })} />}
      {open === 'find_fraud' && (
        <NoteModal
          title={label(ACTION_LABELS, open, lang)}
          field="reason"
          required
          warning={t('认定弄虚作假将取消申报资格、判定不达标，且 1 年内不得申报二级及以上等级（第七条）。', 'Fraud disqualifies the mine, judges it 不达标 and bars Level 2 and above for 1 year (Art. 7).')}
          onClose={() => setOpen(null)}
          onOk={(reason) => run('find_fraud', { reason })}
        />
      )}
      {open === 'withdraw' && <NoteModal title={label(ACTION_LABELS, open, lang)} field="reason" required={false} onClose={() => setOpen(null)} onOk={(reason) => run('withdraw', { reason: reason || undefined })} />}
      {open === 'assess' && <AssessModal a={a} onClose={() => setOpen(null)} run={run} />}
      {open === 'publish_notice' && <PublishModal a={a} onClose={() => setOpen(null)} run={run} />}
    </Card>
  );
}
