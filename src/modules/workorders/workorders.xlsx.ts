import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../platform/xlsx/exceljs';
import { DEFAULT_UTC_OFFSET_MINUTES, isoOffset } from '../../core/calendar';
import { CATEGORY_LABELS, CHANNEL_LABELS, DEADLINE_LABELS, KIND_LABELS, STATUS_LABELS, labelOf, type Label } from '../../core/workflow/labels';
import type { AppContext } from '../../platform/context';
import { restoreNeutralized, safeRow } from '../../platform/xlsx/cells';
import type { Principal } from '../auth';
import type { z } from 'zod';
import type { WorkOrderCreate, WorkOrderListQuery } from './workorders.schemas';
import { listWorkOrderRows } from './workorders.register';
import { presentListItem } from './workorders.view';

// The register (客户投诉登记表, docs/regulations.md#records-and-audit) as .xlsx, and how its cells read back on import (the import itself:
// workorders.import.ts). Export and import share the column headers and the labels of the UI
// (src/core/workflow/labels.ts: 产品质量, 电话 …), so an exported register can be edited and imported again and
// reads like the screens.

/** The most data rows one import takes (docs/workorders.md "Import"); a bigger sheet is refused whole with 422. */
export const IMPORT_MAX_ROWS = 5_000;

/** Register columns: header, the create-field it imports into (if any), and how a list row exports. */
export const COLUMNS: { header: string; field?: keyof WorkOrderCreate; width: number }[] = [
  { header: '编号', width: 18 },
  { header: '类型', field: 'kind', width: 8 },
  { header: '渠道', field: 'channel', width: 8 },
  { header: '类别', field: 'category', width: 8 },
  { header: '收到时间', field: 'receivedAt', width: 18 },
  { header: '客户名称', field: 'customerName', width: 20 },
  { header: '客户代码', field: 'customerCode', width: 12 },
  { header: '联系人', field: 'contactName', width: 10 },
  { header: '联系电话', field: 'contactPhone', width: 14 },
  { header: '产品编号', field: 'productCode', width: 14 },
  { header: '问题类别', field: 'problemCategory', width: 12 },
  { header: '问题描述', field: 'problem', width: 30 },
  { header: '出货日期', field: 'shipDate', width: 12 },
  { header: '出货数量', field: 'shipQuantity', width: 10 },
  { header: '批量', field: 'lotSize', width: 8 },
  { header: '不良数', field: 'defectCount', width: 8 },
  { header: '不良率', field: 'defectRate', width: 8 },
  { header: '发现地点', field: 'foundAt', width: 12 },
  { header: '严重度', width: 8 },
  { header: '责任部门', width: 12 },
  { header: '状态', width: 10 },
  { header: '下一期限', width: 18 },
  { header: '超期', width: 6 },
];

export const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_LIMIT = 20_000;

const local = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function exportRegister(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Gauge';
  const ws = wb.addWorksheet('客户投诉登记表');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const now = ctx.clock.now().toISOString();
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listWorkOrderRows(ctx, p, { ...q, cursor, limit: 200 });
    for (const wo of page.rows) {
      const it = presentListItem(wo, page.deadlines.filter((d) => d.work_order_id === wo.id), null, now);
      // Customer names, problems and phones are what the public typed: safeRow keeps them text (docs/security.md "V13").
      ws.addRow(safeRow([
        wo.number,
        labelOf(KIND_LABELS, wo.kind),
        labelOf(CHANNEL_LABELS, wo.channel),
        labelOf(CATEGORY_LABELS, wo.category),
        local(wo.received_at),
        wo.customer_name ?? '',
        wo.customer_code ?? '',
        wo.contact_name ?? '',
        wo.contact_phone ?? '',
        wo.product_code ?? '',
        wo.problem_category ?? '',
        wo.problem ?? '',
        wo.ship_date ?? '',
        wo.ship_quantity ?? '',
        wo.lot_size ?? '',
        wo.defect_count ?? '',
        wo.defect_rate ?? '',
        wo.found_at ?? '',
        wo.severity ?? '',
        wo.department_id ? (page.departmentNames.get(wo.department_id) ?? '') : '',
        labelOf(STATUS_LABELS, wo.status),
        it.nextDeadline ? `${labelOf(DEADLINE_LABELS, it.nextDeadline.name)} ${local(it.nextDeadline.due)}` : '',
        it.overdue ? '是' : '',
      ]));
    }
    count += page.rows.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && count < EXPORT_LIMIT);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Label → code for an imported cell: the UI's Chinese label, its English label, the code itself, and the
 * shorter words registers written before the shared table used (质量, 现场, 信函 …).
 */
function inputMap(labels: Record<string, Label>, aliases: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...aliases };
  for (const [code, l] of Object.entries(labels)) {
    out[code] = code;
    out[l.zh] = code;
    out[l.en.toLowerCase()] = code;
  }
  return out;
}
const KIND_IN = inputMap(KIND_LABELS, {});
const CHANNEL_IN = inputMap(CHANNEL_LABELS, { 现场: 'in_person', 口头: 'in_person', 现场口头: 'in_person', 信函: 'letter', 邮件: 'email', 网站: 'web', 门户: 'web', 回访: 'callback', 越级: 'direct' });
const CATEGORY_IN = inputMap(CATEGORY_LABELS, { 质量: 'quality', 品质: 'quality' });
const lookup = (m: Record<string, string>, raw: string) => m[raw.trim()] ?? m[raw.trim().toLowerCase()] ?? raw.trim();
const NUMBER_FIELDS = new Set<keyof WorkOrderCreate>(['shipQuantity', 'lotSize', 'defectCount', 'defectRate']);

export function cellText(v: ExcelJS.CellValue): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return restoreNeutralized(v);
  if (v instanceof Date || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue);
  return String(v);
}

/**
 * An Excel date cell holds a wall-clock time without a zone; exceljs hands it over as that time in UTC. The
 * register's times are Beijing time (as the export writes them), so the wall clock is read at the default
 * calendar's offset (docs/calendar.md).
 */
const excelLocalToIso = (d: Date) => new Date(d.getTime() - DEFAULT_UTC_OFFSET_MINUTES * 60_000).toISOString();

/**
 * `YYYY-MM-DD HH:mm[:ss]` or `YYYY-MM-DD` typed as text → ISO at the default calendar's offset, left for the API's schema to judge —
 * never through `new Date()`, which would roll 2026-02-30 over to 2026-03-02 instead of refusing it.
 */
function localTextToIso(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(:\d{2})?)?$/.exec(text);
  return m ? `${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}${isoOffset()}` : text;
}

/** One sheet row → a create request (unparsed); conversions of Chinese labels and Excel dates happen here. */
export function rowToInput(values: Map<keyof WorkOrderCreate, string | number | Date>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, raw] of values) {
    let v: unknown = raw;
    if (field === 'kind' && typeof raw === 'string') v = lookup(KIND_IN, raw);
    else if (field === 'channel' && typeof raw === 'string') v = lookup(CHANNEL_IN, raw);
    else if (field === 'category' && typeof raw === 'string') v = lookup(CATEGORY_IN, raw);
    else if (field === 'receivedAt') v = raw instanceof Date ? excelLocalToIso(raw) : localTextToIso(String(raw).trim());
    else if (field === 'shipDate') v = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
    else if (NUMBER_FIELDS.has(field)) v = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(/%$/, ''));
    else v = raw instanceof Date ? raw.toISOString() : String(raw).trim();
    out[field] = v;
  }
  return out;
}

const HEADER_OF = new Map(COLUMNS.filter((c) => c.field).map((c) => [c.field as string, c.header]));
/** The sheet column a create-field comes from (客户名称 for customerName); the field itself when not a column. */
export const columnOf = (field: string) => HEADER_OF.get(field) ?? field;

const CHOICES: Partial<Record<keyof WorkOrderCreate, Record<string, Label>>> = { kind: KIND_LABELS, channel: CHANNEL_LABELS, category: CATEGORY_LABELS };
const FORMATS: Partial<Record<keyof WorkOrderCreate, string>> = { shipDate: 'YYYY-MM-DD', receivedAt: 'YYYY-MM-DD HH:mm' };

/**
 * A schema issue as the clerk reads it: Chinese first, naming the sheet column and what it accepts, English after
 * — not Zod's "Invalid option: expected one of …".
 */
export function importIssueMessage(issue: z.core.$ZodIssue): { field: string; column: string; message: string } {
  const field = issue.path.map(String).join('.') || 'row';
  const column = columnOf(field);
  const choices = CHOICES[field as keyof WorkOrderCreate];
  const format = FORMATS[field as keyof WorkOrderCreate];
  let zh: string;
  let en: string;
  // A range refinement (business dates 2000–2099, docs/security.md V5) carries its own "中文 / English" message.
  const ranged = issue.code === 'custom' && issue.message.includes(' / ') ? issue.message.split(' / ') : null;
  if (ranged) {
    [zh, en] = ranged;
  } else if (choices) {
    zh = `须为以下之一：${Object.values(choices).map((l) => l.zh).join('、')}`;
    en = `one of ${Object.values(choices).map((l) => l.en).join(', ')}`;
  } else if (format) {
    zh = `格式应为 ${format}`;
    en = `expected ${format}`;
  } else if (issue.code === 'invalid_type') {
    zh = issue.expected === 'number' ? '须为数字' : '格式不正确';
    en = issue.expected === 'number' ? 'a number is required' : `expected ${issue.expected}`;
  } else if (issue.code === 'too_small') {
    zh = `不能小于 ${String(issue.minimum)}`;
    en = `must be at least ${String(issue.minimum)}`;
  } else if (issue.code === 'too_big') {
    zh = issue.origin === 'string' ? `不能超过 ${String(issue.maximum)} 个字` : `不能大于 ${String(issue.maximum)}`;
    en = `must be at most ${String(issue.maximum)}`;
  } else {
    zh = '取值无效';
    en = issue.message;
  }
  return { field, column, message: `「${column}」${zh}（${field}: ${en}）` };
}
