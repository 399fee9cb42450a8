import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from './i18n';

// Every date and date-time field is antd's DatePicker, in the zh_CN locale with dayjs' zh-cn (App.tsx sets both),
// not a native <input type=date>, whose calendar and format follow the browser's language (docs/web.md). Forms keep
// the text value they had ('YYYY-MM-DD', or 'YYYY-MM-DDTHH:mm' with showTime: the wall time in Beijing), so the
// request mappers need no change.

const DAY = 'YYYY-MM-DD';
const MINUTE = 'YYYY-MM-DDTHH:mm';

export function DateField({
  value,
  onChange,
  showTime = false,
  id,
  style,
  ...rest
}: {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  showTime?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const parsed = value ? dayjs(value, showTime ? MINUTE : DAY) : null;
  return (
    <DatePicker
      id={id}
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange?.(d ? d.format(showTime ? MINUTE : DAY) : undefined)}
      showTime={showTime ? { format: 'HH:mm' } : false}
      // Shown as 2026-03-10 18:00; typed text is also read in the ISO shape (2026-03-10T18:00) people paste.
      format={showTime ? ['YYYY-MM-DD HH:mm', MINUTE] : [DAY]}
      // Typed text is taken on blur as well as on Enter, as a plain input would.
      needConfirm={false}
      placeholder={showTime ? t('选择日期和时间', 'Pick date and time') : t('选择日期', 'Pick a date')}
      style={{ width: '100%', ...style }}
      {...rest}
    />
  );
}
