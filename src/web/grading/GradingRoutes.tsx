// Nested pages under the grading entries of the routes registry (src/web/app/routes.tsx).
import { Card } from 'antd';
import { Navigate, Route, Routes, useParams } from 'react-router-dom';
import { ErrorAlert } from './components';
import { useExtension } from './grading-api';
import { ApplicationDetailPage } from './ApplicationDetailPage';
import { ApplicationNewPage } from './ApplicationNewPage';
import { ApplicationsPage } from './ApplicationsPage';
import { MineDetailPage } from './MineDetailPage';
import { MinesPage } from './MinesPage';
import { ApplicationPrintPage } from './PrintPages';

export function MinesRoutes() {
  return (
    <Routes>
      <Route index element={<MinesPage />} />
      <Route path=":id" element={<MineDetailPage />} />
    </Routes>
  );
}

export function ApplicationsRoutes() {
  return (
    <Routes>
      <Route index element={<ApplicationsPage />} />
      <Route path="new" element={<ApplicationNewPage />} />
      <Route path=":id" element={<ApplicationDetailPage />} />
      <Route path=":id/print/:kind" element={<ApplicationPrintPage />} />
    </Routes>
  );
}

/** Notifications link to /grading/extensions/:id; a direct extension is shown on its mine's page. */
export function ExtensionsRoutes() {
  return (
    <Routes>
      <Route path=":id" element={<ExtensionRedirect />} />
      <Route index element={<Navigate to="/grading/mines" replace />} />
    </Routes>
  );
}

function ExtensionRedirect() {
  const { id } = useParams();
  const q = useExtension(id!);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Card loading />;
  return <Navigate to={`/grading/mines/${q.data.mineId}`} replace />;
}
