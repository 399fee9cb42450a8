// validateFacts: every problem names its field.
import { describe, expect, it } from 'vitest';
import { validateFacts } from './facts';
import { shippedPack } from './shipped';

const coal = shippedPack('coal-mine-2020')!;
const staff = shippedPack('staff-waiter')!;
const good = { mineType: 'underground', basicConditionsMet: true, weightedScore: 90, partScores: { 通风: 90 } };

describe('validateFacts', () => {
  it('accepts complete facts', () => {
    expect(validateFacts(coal, { ...good, events: [{ type: 'fatal_accident', class: 'general', date: '2025-01-01', ref: 'A-1' }] })).toEqual([]);
  });

  it.each([
    ['an unknown field', { weightedScor: 90 }, 'weightedScor', /^unknown fact \(pack "coal-mine-2020" defines: mineType, /],
    ['a missing required fact', { weightedScore: undefined }, 'weightedScore', /^required$/],
    ['a string for a number', { weightedScore: '90' }, 'weightedScore', /^must be a number, got string "90"$/],
    ['NaN for a number', { weightedScore: NaN }, 'weightedScore', /^must be a number, got NaN$/],
    ['a number above the maximum', { weightedScore: 100.5 }, 'weightedScore', /^must be ≤ 100, got 100.5$/],
    ['a fraction for a whole number', { strippingContractors: 1.5 }, 'strippingContractors', /^must be a whole number, got 1.5$/],
    ['a bad enum value', { mineType: 'surface' }, 'mineType', /^must be one of "underground", "open_pit", got string "surface"$/],
    ['a string for a boolean', { blacklisted: 'no' }, 'blacklisted', /^must be true or false, got string "no"$/],
    ['a part score out of range', { partScores: { 通风: 101 } }, 'partScores.通风', /^must be ≤ 100, got 101$/],
    ['a list for a score map', { partScores: [90] }, 'partScores', /^must be an object of part → score, got a list$/],
    ['an unknown event type', { events: [{ type: 'fire', date: '2025-01-01' }] }, 'events[0].type', /^unknown event type "fire" \(allowed: "fatal_accident", /],
    ['an unknown event class', { events: [{ type: 'fatal_accident', class: 'small', date: '2025-01-01' }] }, 'events[0].class', /^unknown event class string "small" \(one of "general", /],
    ['a fatal accident without a class', { events: [{ type: 'fatal_accident', date: '2025-01-01' }] }, 'events[0].class', /^required for "fatal_accident"/],
    ['an impossible event date', { events: [{ type: 'failed_level1_inspection', date: '2025-02-30' }] }, 'events[0].date', /^must be a calendar date YYYY-MM-DD, got string "2025-02-30"$/],
    ['a timestamp for an event date', { events: [{ type: 'failed_level1_inspection', date: '2025-02-03T10:00:00Z' }] }, 'events[0].date', /^must be a calendar date/],
    ['an unknown event field', { events: [{ type: 'failed_level1_inspection', date: '2025-02-03', clas: 'x' }] }, 'events[0].clas', /^unknown event field "clas"/],
  ])('reports %s on its field', (_name, over, field, message) => {
    const issues = validateFacts(coal, { ...good, ...over });
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toBe(field);
    expect(issues[0].message).toMatch(message);
  });

  it('reports an unknown id in a string list with its index', () => {
    expect(validateFacts(staff, { tenureMonths: 4, passedTests: ['taste_basic', 'taste_basics'] })).toEqual([
      { field: 'passedTests[1]', message: 'unknown id "taste_basics" (allowed: "taste_basic", "rules_exam", "six_skills_basic", "taste_intermediate")' },
    ]);
  });

  it('reports every problem, one per field', () => {
    const issues = validateFacts(coal, { mineType: 'x', weightedScore: -1, extra: 1 });
    expect(issues.map((i) => i.field)).toEqual(['extra', 'mineType', 'basicConditionsMet', 'partScores', 'weightedScore']);
  });

  it('rejects facts that are not an object', () => {
    expect(validateFacts(coal, [1])).toEqual([{ field: '', message: 'facts must be an object, got a list' }]);
  });
});
