import ExcelJS from 'exceljs';
import type { AppContext } from '../../platform/context';
import { AppError, type FieldError } from '../../platform/http/errors';
import type { Principal } from '../auth/principal';
import { WorkOrderCreate, type ImportResult, type WorkOrderListQuery } from './workorders.schemas';
import { createWorkOrder, listWorkOrderRows } from './workorders.service';
import { presentListItem } from './workorders.view';

// The register (客户投诉登记表, DOMAIN §1.4) as .xlsx, and its import with a per-row error report. Export and
// import share the column headers, so an exported register can be edited and imported again.

const KIND_ZH: Record<string, string> = { complaint: '投诉', suggestion: '建议', inquiry: '咨询', praise: '表扬', repair: '报修', emergency_repair: '抢修', survey: '勘察', inspection: '稽查' };
const CHANNEL_ZH: Record<string, string> = { phone: '电话', in_person: '现场', letter: '信函', suggestion_box: '意见箱', email: '邮件', web: '网站', callback: '回访', external: '外部机构', direct: '越级' };
const CATEGORY_ZH: Record<string, string> = { quality: '质量', service: '服务', delivery: '交付', other: '其他' };
const STATUS_ZH: Record<string, string> = { received: '已登记', accepted: '已受理', dispatched: '已派单', in_progress: '处理中', review_8d: '8D审核', approved: '已批准', replied: '已答复', closed: '已结案', invalid: '无效' };

/** Register columns: header, the create-field it imports into (if any), and how a list row exports. */
const COLUMNS: { header: string; field?: keyof WorkOrderCreate; width: number }[] = [
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

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_LIMIT = 20_000;

const local = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function exportRegister(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
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
      ws.addRow([
        wo.number,
        KIND_ZH[wo.kind] ?? wo.kind,
        CHANNEL_ZH[wo.channel] ?? wo.channel,
        wo.category ? (CATEGORY_ZH[wo.category] ?? wo.category) : '',
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
        STATUS_ZH[wo.status] ?? wo.status,
        it.nextDeadline ? `${it.nextDeadline.name} ${local(it.nextDeadline.due)}` : '',
        it.overdue ? '是' : '',
      ]);
    }
    count += page.rows.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && count < EXPORT_LIMIT);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const reverse = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));
const KIND_IN = reverse(KIND_ZH);
const CHANNEL_IN: Record<string, string> = { ...reverse(CHANNEL_ZH), 书面信函: 'letter', 电子邮件: 'email', 现场口头: 'in_person' };
const CATEGORY_IN = reverse(CATEGORY_ZH);
const NUMBER_FIELDS = new Set<keyof WorkOrderCreate>(['shipQuantity', 'lotSize', 'defectCount', 'defectRate']);

function cellText(v: ExcelJS.CellValue): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue);
  return String(v);
}

/** One sheet row → a create request (unparsed); conversions of Chinese labels and Excel dates happen here. */
function rowToInput(values: Map<keyof WorkOrderCreate, string | number | Date>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, raw] of values) {
    let v: unknown = raw;
    if (field === 'kind' && typeof raw === 'string') v = KIND_IN[raw.trim()] ?? raw.trim();
    else if (field === 'channel' && typeof raw === 'string') v = CHANNEL_IN[raw.trim()] ?? raw.trim();
    else if (field === 'category' && typeof raw === 'string') v = CATEGORY_IN[raw.trim()] ?? raw.trim();
    else if (field === 'receivedAt') v = raw instanceof Date ? raw.toISOString() : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(raw).trim()) ? new Date(`${String(raw).trim().replace(' ', 'T')}:00+08:00`).toISOString() : String(raw);
    else if (field === 'shipDate') v = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
    else if (NUMBER_FIELDS.has(field)) v = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(/%$/, ''));
    else v = raw instanceof Date ? raw.toISOString() : String(raw).trim();
    out[field] = v;
  }
  return out;
}

/**
 * Imports a register: each valid row becomes a work order; each invalid row is reported (all-or-nothing per
 * row) with its sheet row number and field. 415 when the upload is not an .xlsx file.
 */
export async function importRegister(ctx: AppContext, p: Principal, file: Buffer, filename: string): Promise<ImportResult> {
  if (!filename.toLowerCase().endsWith('.xlsx') || file.subarray(0, 4).compare(XLSX_MAGIC) !== 0) {
    throw new AppError(415, 'unsupported_media_type', 'Upload an .xlsx workbook', '请上传 .xlsx 格式的文件');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError(415, 'unsupported_media_type', 'The file is not a readable .xlsx workbook', '文件不是可读取的 .xlsx 工作簿');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError(422, 'validation_failed', 'The workbook has no sheet', '工作簿没有工作表', undefined, [{ field: 'file', message: 'no sheet' }]);
  const header = ws.getRow(1);
  const fieldAt = new Map<number, keyof WorkOrderCreate>();
  header.eachCell((cell, col) => {
    const name = String(cellText(cell.value) ?? '').trim();
    const c = COLUMNS.find((x) => x.header === name || x.field === name);
    if (c?.field) fieldAt.set(col, c.field);
  });
  if (![...fieldAt.values()].includes('kind') || ![...fieldAt.values()].includes('channel')) {
    throw new AppError(422, 'validation_failed', 'The sheet needs the columns 类型 and 渠道', '缺少“类型”和“渠道”列', undefined, [{ field: 'header', message: '缺少“类型”或“渠道”列 / columns 类型 and 渠道 are required' }]);
  }
  const result: ImportResult = { imported: 0, ids: [], errors: [] };
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = new Map<keyof WorkOrderCreate, string | number | Date>();
    for (const [col, field] of fieldAt) {
      const v = cellText(row.getCell(col).value);
      if (v !== null && v !== '') values.set(field, v);
    }
    if (values.size === 0) continue;
    const parsed = WorkOrderCreate.safeParse(rowToInput(values));
    if (!parsed.success) {
      for (const i of parsed.error.issues) result.errors.push({ row: r, field: i.path.join('.') || 'row', message: i.message });
      continue;
    }
    try {
      const created = await createWorkOrder(ctx, p, parsed.data, undefined);
      result.imported++;
      result.ids.push(created.body.id);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) {
        const errs: FieldError[] = e.errors?.length ? e.errors : [{ field: 'row', message: e.message }];
        for (const fe of errs) result.errors.push({ row: r, field: fe.field, message: fe.message });
      } else throw e;
    }
  }
  return result;
}

