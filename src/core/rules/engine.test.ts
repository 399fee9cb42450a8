// The engine on inline packs: part groups (the 2024 coal edition's shape), the condition kinds, missing facts,
// prerequisites, and describeCondition.
import { describe, expect, it } from 'vitest';
import { compilePack, evaluate } from './compile';
import { describeCondition } from './describe';
import { parseRulePack } from './parse';
import type { Condition, RulePack } from './types';

function pack(text: string): RulePack {
  const r = parseRulePack(text, 'inline.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.pack;
}

const AS_OF = '2026-06-01';

// docs/grading.md#scoring-templates: the 2024 edition needs total ≥ 90, 重大灾害防治 and 专业管理 ≥ 90, 安全基础管理 ≥ 85.
const coal2024 = pack(`
id: coal-2024-style
version: 1
title: { zh: 2024版式样, en: 2024-style }
facts:
  weightedScore: { type: number, min: 0, max: 100, required: true, label: { zh: 加权总分, en: weighted score } }
  partScores: { type: score_map, min: 0, max: 100, required: true, label: { zh: 部分得分, en: part score } }
groups:
  安全基础管理: { label: { zh: 安全基础管理, en: basic safety management }, parts: [理念目标, 组织机构, 从业人员素质] }
  重大灾害防治: { label: { zh: 重大灾害防治, en: major disaster prevention }, parts: [通风, 地质灾害防治] }
  专业管理: { label: { zh: 专业管理, en: professional management }, parts: [采煤, 机电] }
levels:
  - id: 一级
    label: { zh: 一级, en: Level 1 }
    when:
      all:
        - { fact: weightedScore, gte: 90 }
        - every_part: { fact: partScores, group: 重大灾害防治, gte: 90 }
        - every_part: { fact: partScores, group: 专业管理, gte: 90 }
        - every_part: { fact: partScores, group: 安全基础管理, gte: 85 }
  - id: 二级
    label: { zh: 二级, en: Level 2 }
    when:
      all:
        - { fact: weightedScore, gte: 80 }
        - every_part: { fact: partScores, gte: 75 }
fallback: 不达标
`);

describe('part groups (2024-style pack)', () => {
  const parts = { 理念目标: 88, 组织机构: 86, 从业人员素质: 85, 通风: 92, 地质灾害防治: 90, 采煤: 95, 机电: 90.5 };
  const run = (p: Record<string, number>, w = 92) => evaluate(coal2024, { weightedScore: w, partScores: p }, AS_OF);

  it.each([
    ['一级 with 安全基础管理 at its 85 floor and the other groups ≥ 90', {}, '一级'],
    ['二级 when a 安全基础管理 part is 84.99', { 从业人员素质: 84.99 }, '二级'],
    ['二级 when a 重大灾害防治 part is 89.99', { 地质灾害防治: 89.99 }, '二级'],
    ['二级 when a 专业管理 part is 89.99', { 机电: 89.99 }, '二级'],
    ['一级 with a 安全基础管理 part at 88 (85 suffices there)', { 理念目标: 88 }, '一级'],
    ['一级 when an ungrouped part is low (groups only look at their parts)', { 持续改进: 80 }, '一级'],
  ])('%s', (_name, over, want) => {
    expect(run({ ...parts, ...over }).level).toBe(want);
  });

  it('names the group and the part in the refusal', () => {
    const r = run({ ...parts, 从业人员素质: 84.99, 通风: 89 });
    expect(r.refused[0].reasons.map((x) => [x.zh, x.en])).toEqual([
      ['重大灾害防治：部分得分 通风 89 ≥ 90 不成立', 'part score in major disaster prevention 通风 89 is not ≥ 90'],
      ['安全基础管理：部分得分 从业人员素质 84.99 ≥ 85 不成立', 'part score in basic safety management 从业人员素质 84.99 is not ≥ 85'],
    ]);
  });

  it('explains each group with its lowest part', () => {
    expect(run(parts).explain.map((x) => x.zh)).toEqual([
      '加权总分 92 ≥ 90',
      '重大灾害防治：各部分得分均 ≥ 90（最低：地质灾害防治 90）',
      '专业管理：各部分得分均 ≥ 90（最低：机电 90.5）',
      '安全基础管理：各部分得分均 ≥ 85（最低：从业人员素质 85）',
    ]);
  });

  it('fails a group none of whose parts is scored (a wholly not-applicable group cannot pass)', () => {
    const r = run({ 通风: 95, 地质灾害防治: 95, 采煤: 95, 机电: 95 });
    expect(r.level).toBe('二级');
    expect(r.refused[0].reasons.map((x) => x.zh)).toEqual(['安全基础管理：部分得分：未填写']);
  });

  it('rejects a part listed in two groups and an unknown group', () => {
    const r = parseRulePack(
      `
id: g
version: 1
title: { zh: g, en: g }
facts:
  s: { type: score_map, label: { zh: 分, en: score } }
groups:
  a: { label: { zh: a, en: a }, parts: [x, y] }
  b: { label: { zh: b, en: b }, parts: [y] }
levels:
  - id: top
    label: { zh: 顶, en: top }
    when: { every_part: { fact: s, group: c, gte: 1 } }
fallback: none
`,
      'g.yaml',
    );
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'g.yaml: groups.b.parts[0]: part "y" is already in group "a"',
      'g.yaml: levels[0].when.every_part.group: unknown group "c" (pack groups: a, b)',
    ]);
  });
});

const kinds = pack(`
id: kinds
version: 3
title: { zh: 条件, en: conditions }
facts:
  a: { type: number, label: { zh: 甲, en: a } }
  b: { type: number, label: { zh: 乙, en: b } }
  flag: { type: boolean, label: { zh: 标志, en: flag } }
  tags: { type: string_list, values: [x, y, z], default: [], label: { zh: 标签, en: tags } }
  events: { type: events, eventTypes: [visit, fault], eventClasses: [minor, major], default: [], label: { zh: 事件, en: events },
            eventTypeLabels: { fault: { zh: 故障, en: fault } } }
levels:
  - id: top
    label: { zh: 顶, en: top }
    when:
      all:
        - { fact: a, gt: { fact: b } }
        - { expr: { div: [{ add: [a, b] }, 2] }, gte: 5 }
        - list_includes: { fact: tags, any: [x, y] }
        - count_events: { fact: events, type: fault, within: { days: 30 }, lte: 1 }
        - count_events: { fact: events, class: major, gte: 1 }
        - label: { zh: 标志且甲为正, en: flag and positive a }
          all: [{ fact: flag, is: true }, { fact: a, gt: 0 }]
  - id: neg
    label: { zh: 否定, en: negated }
    when:
      not:
        any:
          - { fact: a, gte: 10 }
          - { fact: flag, is: true }
          - every_part: { fact: parts, gte: 50 }
    outputs: { note: from-neg }
fallback: bottom
`.replace('  tags:', '  parts: { type: score_map, default: {}, label: { zh: 分项, en: parts } }\n  tags:'));

describe('condition kinds', () => {
  const base = { a: 6, b: 4, flag: true, tags: ['y'], events: [{ type: 'fault', date: '2026-05-20' }, { type: 'visit', class: 'major', date: '2020-01-01' }] };
  const run = (over: Record<string, unknown>) => evaluate(kinds, { ...base, ...over }, AS_OF);

  it('grants top when every kind of condition holds, explaining each', () => {
    const r = run({});
    expect(r.level).toBe('top');
    expect(r.version).toBe(3);
    expect(r.explain.map((x) => x.zh)).toEqual([
      '甲 6 > 乙 4',
      '(甲 + 乙) ÷ 2 = (6 + 4) ÷ 2 = 5 ≥ 5',
      '标签：包括 y',
      '评定日前30天内故障次数 1 ≤ 1',
      'major事件次数 1 ≥ 1',
      '标志且甲为正：成立（标志：是；甲 6 > 0）',
    ]);
  });

  it.each([
    ['a fact compared with another fact', { b: 6 }, 'levels[0].when.all[0]', '甲 6 > 乙 6 不成立'],
    ['an expression', { a: 5, b: 4 }, 'levels[0].when.all[1]', '(甲 + 乙) ÷ 2 = (5 + 4) ÷ 2 = 4.5 ≥ 5 不成立'],
    ['list_includes any', { tags: ['z'] }, 'levels[0].when.all[2]', '标签：x、y 均不包括'],
    ['count_events within 30 days', { events: [...base.events, { type: 'fault', date: '2026-05-03' }] }, 'levels[0].when.all[3]', '评定日前30天内故障次数 2 ≤ 1 不成立'],
    ['a labelled all', { flag: false }, 'levels[0].when.all[5]', '标志且甲为正：不成立（标志：否（要求：是））'],
  ])('refuses top for %s', (_name, over, path, zh) => {
    const r = run(over);
    expect(r.refused[0].reasons).toContainEqual(expect.objectContaining({ ok: false, path, zh }));
  });

  it('ignores a fault 30 days old (the window is (asOf − 30 days, asOf])', () => {
    expect(run({ events: [...base.events, { type: 'fault', date: '2026-05-03' }] }).level).not.toBe('top');
    expect(run({ events: [...base.events, { type: 'fault', date: '2026-05-02' }] }).level).toBe('top');
  });

  it('reports an expression that cannot be computed (division by zero)', () => {
    const k = pack(`
id: div
version: 1
title: { zh: 除, en: div }
facts:
  a: { type: number, label: { zh: 甲, en: a } }
  b: { type: number, label: { zh: 乙, en: b } }
levels:
  - id: top
    label: { zh: 顶, en: top }
    when: { expr: { div: [a, b] }, gt: 1 }
fallback: bottom
`);
    const r = evaluate(k, { a: 1, b: 0 }, AS_OF);
    expect(r.level).toBe('bottom');
    expect(r.refused[0].reasons[0].zh).toBe('甲 ÷ 乙 1 ÷ 0：无法计算（要求 > 1）');
  });

  it('pushes an unlabelled not into its leaves (De Morgan) so reasons read plainly', () => {
    const r = run({ a: 5, flag: false, parts: { 一: 40, 二: 60 } });
    expect(r.level).toBe('neg');
    expect(r.outputs).toEqual({ note: 'from-neg' });
    expect(r.explain.map((x) => [x.path, x.zh])).toEqual([
      ['levels[1].when.not.any[0]', '甲 5 < 10'],
      ['levels[1].when.not.any[1]', '标志：否（不是 是）'],
      ['levels[1].when.not.any[2]', '分项 < 50：一 40'],
    ]);
  });

  it('treats a comparison on a missing fact as false both ways', () => {
    const r = evaluate(kinds, { flag: false, parts: { 一: 40 } }, AS_OF);
    expect(r.level).toBe('bottom');
    expect(r.refused[1].reasons).toEqual([{ ok: false, path: 'levels[1].when.not.any[0]', zh: '甲 未填写（要求 < 10）', en: 'a not given (required: < 10)' }]);
  });

  it('compiles once and accepts a plain pack or a compiled one', () => {
    expect(compilePack(kinds)).toBe(compilePack(kinds));
    expect(evaluate(kinds, base, AS_OF)).toEqual(evaluate(compilePack(kinds), base, AS_OF));
  });

  it('returns frozen outputs', () => {
    expect(Object.isFrozen(run({ a: 5, flag: false, parts: { 一: 40 } }).outputs)).toBe(true);
  });

  it('throws a RangeError for an as-of date that is not a calendar date', () => {
    expect(() => evaluate(kinds, base, '2026-02-30')).toThrow(RangeError);
    expect(() => evaluate(kinds, base, '2026-06-01T00:00:00Z')).toThrow(/asOf must be a calendar date/);
  });
});

describe('labelled not', () => {
  const p = pack(`
id: lnot
version: 1
title: { zh: 否, en: not }
facts:
  x: { type: boolean, label: { zh: 甲成立, en: x holds } }
  n: { type: number, label: { zh: 数, en: n } }
levels:
  - id: ok
    label: { zh: 可, en: ok }
    when:
      label: { zh: 甲且数大于2, en: x with n above 2 }
      not: { all: [{ fact: x, is: true }, { fact: n, gt: 2 }] }
fallback: no
`);
  it.each([
    ['says the situation is absent when it is', { x: false, n: 5 }, 'ok', '不存在：甲且数大于2'],
    ['names the situation and its facts when it applies', { x: true, n: 5 }, 'no', '存在：甲且数大于2（甲成立：是；数 5 > 2）'],
    ['cannot tell when a fact is missing', { x: true }, 'no', '无法判定：甲且数大于2（数 未填写（要求 > 2））'],
  ])('%s', (_name, facts, level, zh) => {
    const r = evaluate(p, facts, AS_OF);
    expect(r.level).toBe(level);
    expect((level === 'ok' ? r.explain : r.refused[0].reasons)[0].zh).toBe(zh);
  });
});

describe('not over a labelled group', () => {
  const p = pack(`
id: nlab
version: 1
title: { zh: 否, en: not }
facts:
  x: { type: boolean, label: { zh: 甲成立, en: x holds } }
  y: { type: boolean, label: { zh: 乙成立, en: y holds } }
levels:
  - id: ok
    label: { zh: 可, en: ok }
    when:
      not: { label: { zh: 甲乙同时成立, en: x and y }, all: [{ fact: x, is: true }, { fact: y, is: true }] }
fallback: no
`);
  it('keeps the label and reports the group as met when the negation fails', () => {
    const r = evaluate(p, { x: true, y: true }, AS_OF);
    expect(r.level).toBe('no');
    expect(r.refused[0].reasons).toEqual([
      { ok: false, path: 'levels[0].when.not', zh: '甲乙同时成立：成立（甲成立：是；乙成立：是）', en: 'x and y: met (x holds: yes; y holds: yes)' },
    ]);
  });

  it('reports the group as not met when the negation holds', () => {
    const r = evaluate(p, { x: true, y: false }, AS_OF);
    expect(r.level).toBe('ok');
    expect(r.explain[0]).toMatchObject({ ok: true, zh: '甲乙同时成立：不成立（乙成立：否（要求：是））' });
  });
});

describe('prerequisites (requires)', () => {
  const p = pack(`
id: chain
version: 1
title: { zh: 链, en: chain }
currentLevelFact: current
facts:
  score: { type: number, label: { zh: 分, en: score } }
  ready: { type: boolean, default: false, label: { zh: 就绪, en: ready } }
  current: { type: enum, values: [none, c, b, a], default: none, label: { zh: 现有等级, en: current level } }
levels:
  - id: a
    label: { zh: 甲级, en: A }
    requires: b
    when: { fact: score, gte: 90 }
  - id: b
    label: { zh: 乙级, en: B }
    requires: c
    when: { fact: score, gte: 80 }
  - id: c
    label: { zh: 丙级, en: C }
    when: { fact: ready, is: true }
fallback: none
`);
  it.each([
    ['grants a when b and c hold bottom-up', { score: 95, ready: true }, 'a'],
    ['grants nothing when the bottom prerequisite fails', { score: 95, ready: false }, 'none'],
    ['grants a when the current level c covers the chain', { score: 95, ready: false, current: 'c' }, 'a'],
    ['grants b when the current level b covers its prerequisite c', { score: 85, ready: false, current: 'b' }, 'b'],
    ['grants nothing when the current level is b but b itself fails now (no automatic keeping)', { score: 75, ready: false, current: 'b' }, 'none'],
    ['grants a when the current level is b and a holds', { score: 90, current: 'b' }, 'a'],
  ])('%s', (_name, facts, level) => {
    expect(evaluate(p, facts, AS_OF).level).toBe(level);
  });
});

describe('describeCondition', () => {
  const coalLike = pack(`
id: d
version: 1
title: { zh: 描述, en: describe }
facts:
  weightedScore: { type: number, label: { zh: 加权总分, en: weighted score } }
  kind: { type: enum, values: [u, o], valueLabels: { u: { zh: 井工, en: underground } }, label: { zh: 类型, en: type } }
  events: { type: events, eventTypes: [fatal], eventClasses: [general], label: { zh: 事件, en: events },
            eventTypeLabels: { fatal: { zh: 死亡事故, en: fatal accident } }, eventClassLabels: { general: { zh: 一般, en: general } } }
levels:
  - id: a
    label: { zh: a, en: a }
    when: { fact: weightedScore, gte: 90 }
fallback: z
`);
  it.each([
    [{ fact: 'weightedScore', gte: 90 }, '加权总分 ≥ 90', 'weighted score ≥ 90'],
    [{ not: { fact: 'weightedScore', gte: 90 } }, '加权总分 < 90', 'weighted score < 90'],
    [{ fact: 'kind', in: ['u', 'o'] }, '类型 属于 井工、o', 'type is one of underground, o'],
    [{ any: [{ fact: 'kind', eq: 'u' }, { fact: 'weightedScore', lt: 60 }] }, '类型 = 井工 或 加权总分 < 60', 'type = underground or weighted score < 60'],
    [
      { not: { event_within: { fact: 'events', type: 'fatal', class: 'general', within: { years: 1 } } } },
      '评定日前1年内无一般死亡事故',
      'no general fatal accident in the 1 year before the as-of date',
    ],
    [{ expr: { sub: ['weightedScore', 10] }, gt: 3 }, '加权总分 − 10 > 3', 'weighted score − 10 > 3'],
  ] as [Condition, string, string][])('describes %j', (cond, zh, en) => {
    expect(describeCondition(cond, coalLike)).toEqual({ zh, en });
  });
});
