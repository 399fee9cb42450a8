import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/database';
import { likePrefix } from '../../platform/db/like';
import type { SmsMessagesTable, WebhookDeliveriesTable, WebhooksTable } from './integrations.tables';

// Queries of the integrations tables only (docs/integrations.md); decisions live in the service.

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type SmsRow = Selectable<SmsMessagesTable>;

const LOG_LIMIT = 200;

export async function insertWebhook(db: DbOrTrx, row: Insertable<WebhooksTable>): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(db: DbOrTrx, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Live webhooks registered on any of these units' paths (the ancestors of a record's unit, itself included). */
export async function liveWebhooksOn(db: DbOrTrx, unitPaths: string[]): Promise<WebhookRow[]> {
  if (unitPaths.length === 0) return [];
  return db.selectFrom('webhooks').selectAll().where('unit_path', 'in', unitPaths).where('deleted_at', 'is', null).orderBy('created_at').execute();
}

/** Live webhooks within the subtrees of `scope` (unit path prefixes); null = everywhere. */
export async function listWebhooks(db: DbOrTrx, scope: string[] | null): Promise<WebhookRow[]> {
  if (scope && scope.length === 0) return [];
  let q = db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null);
  if (scope) q = q.where((eb) => eb.or(scope.map((p) => likePrefix('unit_path', p))));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(LOG_LIMIT).execute();
}

export async function markWebhookDeleted(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('webhooks').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertDelivery(db: DbOrTrx, row: Insertable<WebhookDeliveriesTable>): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

export async function findDelivery(db: DbOrTrx, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateDelivery(db: DbOrTrx, id: string, patch: Updateable<WebhookDeliveriesTable>): Promise<void> {
  await db.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
}

/** The newest deliveries of webhooks within `scope` (null = everywhere), deleted webhooks' included. */
export async function listDeliveries(db: DbOrTrx, scope: string[] | null, webhookId?: string): Promise<DeliveryRow[]> {
  if (scope && scope.length === 0) return [];
  let q = db.selectFrom('webhook_deliveries').selectAll('webhook_deliveries');
  if (scope || webhookId) q = q.innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id');
  if (scope) q = q.where((eb) => eb.or(scope.map((p) => likePrefix('webhooks.unit_path', p))));
  if (webhookId) q = q.where('webhook_deliveries.webhook_id', '=', webhookId);
  return q.orderBy('webhook_deliveries.created_at', 'desc').orderBy('webhook_deliveries.id', 'desc').limit(LOG_LIMIT).execute();
}

export async function insertSms(db: DbOrTrx, row: Insertable<SmsMessagesTable>): Promise<void> {
  await db.insertInto('sms_messages').values(row).execute();
}

export async function findSms(db: DbOrTrx, id: string): Promise<SmsRow | undefined> {
  return db.selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSms(db: DbOrTrx, id: string, patch: Updateable<SmsMessagesTable>): Promise<void> {
  await db.updateTable('sms_messages').set(patch).where('id', '=', id).execute();
}

/** The newest messages of records within `scope` (null = everywhere, messages without a unit included). */
export async function listSms(db: DbOrTrx, scope: string[] | null): Promise<SmsRow[]> {
  if (scope && scope.length === 0) return [];
  let q = db.selectFrom('sms_messages').selectAll();
  if (scope) q = q.where((eb) => eb.or(scope.map((p) => likePrefix('unit_path', p))));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(LOG_LIMIT).execute();
}
