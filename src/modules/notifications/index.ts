// What other modules may use of notifications: queueing a notification in the caller's transaction and marking
// the actor's notifications about an item read when they act on it. The outbox handler that delivers it
// (`deliverNotification`) is wired by the composition root.
export { deliverNotification, markSubjectRead, notify, type Language, type NotificationSubject, type NotifyPayload } from './notifications.service';
export type { NotificationTables } from './notifications.tables';
