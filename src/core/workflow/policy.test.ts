import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { missingFields, offerLimit, requiredFieldsFor, rolesFor, specsFor, validatePolicy, type ComplaintPolicy, type PolicyContext } from './policy';

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
    // DOMAIN §2.5 defaults
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
  ])('names the path of %s', (_n, edit, paths) => {
    const d = shipped() as Parameters<typeof edit>[0];
    edit(d);
    expect(validatePolicy(d, KNOWN).issues.map((i) => i.path).sort()).toEqual(paths.sort());
  });
});

describe('required fields (DOMAIN §2.2)', () => {
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

describe('rolesFor (DOMAIN §2.4 step 3: a serious complaint’s form is approved by the VP)', () => {
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
