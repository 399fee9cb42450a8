import { Route, Routes } from 'react-router-dom';
import { StaffDetailPage } from './StaffDetailPage';
import { StaffListPage } from './StaffListPage';

/** Staff levels (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels) under /staff (registered once in src/web/app/routes.tsx). */
export function StaffSection() {
  return (
    <Routes>
      <Route index element={<StaffListPage />} />
      <Route path=":id" element={<StaffDetailPage />} />
    </Routes>
  );
}
