import { useQuery } from '@tanstack/react-query';
import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { hasAnyRole, useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { members, SUPERVISOR_ROLES } from './callcenter-api';
import { DutyLogTab } from './DutyLogTab';
import { FiguresTab } from './FiguresTab';
import { ForecastTab } from './ForecastTab';

/** 呼叫中心 (呼叫中心岗位职责; docs/callcenter.md): duty log for the whole centre; figures and forecast for supervisors. */
export function CallCentrePage() {
  const { t } = useI18n();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const people = useQuery({ queryKey: ['callcenter', 'members'], queryFn: members });
  const supervisor = hasAnyRole(me, SUPERVISOR_ROLES);
  const items = [
    { key: 'duty', label: t('值班日志', 'Duty log'), children: <DutyLogTab members={people.data ?? []} /> },
    ...(supervisor
      ? [
          { key: 'figures', label: t('坐席绩效', 'Agent figures'), children: <FiguresTab /> },
          { key: 'forecast', label: t('话务预测与排班', 'Forecast & schedule'), children: <ForecastTab /> },
        ]
      : []),
  ];
  return (
    <>
      <Typography.Title level={3}>{t('呼叫中心', 'Call centre')}</Typography.Title>
      <Tabs activeKey={params.get('tab') ?? 'duty'} onChange={(k) => setParams({ tab: k })} items={items} destroyOnHidden />
    </>
  );
}
