import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkPolicy, pathLabel, POLICY_ACTIONS, repairActions, type PolicyShape } from './policy-form';

// The shipped policy is the form's starting point: it has no problem, and each check below breaks one thing in it.
const shipped = parse(readFileSync('policies/complaint-policy.yaml', 'utf8')) as PolicyShape;
const ROLES = ['agent', 'intake_clerk', 'team_lead', 'supervisor', 'director', 'manager', 'dept_head', 'qe', 'callback_agent', 'admin'];
const known = { roles: ROLES, severities: ['严重', '批量', '一般'] };
const copy = (): PolicyShape => structuredClone(shipped);

describe('checkPolicy: who may act and approvals (docs/workorders.md#roles-per-action-shipped-policy-actions)', () => {
  it('finds nothing wrong with the shipped policy', () => {
    expect([...checkPolicy(shipped, 'zh', known)]).toEqual([]);
  });

  it('needs a role for every step of the flow, as the server does', () => {
    const p = copy();
    p.actions!.sign = [];
    delete p.actions!.callback;
    const problems = checkPolicy(p, 'zh', known);
    expect(problems.get('actions.sign')).toBe('每个操作至少需要一个角色');
    expect(problems.get('actions.callback')).toBe('每个操作至少需要一个角色');
    expect(checkPolicy(p, 'en', known).get('actions.sign')).toBe('Every action needs at least one role');
    expect(POLICY_ACTIONS).toContain('approve_8d');
  });

  it('names a role the catalogue does not know, and an action the flow does not have', () => {
    const p = copy();
    p.actions!.reply = ['agent', 'boss'];
    p.actions!.fly = ['agent'];
    const problems = checkPolicy(p, 'zh', known);
    expect(problems.get('actions.reply')).toBe('未知角色：boss');
    expect(problems.get('actions.fly')).toBe('未知操作');
    // Without the catalogue (still loading) roles are not judged.
    expect(checkPolicy(p, 'zh').has('actions.reply')).toBe(false);
  });

  it('needs a severity of the pack and a role in each approval', () => {
    const p = copy();
    p.approvals = { dispatch: { severities: [], roles: [] }, approve_8d: { severities: ['重大'], roles: ['director'] } };
    const problems = checkPolicy(p, 'zh', known);
    expect(problems.get('approvals.dispatch.severities')).toBe('请至少选择一个程度');
    expect(problems.get('approvals.dispatch.roles')).toBe('请至少选择一个角色');
    expect(problems.get('approvals.approve_8d.severities')).toBe('规则包中没有此程度：重大');
    expect(problems.has('approvals.approve_8d.roles')).toBe(false);
  });
});

describe('pathLabel', () => {
  it('names actions and roles in words, never by their codes', () => {
    expect(pathLabel('actions.accept.0', shipped, 'zh')).toBe('操作权限 · 受理 · 第 1 项');
    expect(pathLabel('approvals.dispatch.roles', shipped, 'zh')).toBe('按程度改由其他角色 · 派单 · 角色');
    expect(pathLabel('offerLimits.manager', shipped, 'zh', (c) => (c === 'manager' ? '总经理' : c))).toBe('补偿上限 · 总经理');
    expect(pathLabel('deadlines.0.amount', shipped, 'zh')).toMatch(/^期限「.+」 · 时限$/);
  });
});

describe('checkPolicy: the repair path (docs/callcenter.md "Emergency repairs")', () => {
  it('lists the repair-only steps and the shipped overrides in the flow’s order', () => {
    expect(repairActions(shipped)).toEqual(expect.arrayContaining(['take', 'notify', 'assign_crew', 'record_arrival', 'complete_repair', 'callback', 'escalate']));
    const order = repairActions(shipped);
    expect(order.indexOf('take')).toBeLessThan(order.indexOf('complete_repair'));
  });

  it('needs a role for every repair-only step, names unknown roles and actions, as the server does', () => {
    const p = copy();
    p.repairs!.actions!.take = [];
    delete p.repairs!.actions!.notify;
    p.repairs!.actions!.callback = ['agent', 'boss'];
    p.repairs!.actions!.fly = ['agent'];
    const problems = checkPolicy(p, 'zh', known);
    expect(problems.get('repairs.actions.take')).toBe('每个抢修步骤至少需要一个角色');
    expect(problems.get('repairs.actions.notify')).toBe('每个抢修步骤至少需要一个角色');
    expect(problems.get('repairs.actions.callback')).toBe('未知角色：boss');
    expect(problems.get('repairs.actions.fly')).toBe('未知操作');
    expect(checkPolicy(p, 'en', known).get('repairs.actions.take')).toBe('Every repair step needs at least one role');
  });

  it('says a repair path in words', () => {
    expect(pathLabel('repairs.actions.assign_crew', shipped, 'zh')).toBe('报修与抢修 · 各步骤角色 · 派工');
    expect(pathLabel('repairs.actions.take.0', shipped, 'en')).toBe('Repairs · roles per step · Take on · #1');
  });
});
