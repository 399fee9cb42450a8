import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, createTestApp, type TestApp } from '../helpers/test-app';
import { xlsx, xmlRow } from '../helpers/xlsx-zip';
import { api, type Api } from './workorders.fixtures';

// Importing the register (docs/workorders.md "Import", docs/security.md V5 and V12): hostile workbooks are refused
// before they cost anything and never hold other requests up; a file is imported whole or not at all; the same
// file twice is a 409 with the first result; dates are as strict as the API's.

const MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(filename: string, content: Buffer) {
  const boundary = '----gaugeimportboundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${MIME}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A sheet of `n` suggestion rows, built as XML chunks (fast: no exceljs). `brokenTail` ends the sheet with XML no
 * parser accepts: a reader that stops at the row cap never gets there; one that parses everything fails on it.
 */
const manyRows = (n: number, brokenTail = false) =>
  function* () {
    yield Buffer.from(xmlRow(1, ['类型', '渠道', '问题描述']));
    for (let start = 2; start < n + 2; start += 2000) {
      const part: string[] = [];
      for (let r = start; r < Math.min(start + 2000, n + 2); r++) part.push(xmlRow(r, ['建议', '意见箱', `批量 ${r}`]));
      yield Buffer.from(part.join(''));
    }
    if (brokenTail) yield Buffer.from('<row r="0"><c r="A0"></row></c></sheetData>');
  };

/** A sheet of `mb` MB: one row repeated — compresses about 1000 : 1, like the 312 KB file that unpacked to 300 MB. */
const bombRows = (mb: number) =>
  function* () {
    yield Buffer.from(xmlRow(1, ['类型', '渠道', '问题描述']));
    const row = xmlRow(2, ['建议', '意见箱', 'x'.repeat(200)]);
    const chunk = Buffer.from(row.repeat(Math.floor((1024 * 1024) / row.length)));
    for (let i = 0; i < mb; i++) yield chunk;
  };

async function workbook(rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户投诉登记表');
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(TEST_DIALECTS)('register import on %s', (dialect) => {
  let t: TestApp;
  let a: Api;
  let clerk: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-03-02T02:00:00.000Z' });
    a = api(t);
    clerk = await t.login('clerk');
  });
  afterAll(async () => t?.close());

  const upload = (filename: string, content: Buffer) => {
    const m = multipart(filename, content);
    return t.app.inject({ method: 'POST', url: '/api/workorders/import', payload: m.payload, headers: { ...m.headers, cookie: clerk } });
  };
  const search = async (q: string) => (await a.get(`/api/workorders?limit=200&q=${encodeURIComponent(q)}`, 'clerk')).json().items as { id: string; number: string; customerName: string; problem: string }[];

  /**
   * Runs the import and, while it is in flight, keeps asking /api/health. The server must answer health between
   * the import's steps — the old import parsed a whole workbook at once and held every request for seconds.
   */
  async function importWhileProbing(filename: string, content: Buffer) {
    let done = false;
    const started = performance.now();
    const imp = upload(filename, content).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    let answeredDuringImport = 0;
    while (!done) {
      const t0 = performance.now();
      const h = await t.app.inject({ method: 'GET', url: '/api/health' });
      latencies.push(performance.now() - t0);
      expect(h.statusCode).toBe(200);
      if (!done) answeredDuringImport++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const res = await imp;
    return { res, answeredDuringImport, worstHealthMs: Math.max(...latencies), importMs: performance.now() - started };
  }

  it('refuses a workbook that unpacks beyond the limit from its zip directory (413 naming "file") and answers health meanwhile', async () => {
    const bomb = await xlsx(bombRows(64));
    expect(bomb.length).toBeLessThan(1024 * 1024); // a small upload …
    const { res, worstHealthMs } = await importWhileProbing('bomb.xlsx', bomb);
    expect(res.statusCode).toBe(413);
    const body = res.json();
    expect(body).toMatchObject({ code: 'file_too_large', details: { field: 'file', maxUncompressedBytes: 50 * 1024 * 1024 } });
    expect(body.errors).toEqual([{ field: 'file', message: expect.stringContaining('解压后超过 50.0 MB') }]);
    // Refused from the directory alone, often before the first health probe returns; none waited long.
    expect(worstHealthMs).toBeLessThan(2000);
    expect(await search('x'.repeat(50))).toHaveLength(0);
  });

  it('reads a sheet of 100,000 rows as a stream, stops at the 5,000-row cap (422) and answers health meanwhile', async () => {
    const big = await xlsx(manyRows(100_000, true));
    const { res, answeredDuringImport, worstHealthMs } = await importWhileProbing('many.xlsx', big);
    // 422 for the cap, not 415 for the broken end of the sheet: reading stopped at row 5,001.
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_too_large', details: { maxRows: 5000 }, errors: [{ field: 'file' }] });
    expect(answeredDuringImport).toBeGreaterThan(0);
    expect(worstHealthMs).toBeLessThan(2000);
    expect(await search('批量 ')).toHaveLength(0);
  });

  it('imports a thousand rows in one transaction', async () => {
    const res = await upload('thousand.xlsx', await xlsx(manyRows(1000)));
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(1000);
    expect(new Set(res.json().numbers).size).toBe(1000);
  }, 60_000);

  it('refuses a file with bad rows whole: 422 lists every failing row and column, nothing is created', async () => {
    const rows = [
      ['类型', '渠道', '类别', '收到时间', '客户名称', '问题描述', '出货日期', '出货数量'],
      ['投诉', '电话', '服务', '2026-03-01 09:30', '全有全无甲', '安装延误', '', ''],
      ['建议', '意见箱', '', '', '全有全无乙', '希望提供电子质保书', '', ''],
      // 1900: before any calendar (SQLite used to fail here with a 500 after row 2 was in).
      ['投诉', '电话', '服务', '1900-01-01 00:00', '全有全无丙', '态度', '', ''],
      // Beyond a PostgreSQL integer (PostgreSQL used to fail here with a 500).
      ['投诉', '电话', '服务', '', '全有全无丁', '态度', '2026-02-20', 3000000000],
      // 2026-02-30 is no date: refused, not rolled over to 2026-03-02.
      ['投诉', '电话', '服务', '2026-02-30 10:00', '全有全无戊', '态度', '2026-02-30', 10],
      // In the future (the clock is 2026-03-02 10:00 Beijing).
      ['投诉', '电话', '服务', '2026-03-05 10:00', '全有全无己', '态度', '', ''],
    ];
    const res = await upload('mixed.xlsx', await workbook(rows));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.messageZh).toContain('未导入任何数据');
    const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['rows.4.收到时间', 'rows.5.出货数量', 'rows.6.出货日期', 'rows.6.收到时间', 'rows.7.收到时间'].sort());
    const byRow = body.details.rows as { row: number; field: string; column: string; message: string }[];
    expect(byRow.find((e) => e.row === 5)).toMatchObject({ field: 'shipQuantity', column: '出货数量', message: expect.stringContaining('不能大于 2147483647') });
    expect(byRow.find((e) => e.row === 4)).toMatchObject({ field: 'receivedAt', message: expect.stringContaining('2000') });
    expect(byRow.find((e) => e.row === 6 && e.field === 'shipDate')).toMatchObject({ column: '出货日期', message: expect.stringContaining('YYYY-MM-DD') });
    // Nothing from the good rows either: a corrected file can be imported without duplicating them.
    expect(await search('全有全无')).toHaveLength(0);

    const fixed = await upload('mixed-fixed.xlsx', await workbook([rows[0], rows[1], rows[2], ['投诉', '电话', '服务', '2026-02-27 16:00', '全有全无丙', '态度', '', ''], ['投诉', '电话', '服务', '', '全有全无丁', '态度', '2026-02-20', 2147483647]]));
    expect(fixed.statusCode).toBe(200);
    const result = fixed.json();
    expect(result).toMatchObject({ imported: 4, errors: [] });
    expect(result.numbers).toHaveLength(4);
    expect(result.numbers[0]).toMatch(/^KS-20260302-\d{4}$/);
    expect((await search('全有全无')).map((w) => w.customerName).sort()).toEqual(['全有全无丁', '全有全无丙', '全有全无乙', '全有全无甲']);
    const first = await a.view(result.ids[0]);
    expect(first.receivedAt).toBe('2026-03-01T01:30:00.000Z');
    expect((await a.view(result.ids[3])).shipQuantity).toBe(2147483647);
  });

  it('refuses the same file a second time with 409 and the first import’s ids and numbers', async () => {
    const file = await workbook([
      ['类型', '渠道', '客户名称', '问题描述'],
      ['建议', '意见箱', '重复导入甲', '建议一'],
      ['建议', '意见箱', '重复导入乙', '建议二'],
    ]);
    const first = await upload('twice.xlsx', file);
    expect(first.statusCode).toBe(200);
    const again = await upload('twice-renamed.xlsx', file);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'import_duplicate', details: { filename: 'twice.xlsx', imported: 2, ids: first.json().ids, numbers: first.json().numbers }, errors: [{ field: 'file' }] });
    expect(await search('重复导入')).toHaveLength(2);
    // Another clerk in the same company gets the same answer.
    const other = await t.login('supervisor');
    const m = multipart('twice.xlsx', file);
    const bySupervisor = await t.app.inject({ method: 'POST', url: '/api/workorders/import', payload: m.payload, headers: { ...m.headers, cookie: other } });
    expect(bySupervisor.statusCode).toBe(409);
  });

  it('reads Excel date cells as Beijing wall-clock times and text dates as strictly as the API', async () => {
    const file = await workbook(
      [
        ['类型', '渠道', '类别', '收到时间', '客户名称', '问题描述', '出货日期'],
        ['投诉', '电话', '服务', new Date(Date.UTC(2026, 1, 27, 14, 15)), '日期单元格', '态度', new Date(Date.UTC(2026, 1, 20))],
        ['投诉', '电话', '服务', '2026-02-26', '日期文本', '态度', '2026-02-19'],
      ],
      (ws) => {
        ws.getColumn(4).numFmt = 'yyyy-mm-dd hh:mm';
        ws.getColumn(7).numFmt = 'yyyy-mm-dd';
      },
    );
    const res = await upload('dates.xlsx', file);
    expect(res.statusCode).toBe(200);
    const [cellRow, textRow] = res.json().ids as string[];
    expect(await a.view(cellRow)).toMatchObject({ receivedAt: '2026-02-27T06:15:00.000Z', shipDate: '2026-02-20' });
    expect(await a.view(textRow)).toMatchObject({ receivedAt: '2026-02-25T16:00:00.000Z', shipDate: '2026-02-19' });
  });
});
