// Pack validation: every error names the file, the path in the pack and the problem.
import { describe, expect, it } from 'vitest';
import { parseRulePack, validatePackObject } from './parse';
import type { PackIssue } from './types';

const FILE = 'test-pack.yaml';
const VALID = `
id: test-pack
version: 1
title: { zh: 测试, en: test }
facts:
  score: { type: number, min: 0, max: 100, label: { zh: 得分, en: score } }
  ok: { type: boolean, default: false, label: { zh: 合格, en: ok } }
  kind: { type: enum, values: [a, b], label: { zh: 类别, en: kind } }
levels:
  - id: high
    label: { zh: 高, en: high }
    requires: low
    when:
      all:
        - { fact: score, gte: 90 }
        - { fact: ok, is: true }
  - id: low
    label: { zh: 低, en: low }
    when: { fact: score, gte: 60 }
fallback: none
`;

function errorsOf(text: string): PackIssue[] {
  const r = parseRulePack(text, FILE);
  if (r.ok) throw new Error('expected the pack to be rejected');
  return r.errors;
}
const lines = (errs: PackIssue[]) => errs.map((e) => `${e.path}: ${e.message}`);

describe('parseRulePack', () => {
  it('accepts a valid pack and returns it as written', () => {
    const r = parseRulePack(VALID, FILE);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.pack.id).toBe('test-pack');
      expect(r.pack.levels[0].when).toEqual({ all: [{ fact: 'score', gte: 90 }, { fact: 'ok', is: true }] });
    }
  });

  it.each([
    ['an unknown fact, with a suggestion', ['{ fact: score, gte: 90 }', '{ fact: scor, gte: 90 }'], 'test-pack.yaml: levels[0].when.all[0].fact: unknown fact "scor" (did you mean "score"?)'],
    ['a bad operator', ['{ fact: score, gte: 90 }', '{ fact: score, gteq: 90 }'], 'test-pack.yaml: levels[0].when.all[0].gteq: unknown operator "gteq" (did you mean "gte"?) (expected one of gte, gt, lte, lt, eq, ne, in, is)'],
    ['a level requiring an unknown level', ['requires: low', 'requires: lowest'], 'test-pack.yaml: levels[0].requires: unknown level "lowest" (levels: high, low)'],
    ['a level requiring a higher level', ['requires: low', 'requires: high'], 'test-pack.yaml: levels[0].requires: "high" must be a lower level than "high" (listed after it)'],
    ['a duplicate level id', ['- id: low', '- id: high'], 'test-pack.yaml: levels[1].id: duplicate level id "high" (also levels[0])'],
    ['a missing fallback', ['fallback: none', ''], 'test-pack.yaml: fallback: required (string)'],
    ['a fallback that is also a level', ['fallback: none', 'fallback: low'], 'test-pack.yaml: fallback: "low" is also a level id; the fallback is the level below all of them'],
    ['gte on a boolean fact', ['{ fact: ok, is: true }', '{ fact: ok, gte: 1 }'], 'test-pack.yaml: levels[0].when.all[1].gte: operator "gte" needs a number fact; "ok" is boolean'],
    ['is on a number fact', ['{ fact: score, gte: 90 }', '{ fact: score, is: true }'], 'test-pack.yaml: levels[0].when.all[0].is: operator "is" needs a boolean fact; "score" is number'],
    ['a string compared with a number fact', ['{ fact: score, gte: 90 }', '{ fact: score, gte: "90" }'], 'test-pack.yaml: levels[0].when.all[0].gte: "score" is number: expected a number, got "90"'],
    ['an enum value that does not exist', ['{ fact: ok, is: true }', '{ fact: kind, eq: c }'], 'test-pack.yaml: levels[0].when.all[1].eq: "c" is not a value of "kind" (allowed: a, b)'],
    ['two operators in one comparison', ['{ fact: score, gte: 90 }', '{ fact: score, gte: 90, lt: 100 }'], 'test-pack.yaml: levels[0].when.all[0]: needs exactly one operator of gte, gt, lte, lt, eq, ne, in, is (found gte, lt)'],
    ['an unknown condition', ['{ fact: ok, is: true }', '{ both: [] }'], 'test-pack.yaml: levels[0].when.all[1]: unknown condition "both" (expected one of all, any, not, fact, expr, every_part, event_within, count_events, list_includes)'],
    ['an empty all', ['when: { fact: score, gte: 60 }', 'when: { all: [] }'], 'test-pack.yaml: levels[1].when.all: must be a non-empty list of conditions'],
    ['a level without conditions', ['    when: { fact: score, gte: 60 }\n', ''], 'test-pack.yaml: levels[1].when: required (only an incomplete level may omit it)'],
    ['an unknown top-level key', ['fallback: none', 'fallback: none\nfallbak: x'], 'test-pack.yaml: fallbak: unknown key "fallbak"'],
    ['a bad fact type', ['type: boolean, default: false', 'type: bool, default: false'], 'test-pack.yaml: facts.ok.type: Invalid option: expected one of "number"|"boolean"|"string"|"enum"|"string_list"|"score_map"|"events"'],
    ['a default of the wrong type', ['default: false', 'default: 3'], 'test-pack.yaml: facts.ok.default: must be true or false, got number 3'],
    ['a label missing its English', ['label: { zh: 高, en: high }', 'label: { zh: 高 }'], 'test-pack.yaml: levels[0].label.en: required (string)'],
    ['every_part on a number fact', ['{ fact: score, gte: 90 }', 'every_part: { fact: score, gte: 90 }'], 'test-pack.yaml: levels[0].when.all[0].every_part.fact: fact "score" is number; this condition needs score_map'],
    ['an expression over a boolean fact', ['{ fact: score, gte: 90 }', '{ expr: { add: [score, ok] }, gt: 1 }'], 'test-pack.yaml: levels[0].when.all[0].expr.add[1]: fact "ok" is boolean; this condition needs number'],
    ['an expression with one operand', ['{ fact: score, gte: 90 }', '{ expr: { sub: [score] }, gt: 1 }'], 'test-pack.yaml: levels[0].when.all[0].expr.sub: needs a list of at least two operands'],
  ])('rejects %s', (_name, [from, to], want) => {
    expect(VALID.includes(from)).toBe(true);
    expect(lines(errorsOf(VALID.replace(from, to)))).toContain(want);
  });

  it('reports malformed YAML with file, line and column', () => {
    const errs = errorsOf('id: x\nlevels: [\n  - a\n');
    expect(errs[0].path).toMatch(/^test-pack\.yaml: line \d+, column \d+$/);
    expect(errs[0].message).toMatch(/^malformed YAML: /);
  });

  it('reports a duplicate YAML key as malformed', () => {
    const errs = errorsOf(VALID.replace('version: 1', 'version: 1\nversion: 2'));
    expect(errs[0].message).toMatch(/malformed YAML: .*unique/i);
  });

  it('gives the line of a semantic error and keeps source and path apart', () => {
    const [e] = errorsOf(VALID.replace('{ fact: score, gte: 90 }', '{ fact: scor, gte: 90 }'));
    expect(e).toMatchObject({ source: FILE, at: 'levels[0].when.all[0].fact', line: 15 });
  });

  it('reports every problem at once, not only the first', () => {
    const text = VALID.replace('{ fact: score, gte: 90 }', '{ fact: scor, gte: 90 }').replace('requires: low', 'requires: nope');
    expect(errorsOf(text)).toHaveLength(2);
  });

  it('rejects a document that is not a pack', () => {
    expect(lines(errorsOf('- 1\n- 2\n'))[0]).toMatch(/^test-pack\.yaml: Invalid input: expected object/);
  });

  it('checks events conditions against the declared types and classes', () => {
    const text = `
id: ev
version: 1
title: { zh: 事件, en: events }
facts:
  events: { type: events, eventTypes: [fatal], eventClasses: [general], label: { zh: 事件, en: events } }
levels:
  - id: ok
    label: { zh: 可, en: ok }
    when:
      all:
        - not: { event_within: { fact: events, type: fatl, within: { years: 1 } } }
        - not: { event_within: { fact: events, type: fatal, class: big, within: { months: 0 } } }
        - count_events: { fact: events, type: fatal, within: { weeks: 2 }, lt: 1 }
fallback: no
`;
    expect(lines(errorsOf(text))).toEqual([
      'ev.yaml: levels[0].when.all[0].not.event_within.type: unknown event type "fatl" (did you mean "fatal"?) (allowed: fatal)',
      'ev.yaml: levels[0].when.all[1].not.event_within.class: unknown event class "big" (allowed: general)',
      'ev.yaml: levels[0].when.all[1].not.event_within.within.months: must be a positive whole number',
      'ev.yaml: levels[0].when.all[2].count_events.within: must have exactly one of years, months, days',
    ].map((l) => l.replace('ev.yaml', FILE)));
  });
});

describe('validatePackObject', () => {
  it('validates a plain object with the same rules', () => {
    const r = validatePackObject({ id: 'x', version: 1, title: { zh: 'x', en: 'x' }, facts: {}, levels: [{ id: 'a', label: { zh: 'a', en: 'a' }, when: { fact: 'n', gt: 1 } }], fallback: 'z' }, 'admin-edit');
    expect(r).toEqual({ ok: false, errors: [{ path: 'admin-edit: levels[0].when.fact', message: 'unknown fact "n"', source: 'admin-edit', at: 'levels[0].when.fact' }] });
  });

  it('rejects outputs that are not plain data', () => {
    const r = validatePackObject(
      { id: 'x', version: 1, title: { zh: 'x', en: 'x' }, facts: {}, levels: [{ id: 'a', label: { zh: 'a', en: 'a' }, incomplete: { zh: '缺', en: 'cut' }, outputs: { pay: () => 1 } }], fallback: 'z' },
      'admin-edit',
    );
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'admin-edit: levels[0].outputs.pay: must be plain data (number, string, boolean, null, list or map), got function',
    ]);
  });

  it('accepts an incomplete level without conditions', () => {
    const r = validatePackObject(
      { id: 'x', version: 1, title: { zh: 'x', en: 'x' }, facts: {}, levels: [{ id: 'a', label: { zh: 'a', en: 'a' }, incomplete: { zh: '缺', en: 'cut' } }], fallback: 'z' },
      'admin-edit',
    );
    expect(r.ok).toBe(true);
  });
});
