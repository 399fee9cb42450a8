import type { MultipartFile } from '@fastify/multipart';
import { displayScore, partScore, weightedTotal } from '../../core/grading';
import type { AppContext } from '../../platform/context';
import { AppError, fieldError, forbidden, invalid, notFound, staleVersion, type FieldError } from '../../platform/http/errors';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit';
import { requireSysAdmin, type Principal } from '../auth';
import { calendarToday } from '../calendar';
import * as repo from './grading.repository';
import {
  ScoringTemplate,
  type AttachmentView,
  type EvaluateRequestInput,
  type EvaluateResponse,
  type ScoringTemplateInput,
  type SelfAssessment,
  type SheetUpdateInput,
  type SheetView,
  type TemplateView,
  type TemplateWeightsUpdateInput,
} from './grading.schemas';
import { evaluateFacts, factsFor } from './grading.applications';
import { isMineSide, requireVisibleMine, type MineContext } from './grading.service';
import { checkScores, checkTemplate, partsFor, presentTemplate, resolveTemplate, weightsComplete } from './grading.templates';
import { validateWeights } from '../../core/grading';

// Scoring sheets (自评 as a sheet against a template, docs/grading.md#scoring-templates), the live evaluation preview, evidence
// attachments, and the administrator's template editions and weights.

type Entry = SheetView['entries'][number];

// ——— attachments ———

/** Evidence types the authorities accept; the content is checked by its signature, not only by its name. */
const ALLOWED: { ext: string[]; mime: string; magic: number[] }[] = [
  { ext: ['pdf'], mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  { ext: ['png'], mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { ext: ['jpg', 'jpeg'], mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { ext: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
  { ext: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
];

export async function uploadAttachment(ctx: AppContext, p: Principal, mineId: string, file: MultipartFile | undefined): Promise<AttachmentView> {
  const mine = await requireVisibleMine(ctx.db, p, mineId);
  if (!file) throw invalid([fieldError('file', '请选择文件', 'choose a file')]);
  const ext = file.filename.split('.').pop()?.toLowerCase() ?? '';
  const kind = ALLOWED.find((a) => a.ext.includes(ext));
  if (!kind) throw new AppError(415, 'unsupported_file_type', 'Only PDF, JPG, PNG, XLSX and DOCX files are accepted', '只接受 PDF、JPG、PNG、XLSX、DOCX 文件');
  let content: Buffer;
  try {
    content = await file.toBuffer();
  } catch {
    throw new AppError(413, 'file_too_large', `The file exceeds ${ctx.config.uploadMaxBytes} bytes`, `文件超过 ${ctx.config.uploadMaxBytes} 字节`);
  }
  if (file.file.truncated || content.length > ctx.config.uploadMaxBytes) throw new AppError(413, 'file_too_large', `The file exceeds ${ctx.config.uploadMaxBytes} bytes`, `文件超过 ${ctx.config.uploadMaxBytes} 字节`);
  if (!kind.magic.every((b, i) => content[i] === b)) throw new AppError(415, 'unsupported_file_type', `The content is not a ${ext.toUpperCase()} file`, `文件内容不是 ${ext.toUpperCase()} 格式`);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId(now.getTime());
  const filename = file.filename.slice(-200);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertAttachment(trx, { id, mine_id: mine.unit.id, filename, mime: kind.mime, size: content.length, content, uploaded_at: at, uploaded_by: p.id });
    await recordAudit(trx, { at, actor: p, action: 'grading.attachment.upload', subjectType: 'grading_attachment', subjectId: id, unitId: mine.unit.id, after: { filename, mime: kind.mime, size: content.length } });
  });
  return { id, filename, mime: kind.mime, size: content.length, uploadedAt: at };
}

export async function downloadAttachment(ctx: AppContext, p: Principal, id: string): Promise<{ filename: string; mime: string; content: Buffer }> {
  const row = await repo.findAttachment(ctx.db, id);
  if (!row) throw notFound('Attachment', '附件', 'attachment_not_found');
  await requireVisibleMine(ctx.db, p, row.mine_id);
  return { filename: row.filename, mime: row.mime, content: Buffer.from(row.content) };
}

// ——— sheets ———

async function computeSheet(ctx: AppContext, mine: MineContext, row: repo.SheetRow): Promise<SheetView> {
  const resolved = await resolveTemplate(ctx.db, row.standard, row.template_version);
  if (!resolved) throw notFound('Scoring template', '评分标准', 'template_not_found');
  const t = resolved.template;
  const entries = JSON.parse(row.entries) as Entry[];
  const entered = JSON.parse(row.part_scores) as Record<string, number>;
  const facts = JSON.parse(row.facts) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const parts = partsFor(t, mine.mineType).map((part) => {
    if (part.items.length > 0) {
      const r = partScore(part.items, entries.filter((e) => part.items.some((i) => i.id === e.itemId)));
      return { partId: part.id, name: part.name, earned: r.earned, applicable: r.applicable, notApplicable: r.score === null, score: r.score, display: displayScore(r.score) };
    }
    const s = entered[part.id];
    if (s === undefined) errors.push(fieldError(`partScores.${part.id}`, '缺少该部分得分', 'score missing'));
    return { partId: part.id, name: part.name, earned: s ?? 0, applicable: 100, notApplicable: false, score: s ?? null, display: displayScore(s) };
  });
  const scores = Object.fromEntries(parts.filter((x) => x.score !== null).map((x) => [x.partId, x.score as number]));
  const computed = weightsComplete(t, mine.mineType) ? weightedTotal(partsFor(t, mine.mineType).map((x) => ({ id: x.id, weight: x.weights[mine.mineType] })), Object.fromEntries(parts.map((x) => [x.partId, x.score]))).total : null;
  const weighted = row.weighted_score ?? computed;
  if (weighted === null) errors.push(fieldError('weightedScore', '该评分标准尚未录入权重，请填写加权总分', 'enter the weighted score from the official sheet'));
  if (typeof facts.basicConditionsMet !== 'boolean') errors.push(fieldError('facts.basicConditionsMet', '请确认是否具备基本条件', 'state whether the basic conditions are met'));
  let evaluation: SheetView['evaluation'] = null;
  if (errors.length === 0 && weighted !== null) {
    const sa = { ...facts, partScores: scores } as SelfAssessment;
    evaluation = await evaluateFacts(ctx, t.rulesPack, factsFor(mine, sa, weighted, await repo.listHistory(ctx.db, mine.unit.id)), await calendarToday(ctx));
  }
  const attachmentIds = entries.flatMap((e) => e.attachmentIds);
  const attachments = (await repo.attachmentsMeta(ctx.db, attachmentIds)).map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, uploadedAt: a.uploaded_at }));
  return {
    id: row.id,
    mineId: row.mine_id,
    mineType: mine.mineType,
    standard: row.standard,
    templateVersion: row.template_version,
    entries,
    partScores: scores,
    weightedScore: row.weighted_score,
    facts,
    parts,
    computedWeightedScore: computed,
    computedWeightedScoreDisplay: displayScore(computed),
    evaluation,
    errors,
    attachments,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function createSheet(ctx: AppContext, p: Principal, input: { mineId: string; standard: string }, idempotencyKey?: string): Promise<SheetView> {
  const mine = await requireVisibleMine(ctx.db, p, input.mineId);
  if (!isMineSide(p, mine)) throw forbidden('The mine fills in its own self-assessment', '自评由煤矿填写');
  const resolved = await resolveTemplate(ctx.db, input.standard);
  if (!resolved) throw invalid([fieldError('standard', `未知的评分标准 ${input.standard}`, `unknown scoring standard ${input.standard}`)]);
  const at = ctx.clock.now().toISOString();
  const { body } = await idempotent<{ id: string }>(ctx, `grading.sheets:${p.id}`, idempotencyKey, input, async (trx) => {
    const id = newId();
    await repo.insertSheet(trx, { id, mine_id: mine.unit.id, standard: input.standard, template_version: resolved.template.version, entries: '[]', part_scores: '{}', weighted_score: null, facts: '{}', created_at: at, created_by: p.id, updated_at: at });
    await recordAudit(trx, { at, actor: p, action: 'grading.sheet.create', subjectType: 'grading_sheet', subjectId: id, unitId: mine.unit.id, after: input });
    return { status: 201, body: { id } };
  });
  return getSheet(ctx, p, body.id);
}

export async function getSheet(ctx: AppContext, p: Principal, id: string): Promise<SheetView> {
  const row = await repo.findSheet(ctx.db, id);
  if (!row) throw notFound('Sheet', '自评表', 'sheet_not_found');
  const mine = await requireVisibleMine(ctx.db, p, row.mine_id);
  return computeSheet(ctx, mine, row);
}

export async function updateSheet(ctx: AppContext, p: Principal, id: string, input: SheetUpdateInput): Promise<SheetView> {
  const row = await repo.findSheet(ctx.db, id);
  if (!row) throw notFound('Sheet', '自评表', 'sheet_not_found');
  const mine = await requireVisibleMine(ctx.db, p, row.mine_id);
  if (!isMineSide(p, mine)) throw forbidden('The mine fills in its own self-assessment', '自评由煤矿填写');
  if (row.version !== input.version) throw staleVersion(row.version);
  const resolved = await resolveTemplate(ctx.db, row.standard, row.template_version);
  if (!resolved) throw notFound('Scoring template', '评分标准', 'template_not_found');
  const parts = partsFor(resolved.template, mine.mineType);
  const items = new Map(parts.flatMap((part) => part.items.map((i) => [i.id, i])));
  const errors: FieldError[] = [];
  (input.entries ?? []).forEach((e, i) => {
    const item = items.get(e.itemId);
    if (!item) errors.push(fieldError(`entries.${i}.itemId`, '评分标准中没有该项', 'no such item'));
    else if (e.notApplicable && !item.mayBeNotApplicable) errors.push(fieldError(`entries.${i}.notApplicable`, '该项不允许缺项', 'this item may not be marked not applicable'));
  });
  for (const name of Object.keys(input.partScores ?? {})) {
    const part = parts.find((x) => x.id === name);
    if (!part) errors.push(fieldError(`partScores.${name}`, '评分标准中没有该部分', 'no such part'));
    else if (part.items.length > 0) errors.push(fieldError(`partScores.${name}`, '该部分按条目计分', 'this part is scored from its items'));
  }
  const ids = (input.entries ?? []).flatMap((e) => e.attachmentIds);
  const metas = await repo.attachmentsMeta(ctx.db, ids);
  if (metas.length !== new Set(ids).size || metas.some((m) => m.mine_id !== mine.unit.id)) errors.push(fieldError('entries', '附件不存在或不属于该矿', 'unknown attachment'));
  if (errors.length) throw invalid(errors);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const patch = {
      updated_at: at,
      ...(input.entries && { entries: JSON.stringify(input.entries) }),
      ...(input.partScores && { part_scores: JSON.stringify(input.partScores) }),
      ...(input.weightedScore !== undefined && { weighted_score: input.weightedScore }),
      ...(input.facts && { facts: JSON.stringify({ ...(JSON.parse(row.facts) as object), ...input.facts }) }),
    };
    if (!(await repo.updateSheet(trx, id, input.version, patch))) throw staleVersion(row.version);
    await recordAudit(trx, { at, actor: p, action: 'grading.sheet.update', subjectType: 'grading_sheet', subjectId: id, unitId: mine.unit.id, after: input });
  });
  return getSheet(ctx, p, id);
}

// ——— live evaluation ———

export async function evaluatePreview(ctx: AppContext, p: Principal, input: EvaluateRequestInput): Promise<EvaluateResponse> {
  const mine = input.mineId ? await requireVisibleMine(ctx.db, p, input.mineId) : null;
  const mineType = mine?.mineType ?? input.mineType;
  if (!mineType) throw invalid([fieldError('mineType', '请指定矿井类型或煤矿', 'give the mine or its type')]);
  const resolved = await resolveTemplate(ctx.db, input.standard);
  if (!resolved) throw invalid([fieldError('standard', `未知的评分标准 ${input.standard}`, `unknown scoring standard ${input.standard}`)]);
  const scores = checkScores(resolved.template, mineType, input.selfAssessment.partScores, input.selfAssessment.weightedScore);
  const base = { weightedScore: scores.weightedScore, weightedScoreDisplay: displayScore(scores.weightedScore), weightsSource: scores.source };
  if (scores.errors.length || scores.weightedScore === null) return { ...base, evaluation: null, errors: scores.errors };
  const history = mine ? await repo.listHistory(ctx.db, mine.unit.id) : [];
  const ctxMine: MineContext = mine ?? { unit: { id: '', parent_id: null, path: '', kind: 'mine', name: '', code: null, attrs: '{}', created_at: '', updated_at: '', version: 1 }, mineType, enterprise: null, province: null, national: null };
  const evaluation = await evaluateFacts(ctx, resolved.template.rulesPack, factsFor(ctxMine, input.selfAssessment, scores.weightedScore, history), input.asOf ?? (await calendarToday(ctx)));
  return { ...base, evaluation, errors: [] };
}

// ——— templates (administrator) ———

export async function addTemplateVersion(ctx: AppContext, p: Principal, input: ScoringTemplateInput): Promise<TemplateView> {
  // A scoring standard applies to every province's mines: a subtree administrator may not change it (docs/regulations.md#organisation-and-roles).
  requireSysAdmin(p);
  const parsed = ScoringTemplate.parse(input);
  const latest = await resolveTemplate(ctx.db, parsed.id);
  const version = (latest?.template.version ?? 0) + 1;
  const template = { ...parsed, version };
  const errors = checkTemplate(template);
  if (errors.length) throw invalid(errors, 'The scoring template is not valid', '评分标准无效');
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // Two administrators adding at once both computed this number: the later one is told, not given a 500.
    if (!(await repo.insertTemplate(trx, { id: template.id, version, definition: JSON.stringify(template), created_at: at, created_by: p.id }))) throw staleVersion(version);
    await recordAudit(trx, { at, actor: p, action: 'grading.template.add', subjectType: 'grading_template', subjectId: `${template.id}@${version}`, after: { id: template.id, version, edition: template.edition } });
  });
  return presentTemplate({ template, source: 'database' });
}

export async function setTemplateWeights(ctx: AppContext, p: Principal, id: string, input: TemplateWeightsUpdateInput): Promise<TemplateView> {
  requireSysAdmin(p);
  const latest = await resolveTemplate(ctx.db, id);
  if (!latest) throw notFound('Scoring template', '评分标准', 'template_not_found');
  if (latest.template.version !== input.version) throw staleVersion(latest.template.version);
  const parts = partsFor(latest.template, input.mineType);
  const errors: FieldError[] = [];
  for (const name of Object.keys(input.weights)) if (!parts.some((x) => x.id === name)) errors.push(fieldError(`weights.${name}`, '该矿井类型没有此部分', 'not a part for this mine type'));
  // docs/grading.md#scoring-templates: weights are entered, never invented, and must sum to 1 over the mine type's parts.
  for (const problem of validateWeights(parts.map((x) => ({ id: x.id, weight: input.weights[x.id] })))) errors.push({ field: 'weights', message: problem });
  if (errors.length) throw invalid(errors, 'The weights are not valid', '权重无效');
  const next = { ...latest.template, version: latest.template.version + 1, parts: latest.template.parts.map((x) => (x.id in input.weights ? { ...x, weights: { ...x.weights, [input.mineType]: input.weights[x.id] } } : x)) };
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // The version check above ran before the transaction: a concurrent save of the same version loses here (409).
    if (!(await repo.insertTemplate(trx, { id, version: next.version, definition: JSON.stringify(next), created_at: at, created_by: p.id }))) throw staleVersion(next.version);
    await recordAudit(trx, { at, actor: p, action: 'grading.template.weights', subjectType: 'grading_template', subjectId: `${id}@${next.version}`, after: input });
  });
  return presentTemplate({ template: next, source: 'database' });
}
