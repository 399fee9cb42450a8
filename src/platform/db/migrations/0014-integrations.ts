import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Outbound channels (docs/integrations.md): webhooks a unit's administrators register (group robots of WeCom and
// DingTalk, signed generic JSON), the log of every delivery, and the log of SMS sent through the configured
// provider. Deliveries and messages are written in the transaction that caused them and sent by the outbox.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    // The unit's path when registered: events fire for records whose unit lies in this subtree.
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // generic | wecom | dingtalk
    .addColumn('secret', 'text') // HMAC key (generic, dingtalk); never returned by the API
    .addColumn('events', jsonType, (c) => c.notNull()) // ["workorder.created", …]
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    // Deleted webhooks stay for their delivery log; they no longer fire.
    .addColumn('deleted_at', tsType)
    .execute();
  await db.schema.createIndex('webhooks_unit_path').on('webhooks').column('unit_path').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    // The event document {"event","occurredAt","data"} exactly as first built, so every retry sends the same bytes.
    .addColumn('body', jsonType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed | cancelled
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', tsType)
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('delivered_at', tsType)
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

  await db.schema
    .createTable('sms_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The unit whose record caused the message (for the administrators' log), when there is one.
    .addColumn('unit_id', 'text')
    .addColumn('unit_path', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('template_code', 'text', (c) => c.notNull())
    .addColumn('params', jsonType, (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text') // BizId (Aliyun) / SerialNo (Tencent)
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('sent_at', tsType)
    .execute();
  await db.schema.createIndex('sms_messages_created').on('sms_messages').column('created_at').execute();
}
