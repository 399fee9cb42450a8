import { Spin } from 'antd';
import { lazy, Suspense } from 'react';

// ECharts is most of the bundle's weight; the Pareto page loads it on demand, as the reports do.
const ParetoPage = lazy(() => import('./RootCauseParetoPage'));

export function LazyParetoPage() {
  return (
    <Suspense fallback={<Spin style={{ margin: 80 }} />}>
      <ParetoPage />
    </Suspense>
  );
}
