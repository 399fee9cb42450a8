import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../platform/xlsx/exceljs';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { DEFAULT_ZIP_LIMITS, checkXlsxZip } from '../../platform/xlsx/zip-guard';
import { recordAudit } from '../audit';
import type { Principal } from '../auth';
import { WorkOrderCreate, type ImportResult, type ImportRowError } from './workorders.schemas';
import { insertPrepared, owningUnitFor, prepareIntake, type Prepared } from './workorders.intake';
import { recordRollupChange } from './workorders.rollups';
import type { RollupCell } from '../../core/workflow/rollups';
import { COLUMNS, IMPORT_MAX_ROWS, XLSX_MAGIC, cellText, columnOf, importIssueMessage, rowToInput } from './workorders.xlsx';

// Importing a register (客户投诉登记表) from .xlsx — all or nothing (docs/workorders.md "Import"):
//  1. the zip is checked before anything is parsed (platform/xlsx/zip-guard.ts: unpacked size, parts, ratio);
//  2. the same file (SHA-256) already imported into this company is refused with 409 and the first result;
//  3. the first sheet is read as a stream, stopping at IMPORT_MAX_ROWS — never a whole workbook in memory;
//  4. every row is validated (the API's schema, then the intake's own checks) before anything is written;
//     any failure answers 422 listing every row and column, and nothing is created;
//  5. all rows are inserted in one transaction, with the file's hash and result.
// Parsing and validation give the event loop a turn every few rows so other requests are answered meanwhile.

type Values = Map<keyof WorkOrderCreate, string | number | Date>;
interface SheetRow {
  row: number;
  values: Values;
}

/** Rows between two turns given to the event loop while validating or inserting. */
const YIELD_EVERY = 25;
/** Empty rows read (formatting only) beyond which a sheet is not a register but an attempt to keep us busy. */
const MAX_EMPTY_ROWS = IMPORT_MAX_ROWS * 10;

const notReadable = () => new AppError(415, 'unsupported_media_type', 'The file is not a readable .xlsx workbook', '文件不是可读取的 .xlsx 工作簿');

function tooManyRows(): AppError {
  const zh = `一次最多导入 ${IMPORT_MAX_ROWS} 行，本文件超过 ${IMPORT_MAX_ROWS} 行，请拆分后再导入`;
  const en = `At most ${IMPORT_MAX_ROWS} rows per import; this file has more. Split it and import the parts.`;
  return new AppError(422, 'import_too_large', en, zh, { maxRows: IMPORT_MAX_ROWS }, [{ field: 'file', message: `${zh}（${en}）` }]);
}

/** The upload in 64 KB pieces, so unzipping and parsing interleave with other requests. */
function* pieces(file: Buffer): Generator<Buffer> {
  for (let i = 0; i < file.length; i += 65_536) yield file.subarray(i, i + 65_536);
}

/**
 * The first sheet's data rows (non-empty), read as a stream. Throws 422 for a missing 类型/渠道 header or more
 * than IMPORT_MAX_ROWS rows — as soon as row IMPORT_MAX_ROWS + 1 is seen, without reading the rest.
 */
async function readSheet(file: Buffer): Promise<SheetRow[]> {
  const input = Readable.from(pieces(file));
  // styles: 'cache' so a date-formatted number arrives as a Date; hyperlinks are not needed.
  const reader = new (await loadExcelJS()).stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      const rows: SheetRow[] = [];
      let fieldAt: Map<number, keyof WorkOrderCreate> | null = null;
      let empty = 0;
      for await (const row of sheet) {
        if (!fieldAt) {
          // The header is row 1; a sheet whose first row is missing has none.
          fieldAt = row.number === 1 ? headerOf(row) : new Map();
          requireHeader(fieldAt);
          continue;
        }
        const values: Values = new Map();
        for (const [col, field] of fieldAt) {
          const v = cellText(row.getCell(col).value);
          if (v !== null && v !== '') values.set(field, v);
        }
        if (values.size === 0) {
          if (++empty > MAX_EMPTY_ROWS) throw tooManyRows();
          continue;
        }
        if (rows.length >= IMPORT_MAX_ROWS) throw tooManyRows();
        rows.push({ row: row.number, values });
      }
      requireHeader(fieldAt ?? new Map());
      return rows;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw notReadable();
  } finally {
    input.destroy();
  }
  throw new AppError(422, 'validation_failed', 'The workbook has no sheet', '工作簿没有工作表', undefined, [{ field: 'file', message: '工作簿没有工作表 / no sheet' }]);
}

function headerOf(row: ExcelJS.Row): Map<number, keyof WorkOrderCreate> {
  const fieldAt = new Map<number, keyof WorkOrderCreate>();
  row.eachCell((cell, col) => {
    const name = String(cellText(cell.value) ?? '').trim();
    const c = COLUMNS.find((x) => x.header === name || x.field === name);
    if (c?.field) fieldAt.set(col, c.field);
  });
  return fieldAt;
}

function requireHeader(fieldAt: Map<number, keyof WorkOrderCreate>) {
  const fields = [...fieldAt.values()];
  if (!fields.includes('kind') || !fields.includes('channel')) {
    throw new AppError(422, 'validation_failed', 'The sheet needs the columns 类型 and 渠道', '缺少“类型”和“渠道”列', undefined, [{ field: 'header', message: '缺少“类型”或“渠道”列 / columns 类型 and 渠道 are required' }]);
  }
}

/** Beijing month of a receipt, for counting same-problem repeats within the batch as the severity pack does. */
const monthOf = (iso: string | undefined, now: Date) => new Date((iso ? new Date(iso) : now).getTime() + 8 * 3600_000).toISOString().slice(0, 7);

interface EarlierImport {
  filename: string;
  created_at: string;
  created_by_name: string | null;
  rows: number;
  result: string;
}

async function findImport(db: DbOrTrx, unitId: string, sha256: string): Promise<EarlierImport | undefined> {
  return db.selectFrom('work_order_imports').select(['filename', 'created_at', 'created_by_name', 'rows', 'result']).where('unit_id', '=', unitId).where('sha256', '=', sha256).executeTakeFirst();
}

function duplicate(e: EarlierImport): AppError {
  const earlier = JSON.parse(e.result) as { ids: string[]; numbers: string[] };
  return new AppError(
    409,
    'import_duplicate',
    `This file was already imported on ${e.created_at} (${e.rows} work orders); importing it again would register them twice`,
    `该文件已于 ${e.created_at} 导入（${e.rows} 条工单），不能重复导入`,
    { importedAt: e.created_at, importedBy: e.created_by_name, filename: e.filename, imported: e.rows, ids: earlier.ids, numbers: earlier.numbers },
    [{ field: 'file', message: `该文件已导入过，工单号 ${earlier.numbers.slice(0, 5).join('、')}${earlier.numbers.length > 5 ? ' …' : ''}（already imported）` }],
  );
}

/**
 * Imports a register. 415 when the upload is not an .xlsx workbook; 413/422 when its zip is beyond the limits;
 * 409 when this company imported the same file before; 422 listing every bad row (nothing imported); else every
 * row is created in one transaction.
 */
export async function importRegister(ctx: AppContext, p: Principal, file: Buffer, filename: string): Promise<ImportResult> {
  if (!filename.toLowerCase().endsWith('.xlsx') || file.subarray(0, 4).compare(XLSX_MAGIC) !== 0) {
    throw new AppError(415, 'unsupported_media_type', 'Upload an .xlsx workbook', '请上传 .xlsx 格式的文件');
  }
  await checkXlsxZip(file, { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: ctx.config.importMaxUncompressedBytes });
  const sha256 = createHash('sha256').update(file).digest('hex');
  const unit = await owningUnitFor(ctx, p.unitPath);
  const earlier = await findImport(ctx.db, unit.id, sha256);
  if (earlier) throw duplicate(earlier);

  const rows = await readSheet(file);
  const errors: ImportRowError[] = [];
  const prepared: Prepared[] = [];
  const repeats = new Map<string, number>();
  const now = ctx.clock.now();
  for (const [i, r] of rows.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    const parsed = WorkOrderCreate.safeParse(rowToInput(r.values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: r.row, ...importIssueMessage(issue) });
      continue;
    }
    const input = parsed.data;
    const key = input.productCode && input.problemCategory ? `${input.productCode}\u0000${input.problemCategory}\u0000${monthOf(input.receivedAt, now)}` : null;
    try {
      prepared.push(await prepareIntake(ctx, p, input, { earlierInBatch: key ? (repeats.get(key) ?? 0) : 0 }));
      if (key) repeats.set(key, (repeats.get(key) ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      // The intake's messages are already Chinese first; name the sheet column they concern.
      for (const fe of e.errors?.length ? e.errors : [{ field: 'row', message: e.message }]) {
        errors.push({ row: r.row, field: fe.field, column: columnOf(fe.field), message: `「${columnOf(fe.field)}」${fe.message}` });
      }
    }
  }
  if (errors.length) {
    const bad = new Set(errors.map((e) => e.row)).size;
    throw new AppError(
      422,
      'validation_failed',
      `${bad} of ${rows.length} rows are invalid; nothing was imported. Correct them and import the file again.`,
      `${rows.length} 行中有 ${bad} 行有误，未导入任何数据；请更正后重新导入`,
      { rows: errors },
      errors.map((e) => ({ field: `rows.${e.row}.${e.column}`, message: e.message })),
    );
  }
  if (!prepared.length) throw new AppError(422, 'validation_failed', 'The sheet has no rows to import', '工作表中没有可导入的行', undefined, [{ field: 'file', message: '没有可导入的行 / no rows' }]);

  const at = now.toISOString();
  const importId = newId(now.getTime());
  try {
    const created = await ctx.db.transaction().execute(async (trx) => {
      const out: { id: string; number: string }[] = [];
      const counted: RollupCell[] = [];
      for (const [i, pr] of prepared.entries()) {
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
        const { row } = await insertPrepared(ctx, trx, pr, counted);
        out.push({ id: row.id, number: row.number });
      }
      // The report counters of every row at once (docs/performance.md "Reports from rollups").
      await recordRollupChange(trx, [], counted);
      const result = { ids: out.map((o) => o.id), numbers: out.map((o) => o.number) };
      // The unique (unit, hash) makes a concurrent import of the same file fail here and roll back whole.
      await trx
        .insertInto('work_order_imports')
        .values({ id: importId, unit_id: unit.id, sha256, filename, rows: out.length, result: JSON.stringify(result), created_at: at, created_by: p.id, created_by_name: p.displayName })
        .execute();
      await recordAudit(trx, { at, actor: p, action: 'workorder.import', subjectType: 'work_order_import', subjectId: importId, unitId: unit.id, after: { filename, sha256, imported: out.length } });
      return result;
    });
    return { imported: created.ids.length, ids: created.ids, numbers: created.numbers, errors: [] };
  } catch (e) {
    const raced = await findImport(ctx.db, unit.id, sha256);
    if (raced) throw duplicate(raced);
    throw e;
  }
}
