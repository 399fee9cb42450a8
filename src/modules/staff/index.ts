// What other modules may use of staff levels: the caller's pending level decisions for "my work" (the inbox
// module), and the table types for the composed Database type.
export { inboxStaff, type StaffInboxItem } from './staff.service';
export type { StaffTables } from './staff.tables';
