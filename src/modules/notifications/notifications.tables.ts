// Row type of the in-app notifications table (migration 0001-foundation; English text and subject: 0011-notifications-inbox).

export interface NotificationsTable {
  id: string;
  user_id: string;
  /** The Chinese text (or the only text of a notification queued without English). */
  title: string;
  body: string;
  title_en: string | null;
  body_en: string | null;
  link: string | null;
  /** The item the notification is about (`workorders`, `grading`, `accountability`, `staff` + its id): acting on it marks it read. */
  subject_module: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationTables {
  notifications: NotificationsTable;
}
