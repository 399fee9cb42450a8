import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Dropdown,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import type dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ApplicationActionInput, ApplicationView, HiddenDangerView, ObjectionView } from '../../modules/grading/grading.schemas';
import { useI18n } from '../app/i18n';
import { ErrorAlert, ExplainPanel, LevelTag } from './components';
import { evaluatePreview, gradingUrls, useApplication, useApplicationAction, useTemplate } from './grading-api';
import { ACTION_LABELS, ASSESS_METHOD_LABELS, label, LEVEL_LABELS, MINE_TYPE_LABELS, OBJECTION_STATUS_LABELS, STATUS_COLORS, STATUS_LABELS } from './grading-labels';
import { CLOCK_WARN_WORKING_DAYS, enteredScores, formatScore, objectorText, pipelinePosition, PIPELINE_STEPS, shanghaiDateTime } from './grading-utils';

type ActionName = ApplicationActionInput['action'];
/** A body without `action`/`version`: the page adds both, naming the version it read (optimistic concurrency). */
type ActionBody<A extends ActionName> = Omit<Extract<ApplicationActionInput, { action: A }>, 'action' | 'version'>;

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
              <Descriptions.Item label={t('评分标准', 'Standard')}>{a.standard}</Descriptions.Item>
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

/** 60 个工作日 (Art. 7): the due date, working days used and left, as a running clock from the calendar core. */
function DeadlineClock({ a }: { a: ApplicationView }) {
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
function EvidenceList({ a }: { a: ApplicationView }) {
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
              <a href={gradingUrls.attachment(f.id)}>{f.filename}</a> <Typography.Text type="secondary">（{Math.ceil(f.size / 1024)} KB）</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ScoresCard({ a }: { a: ApplicationView }) {
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

interface ActionProps {
  a: ApplicationView;
  can: (x: ActionName) => boolean;
  /** Runs the action; resolves to null when done, or to the error (a modal shows it and keeps what was typed). */
  run: <A extends ActionName>(name: A, body: ActionBody<A>) => Promise<unknown>;
}

/** The buttons of the body whose turn it is; other users see none (the server refuses them with 403 anyway). */
function ActionsCard({ a, can, run, pending }: ActionProps & { pending: boolean }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const simple = (['initial_review_pass', 'announce'] as const).filter(can);
  const withReason = (['initial_review_fail', 'find_fraud', 'withdraw'] as const).filter(can);
  if (!(['initial_review_pass', 'initial_review_fail', 'assess', 'publish_notice', 'announce', 'find_fraud', 'withdraw'] as const).some(can)) return null;
  return (
    <Card title={t('办理', 'Actions')} data-testid="actions">
      <Space wrap>
        {simple.map((x) =>
          x === 'announce' ? (
            <Popconfirm key={x} title={t('确认公告定级结果？', 'Announce the grade?')} onConfirm={() => run('announce', {})} okText={t('公告', 'Announce')} cancelText={t('取消', 'Cancel')}>
              <Button type="primary" loading={pending} data-testid="action-announce">
                {label(ACTION_LABELS, x, lang)}
              </Button>
            </Popconfirm>
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

function NoteModal({ title, field, required, warning, onClose, onOk }: { title: string; field: 'note' | 'reason'; required: boolean; warning?: string; onClose: () => void; onOk: (text: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('确定', 'OK')}
      cancelText={t('取消', 'Cancel')}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await onOk(v.text ?? '');
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      {warning && <Alert type="warning" showIcon title={warning} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={field === 'reason' ? t('理由', 'Reason') : t('意见', 'Note')} rules={required ? [{ required: true, message: t('请填写理由', 'A reason is required') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AssessForm {
  method: 'on_site' | 'spot_check';
  partScores: Record<string, number | null>;
  weightedScore?: number | null;
  note?: string;
}

/**
 * 考核: the assessed part scores and weighted score. The resulting grade is previewed with the same rules as the
 * self-assessment, so the assessor sees before saving whether the mine continues at the next grade down.
 */
function AssessModal({ a, onClose, run }: { a: ApplicationView; onClose: () => void; run: ActionProps['run'] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<AssessForm>();
  const template = useTemplate(a.standard);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const parts = useMemo(() => (template.data?.parts ?? []).filter((p) => p.mineTypes.includes(a.mineType)), [template.data, a.mineType]);
  const partNames = parts.length > 0 ? parts.map((p) => p.id) : Object.keys(a.selfAssessment.partScores);
  const values = Form.useWatch([], form) as AssessForm | undefined;
  const scores = enteredScores(values?.partScores);
  const complete = partNames.every((n) => n in scores);
  const weighted = typeof values?.weightedScore === 'number' ? values.weightedScore : undefined;
  const preview = useQuery({
    queryKey: ['grading', 'assess-preview', a.id, scores, weighted],
    queryFn: () => evaluatePreview({ mineId: a.mineId, standard: a.standard, selfAssessment: { ...a.selfAssessment, partScores: scores, weightedScore: weighted } }),
    enabled: complete,
    placeholderData: keepPreviousData,
  });
  const resulting = preview.data?.evaluation?.level;
  const order = ['一级', '二级', '三级', '不达标'];
  const below = resulting && order.indexOf(resulting) > order.indexOf(a.currentLevel);

  return (
    <Modal
      open
      width={720}
      title={t('录入考核结果', 'Record the assessment')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('保存考核结果', 'Save assessment')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'assess-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('assess', { method: v.method, partScores: enteredScores(v.partScores), weightedScore: typeof v.weightedScore === 'number' ? v.weightedScore : undefined, note: v.note || undefined });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Form form={form} layout="vertical" initialValues={{ method: 'on_site' }}>
        <Form.Item name="method" label={t('考核方式', 'Method')}>
          <Radio.Group options={(['on_site', 'spot_check'] as const).map((m) => ({ value: m, label: label(ASSESS_METHOD_LABELS, m, lang) }))} />
        </Form.Item>
        <Row gutter={12}>
          {partNames.map((n) => (
            <Col key={n} span={12}>
              <Form.Item name={['partScores', n]} label={n} rules={[{ required: true, message: t('请录入得分', 'Enter the score') }]} style={{ marginBottom: 8 }}>
                <InputNumber min={0} max={100} step={0.01} style={{ width: '100%' }} aria-label={n} data-part={n} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="weightedScore" label={t('考核加权得分', 'Assessed weighted score')} extra={preview.data?.weightsSource === 'template' ? t('留空则按模板权重计算', 'Leave empty to compute with the template weights') : undefined}>
          <InputNumber min={0} max={100} step={0.01} style={{ width: 200 }} data-testid="assess-weighted" />
        </Form.Item>
        <Form.Item name="note" label={t('考核意见', 'Note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      {preview.data?.evaluation && (
        <Card size="small" data-testid="assess-preview">
          <ExplainPanel evaluation={preview.data.evaluation} title={<Typography.Text strong>{t('考核结果判定', 'Result')}</Typography.Text>} />
          {below && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={t(
                `考核未达到${a.currentLevel}：按第七条，该矿按下一等级继续考核定级（结果：${resulting}）。`,
                `Below ${label(LEVEL_LABELS, a.currentLevel, 'en')}: under Art. 7 the mine continues at the next grade down (result: ${label(LEVEL_LABELS, resulting ?? '', 'en')}).`,
              )}
            />
          )}
        </Card>
      )}
    </Modal>
  );
}

/** 公示: published now, or back-dated to when it appeared on the authority's website (the period runs from then). */
function PublishModal({ a, onClose, run }: { a: ApplicationView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ publishedAt?: dayjs.Dayjs; text?: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('发布公示', 'Publish the notice')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('发布', 'Publish')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'publish-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('publish_notice', { publishedAt: v.publishedAt ? v.publishedAt.format('YYYY-MM-DD') : undefined, text: v.text || undefined });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph type="secondary">
        {t(`公示对象：${a.mineName}，拟定等级 ${a.currentLevel}。公示期不少于 5 个工作日，期间任何人可提出异议。`, `Notice for ${a.mineName}, grade ${a.currentLevel}. It runs at least 5 working days; anyone may object meanwhile.`)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="publishedAt" label={t('官网发布日期（已在官网发布时填写，公示期自该日起算）', 'Published on the website on (if already; the period runs from it)')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="text" label={t('公示内容（留空则按标准格式生成）', 'Notice text (empty: standard wording)')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 隐患 (Art. 7(2)): found at initial review, each rectified with an 整改报告 before the review may pass. */
function HiddenDangersCard({ a, can, run }: ActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ description: string }>();
  const [rectifying, setRectifying] = useState<HiddenDangerView | null>(null);
  if (a.hiddenDangers.length === 0 && !can('record_hidden_danger')) return null;
  const open = a.hiddenDangers.filter((h) => !h.rectified).length;
  return (
    <Card
      title={
        <Space>
          {t('初审发现的隐患', 'Hidden dangers found at initial review')}
          {open > 0 && <Tag color="red">{t(`${open} 项未整改`, `${open} open`)}</Tag>}
        </Space>
      }
      data-testid="hidden-dangers"
    >
      <List
        dataSource={a.hiddenDangers}
        locale={{ emptyText: t('未发现隐患', 'None found') }}
        renderItem={(h) => (
          <List.Item
            actions={
              !h.rectified && can('rectify_hidden_danger')
                ? [
                    <Button key="r" size="small" type="primary" onClick={() => setRectifying(h)} data-testid="rectify">
                      {t('提交整改报告', 'Submit rectification report')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {h.rectified ? <Tag color="green">{t('已整改', 'Rectified')}</Tag> : <Tag color="red">{t('未整改', 'Open')}</Tag>}
                  {h.description}
                </Space>
              }
              description={
                <>
                  {t('发现时间', 'Found')} {shanghaiDateTime(h.foundAt)}
                  {h.rectified && (
                    <div>
                      {t('整改报告', 'Rectification report')}（{shanghaiDateTime(h.rectifiedAt)}）：{h.report}
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
      {can('record_hidden_danger') && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12 }}
          onFinish={async (v) => {
            if (!(await run('record_hidden_danger', { description: v.description }))) form.resetFields();
          }}
        >
          <Form.Item name="description" rules={[{ required: true, message: t('请描述隐患', 'Describe the hidden danger') }]} style={{ flex: 1 }}>
            <Input placeholder={t('隐患描述（材料审查或现场检查发现）', 'Hidden danger (from the document review or on-site check)')} maxLength={2000} data-testid="danger-text" />
          </Form.Item>
          <Button htmlType="submit" data-testid="add-danger">
            {t('登记隐患', 'Record')}
          </Button>
        </Form>
      )}
      {rectifying && <RectifyModal h={rectifying} onClose={() => setRectifying(null)} run={run} />}
    </Card>
  );
}

function RectifyModal({ h, onClose, run }: { h: HiddenDangerView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ report: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('整改报告', 'Rectification report')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'rectify-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('rectify_hidden_danger', { hiddenDangerId: h.id, report: v.report });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph>{h.description}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="report" label={t('整改措施与结果', 'Measures taken and result')} rules={[{ required: true, message: t('请填写整改报告', 'The report is required') }]}>
          <Input.TextArea rows={4} maxLength={20000} data-testid="rectify-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 公示 and its objections: shown to everyone involved; the assessing body resolves each objection. */
function NoticeCard({ a, can, run }: ActionProps) {
  const { t, lang } = useI18n();
  const [resolving, setResolving] = useState<ObjectionView | null>(null);
  if (!a.notice) return null;
  const n = a.notice;
  return (
    <Card title={t('公示与异议', 'Public notice and objections')} data-testid="notice">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('公示等级', 'Grade')}>
          <LevelTag level={n.level} />
        </Descriptions.Item>
        <Descriptions.Item label={t('发布时间', 'Published')}>{shanghaiDateTime(n.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('公示期满', 'Runs until')}>
          <span data-testid="runs-until">{shanghaiDateTime(n.runsUntil)}</span>
          {n.provisional && <Tag color="orange">{t('暂定', 'provisional')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
      <Table<ObjectionView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.objections}
        locale={{ emptyText: t('公示期间未收到异议', 'No objections received') }}
        columns={[
          { title: t('收到时间', 'Received'), dataIndex: 'receivedAt', render: (v: string) => shanghaiDateTime(v), width: 150 },
          { title: t('异议人', 'From'), key: 'who', render: (_, o) => objectorText(o, t('（保密）', '(withheld)')) },
          { title: t('异议内容', 'Objection'), dataIndex: 'text' },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'open' ? 'red' : v === 'upheld' ? 'orange' : 'green'}>{label(OBJECTION_STATUS_LABELS, v, lang)}</Tag> },
          { title: t('处理意见', 'Resolution'), dataIndex: 'resolution', render: (v: string | null) => v ?? '' },
          {
            title: '',
            key: 'act',
            render: (_, o) =>
              o.status === 'open' && can('resolve_objection') ? (
                <Button size="small" type="primary" onClick={() => setResolving(o)} data-testid="resolve-objection">
                  {t('处理', 'Resolve')}
                </Button>
              ) : null,
          },
        ]}
      />
      {resolving && <ResolveModal o={resolving} onClose={() => setResolving(null)} run={run} />}
    </Card>
  );
}

function ResolveModal({ o, onClose, run }: { o: ObjectionView; onClose: () => void; run: ActionProps['run'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ upheld: boolean; resolution: string }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('处理异议', 'Resolve the objection')}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'resolve-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        const err = await run('resolve_objection', { objectionId: o.id, upheld: v.upheld, resolution: v.resolution });
        setBusy(false);
        if (err) setErr(err);
        else onClose();
      }}
    >
      {err ? <ErrorAlert error={err} /> : null}
      <Typography.Paragraph>
        <b>{o.name}</b>：{o.text}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ upheld: false }}>
        <Form.Item name="upheld" label={t('核查结论', 'Finding')}>
          <Radio.Group
            options={[
              { value: false, label: t('异议不成立，维持考核结果', 'Not upheld: the result stands') },
              { value: true, label: t('异议成立', 'Upheld') },
            ]}
          />
        </Form.Item>
        <Form.Item name="resolution" label={t('处理意见', 'Resolution')} rules={[{ required: true, message: t('请填写处理意见', 'A resolution is required') }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="resolution-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

