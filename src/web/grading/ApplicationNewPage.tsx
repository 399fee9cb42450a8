import { UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Divider, Empty, Form, Input, InputNumber, List, Radio, Row, Select, Statistic, Switch, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { SelfAssessment } from '../../modules/grading/grading.schemas';
import { ApiError, localMessage } from '../app/api';
import { fieldLabel } from '../app/field-labels';
import { useI18n } from '../app/i18n';
import { weightedTotal } from '../../core/grading/scoring';
import { ErrorAlert, ExplainPanel } from './components';
import { createSheet, evaluatePreview, newIdempotencyKey, updateSheet, uploadMineAttachment, useCreateApplication, useIdempotencyKey, useMine, useMines, useTemplate, useTemplates, type AttachmentView, type EvaluateResponse, type SheetUpdateInput, type SheetView } from './grading-api';
import { BAN_SCOPE_LABELS, label, LEVEL_LABELS, MINE_TYPE_LABELS } from './grading-labels';
import { applicationFieldPath, enteredScores, formatScore, levelsAllowed } from './grading-utils';
import { toSelfAssessment, useDebounced, type ApplyForm, type ItemState, type TemplatePartView } from './application-new/form-model';
import { ItemsSheet, PartScoresSheet, PartScoresSummary } from './application-new/sheets';

/** 自评申报 (Art. 7(1)): the self-assessment against the standard, the live grade with its reasons, and the application. */
export function ApplicationNewPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ApplyForm>();
  const mines = useMines();
  const templates = useTemplates();
  const mineId = Form.useWatch('mineId', form);
  const standard = Form.useWatch('standard', form);
  const values = Form.useWatch([], form) as ApplyForm | undefined;
  const mine = useMine(mineId);
  const template = useTemplate(standard);
  const create = useCreateApplication();
  // Idempotency-Keys (architecture.md): one for the application form, one per scoring sheet started (per mine and standard).
  const [applicationKey] = useIdempotencyKey();
  const sheetKey = useRef(newIdempotencyKey());
  const [error, setError] = useState<unknown>(null);
  const [sheet, setSheet] = useState<SheetView | null>(null);
  // The latest sheet, read by queued saves (state in their closures may be older than the last save's answer).
  const sheetRef = useRef<SheetView | null>(null);
  const [sheetError, setSheetError] = useState<unknown>(null);
  const [items, setItems] = useState<Record<string, ItemState>>({});
  const [attachments, setAttachments] = useState<AttachmentView[]>([]);

  const mineType = mine.data?.mineType;
  const parts: TemplatePartView[] = useMemo(
    () => (template.data && mineType ? template.data.parts.filter((p) => p.mineTypes.includes(mineType)) : []),
    [template.data, mineType],
  );
  // A template with items is filled in as a scoring sheet; without items, part scores come from the official sheet (docs/grading.md#scoring-templates).
  const itemsMode = parts.some((p) => p.items.length > 0);
  const weightsComplete = !!(template.data && mineType && template.data.weightsComplete[mineType]);

  // Defaults: the mine from the link or the only visible mine; the newest template.
  useEffect(() => {
    if (form.getFieldValue('mineId')) return;
    const fromLink = params.get('mineId');
    if (fromLink) form.setFieldValue('mineId', fromLink);
    else if (mines.data?.length === 1) form.setFieldValue('mineId', mines.data[0].id);
  }, [mines.data, params, form]);
  useEffect(() => {
    if (form.getFieldValue('standard') || !templates.data?.length) return;
    const newest = [...templates.data].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    form.setFieldValue('standard', newest.id);
  }, [templates.data, form]);

  // A new mine or standard starts a new sheet.
  useEffect(() => {
    sheetRef.current = null;
    sheetKey.current = newIdempotencyKey();
    setSheet(null);
    setItems({});
    setAttachments([]);
    setSheetError(null);
  }, [mineId, standard]);

  const keepSheet = (s: SheetView | null) => {
    sheetRef.current = s;
    setSheet(s);
  };
  const ensureSheet = async (): Promise<SheetView> => {
    if (sheetRef.current) return sheetRef.current;
    const s = await createSheet(mineId!, standard!, sheetKey.current);
    keepSheet(s);
    return s;
  };

  // Part-score mode sends what is typed to the preview; scoring-sheet mode saves the sheet (below). Both need the facts.
  const selfAssessment = useMemo(() => toSelfAssessment(values ?? {}, mineType, sheet, itemsMode), [values, mineType, sheet, itemsMode]);

  // Scoring-sheet mode: each change of the items or facts is saved (one save at a time, each naming the version
  // the last one returned) and the server answers with part scores, weighted total and the rules' grade.
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const { partScores: _p, weightedScore: _w, sheetId: _s, ...facts } = selfAssessment;
  const debouncedSheet = useDebounced(JSON.stringify({ items, facts }), 500);
  useEffect(() => {
    if (!itemsMode || !mineId || !standard) return;
    const { items: current, facts: currentFacts } = JSON.parse(debouncedSheet) as { items: Record<string, ItemState>; facts: SheetUpdateInput['facts'] };
    const entries = Object.entries(current).map(([itemId, s]) => ({
      itemId,
      notApplicable: s.notApplicable,
      deductions: s.deductions.filter((d) => d.reason.trim() !== ''),
      attachmentIds: s.attachmentIds,
    }));
    saving.current = saving.current.then(async () => {
      try {
        const base = await ensureSheet();
        keepSheet(await updateSheet(base.id, { version: base.version, entries, facts: currentFacts }));
        setSheetError(null);
      } catch (e) {
        setSheetError(e);
      }
    });
    // ensureSheet and keepSheet work through sheetRef; re-running on the sheet itself would save in a loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSheet, itemsMode, mineId, standard]);

  // Part-score mode: the live panel asks the server to evaluate what is typed (weighted total and the grade).
  const previewBody = useDebounced(mineId && standard ? { mineId, standard, selfAssessment } : null, 400);
  const preview = useQuery<EvaluateResponse>({
    queryKey: ['grading', 'preview', previewBody],
    queryFn: () => evaluatePreview(previewBody!),
    enabled: !!previewBody && Object.keys(previewBody.selfAssessment.partScores).length > 0,
    placeholderData: keepPreviousData,
  });

  const bans = mine.data?.bans ?? [];
  const allowed = levelsAllowed(bans);

  const evidence = [...(sheet?.attachments ?? []), ...attachments.filter((a) => !sheet?.attachments.some((x) => x.id === a.id))];
  const submit = async (v: ApplyForm) => {
    setError(null);
    try {
      // Every file in the evidence list is linked to the application (listed on its detail and the printed 自评报告).
      const selfAssessment: SelfAssessment = { ...toSelfAssessment(v, mineType, sheet, itemsMode) };
      if (evidence.length) selfAssessment.attachmentIds = evidence.map((a) => a.id);
      const created = await create.mutateAsync({ key: applicationKey, body: { mineId: v.mineId!, targetLevel: v.targetLevel!, standard: v.standard!, selfAssessment } });
      message.success(t('申报已提交', 'Application submitted'));
      navigate(`/grading/applications/${created.id}`);
    } catch (e) {
      // Field errors go under their fields; everything typed stays in the form (architecture.md, Web).
      if (e instanceof ApiError && e.errors.length) {
        form.setFields(e.errors.map((x) => ({ name: applicationFieldPath(x.field) as never, errors: [x.message] })));
      }
      setError(e);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    }
  };

  const upload = async (file: File) => {
    try {
      const a = await uploadMineAttachment(mineId!, file);
      setAttachments((prev) => [...prev, a]);
      message.success(t(`已上传：${a.filename}`, `Uploaded: ${a.filename}`));
    } catch (e) {
      setSheetError(e);
    }
    return false;
  };

  // The weighted total follows the part scores as they are typed, computed here by the same core function
  // the server uses; the server's preview (debounced) still gives the grade and stays the reference on submit.
  const typedTotal = useMemo(() => {
    if (itemsMode || !weightsComplete || !mineType) return null;
    const r = weightedTotal(parts.map((p) => ({ id: p.id, weight: p.weights[mineType] })), (values?.partScores ?? {}) as Record<string, number | null | undefined>);
    return r.total === null ? null : formatScore(r.total);
  }, [itemsMode, weightsComplete, mineType, parts, values?.partScores]);
  const liveWeighted = itemsMode ? sheet?.computedWeightedScoreDisplay : (typedTotal ?? preview.data?.weightedScoreDisplay);
  const liveEvaluation = itemsMode ? sheet?.evaluation : preview.data?.evaluation;
  const liveErrors = itemsMode ? (sheet?.errors ?? []) : (preview.data?.errors ?? []);

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ basicConditionsMet: true, illegalDispatchedLabour: false, blacklisted: false, shiftHeadcountOverLimit: false, coalMiningOutsourced: false, strippingContractors: 0 }}>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
          <Card title={t('自评申报', 'Self-assessment and application')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="mineId" label={t('煤矿', 'Mine')} rules={[{ required: true, message: t('请选择煤矿', 'Choose the mine') }]}>
                  <Select
                    data-testid="apply-mine"
                    loading={mines.isLoading}
                    showSearch
                    optionFilterProp="label"
                    options={(mines.data ?? []).map((m) => ({ value: m.id, label: `${m.name}（${label(MINE_TYPE_LABELS, m.mineType, lang)}）` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="standard" label={t('评分标准', 'Scoring standard')} rules={[{ required: true, message: t('请选择评分标准', 'Choose the standard') }]}>
                  <Select
                    data-testid="apply-standard"
                    loading={templates.isLoading}
                    options={(templates.data ?? []).map((tp) => ({ value: tp.id, label: `${lang === 'zh' ? tp.title.zh : tp.title.en}（${tp.edition} · v${tp.version}）` }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            {bans.map((b) => (
              <Alert key={`${b.cause}-${b.since}`} type="warning" showIcon style={{ marginBottom: 12 }} title={`${label(BAN_SCOPE_LABELS, b.scope, lang)} — ${t('至', 'until')} ${b.until}`} description={lang === 'zh' ? b.reasonZh : b.reason} />
            ))}
            <Form.Item name="targetLevel" label={t('申报等级', 'Level sought')} rules={[{ required: true, message: t('请选择申报等级', 'Choose the level sought') }]}>
              <Radio.Group data-testid="target-level">
                {(['一级', '二级', '三级'] as const).map((l) => (
                  <Radio.Button key={l} value={l}>
                    {label(LEVEL_LABELS, l, lang)}
                    {!allowed.includes(l) && ` (${t('受限', 'barred')})`}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          </Card>

          <Card title={t('基本条件与否决情形（第四、五条）', 'Basic conditions and exclusions (Art. 4, 5)')} style={{ marginBottom: 16 }}>
            <Form.Item name="basicConditionsMet" valuePropName="checked" label={t('具备《管理体系》总则规定的全部基本条件', 'Meets every basic condition of the general part')} extra={t('任何一条不具备即为不达标。', 'Missing any one means 不达标.')}>
              <Switch data-testid="basic-conditions" />
            </Form.Item>
            {mineType === 'underground' && (
              <Form.Item name="shiftHeadcountOverLimit" valuePropName="checked">
                <Checkbox>{t('井下单班作业人数超过有关限员规定', 'Underground single-shift headcount above the limit')}</Checkbox>
              </Form.Item>
            )}
            {mineType === 'open_pit' && (
              <>
                <Form.Item name="coalMiningOutsourced" valuePropName="checked">
                  <Checkbox>{t('采煤对外承包', 'Coal mining contracted out')}</Checkbox>
                </Form.Item>
                <Form.Item name="strippingContractors" label={t('剥离工程承包施工单位数', 'Stripping contractors')}>
                  <InputNumber min={0} precision={0} />
                </Form.Item>
              </>
            )}
            {/* Only conditions that can apply to the mine's type are asked: 井下 (underground) ones not for an open pit. */}
            {mineType === 'underground' && (
              <Form.Item name="illegalDispatchedLabour" valuePropName="checked">
                <Checkbox>{t('井下违规使用劳务派遣工', 'Illegal use of dispatched labour underground')}</Checkbox>
              </Form.Item>
            )}
            <Form.Item name="blacklisted" valuePropName="checked">
              <Checkbox>{t('被列入安全生产“黑名单”或在联合惩戒期内', 'On the safety blacklist or in a joint-punishment period')}</Checkbox>
            </Form.Item>
            <Typography.Text type="secondary">
              {t('死亡事故、检查未通过、降级/撤消等事件由系统按煤矿历史记录自动计入。', 'Fatal accidents, failed inspections, downgrades and revocations are taken from the mine’s recorded history.')}
            </Typography.Text>
          </Card>

          <Card title={t('评分', 'Scoring')} style={{ marginBottom: 16 }} data-testid="scoring">
            {!mineType || !template.data ? (
              <Empty description={t('请先选择煤矿和评分标准', 'Choose the mine and the standard first')} />
            ) : itemsMode ? (
              <ItemsSheet parts={parts} items={items} setItems={setItems} sheet={sheet} attachments={attachments} />
            ) : (
              <PartScoresSheet parts={parts} weightsComplete={weightsComplete} computed={typedTotal ?? preview.data?.weightedScoreDisplay ?? null} />
            )}
          </Card>

          <Card title={t('自评报告与证明材料', 'Self-assessment report and evidence')} style={{ marginBottom: 16 }}>
            <Form.Item name="report" label={t('自评报告', 'Self-assessment report')}>
              <Input.TextArea rows={5} maxLength={20000} showCount data-testid="report" />
            </Form.Item>
            <Upload beforeUpload={upload} showUploadList={false} accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx" disabled={!mineId || !standard}>
              <Button icon={<UploadOutlined />} disabled={!mineId || !standard}>
                {t('上传证明材料（PDF、图片、Excel、Word）', 'Upload evidence (PDF, image, Excel, Word)')}
              </Button>
            </Upload>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {itemsMode
                ? t('上传后可在评分表中将材料关联到相应评分项目。', 'After uploading, link each file to its item on the scoring sheet.')
                : t('所列材料随申报提交，列入申报详情和自评报告，供初审和考核部门查阅。', 'The files listed are submitted with the application and listed on it and on the self-assessment report for the reviewing and assessing bodies.')}
            </Typography.Paragraph>
            <List
              size="small"
              data-testid="evidence-list"
              dataSource={evidence}
              locale={{ emptyText: t('尚未上传材料', 'No evidence yet') }}
              renderItem={(a) => (
                <List.Item>
                  {a.filename} <Typography.Text type="secondary">（{Math.ceil(a.size / 1024)} KB）</Typography.Text>
                </List.Item>
              )}
            />
            {sheetError ? <ErrorAlert error={sheetError} onClose={() => setSheetError(null)} /> : null}
          </Card>

          <Button type="primary" htmlType="submit" size="large" loading={create.isPending} data-testid="submit-application">
            {t('提交申报', 'Submit application')}
          </Button>
        </Col>

        <Col xs={24} lg={8}>
          <div style={{ position: 'sticky', top: 16 }}>
            <Card title={t('实时评估', 'Live evaluation')} data-testid="live-panel">
              <Statistic title={t('加权总分', 'Weighted total')} value={liveWeighted ?? (typeof values?.weightedScore === 'number' ? formatScore(values.weightedScore) : '—')} />
              {!itemsMode && preview.data && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {preview.data.weightsSource === 'template' ? t('按模板权重计算', 'computed with the template weights') : t('按官方评分表录入', 'as entered from the official sheet')}
                </Typography.Text>
              )}
              <Divider style={{ margin: '12px 0' }} />
              <PartScoresSummary parts={parts} itemsMode={itemsMode} sheet={sheet} entered={enteredScores(values?.partScores)} />
              <Divider style={{ margin: '12px 0' }} />
              {liveEvaluation ? (
                <ExplainPanel evaluation={liveEvaluation} />
              ) : (
                <Typography.Text type="secondary">{t('录入得分后显示规则判定的等级及理由。', 'Enter scores to see the grade the rules give and why.')}</Typography.Text>
              )}
              {liveErrors.length > 0 && (
                <List size="small" style={{ marginTop: 8 }} dataSource={liveErrors} renderItem={(e) => <List.Item><Typography.Text type="warning">
                        {fieldLabel(e.field, lang)}：{localMessage(e.message, lang)}
                      </Typography.Text></List.Item>} />
              )}
              {preview.error ? <ErrorAlert error={preview.error} /> : null}
            </Card>
          </div>
        </Col>
      </Row>
    </Form>
  );
}
