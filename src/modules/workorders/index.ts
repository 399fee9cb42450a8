// What other modules may use of work orders: the caller's hand-off steps for "my work" (the inbox module), the
// call centre's read of them (docs/callcenter.md), and the table types for the composed Database type.
export { inboxWorkOrders, INBOX_ACTIONS as WORKORDER_INBOX_ACTIONS, type WorkOrderInboxItem } from './workorders.inbox';
export type { WorkOrderTables } from './workorders.tables';
export { arrivalInstants, workRegisteredBy, type AgentDeadlineRow, type AgentWorkRow } from './workorders.callcenter';
