import { Alert } from 'antd';
import { useI18n } from '../app/i18n';
import { useCalendarStatus } from './calendar-api';

// Its own file because the app shell shows it on every admin page: importing it from CalendarAdminPage would pull
// the whole calendar page into the first chunk (docs/web.md#loading-on-a-slow-line).
/** The banner (docs/calendar.md#administration-and-api): from 1 October while next year's State Council notice is missing. */
export function CalendarBanner() {
  const { t } = useI18n();
  const status = useCalendarStatus();
  const s = status.data;
  if (!s?.showBanner) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-banner"
      style={{ marginBottom: 16 }}
      title={t(`尚未导入 ${s.nextYear} 年节假日安排`, `The ${s.nextYear} holiday schedule has not been imported`)}
      description={t(
        `已公布的日历截至 ${s.lastPublishedDate}。此后的期限为暂定：按《全国年节及纪念日放假办法》的法定节日计算，不推测调休。国务院通知发布后请在此导入。`,
        `Published days end on ${s.lastPublishedDate}. Deadlines after it are provisional: statutory holidays off, no adjusted days guessed. Import the State Council notice here once it is published.`,
      )}
    />
  );
}

