import { Route, Routes } from 'react-router-dom';
import { Print8DReport, PrintWorkOrderForm } from './PrintPages';
import { WorkOrderDetailPage } from './WorkOrderDetailPage';
import { WorkOrderNewPage } from './WorkOrderNewPage';
import { WorkOrdersListPage } from './WorkOrdersListPage';
import { RepairReportPage } from './RepairReportPage';

/** The desk's pages under /workorders (registered once in src/web/app/routes.tsx). */
export function WorkOrdersSection() {
  return (
    <Routes>
      <Route index element={<WorkOrdersListPage />} />
      <Route path="new" element={<WorkOrderNewPage />} />
      <Route path="repairs/new" element={<RepairReportPage />} />
      <Route path=":id" element={<WorkOrderDetailPage />} />
      <Route path=":id/print/form" element={<PrintWorkOrderForm />} />
      <Route path=":id/print/8d" element={<Print8DReport />} />
    </Routes>
  );
}
