import { Route, Routes } from 'react-router-dom';
import { StaffDetailPage } from './StaffDetailPage';
import { StaffListPage } from './StaffListPage';

/** Staff levels (DOMAIN §5) under /staff (registered once in src/web/app/routes.tsx). */
export function StaffSection() {
  return (
    <Routes>
      <Route index element={<StaffListPage />} />
      <Route path=":id" element={<StaffDetailPage />} />
    </Routes>
  );
}
