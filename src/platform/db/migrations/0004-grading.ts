import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { floatType, jsonType, tsType } from './util';

// Standardisation grading (docs/grading.md). Mines are org units of kind 'mine'; these tables hold
// grades, the mine's history, applications with their notices and objections, supervision proposals, public
// announcements, per-province bodies, administrator-entered scoring templates, sheets, attachments,
// direct extensions and self-inspections.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  const real = floatType(dialect);
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';

  await db.schema
    .createTable('grading_grades')
    .addColumn('mine_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_for', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('grading_grades_valid_idx').on('grading_grades').column('valid_until').execute();

  await db.schema
    .createTable('grading_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('from_level', 'text')
    .addColumn('event_type', 'text')
    .addColumn('event_class', 'text')
    .addColumn('reason', 'text')
    .addColumn('standard', 'text')
    .addColumn('application_id', 'text')
    .addColumn('proposal_id', 'text')
    .addColumn('authority_id', 'text')
    .addColumn('stop_order', 'text')
    .addColumn('data', jsonType)
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('grading_history_mine_idx').on('grading_history').columns(['mine_id', 'date']).execute();
  await db.schema.createIndex('grading_history_kind_idx').on('grading_history').columns(['kind', 'date']).execute();

  await db.schema
    .createTable('grading_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('target_level', 'text', (c) => c.notNull())
    .addColumn('current_level', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', tsType, (c) => c.notNull())
    .addColumn('deadline_at', tsType, (c) => c.notNull())
    .addColumn('deadline_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('self_assessment', jsonType, (c) => c.notNull())
    .addColumn('weighted_score', real, (c) => c.notNull())
    .addColumn('evaluation', jsonType, (c) => c.notNull())
    .addColumn('initial_body_id', 'text', (c) => c.notNull())
    .addColumn('assessment_body_id', 'text', (c) => c.notNull())
    .addColumn('hidden_dangers', jsonType, (c) => c.notNull().defaultTo('[]'))
    .addColumn('assessment', jsonType)
    .addColumn('decisions', jsonType, (c) => c.notNull().defaultTo('[]'))
    .addColumn('granted_level', 'text')
    .addColumn('announced_at', tsType)
    .addColumn('closed_at', tsType)
    .addColumn('closed_reason', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('grading_applications_mine_idx').on('grading_applications').columns(['mine_id', 'created_at']).execute();
  // One application in progress per mine, enforced by the database so two concurrent submissions cannot both pass.
  await sql`CREATE UNIQUE INDEX grading_applications_one_open ON grading_applications (mine_id)
    WHERE status IN ('submitted', 'initial_review', 'assessment', 'public_notice')`.execute(db);
  await db.schema.createIndex('grading_applications_status_idx').on('grading_applications').columns(['status', 'deadline_at']).execute();

  await db.schema
    .createTable('grading_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('grading_applications.id'))
    .addColumn('mine_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('authority_id', 'text', (c) => c.notNull())
    .addColumn('published_at', tsType, (c) => c.notNull())
    .addColumn('runs_until', tsType, (c) => c.notNull())
    .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grading_notices_status_idx').on('grading_notices').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('grading_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('grading_notices.id'))
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('received_at', tsType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolved_at', tsType)
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('grading_objections_app_idx').on('grading_objections').columns(['application_id', 'status']).execute();

  await db.schema
    .createTable('grading_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_level', 'text')
    .addColumn('to_level', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reason_zh', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('authority_id', 'text')
    .addColumn('decided_at', tsType)
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('stop_order', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('grading_proposals_mine_idx').on('grading_proposals').columns(['mine_id', 'status']).execute();

  await db.schema
    .createTable('grading_announcements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('from_level', 'text')
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('authority_id', 'text', (c) => c.notNull())
    .addColumn('announced_at', tsType, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('application_id', 'text')
    .addColumn('proposal_id', 'text')
    .execute();
  await db.schema.createIndex('grading_announcements_at_idx').on('grading_announcements').column('announced_at').execute();

  await db.schema
    .createTable('grading_province_config')
    .addColumn('province_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('config', jsonType, (c) => c.notNull())
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('grading_templates')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', jsonType, (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('grading_templates_pk', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('grading_sheets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('entries', jsonType, (c) => c.notNull())
    .addColumn('part_scores', jsonType, (c) => c.notNull())
    .addColumn('weighted_score', real)
    .addColumn('facts', jsonType, (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('grading_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('uploaded_at', tsType, (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .execute();

  await db.schema
    .createTable('grading_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checklist', jsonType, (c) => c.notNull())
    .addColumn('evidence', jsonType, (c) => c.notNull())
    .addColumn('local_opinion', 'text')
    .addColumn('valid_until_before', 'text', (c) => c.notNull())
    .addColumn('valid_until_after', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('grading_self_inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mine_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('weighted_score', real)
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('grading_self_inspections_period_uq', ['mine_id', 'scope', 'period'])
    .execute();
}
