import { describe, expect, it } from 'vitest';
import type { FactDef } from './rules-api';
import { factOfField, formToFacts } from './rules-utils';

const label = { zh: 'x', en: 'x' };
const defs: Record<string, FactDef> = {
  score: { type: 'number', label },
  ok: { type: 'boolean', label },
  kind: { type: 'enum', label, values: ['a', 'b'] },
  parts: { type: 'score_map', label },
  events: { type: 'events', label },
  certs: { type: 'string_list', label },
};

describe('formToFacts', () => {
  it.each([
    ['leaves out empty inputs so defaults apply', { score: undefined, ok: null, kind: '' }, {}],
    ['keeps false and 0, which are answers', { ok: false, score: 0 }, { ok: false, score: 0 }],
    ['turns score rows into a map, skipping half-filled rows', { parts: [{ part: ' 通风 ', score: 88 }, { part: '采煤' }, { score: 90 }] }, { parts: { 通风: 88 } }],
    ['drops a score map with no complete row', { parts: [{ part: '通风' }] }, {}],
    ['keeps event rows, with class only when given', { events: [{ type: 'fatal_accident', class: 'general', date: '2026-03-02' }, { type: 'failed_level1_inspection', date: '2026-01-05' }, {}] }, { events: [{ type: 'fatal_accident', class: 'general', date: '2026-03-02' }, { type: 'failed_level1_inspection', date: '2026-01-05' }] }],
    ['passes string lists through', { certs: ['c1', 'c2'] }, { certs: ['c1', 'c2'] }],
    ['ignores values of facts the pack does not define', { other: 5 }, {}],
  ])('%s', (_why, values, facts) => {
    expect(formToFacts(defs, values as never)).toEqual(facts);
  });
});

describe('factOfField', () => {
  it.each([
    ['facts.weightedScore', 'weightedScore'],
    ['facts.partScores.通风', 'partScores'],
    ['facts.events[1].date', 'events'],
    ['asOf', undefined],
    ['facts', undefined],
  ])('maps %s to %s', (field, fact) => {
    expect(factOfField(field)).toBe(fact);
  });
});
