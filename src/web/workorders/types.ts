// The complaint desk's API shapes, taken from the server's Zod schemas as types only (no server code in the
// web bundle).
export type {
  ActionName,
  ActionRequest,
  DeadlineView,
  ImportResult,
  InvalidRecurrence,
  PeriodReport,
  PolicyVersionView,
  PublicComplaintCreate,
  PublicComplaintCreated,
  PublicComplaintView,
  Report8dFields,
  SeverityExplain,
  TimelineEntry,
  WorkOrderCreate,
  WorkOrderCreated,
  WorkOrderList,
  WorkOrderListItem,
  WorkOrderReport,
  WorkOrderView,
} from '../../modules/workorders/workorders.schemas';
export type { PackViewOutput as RulePackView } from '../../modules/rules/rules.schemas';
