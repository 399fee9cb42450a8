import { Spin } from 'antd';
import { lazy, Suspense } from 'react';

// ECharts is most of the bundle's weight and only report readers need it, so the reports load on demand.
const ReportsSection = lazy(() => import('./PeriodReportPage').then((m) => ({ default: m.ReportsSection })));

export function LazyReportsSection() {
  return (
    <Suspense fallback={<Spin style={{ margin: 80 }} />}>
      <ReportsSection />
    </Suspense>
  );
}
