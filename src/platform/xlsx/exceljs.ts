import type ExcelJSModule from 'exceljs';
import { lazy } from '../lazy';

/** exceljs (~0.5–1.7 s to load): only imports and exports need it (docs/performance.md "Start-up"). */
export const loadExcelJS = lazy(async () => ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default);
