// The complaint desk's API shapes. What the server answers comes from the OpenAPI document (api-types.generated.ts),
// so a renamed field breaks the typecheck; request bodies keep the server's Zod input types (type-only), and the
// client checks each one against the document's request body where it is sent.
import type { ApiOk } from '../app/api';

export type {
  ActionName,
  ActionRequest,
  PublicComplaintCreate,
  Report8dFields,
  WorkOrderCreate,
} from '../../modules/workorders/workorders.schemas';

export type WorkOrderView = ApiOk<'/api/workorders/{id}'>;
export type DeadlineView = WorkOrderView['deadlines'][number];
export type TimelineEntry = WorkOrderView['timeline'][number];
export type SeverityExplain = NonNullable<WorkOrderView['severityExplain']>;
export type WorkOrderList = ApiOk<'/api/workorders'>;
export type WorkOrderListItem = WorkOrderList['items'][number];
export type WorkOrderCreated = ApiOk<'/api/workorders', 'post'>;
export type ImportResult = ApiOk<'/api/workorders/import', 'post'>;
export type InvalidRecurrence = ApiOk<'/api/workorders/invalid-recurrences'>[number];
export type PolicyVersionView = ApiOk<'/api/workorders/policy'>;
export type PeriodReport = ApiOk<'/api/reports/workorders/monthly'>;
export type WorkOrderReport = ApiOk<'/api/reports/workorders'>;
export type PublicComplaintCreated = ApiOk<'/api/public/complaints', 'post'>;
export type PublicComplaintView = ApiOk<'/api/public/complaints/{trackingNumber}/lookup', 'post'>;
export type RulePackView = ApiOk<'/api/rules/{id}'>;
