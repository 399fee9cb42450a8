import { describe, expect, it } from 'vitest';
import { buildTree, changedKeys, fieldPath, formatShanghai, matchesSearch, pickLanguage, toUnitOptions } from './admin-utils';

describe('buildTree', () => {
  const flat = [
    { id: 'c', parentId: null, name: '华锐' },
    { id: 's', parentId: 'c', name: '营销部' },
    { id: 'q', parentId: 'c', name: '品管部' },
    { id: 'x', parentId: 's', name: '售后组' },
  ];

  it('nests children under their parent in the given order and leaves leaves without children', () => {
    const tree = buildTree(flat);
    expect(tree.map((n) => n.id)).toEqual(['c']);
    expect(tree[0].children!.map((n) => n.id)).toEqual(['s', 'q']);
    expect(tree[0].children![0].children!.map((n) => n.id)).toEqual(['x']);
    expect(tree[0].children![1]).not.toHaveProperty('children');
  });

  it('makes a unit whose parent is not visible a root, because a role covers only its subtree', () => {
    expect(buildTree(flat.slice(1)).map((n) => n.id)).toEqual(['s', 'q']);
  });

  it('builds TreeSelect options with ids as values and names as titles', () => {
    expect(toUnitOptions(buildTree(flat.slice(1, 4)))).toEqual([
      { value: 's', title: '营销部', children: [{ value: 'x', title: '售后组' }] },
      { value: 'q', title: '品管部' },
    ]);
  });
});

describe('fieldPath', () => {
  it.each([
    ['username', ['username']],
    ['roles.0.unitId', ['roles', 0, 'unitId']],
    ['roles.12.role', ['roles', 12, 'role']],
  ])('maps %s to a form name path so the error lands on that field', (field, path) => {
    expect(fieldPath(field)).toEqual(path);
  });
});

describe('pickLanguage', () => {
  it.each([
    ['用户名已存在 / username is taken', 'zh', '用户名已存在'],
    ['用户名已存在 / username is taken', 'en', 'username is taken'],
    ['Invalid email', 'zh', 'Invalid email'],
    ['a / b / c', 'en', 'a / b / c'],
  ] as const)('shows %s in %s as %s', (message, lang, shown) => {
    expect(pickLanguage(message, lang)).toBe(shown);
  });
});

describe('formatShanghai', () => {
  it.each([
    ['2026-03-02T02:00:00.000Z', '2026-03-02 10:00:00'],
    ['2026-03-01T16:30:05.000Z', '2026-03-02 00:30:05'],
    ['2026-12-31T23:59:59.000Z', '2027-01-01 07:59:59'],
  ])('shows UTC %s as Beijing time %s (UTC+8, no daylight saving)', (iso, shown) => {
    expect(formatShanghai(iso)).toBe(shown);
  });
});

describe('changedKeys', () => {
  it.each([
    [{ name: '品管部', version: 1 }, { name: '品保部', version: 2 }, ['name', 'version']],
    [null, { name: '售后部' }, ['name']],
    [{ name: 'a', roles: [{ role: 'qe' }] }, { name: 'a', roles: [{ role: 'qe' }] }, []],
    [{ roles: [{ role: 'qe' }] }, { roles: [{ role: 'agent' }] }, ['roles']],
  ])('compares %j with %j and names only the changed keys', (before, after, keys) => {
    expect(changedKeys(before, after)).toEqual(keys);
  });
});

describe('matchesSearch', () => {
  it.each([
    ['', ['agent'], true],
    ['AGE', ['agent', null], true],
    ['王芳', ['agent', '坐席 王芳'], true],
    ['zz', ['agent', '坐席 王芳', undefined], false],
  ] as const)('search %j over %j is %s', (text, fields, hit) => {
    expect(matchesSearch(text, fields)).toBe(hit);
  });
});
