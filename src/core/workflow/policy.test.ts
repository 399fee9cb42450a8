import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WorkCalendar, loadShippedYears } from '../calendar';
import { computeDue } from './deadlines';
import { missingFields, offerLimit, repairSendsSms, requiredFieldsFor, rolesFor, specsFor, validatePolicy, type ComplaintPolicy, type PolicyContext } from './policy';

const KNOWN: PolicyContext = {
  roles: ['admin', 'agent', 'team_lead', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent'],
  kinds: ['complaint', 'suggestion', 'inquiry', 'praise', 'repair', 'emergency_repair', 'survey', 'inspection'],
  categories: ['quality', 'service', 'delivery', 'other'],
  fields: ['customerName', 'customerCode', 'productCode', 'problem', 'shipDate', 'shipQuantity', 'defectRate', 'lotSize', 'defectCount', 'foundAt', 'place'],
  packs: ['complaint-severity-pedal', 'complaint-severity-qa'],
};
const shipped = () => parse(readFileSync(new URL('../../../policies/complaint-policy.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
const policy = () => validatePolicy(shipped(), KNOWN).policy as ComplaintPolicy;

describe('the shipped complaint policy', () => {
  it('validates', () => {
    expect(validatePolicy(shipped(), KNOWN).issues).toEqual([]);
  });

  it.each<[string, string, string | null, string | null, string[]]>([
    // docs/workorders.md#deadlines defaults
    ['an ordinary complaint', 'complaint', 'quality', '一般', ['dispatch', 'first_response', 'reply']],
    ['a serious complaint', 'complaint', 'quality', '严重', ['dispatch', 'first_response', 'reply', 'containment', 'temporary_measure', 'permanent_measure', 'closure']],
    ['an inquiry', 'inquiry', null, null, ['reply']],
    ['a suggestion', 'suggestion', null, null, ['reply']],
    ['praise', 'praise', null, null, []],
  ])('starts the default deadlines for %s', (_n, kind, category, severity, names) => {
    expect(specsFor(policy(), 'created', { kind, category, severity }).map((s) => s.name)).toEqual(names);
  });

  it.each([
    ['reply', 'callback', 3, 'days'],
    ['escalate', 'escalation_handled', 24, 'hours'],
    ['return_8d', 'form_correction', 24, 'hours'],
    ['callback_unsatisfied', 'analysis', 7, 'working_days'],
  ] as const)('after %s starts %s (%i %s)', (on, name, amount, unit) => {
    expect(specsFor(policy(), on, { kind: 'complaint', category: 'quality', severity: '一般' }).map((s) => [s.name, s.amount, s.unit])).toEqual([[name, amount, unit]]);
  });
});

describe('the shipped repair deadlines (docs/callcenter.md "Emergency repairs")', () => {
  const repair = (kind: string) => ({ kind, category: null, severity: null });
  const named = (on: Parameters<typeof specsFor>[1], kind: string) => specsFor(policy(), on, repair(kind)).map((s) => [s.name, s.amount, s.unit]);

  it('counts an emergency repair in calendar hours and an ordinary one in working time', () => {
    expect(named('created', 'emergency_repair')).toEqual([
      ['repair_take', 0.5, 'hours'],
      ['repair_arrival', 2, 'hours'],
      ['repair_done', 8, 'hours'],
    ]);
    expect(named('created', 'repair')).toEqual([
      ['repair_take', 2, 'working_hours'],
      ['repair_arrival', 8, 'working_hours'],
      ['repair_done', 3, 'working_days'],
    ]);
  });

  it('starts the callback on completion and the rework when the callback does not confirm it', () => {
    expect(named('repaired', 'emergency_repair')).toEqual([['repair_callback', 24, 'hours']]);
    expect(named('repaired', 'repair')).toEqual([['repair_callback', 2, 'working_days']]);
    expect(named('repair_rejected', 'emergency_repair')).toEqual([['repair_rework', 4, 'hours']]);
    expect(named('repair_rejected', 'repair')).toEqual([['repair_rework', 1, 'working_days']]);
  });

  it('runs an emergency repair reported on a holiday night through the night; an ordinary repair waits for working hours', () => {
    // 2026-10-01 22:00 in Shanghai, 国庆节 (holiday until 10-07; 10-08 is the first working day).
    const cal = new WorkCalendar({ years: loadShippedYears() });
    const startedAt = '2026-10-01T14:00:00.000Z';
    const due = (kind: string, name: string) => {
      const s = specsFor(policy(), 'created', repair(kind)).find((x) => x.name === name)!;
      return computeDue(cal, { name, startedAt, amount: s.amount, unit: s.unit, pauses: [], extensions: [] }).due.toISOString();
    };
    expect(due('emergency_repair', 'repair_take')).toBe('2026-10-01T14:30:00.000Z');
    expect(due('emergency_repair', 'repair_arrival')).toBe('2026-10-01T16:00:00.000Z');
    expect(due('emergency_repair', 'repair_done')).toBe('2026-10-01T22:00:00.000Z');
    // 8 working hours from the holiday: 10-08 09:00–12:00 and 13:00–18:00.
    expect(due('repair', 'repair_arrival')).toBe('2026-10-08T10:00:00.000Z');
  });
});

describe('the repair roles and SMS (docs/callcenter.md "Emergency repairs")', () => {
  it.each([
    ['take', 'emergency_repair', ['team_lead']],
    ['complete_repair', 'repair', ['team_lead']],
    ['callback', 'emergency_repair', ['agent', 'team_lead']],
    ['reject_invalid', 'repair', ['team_lead', 'supervisor']],
    // The complaint desk keeps its own roles.
    ['callback', 'complaint', ['callback_agent']],
    ['reject_invalid', 'complaint', ['intake_clerk', 'supervisor', 'dept_head']],
  ] as const)('%s on a %s: %j', (action, kind, roles) => {
    expect(rolesFor(policy(), action, null, kind)).toEqual(roles);
  });

  it('sends SMS for an emergency repair only', () => {
    expect(repairSendsSms(policy(), 'emergency_repair')).toBe(true);
    expect(repairSendsSms(policy(), 'repair')).toBe(false);
    expect(repairSendsSms(policy(), 'complaint')).toBe(false);
  });
});

describe('validatePolicy', () => {
  it.each<[string, (d: Record<string, unknown> & { deadlines: Record<string, unknown>[]; actions: Record<string, string[]>; severity: Record<string, unknown> }) => void, string[]]>([
    ['a unit that does not exist', (d) => (d.deadlines[0].unit = 'fortnights'), ['deadlines.0.unit']],
    ['an unknown role', (d) => (d.actions.sign = ['vp']), ['actions.sign.0']],
    ['an action without roles', (d) => delete d.actions.close, ['actions.close']],
    ['an unknown pack', (d) => (d.severity.pack = 'x'), ['severity.pack', 'severity.selectable']],
    ['a negative amount', (d) => (d.deadlines[1].amount = -2), ['deadlines.1.amount']],
    ['an unknown metBy action', (d) => (d.deadlines[0].metBy = ['teleport']), ['deadlines.0.metBy.0']],
    ['a warning fraction of 1', (d) => (d.warnAtFraction = 1), ['warnAtFraction']],
    ['an unknown approving role', (d) => (d.approvals = { dispatch: { severities: ['严重'], roles: ['vp'] } }), ['approvals.dispatch.roles.0']],
    ['a repair step without roles', (d) => delete (d.repairs as { actions: Record<string, string[]> }).actions.take, ['repairs.actions.take']],
    ['a repair step’s roles under actions', (d) => (d.actions.take = ['team_lead']), ['actions.take']],
    ['SMS for a kind that is not a repair', (d) => ((d.repairs as { sms: string[] }).sms = ['complaint']), ['repairs.sms.0']],
    ['an unknown role on a repair step', (d) => ((d.repairs as { actions: Record<string, string[]> }).actions.notify = ['crew']), ['repairs.actions.notify.0']],
    ['a deadline owned by an unknown unit', (d) => ((d.deadlines[0].owner as { unit: string }).unit = 'crew'), ['deadlines.0.owner.unit']],
  ])('names the path of %s', (_n, edit, paths) => {
    const d = shipped() as Parameters<typeof edit>[0];
    edit(d);
    expect(validatePolicy(d, KNOWN).issues.map((i) => i.path).sort()).toEqual(paths.sort());
  });
});

describe('required fields (docs/workorders.md#intake)', () => {
  it('lists every missing field of a quality complaint, with the alternatives of the composite ones', () => {
    const req = requiredFieldsFor(policy(), 'complaint', 'quality');
    expect(missingFields(req, {}).map((e) => e.field)).toEqual(['customerName', 'productCode', 'problem', 'shipDate', 'shipQuantity', 'defectRate', 'foundAt']);
    expect(missingFields(req, { customerCode: 'C1', lotSize: 10 }).map((e) => e.field)).toContain('defectCount');
    expect(missingFields(req, { customerCode: 'C1', defectCount: 1 }).map((e) => e.field)).toContain('lotSize');
    expect(missingFields(req, { customerName: ' ', defectRate: 0.1 }).map((e) => e.field)).toContain('customerName');
  });

  it('uses the kind-only rule when no category rule matches', () => {
    expect(requiredFieldsFor(policy(), 'complaint', 'service')).toEqual(['customer', 'problem']);
    expect(requiredFieldsFor(policy(), 'survey', null)).toEqual(['problem']);
  });
});

describe('rolesFor (投诉作业流程 cl. 5.2.2; 投诉处理制度 cl. 5.2; docs/workorders.md#handling-steps, step 3: a serious complaint’s form is approved by the VP)', () => {
  it.each([
    ['一般', ['intake_clerk', 'supervisor', 'dept_head']],
    ['严重', ['director', 'manager']],
    [null, ['intake_clerk', 'supervisor', 'dept_head']],
  ] as const)('dispatch of a %s complaint: %j', (severity, roles) => {
    expect(rolesFor(policy(), 'dispatch', severity)).toEqual(roles);
  });
});

describe('offerLimit', () => {
  it.each([
    [['agent'], 500],
    [['agent', 'supervisor'], 2000],
    [['manager'], null],
    [['qe'], 0],
  ] as const)('%j may offer up to %s', (roles, limit) => {
    expect(offerLimit(policy(), roles)).toBe(limit);
  });
});
