import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import { updateVersioned } from '../../platform/db/versioned';
import type {
  GradingAnnouncementsTable,
  GradingApplicationsTable,
  GradingAttachmentsTable,
  GradingExtensionsTable,
  GradingGradesTable,
  GradingHistoryTable,
  GradingNoticesTable,
  GradingObjectionsTable,
  GradingProposalsTable,
  GradingSelfInspectionsTable,
  GradingSheetsTable,
} from './grading.tables';
import * as org from '../org';

// Kysely queries of the grading module; no decisions are made here (docs/architecture.md#conventions-every-module-follows).

type Versioned<T extends { version: unknown }> = Omit<T, 'version'> & { version: number };
export type UnitRow = org.UnitRow;
export type GradeRow = Versioned<GradingGradesTable>;
export type ApplicationRow = Versioned<GradingApplicationsTable>;
export type ProposalRow = Versioned<GradingProposalsTable>;
export type ExtensionRow = Versioned<GradingExtensionsTable>;
export type SheetRow = Versioned<GradingSheetsTable>;
export type HistoryRow = GradingHistoryTable;
export type NoticeRow = GradingNoticesTable;
export type ObjectionRow = GradingObjectionsTable;
export type AnnouncementRow = GradingAnnouncementsTable;
export type SelfInspectionRow = GradingSelfInspectionsTable;
export type AttachmentMeta = Omit<GradingAttachmentsTable, 'content'>;

// ——— units ———

// Units and role holders are org's: these read them through org's surface (modules/org/index.ts).
export const findUnit = org.findUnit;
export const unitsByIds = org.unitsByIds;
export const firstUnitOfKind = org.firstUnitOfKind;

/** Mines (units of kind 'mine') inside any of the subtrees; null = everywhere. */
export async function listMineUnits(db: DbOrTrx, paths: string[] | null): Promise<UnitRow[]> {
  return org.listUnitsOfKind(db, 'mine', paths);
}

/** Users holding one of `roles` exactly on one of `unitIds` (for notifications to a body or a mine's side). */
export async function userIdsWithRolesOn(db: DbOrTrx, unitIds: string[], roles: string[]): Promise<string[]> {
  return [...new Set((await org.roleHolders(db, unitIds, roles)).map((r) => r.user_id))];
}

// ——— grades ———

export async function findGrade(db: DbOrTrx, mineId: string): Promise<GradeRow | undefined> {
  return db.selectFrom('grading_grades').selectAll().where('mine_id', '=', mineId).executeTakeFirst();
}

export async function gradesOf(db: DbOrTrx, mineIds: string[]): Promise<GradeRow[]> {
  if (mineIds.length === 0) return [];
  return db.selectFrom('grading_grades').selectAll().where('mine_id', 'in', mineIds).execute();
}

export async function insertGrade(db: DbOrTrx, row: Omit<GradeRow, 'version'>): Promise<void> {
  await db.insertInto('grading_grades').values(row).execute();
}

export async function updateGrade(db: DbOrTrx, mineId: string, version: number, patch: Updateable<GradingGradesTable>): Promise<boolean> {
  return updateVersioned(db, 'grading_grades', { mine_id: mineId }, version, patch);
}

export async function deleteGrade(db: DbOrTrx, mineId: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('grading_grades').where('mine_id', '=', mineId).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Grades whose validity ends on or before `maxValidUntil` and not yet reminded for that expiry. On PostgreSQL the
 * rows are locked FOR UPDATE SKIP LOCKED, so two instances running the reminder job never claim the same grade.
 */
export async function claimableReminders(db: DbOrTrx, maxValidUntil: string, postgres: boolean): Promise<GradeRow[]> {
  let q = db
    .selectFrom('grading_grades')
    .selectAll()
    .where('valid_until', '<=', maxValidUntil)
    .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '<>', eb.ref('valid_until'))]))
    .orderBy('valid_until')
    .limit(100);
  if (postgres) q = q.forUpdate().skipLocked();
  return q.execute();
}

/** Marks a grade reminded for its current expiry; false when another instance got there first. */
export async function markReminded(db: DbOrTrx, mineId: string, validUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('grading_grades')
    .set({ reminded_for: validUntil })
    .where('mine_id', '=', mineId)
    .where('valid_until', '=', validUntil)
    .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '<>', validUntil)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function expiredGrades(db: DbOrTrx, today: string, postgres: boolean): Promise<GradeRow[]> {
  let q = db.selectFrom('grading_grades').selectAll().where('valid_until', '<=', today).limit(100);
  if (postgres) q = q.forUpdate().skipLocked();
  return q.execute();
}

// ——— history ———

export async function insertHistory(db: DbOrTrx, row: HistoryRow): Promise<void> {
  await db.insertInto('grading_history').values(row).execute();
}

export async function listHistory(db: DbOrTrx, mineId: string): Promise<HistoryRow[]> {
  return db.selectFrom('grading_history').selectAll().where('mine_id', '=', mineId).orderBy('date').orderBy('created_at').execute();
}

export async function historyOfMines(db: DbOrTrx, mineIds: string[]): Promise<HistoryRow[]> {
  if (mineIds.length === 0) return [];
  return db.selectFrom('grading_history').selectAll().where('mine_id', 'in', mineIds).orderBy('date').orderBy('created_at').execute();
}

export async function historyInSubtree(db: DbOrTrx, path: string, from: string, to: string, kinds: string[]): Promise<(HistoryRow & { mine_name: string; mine_attrs: string; mine_path: string })[]> {
  return db
    .selectFrom('grading_history')
    .innerJoin('units', 'units.id', 'grading_history.mine_id')
    .selectAll('grading_history')
    .select(['units.name as mine_name', 'units.attrs as mine_attrs', 'units.path as mine_path'])
    .where('units.path', 'like', `${path}%`)
    .where('grading_history.date', '>=', from)
    .where('grading_history.date', '<=', to)
    .where('grading_history.kind', 'in', kinds)
    .orderBy('grading_history.date')
    .execute();
}

// ——— applications ———

/** Inserts an application; false when the mine already has one in progress (the partial unique index). */
export async function insertApplication(db: DbOrTrx, row: Omit<ApplicationRow, 'version'>): Promise<boolean> {
  const r = await db
    .insertInto('grading_applications')
    .values(row)
    // The conflict target repeats the index predicate as literal SQL: SQLite matches a partial index only textually.
    .onConflict((oc) => oc.column('mine_id').where(sql<boolean>`status IN ('submitted', 'initial_review', 'assessment', 'public_notice')`).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findApplication(db: DbOrTrx, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('grading_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateApplication(db: DbOrTrx, id: string, version: number, patch: Updateable<GradingApplicationsTable>): Promise<boolean> {
  return updateVersioned(db, 'grading_applications', { id }, version, patch);
}

export async function listApplications(db: DbOrTrx, f: { mineIds?: string[]; status?: string }): Promise<ApplicationRow[]> {
  let q = db.selectFrom('grading_applications').selectAll();
  if (f.mineIds) {
    if (f.mineIds.length === 0) return [];
    q = q.where('mine_id', 'in', f.mineIds);
  }
  if (f.status) q = q.where('status', '=', f.status);
  return q.orderBy('created_at', 'desc').limit(500).execute();
}

export async function openApplicationOf(db: DbOrTrx, mineId: string, finals: readonly string[]): Promise<ApplicationRow | undefined> {
  return db.selectFrom('grading_applications').selectAll().where('mine_id', '=', mineId).where('status', 'not in', [...finals]).executeTakeFirst();
}

// ——— notices and objections ———

export async function insertNotice(db: DbOrTrx, row: NoticeRow): Promise<void> {
  await db.insertInto('grading_notices').values(row).execute();
}

export async function findNotice(db: DbOrTrx, id: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('grading_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestNoticeOf(db: DbOrTrx, applicationId: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('grading_notices').selectAll().where('application_id', '=', applicationId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function setNoticeStatus(db: DbOrTrx, id: string, status: string): Promise<void> {
  await db.updateTable('grading_notices').set({ status }).where('id', '=', id).execute();
}

export async function listPublicNotices(db: DbOrTrx): Promise<NoticeRow[]> {
  return db.selectFrom('grading_notices').selectAll().where('status', 'in', ['open', 'closed']).orderBy('published_at', 'desc').limit(200).execute();
}

export async function insertObjection(db: DbOrTrx, row: ObjectionRow): Promise<void> {
  await db.insertInto('grading_objections').values(row).execute();
}

export async function objectionsOf(db: DbOrTrx, applicationId: string): Promise<ObjectionRow[]> {
  return db.selectFrom('grading_objections').selectAll().where('application_id', '=', applicationId).orderBy('received_at').execute();
}

export async function resolveObjection(db: DbOrTrx, id: string, patch: Pick<ObjectionRow, 'status' | 'resolution' | 'resolved_at' | 'resolved_by'>): Promise<boolean> {
  const r = await db.updateTable('grading_objections').set(patch).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ——— proposals and announcements ———

export async function insertProposal(db: DbOrTrx, row: Omit<ProposalRow, 'version'>): Promise<void> {
  await db.insertInto('grading_proposals').values(row).execute();
}

export async function findProposal(db: DbOrTrx, id: string): Promise<ProposalRow | undefined> {
  return db.selectFrom('grading_proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateProposal(db: DbOrTrx, id: string, version: number, patch: Updateable<GradingProposalsTable>): Promise<boolean> {
  return updateVersioned(db, 'grading_proposals', { id }, version, patch);
}

export async function listProposals(db: DbOrTrx, f: { mineIds: string[]; status?: string }): Promise<ProposalRow[]> {
  if (f.mineIds.length === 0) return [];
  let q = db.selectFrom('grading_proposals').selectAll().where('mine_id', 'in', f.mineIds);
  if (f.status) q = q.where('status', '=', f.status);
  return q.orderBy('created_at', 'desc').limit(500).execute();
}

export async function insertAnnouncement(db: DbOrTrx, row: AnnouncementRow): Promise<void> {
  await db.insertInto('grading_announcements').values(row).execute();
}

export async function listAnnouncements(db: DbOrTrx): Promise<AnnouncementRow[]> {
  return db.selectFrom('grading_announcements').selectAll().orderBy('announced_at', 'desc').limit(500).execute();
}

// ——— province configuration ———

export async function findProvinceConfig(db: DbOrTrx, provinceId: string) {
  return db.selectFrom('grading_province_config').selectAll().where('province_id', '=', provinceId).executeTakeFirst();
}

export async function insertProvinceConfig(db: DbOrTrx, row: { province_id: string; config: string; updated_at: string; updated_by: string | null }): Promise<void> {
  await db.insertInto('grading_province_config').values(row).execute();
}

export async function updateProvinceConfig(db: DbOrTrx, provinceId: string, version: number, patch: { config: string; updated_at: string; updated_by: string | null }): Promise<boolean> {
  return updateVersioned(db, 'grading_province_config', { province_id: provinceId }, version, patch);
}

// ——— templates ———

export async function latestTemplate(db: DbOrTrx, id: string) {
  return db.selectFrom('grading_templates').selectAll().where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function findTemplate(db: DbOrTrx, id: string, version: number) {
  return db.selectFrom('grading_templates').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
}

export async function templateIds(db: DbOrTrx): Promise<string[]> {
  return (await db.selectFrom('grading_templates').select('id').distinct().execute()).map((r) => r.id);
}

/** False when that (id, version) is already stored (someone saved first). */
export async function insertTemplate(db: DbOrTrx, row: { id: string; version: number; definition: string; created_at: string; created_by: string | null }): Promise<boolean> {
  const r = await db.insertInto('grading_templates').values(row).onConflict((oc) => oc.columns(['id', 'version']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ——— sheets and attachments ———

export async function insertSheet(db: DbOrTrx, row: Omit<SheetRow, 'version'>): Promise<void> {
  await db.insertInto('grading_sheets').values(row).execute();
}

export async function findSheet(db: DbOrTrx, id: string): Promise<SheetRow | undefined> {
  return db.selectFrom('grading_sheets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSheet(db: DbOrTrx, id: string, version: number, patch: Updateable<GradingSheetsTable>): Promise<boolean> {
  return updateVersioned(db, 'grading_sheets', { id }, version, patch);
}

export async function insertAttachment(db: DbOrTrx, row: Insertable<GradingAttachmentsTable>): Promise<void> {
  await db.insertInto('grading_attachments').values(row).execute();
}

export async function findAttachment(db: DbOrTrx, id: string) {
  return db.selectFrom('grading_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function attachmentsMeta(db: DbOrTrx, ids: string[]): Promise<AttachmentMeta[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('grading_attachments').select(['id', 'mine_id', 'filename', 'mime', 'size', 'uploaded_at', 'uploaded_by']).where('id', 'in', ids).execute();
}

// ——— extensions ———

export async function insertExtension(db: DbOrTrx, row: Omit<ExtensionRow, 'version'>): Promise<void> {
  await db.insertInto('grading_extensions').values(row).execute();
}

export async function findExtension(db: DbOrTrx, id: string): Promise<ExtensionRow | undefined> {
  return db.selectFrom('grading_extensions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateExtension(db: DbOrTrx, id: string, version: number, patch: Updateable<GradingExtensionsTable>): Promise<boolean> {
  return updateVersioned(db, 'grading_extensions', { id }, version, patch);
}

export async function listExtensions(db: DbOrTrx, mineIds: string[]): Promise<ExtensionRow[]> {
  if (mineIds.length === 0) return [];
  return db.selectFrom('grading_extensions').selectAll().where('mine_id', 'in', mineIds).orderBy('created_at', 'desc').limit(500).execute();
}

// ——— self-inspections ———

export async function insertSelfInspection(db: DbOrTrx, row: SelfInspectionRow): Promise<void> {
  await db.insertInto('grading_self_inspections').values(row).execute();
}

export async function findSelfInspection(db: DbOrTrx, mineId: string, scope: string, period: string): Promise<SelfInspectionRow | undefined> {
  return db.selectFrom('grading_self_inspections').selectAll().where('mine_id', '=', mineId).where('scope', '=', scope).where('period', '=', period).executeTakeFirst();
}

export async function selfInspectionsOf(db: DbOrTrx, mineIds: string[], periodPrefixes: string[]): Promise<SelfInspectionRow[]> {
  if (mineIds.length === 0 || periodPrefixes.length === 0) return [];
  return db
    .selectFrom('grading_self_inspections')
    .selectAll()
    .where('mine_id', 'in', mineIds)
    .where((eb) => eb.or(periodPrefixes.map((p) => eb('period', 'like', `${p}%`))))
    .execute();
}

// ——— derived deadlines (recomputed when the working calendar changes) ———

export async function openApplicationDeadlines(db: DbOrTrx, finals: readonly string[]) {
  return db.selectFrom('grading_applications').select(['id', 'received_at', 'deadline_at']).where('status', 'not in', [...finals]).execute();
}

export async function setApplicationDeadline(db: DbOrTrx, id: string, deadlineAt: string, provisional: number): Promise<void> {
  await db.updateTable('grading_applications').set({ deadline_at: deadlineAt, deadline_provisional: provisional }).where('id', '=', id).execute();
}

export async function openNoticeRuns(db: DbOrTrx) {
  return db.selectFrom('grading_notices').select(['id', 'published_at', 'runs_until']).where('status', '=', 'open').execute();
}

export async function setNoticeRunsUntil(db: DbOrTrx, id: string, runsUntil: string, provisional: number): Promise<void> {
  await db.updateTable('grading_notices').set({ runs_until: runsUntil, provisional }).where('id', '=', id).execute();
}

// ——— my work (inbox) ———

/**
 * Open applications waiting for one of `bodyIds` (the initial-review body before assessment, the assessing body
 * from then on) or for the mine side of `mineIds` (hidden dangers to rectify). Indexed by status.
 */
export async function inboxApplications(db: DbOrTrx, f: { bodyIds: string[]; mineIds: string[] }): Promise<ApplicationRow[]> {
  if (f.bodyIds.length === 0 && f.mineIds.length === 0) return [];
  return db
    .selectFrom('grading_applications')
    .selectAll()
    .where('status', 'in', ['submitted', 'initial_review', 'assessment', 'public_notice'])
    .where((eb) =>
      eb.or([
        ...(f.bodyIds.length ? [eb.and([eb('status', 'in', ['submitted', 'initial_review']), eb('initial_body_id', 'in', f.bodyIds)]), eb.and([eb('status', 'in', ['assessment', 'public_notice']), eb('assessment_body_id', 'in', f.bodyIds)])] : []),
        ...(f.mineIds.length ? [eb.and([eb('status', 'in', ['submitted', 'initial_review']), eb('mine_id', 'in', f.mineIds)])] : []),
      ]),
    )
    .orderBy('deadline_at')
    .limit(500)
    .execute();
}

/** Pending proposals (to confirm) and extensions awaiting a decision, by status index. */
export async function pendingProposals(db: DbOrTrx, bodyIds: string[]): Promise<ProposalRow[]> {
  if (bodyIds.length === 0) return [];
  return db
    .selectFrom('grading_proposals')
    .selectAll()
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('authority_id', 'in', bodyIds), eb('authority_id', 'is', null)]))
    .orderBy('created_at')
    .limit(500)
    .execute();
}

/** Extensions awaiting the province or the national authority (few at any time: by the status index, not by mine). */
export async function pendingExtensions(db: DbOrTrx): Promise<ExtensionRow[]> {
  return db.selectFrom('grading_extensions').selectAll().where('status', 'in', ['submitted', 'province_approved']).orderBy('created_at').limit(500).execute();
}

export async function openObjectionCounts(db: DbOrTrx, applicationIds: string[]): Promise<Map<string, number>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('grading_objections')
    .select(['application_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('application_id', 'in', applicationIds)
    .where('status', '=', 'open')
    .groupBy('application_id')
    .execute();
  return new Map(rows.map((r) => [r.application_id, Number(r.n)]));
}

export async function openNoticesOf(db: DbOrTrx, applicationIds: string[]): Promise<NoticeRow[]> {
  if (applicationIds.length === 0) return [];
  return db.selectFrom('grading_notices').selectAll().where('application_id', 'in', applicationIds).where('status', '=', 'open').execute();
}
