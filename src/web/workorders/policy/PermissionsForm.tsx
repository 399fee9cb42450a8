import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Typography } from 'antd';
import type { Document } from 'yaml';
import { useI18n } from '../../app/i18n';
import { ACTIONS, label } from '../labels';
import { isRepairOnly, POLICY_ACTIONS, repairActions, type PolicyShape } from './policy-form';

export type Change = (fn: (doc: Document) => void) => void;

export interface Option {
  value: string;
  label: string;
}

/** Lists in the policy are written in flow style (`accept: [intake_clerk, supervisor]`), as the shipped file has them. */
const flow = (doc: Document, value: unknown) => doc.createNode(value, { flow: true });

/**
 * Who may take each step of the flow (the policy's `actions`, docs/workorders.md#roles-per-action-shipped-policy-actions)
 * and the steps that, for some severities, need other roles instead (`approvals`: 投诉作业流程 cl. 5.2.2 — a serious
 * complaint's processing form is approved by the VP). Edited in place in the YAML document, like the rest of the form.
 */
export function PermissionsForm({ policy, problems, change, roles, severities, roleName }: { policy: PolicyShape; problems: Map<string, string>; change: Change; roles: Option[]; severities: Option[]; roleName: (code: string) => string }) {
  const { t, lang } = useI18n();
  const bad = (path: string) => problems.get(path);
  const approvals = Object.entries(policy.approvals ?? {});
  const unused = POLICY_ACTIONS.filter((a) => !policy.approvals?.[a]);
  const actionOptions = (keep?: string) => POLICY_ACTIONS.filter((a) => a === keep || !policy.approvals?.[a]).map((a) => ({ value: a, label: label(ACTIONS, a, lang) }));
  const list = (words: string[]) => words.join(lang === 'zh' ? '、' : ', ');
  const names = (codes: string[] | undefined) => list((codes ?? []).map(roleName));
  const levels = (codes: string[] | undefined) => list((codes ?? []).map((s) => severities.find((o) => o.value === s)?.label ?? s));

  const setRoles = (action: string, value: string[]) => change((doc) => doc.setIn(['actions', action], flow(doc, value)));
  const setApproval = (action: string, key: 'severities' | 'roles', value: string[]) => change((doc) => doc.setIn(['approvals', action, key], flow(doc, value)));
  const renameApproval = (from: string, to: string) =>
    change((doc) => {
      const rule = policy.approvals?.[from] ?? {};
      doc.deleteIn(['approvals', from]);
      doc.setIn(['approvals', to], flow(doc, rule));
    });
  const setRepairRoles = (action: string, value: string[]) =>
    change((doc) => {
      // An emptied override goes away (the step then follows 操作权限); a repair-only step keeps its empty list, marked.
      if (value.length === 0 && !isRepairOnly(action)) doc.deleteIn(['repairs', 'actions', action]);
      else doc.setIn(['repairs', 'actions', action], flow(doc, value));
    });
  const removeApproval = (action: string) =>
    change((doc) => {
      doc.deleteIn(['approvals', action]);
      // No rule left: the key goes too (approvals is optional), rather than an empty map.
      if (Object.keys(policy.approvals ?? {}).length <= 1) doc.deleteIn(['approvals']);
    });
  const addApproval = () => {
    const action = unused.includes('dispatch') ? 'dispatch' : unused[0];
    if (action) change((doc) => doc.setIn(['approvals', action], flow(doc, { severities: [], roles: [] })));
  };

  return (
    <Flex vertical gap={16} data-testid="policy-permissions">
      <Card size="small" title={t('操作权限：各步骤可由哪些角色执行', 'Who may take each step')}>
        <Flex vertical gap={8}>
          {POLICY_ACTIONS.map((a) => (
            <Flex key={a} gap={8} wrap align="flex-start" data-testid={`policy-action-${a}`}>
              <Typography.Text style={{ flex: '0 0 140px', paddingTop: 4 }}>{label(ACTIONS, a, lang)}</Typography.Text>
              <Flex vertical gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
                <Select
                  mode="multiple"
                  value={policy.actions?.[a] ?? []}
                  options={roles}
                  optionFilterProp="label"
                  status={bad(`actions.${a}`) ? 'error' : undefined}
                  onChange={(v: string[]) => setRoles(a, v)}
                  placeholder={t('选择角色', 'Choose roles')}
                  aria-label={`${t('操作权限', 'Who may act')} ${label(ACTIONS, a, lang)}`}
                  style={{ width: '100%' }}
                />
                {bad(`actions.${a}`) && <Typography.Text type="danger">{bad(`actions.${a}`)}</Typography.Text>}
              </Flex>
            </Flex>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={t('报修与抢修：各步骤可由哪些角色执行', 'Repairs: who may take each step')} data-testid="policy-repairs">
        <Typography.Paragraph type="secondary">
          {t(
            '报修、抢修工单（抢修单）的步骤由这里的角色执行：接单、通知、派抢修人员、到场、完工只在抢修中出现；其余步骤列在这里时，在抢修工单上取代上面的操作权限，清空即恢复按上面执行。',
            'The steps of a repair (抢修单) are taken by these roles: take, notify, crew, arrival and completion exist only on repairs; any other step listed here replaces the roles above on a repair, and emptying it falls back to them.',
          )}
        </Typography.Paragraph>
        <Flex vertical gap={8}>
          {repairActions(policy).map((a) => (
            <Flex key={a} gap={8} wrap align="flex-start" data-testid={`policy-repair-${a}`}>
              <Typography.Text style={{ flex: '0 0 140px', paddingTop: 4 }}>{label(ACTIONS, a, lang)}</Typography.Text>
              <Flex vertical gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
                <Select
                  mode="multiple"
                  value={policy.repairs?.actions?.[a] ?? []}
                  options={roles}
                  optionFilterProp="label"
                  status={bad(`repairs.actions.${a}`) ? 'error' : undefined}
                  onChange={(v: string[]) => setRepairRoles(a, v)}
                  placeholder={t('选择角色', 'Choose roles')}
                  aria-label={`${t('抢修步骤角色', 'Repair step roles')} ${label(ACTIONS, a, lang)}`}
                  style={{ width: '100%' }}
                />
                {bad(`repairs.actions.${a}`) && <Typography.Text type="danger">{bad(`repairs.actions.${a}`)}</Typography.Text>}
              </Flex>
            </Flex>
          ))}
        </Flex>
      </Card>
      <Card
        size="small"
        title={t('按程度改由其他角色执行（审批）', 'Other roles by severity (approvals)')}
        extra={
          <Button size="small" icon={<PlusOutlined />} onClick={addApproval} disabled={unused.length === 0} data-testid="approval-add">
            {t('添加', 'Add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('某一步骤遇到所选程度的工单时，只能由这里的角色执行，取代上面的角色（如严重投诉的派单由副总批准）。', 'For work orders of the severities chosen, only these roles may take the step, instead of those above (e.g. a serious complaint’s dispatch is approved by the VP).')}
        </Typography.Paragraph>
        {approvals.length === 0 && <Typography.Text type="secondary">{t('未设置：所有程度都按上面的操作权限执行。', 'None: every severity follows the roles above.')}</Typography.Text>}
        <Flex vertical gap={12}>
          {approvals.map(([action, rule]) => (
            <Card key={action} size="small" data-testid={`approval-${action}`}>
              <Flex gap={8} wrap align="flex-start">
                <Flex vertical gap={2} style={{ flex: '1 1 140px', minWidth: 0 }}>
                  <Typography.Text type="secondary">{t('步骤', 'Step')}</Typography.Text>
                  <Select value={action} options={actionOptions(action)} onChange={(v: string) => renameApproval(action, v)} aria-label={t('审批的步骤', 'Step approved')} status={bad(`approvals.${action}`) ? 'error' : undefined} />
                </Flex>
                <Flex vertical gap={2} style={{ flex: '1 1 160px', minWidth: 0 }}>
                  <Typography.Text type="secondary">{t('适用程度', 'Severities')}</Typography.Text>
                  <Select
                    mode="multiple"
                    value={rule?.severities ?? []}
                    options={severities}
                    status={bad(`approvals.${action}.severities`) ? 'error' : undefined}
                    onChange={(v: string[]) => setApproval(action, 'severities', v)}
                    aria-label={t('适用程度', 'Severities')}
                  />
                </Flex>
                <Flex vertical gap={2} style={{ flex: '2 1 220px', minWidth: 0 }}>
                  <Typography.Text type="secondary">{t('改由角色', 'Roles instead')}</Typography.Text>
                  <Select
                    mode="multiple"
                    value={rule?.roles ?? []}
                    options={roles}
                    optionFilterProp="label"
                    status={bad(`approvals.${action}.roles`) ? 'error' : undefined}
                    onChange={(v: string[]) => setApproval(action, 'roles', v)}
                    aria-label={t('改由角色', 'Roles instead')}
                  />
                </Flex>
                <Button danger icon={<DeleteOutlined />} onClick={() => removeApproval(action)} aria-label={t('删除此规则', 'Remove this rule')} style={{ marginTop: 22 }} />
              </Flex>
              {[`approvals.${action}`, `approvals.${action}.severities`, `approvals.${action}.roles`].map((p) => bad(p) && <div key={p}><Typography.Text type="danger">{bad(p)}</Typography.Text></div>)}
              {(rule?.severities ?? []).length > 0 && (rule?.roles ?? []).length > 0 && (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="approval-summary">
                  {t(
                    `程度为「${levels(rule!.severities)}」的工单，「${label(ACTIONS, action, 'zh')}」由 ${names(rule!.roles)} 执行（其他程度：${names(policy.actions?.[action]) || '无'}）。`,
                    `For ${levels(rule!.severities)} work orders, “${label(ACTIONS, action, 'en')}” is taken by ${names(rule!.roles)} (other severities: ${names(policy.actions?.[action]) || 'nobody'}).`,
                  )}
                </Typography.Paragraph>
              )}
            </Card>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
