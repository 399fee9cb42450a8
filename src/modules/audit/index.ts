// What other modules may use of audit: appending a record in the caller's transaction.
export { recordAudit, type AuditEntry } from './audit.service';
