import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Form, Input, InputNumber, Modal, Radio, Select, Tooltip, TreeSelect, Typography } from 'antd';
import { offerLimit, type ComplaintPolicy } from '../../core/workflow/policy';
import { useMe } from '../app/auth';
import { useState } from 'react';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { actionFieldOf, toActionRequest, type ActionValues } from './requests';
import { formatShanghai } from './format';
import { useUnitOptions } from './hooks';
import { ACTIONS, DEADLINES, EIGHT_D, label } from './labels';
import { EightDAttachments } from './desk/attachments';
import { REPAIR_HELP, RepairActionFields, repairInitial } from './desk/repair';
import { RootCauseFields } from '../quality/RootCauseFields';
import { VerificationFields } from '../quality/VerificationFields';
import { DateField } from '../app/DateField';
import { WorkOrderKnowledge } from '../knowledge/WorkOrderKnowledge';
import { SmsButton } from './SmsButton';
import type { ActionName, WorkOrderView } from './types';

/** The main flow's next steps are primary buttons; side actions (pause, extension, escalate …) are default. */
const PRIMARY: ReadonlySet<ActionName> = new Set(['accept', 'dispatch', 'sign', 'submit_8d', 'pass_8d', 'approve_8d', 'reply', 'callback', 'close', 'decide_objection', 'take', 'notify', 'assign_crew', 'record_arrival', 'complete_repair']);
/** A repair's own steps and its callback have their forms in desk/repair.tsx (docs/callcenter.md "Emergency repairs"). */
const REPAIR_FORMS: ReadonlySet<ActionName> = new Set(['take', 'notify', 'assign_crew', 'record_arrival', 'complete_repair', 'callback']);
const DANGER: ReadonlySet<ActionName> = new Set(['reject_invalid', 'return_8d', 'reopen', 'object']);

/**
 * What each step does, said before it is taken (受理 and 派单 looked alike). Shown as the button's tooltip
 * and at the top of its form. Steps per docs/workorders.md#handling-steps.
 */
export const ACTION_HELP: Partial<Record<ActionName, { zh: string; en: string }>> = {
  accept: { zh: '受理：确认这是一条有效的客户反馈并开始处理（判定程度、起算期限），尚未指定责任部门。', en: 'Accept: confirm this is a valid case and start handling it (severity, clocks); no department is chosen yet.' },
  dispatch: { zh: '派单：把已受理的工单发给责任部门（发出客户投诉处理单），由该部门签收并调查。', en: 'Dispatch: send the accepted case to the responsible department (issues the complaint form); it signs for it and investigates.' },
  sign: { zh: '签收：责任部门确认收到派单，开始调查。', en: 'Sign: the department confirms it has the case and starts investigating.' },
  object: { zh: '提出异议：认为不应由本部门处理，说明理由，由受理方裁定。', en: 'Object: this department should not handle it; give the reason for the intake desk to decide.' },
  reject_invalid: { zh: '判为无效：不属于有效投诉（如重复、恶意或信息不足），须写明原因，工单结束。', en: 'Reject as invalid: not a valid complaint (duplicate, abusive, too little information); give the reason; the case ends.' },
  reply: { zh: '答复客户：把调查结果和处理意见告知客户；如需补偿，不得超过您的权限上限。', en: 'Reply: tell the customer the findings and the remedy; an offer may not exceed your limit.' },
  escalate: { zh: '升级至总监：超出本级处理能力或客户要求升级时使用。', en: 'Escalate to the director when the case is beyond this level or the customer asks.' },
  close: { zh: '结案归档：回访满意后关闭工单。', en: 'Close and archive after a satisfied callback.' },
  ...REPAIR_HELP,
};

/**
 * The actions this user may take now (the server's allowedActions: status × roles, docs/workorders.md#handling-steps), each opening a
 * small form. The server still decides: 409 names the allowed actions, 403 a role that may not, stale_version
 * means someone else changed the record and it is reloaded.
 */
export function ActionPanel({ wo, onDone }: { wo: WorkOrderView; onDone: () => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ type: 'error' | 'warning'; text: string } | null>(null);
  const units = useUnitOptions();
  // The caller's offer limit, known before submitting: the policy's offerLimits for the caller's roles,
  // computed by the same core function the server checks with.
  const me = useMe();
  const policy = useQuery({ queryKey: ['workorders', 'policy', 'current'], queryFn: () => unwrap(client.GET('/api/workorders/policy')), enabled: open === 'reply', staleTime: 5 * 60_000 });
  const myLimit = policy.data && me.data ? offerLimit(policy.data.document as unknown as ComplaintPolicy, me.data.roles.map((r) => r.role)) : undefined;
  const packId = wo.severityExplain?.packId ?? 'complaint-severity-pedal';
  const pack = useQuery({ queryKey: ['rules', packId], queryFn: () => unwrap(client.GET('/api/rules/{id}', { params: { path: { id: packId } } })), enabled: open === 'set_severity', staleTime: 5 * 60_000 });

  const outcome = Form.useWatch('outcome', form);
  const [initial, setInitial] = useState<ActionValues>({});
  const openAction = (a: ActionName) => {
    setProblem(null);
    const initial: ActionValues = {};
    if (a === 'submit_8d' && wo.report8d) Object.assign(initial, wo.report8d.fields);
    if (a === 'submit_8d' && !wo.report8d) initial.d2Problem = wo.problem ?? '';
    if (a === 'pause') initial.reason = '试验及制样';
    if (a === 'decide_objection') initial.outcome = 'keep';
    const running = wo.deadlines.filter((d) => d.state === 'running' && !d.extensionRequest);
    if (a === 'request_extension' && running.length) initial.deadline = running[0].name;
    const pending = wo.deadlines.find((d) => d.extensionRequest);
    if (a === 'grant_extension' && pending) initial.deadline = pending.name;
    if (wo.repair) Object.assign(initial, repairInitial(a, wo));
    setInitial(initial);
    setOpen(a);
  };

  const submit = async () => {
    if (!open) return;
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await unwrap(client.POST('/api/workorders/{id}/actions', { params: { path: { id: wo.id } }, body: toActionRequest(open, wo.version, values) }));
      message.success(t(`已完成：${ACTIONS[open].zh}`, `Done: ${ACTIONS[open].en}`));
      setOpen(null);
      await onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        await onDone();
        setProblem({ type: 'warning', text: t('该工单刚被他人修改，已重新加载最新内容。请核对后再次提交。', 'Someone else changed this work order; it has been reloaded. Check it and submit again.') });
      } else if (e instanceof ApiError && e.status === 409) {
        const allowed = Array.isArray(e.details.allowed) ? (e.details.allowed as string[]) : [];
        await onDone();
        setProblem({
          type: 'error',
          text: `${errorText(e, lang)}${allowed.length ? t(`。当前状态允许：${allowed.map((a) => label(ACTIONS, a, 'zh')).join('、')}`, `. Allowed now: ${allowed.map((a) => label(ACTIONS, a, 'en')).join(', ')}`) : ''}`,
        });
      } else if (e instanceof ApiError && e.status === 403) {
        setProblem({ type: 'error', text: t(`无权执行：${errorText(e, lang)}`, `Not permitted: ${errorText(e, lang)}`) });
      } else {
        if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((fe) => ({ name: actionFieldOf(fe.field), errors: [fe.message] })));
        setProblem({ type: 'error', text: errorText(e, lang) });
      }
    } finally {
      setBusy(false);
    }
  };

  const reason = (zh: string, en: string, required = true) => (
    <Form.Item name="reason" label={t(zh, en)} rules={required ? [{ required: true, message: t('请填写原因', 'Give a reason') }] : []}>
      <Input.TextArea rows={3} />
    </Form.Item>
  );
  const noteField = (
    <Form.Item name="note" label={t('备注（内部）', 'Note (internal)')}>
      <Input.TextArea rows={2} />
    </Form.Item>
  );
  const deadlineOptions = (filter: (d: WorkOrderView['deadlines'][number]) => boolean) =>
    wo.deadlines.filter(filter).map((d) => ({ value: d.name, label: `${label(DEADLINES, d.name, lang)} · ${formatShanghai(d.due)}` }));

  const fields = (a: ActionName) => {
    if (wo.repair && REPAIR_FORMS.has(a)) return <RepairActionFields action={a} wo={wo} />;
    switch (a) {
      case 'reject_invalid':
        return reason('不构成有效投诉的原因（感谢、安抚说明）', 'Why it is not a valid complaint (thanks, appeasement)');
      case 'object':
        return reason('异议理由（须当天提出）', 'Objection (must be raised the same day)');
      case 'return_8d':
        return reason('退回原因（需整改的内容）', 'Why it is returned (what to rework)');
      case 'pause':
        return reason('暂停原因（如 试验及制样，已告知客户）', 'Reason (e.g. tests and samples, customer informed)');
      case 'escalate':
        return reason('升级原因（超出权限或事态扩大）', 'Why (beyond authority or getting worse)');
      case 'reopen':
        return reason('客户不接受处理结果的原因', 'Why the customer refuses the result');
      case 'set_severity':
        return (
          <>
            <Form.Item name="level" label={t('改判为', 'New level')} rules={[{ required: true, message: t('请选择程度', 'Choose a level') }]}>
              <Select
                loading={pack.isLoading}
                options={[...(pack.data?.levels ?? []).map((l) => ({ value: l.id, label: l.label[lang] })), ...(pack.data ? [{ value: pack.data.fallback, label: pack.data.fallbackLabel[lang] }] : [])]}
              />
            </Form.Item>
            {reason('改判理由', 'Reason for the override')}
          </>
        );
      case 'dispatch':
        return (
          <Form.Item name="departmentId" label={t('责任部门', 'Responsible department')} rules={[{ required: true, message: t('请选择部门', 'Choose a department') }]}>
            <TreeSelect treeData={units.options} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder={t('选择部门', 'Choose a department')} data-testid="dispatch-department" />
          </Form.Item>
        );
      case 'decide_objection':
        return (
          <>
            <Form.Item name="outcome" label={t('裁定', 'Decision')}>
              <Radio.Group
                options={[
                  { value: 'keep', label: t('维持原派单', 'Keep the assignment') },
                  { value: 'reassign', label: t('改派其他部门', 'Reassign') },
                ]}
              />
            </Form.Item>
            {outcome === 'reassign' && (
              <Form.Item name="departmentId" label={t('改派至', 'Reassign to')} rules={[{ required: true, message: t('请选择部门', 'Choose a department') }]}>
                <TreeSelect treeData={units.options} treeDefaultExpandAll />
              </Form.Item>
            )}
          </>
        );
      case 'submit_8d':
        return (
          <>
            {EIGHT_D.map((d) => (
              <Form.Item key={d.key} name={d.key} label={lang === 'zh' ? d.zh : d.en} style={{ marginBottom: 12 }}>
                <Input.TextArea rows={2} />
              </Form.Item>
            ))}
            <RootCauseFields />
          </>
        );
      case 'approve_8d':
        return <VerificationFields batchNumber={wo.batchNumber} productCode={wo.productCode} />;
      case 'request_extension':
        return (
          <>
            <Form.Item name="deadline" label={t('期限', 'Deadline')} rules={[{ required: true }]}>
              <Select options={deadlineOptions((d) => (d.state === 'running' || d.state === 'paused') && !d.extensionRequest)} />
            </Form.Item>
            <Form.Item name="until" label={t('延至（北京时间）', 'New due (Beijing time)')} rules={[{ required: true, message: t('请填写新的期限', 'Give the new due time') }]}>
              <DateField showTime />
            </Form.Item>
            {reason('延期理由（须在期限前至少 1 个工作日提出）', 'Reason (at least 1 working day before the deadline)')}
          </>
        );
      case 'grant_extension':
        return (
          <>
            <Form.Item name="deadline" label={t('期限', 'Deadline')} rules={[{ required: true }]}>
              <Select options={deadlineOptions((d) => !!d.extensionRequest)} />
            </Form.Item>
            <Form.Item name="customerAgreement" label={t('客户同意记录', 'Customer’s agreement')} rules={[{ required: true, message: t('请记录客户的同意', 'Record the customer’s agreement') }]}>
              <Input.TextArea rows={2} placeholder={t('如：3月3日电话联系客户张经理，同意延期', 'e.g. agreed by phone with the customer on 3 March')} />
            </Form.Item>
          </>
        );
      case 'reply':
        return (
          <>
            <WorkOrderKnowledge wo={wo} use="reply" target="message" />
            <Form.Item name="message" label={t('答复内容（处理结果）', 'Reply (the result)')} rules={[{ required: true, message: t('请填写答复内容', 'Write the reply') }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            {wo.kind === 'suggestion' && (
              <Form.Item name="adopted" label={t('建议是否采纳', 'Suggestion adopted?')} rules={[{ required: true }]}>
                <Radio.Group
                  options={[
                    { value: true, label: t('采纳', 'Adopted') },
                    { value: false, label: t('不采纳', 'Not adopted') },
                  ]}
                />
              </Form.Item>
            )}
            <Flex gap={8} wrap>
              <Form.Item
                name="offerAmount"
                label={t('补偿金额（元，可选）', 'Offer (yuan, optional)')}
                extra={
                  <span data-testid="offer-limit">
                    {myLimit === undefined
                      ? ''
                      : myLimit === null
                        ? t('您的补偿权限：不限', 'Your offer limit: none')
                        : myLimit === 0
                          ? t('您无权承诺补偿；如需补偿，请由有权限的人员答复', 'You may not offer anything; ask someone with a limit to reply')
                          : t(`您的补偿权限上限：${myLimit} 元`, `Your offer limit: ${myLimit} yuan`)}
                  </span>
                }
                rules={[
                  {
                    validator: (_, v?: number | null) =>
                      v === undefined || v === null || myLimit === undefined || myLimit === null || v <= myLimit
                        ? Promise.resolve()
                        : Promise.reject(new Error(t(`超出您的补偿权限上限 ${myLimit} 元`, `Above your limit of ${myLimit} yuan`))),
                  },
                ]}
              >
                <InputNumber min={0} max={myLimit ?? undefined} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="offerDescription" label={t('补偿说明', 'Offer details')} style={{ flex: 1 }}>
                <Input />
              </Form.Item>
            </Flex>
          </>
        );
      case 'callback':
        return (
          <>
            <WorkOrderKnowledge wo={wo} use="callback" />
            <Form.Item name="satisfied" label={t('客户是否满意', 'Is the customer satisfied?')} rules={[{ required: true, message: t('请选择回访结果', 'Choose the result') }]}>
              <Radio.Group
                options={[
                  { value: true, label: t('满意', 'Satisfied') },
                  { value: false, label: t('不满意', 'Not satisfied') },
                ]}
              />
            </Form.Item>
          </>
        );
      default:
        return null;
    }
  };

  // The server allows extensions at any open stage; the buttons appear only when there is something to extend
  // (a running deadline) or to grant (a pending request), docs/workorders.md#deadlines "Extension" (投诉处理制度 cl. 5.3).
  const actions = wo.allowedActions.filter((a) => {
    if (a === 'request_extension') return wo.deadlines.some((d) => (d.state === 'running' || d.state === 'paused') && !d.extensionRequest);
    if (a === 'grant_extension') return wo.deadlines.some((d) => d.extensionRequest);
    return true;
  });
  return (
    <Card title={t('可执行操作', 'Actions')} size="small" data-testid="action-panel" extra={<SmsButton wo={wo} onDone={onDone} />}>
      {problem && !open && <Alert type={problem.type} showIcon title={problem.text} style={{ marginBottom: 12 }} closable onClose={() => setProblem(null)} data-testid="action-problem" />}
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t('当前状态下您没有可执行的操作', 'Nothing for you to do at this stage')}</Typography.Text>
      ) : (
        <Flex gap={8} wrap>
          {actions.map((a) => (
            <Tooltip key={a} title={ACTION_HELP[a]?.[lang]}>
              <Button type={PRIMARY.has(a) ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => openAction(a)} data-testid={`action-${a}`}>
                {label(ACTIONS, a, lang)}
              </Button>
            </Tooltip>
          ))}
        </Flex>
      )}
      <Modal
        open={!!open}
        title={open ? `${label(ACTIONS, open, lang)} · ${wo.number}` : ''}
        onCancel={() => setOpen(null)}
        onOk={submit}
        okText={t('确认提交', 'Submit')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={busy}
        width={open === 'submit_8d' ? 760 : 520}
        destroyOnHidden
      >
        {open && ACTION_HELP[open] && (
          <Typography.Paragraph type="secondary" data-testid="action-help">
            {ACTION_HELP[open]![lang]}
          </Typography.Paragraph>
        )}
        {problem && open && <Alert type={problem.type} showIcon title={problem.text} style={{ marginBottom: 12 }} data-testid="action-problem" />}
        <Form key={open ?? 'none'} form={form} layout="vertical" initialValues={initial}>
          {open && fields(open)}
          {open === 'submit_8d' && <EightDAttachments wo={wo} onUploaded={onDone} />}
          {open && open !== 'submit_8d' && noteField}
          {open === 'callback' && !wo.repair && (
            <Typography.Text type="secondary">{t('不满意将退回处理；满意则结案，重点关注客户同时移出名单。', 'Not satisfied sends it back to handling; satisfied closes it and takes a key customer off the watch list.')}</Typography.Text>
          )}
          {open === 'callback' && wo.repair && (
            <Typography.Text type="secondary">{t('未修复将退回抢修人员重新到场处理；已修复则完成抢修单。', 'Not repaired sends the crew back; repaired completes the order.')}</Typography.Text>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
