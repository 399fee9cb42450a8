// What other modules may use of grading: the caller's pending steps for "my work" (the inbox module), and the
// table types for the composed Database type.
export { inboxGrading, type GradingInboxAction, type GradingInboxItem } from './grading.inbox';
export type { GradingTables } from './grading.tables';
