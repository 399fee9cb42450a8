// Row types of the outbound-channel tables (migration 0014-integrations; docs/integrations.md).

export interface WebhooksTable {
  id: string;
  unit_id: string;
  unit_path: string;
  url: string;
  format: string;
  secret: string | null;
  events: string;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
  deleted_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface SmsMessagesTable {
  id: string;
  unit_id: string | null;
  unit_path: string | null;
  phone: string;
  template: string;
  template_code: string;
  params: string;
  provider: string;
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  provider_ref: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface IntegrationTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  sms_messages: SmsMessagesTable;
}
