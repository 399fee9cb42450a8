import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/modules/workorders/workorders.repository';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './workorders.fixtures';

// The register's free-text search through its index (docs/workorders.md "Search", docs/performance.md "Search"):
// hits and misses, terms of 1, 2 and 3+ characters (trigram indexes match nothing shorter than 3, so 1–2
// characters take their own indexed path), Chinese substrings anywhere in the text — its very end included —
// LIKE's wildcards taken literally, and the caller's scope applied to the matches. The search first probes the
// newest rows, then asks the index; the last test checks that the index path alone answers the same rows.

describe.each(TEST_DIALECTS)('register search on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let production: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    const units = (await a.get('/api/units', 'admin')).json() as { id: string; name: string }[];
    production = units.find((u) => u.name === '生产部')!.id;
    const rows: [string, Record<string, unknown>][] = [
      ['rust', { customerName: '嘉兴紧固件厂', problem: '表面生锈' }], // the term at the very end of the text
      ['rust2', { customerName: '昆山模具厂', problem: '镀层生锈，盐雾后起泡', productCode: 'RZ-7' }],
      ['gear', { customerName: '温州泵阀厂', problem: '齿轮啮合异响，偶发卡滞' }],
      ['cam', { customerName: '佛山农机厂', problem: '凸轮轴崩裂，裂口位于键槽', productCode: 'IO-9' }],
      ['under', { customerName: '通配符客户', problem: '型号 AB_12 松动' }],
      ['under9', { customerName: '通配符客户', problem: '型号 AB912 松动' }],
      ['percent', { customerName: '通配符客户', problem: '抽检 100%不合格' }],
      ['percent0', { customerName: '通配符客户', problem: '抽检 1000 件不合格' }],
      ['backslash', { customerName: '通配符客户', problem: '路径 C:\\temp 报错' }],
      ['quote', { customerName: '引号客户', problem: '标签写着 "OK" 实为次品' }],
    ];
    for (const [key, body] of rows) {
      ids.set(key, (await a.create({ kind: 'suggestion', channel: 'web', ...body })).id);
      t.clock.advance(60_000); // distinct registration times: the register's order is the order of creation
    }
    // Only the camshaft case goes to 生产部: its department head sees it, not the others.
    const cam = ids.get('cam')!;
    await a.step(cam, 'accept', 'clerk');
    await a.step(cam, 'dispatch', 'clerk', { departmentId: production });
  });
  afterAll(async () => t?.close());

  const search = async (q: string, who = 'clerk', extra = '') => {
    const res = await a.get(`/api/workorders?limit=50&q=${encodeURIComponent(q)}${extra}`, who);
    expect(res.statusCode).toBe(200);
    const byId = new Map([...ids].map(([k, v]) => [v, k]));
    return (res.json().items as { id: string }[]).map((i) => byId.get(i.id) ?? i.id).sort();
  };

  it('finds Chinese substrings of 3+ characters, in the middle and at the end of the text', async () => {
    expect(await search('啮合异响')).toEqual(['gear']);
    expect(await search('盐雾后')).toEqual(['rust2']);
    expect(await search('面生锈')).toEqual(['rust']);
    expect(await search('位于键槽')).toEqual(['cam']);
    expect(await search('松动')).toEqual(['under', 'under9']);
  });

  it('finds 2-character terms, also when they end the text', async () => {
    expect(await search('生锈')).toEqual(['rust', 'rust2']);
    expect(await search('键槽')).toEqual(['cam']);
    expect(await search('io')).toEqual(['cam']); // I and O: no tracking number (base32 without them) holds them
    expect(await search('IO')).toEqual(['cam']);
  });

  it('finds 1-character terms, also the last character of the text', async () => {
    expect(await search('锈')).toEqual(['rust', 'rust2']);
    expect(await search('槽')).toEqual(['cam']);
    expect(await search('啮')).toEqual(['gear']);
  });

  it('answers an empty page for a term in no work order, of any length', async () => {
    expect(await search('齿面点蚀')).toEqual([]);
    expect(await search('点蚀')).toEqual([]);
    expect(await search('蚀')).toEqual([]);
    expect(await search('#@!')).toEqual([]);
    expect(await search('@!')).toEqual([]);
  });

  it('takes % _ \\ and double quotes literally', async () => {
    expect(await search('AB_12')).toEqual(['under']);
    expect(await search('_1')).toEqual(['under']);
    expect(await search('_')).toEqual(['under']);
    expect(await search('100%')).toEqual(['percent']);
    expect(await search('%')).toEqual(['percent']);
    expect(await search('0%不')).toEqual(['percent']);
    expect(await search('c:\\temp')).toEqual(['backslash']);
    expect(await search('\\')).toEqual(['backslash']);
    expect(await search('"ok"')).toEqual(['quote']);
    expect(await search('"')).toEqual(['quote']);
    expect(await search('" OR "')).toEqual([]);
  });

  it('applies the caller scope: 生产部 head finds only the work order dispatched to 生产部', async () => {
    expect(await search('崩裂', 'dept')).toEqual(['cam']);
    expect(await search('凸轮轴崩裂', 'dept')).toEqual(['cam']);
    expect(await search('裂口', 'clerk')).toEqual(['cam']);
    expect(await search('生锈', 'dept')).toEqual([]);
    expect(await search('锈', 'dept')).toEqual([]);
    expect(await search('槽', 'dept')).toEqual(['cam']);
    expect(await search('崩裂', 'clerk', '&status=dispatched')).toEqual(['cam']);
    expect(await search('生锈', 'clerk', '&status=dispatched')).toEqual([]);
  });

  it('pages a search with the cursor in the register order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await a.get(`/api/workorders?limit=2&q=${encodeURIComponent('通配符')}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'clerk');
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['backslash', 'percent0', 'percent', 'under9', 'under'].map((k) => ids.get(k)));
  });

  it('answers the same rows, in the same order, from the index alone as with the probe of recent rows', async () => {
    const scope = ['/'];
    expect((await repo.listWorkOrders(t.ctx.db, t.dialect, { scope, limit: 1000 })).length).toBeGreaterThan(10);
    for (const q of ['生锈', '锈', '崩裂', '通配符', '_', '%', 'ab', '齿面点蚀', '不', 'ks-', '合格']) {
      for (const order of ['newest', 'severity'] as const) {
        for (const limit of [1, 3, 50]) {
          const viaProbe = await repo.listWorkOrders(t.ctx.db, t.dialect, { scope, q, order, limit });
          const viaIndex = await repo.listWorkOrders(t.ctx.db, t.dialect, { scope, q, order, limit, searchWindow: 0 });
          const scan = (await repo.listWorkOrders(t.ctx.db, t.dialect, { scope, order, limit: 1000 })).filter((r) => r.search_text.includes(q.toLowerCase())).slice(0, limit);
          expect(viaIndex.map((r) => r.id), `${q} ${order} ${limit}`).toEqual(scan.map((r) => r.id));
          expect(viaProbe.map((r) => r.id), `${q} ${order} ${limit}`).toEqual(scan.map((r) => r.id));
        }
      }
    }
  });
});
