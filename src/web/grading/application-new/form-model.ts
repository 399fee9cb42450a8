// The self-assessment form's model: its values, the scoring sheet's item state, and the facts sent to the server.
import { useEffect, useState } from 'react';
import type { GradeLevel, MineType, SelfAssessment } from '../../../modules/grading/grading.schemas';
import type { SheetView, TemplateView } from '../grading-api';
import { enteredScores } from '../grading-utils';

/** The self-assessment form's values: the coal-mine-2020 pack's facts (定级办法 Art. 4, 5; docs/grading.md#grades-and-conditions-art-4-5) plus the application. */
export interface ApplyForm {
  mineId?: string;
  standard?: string;
  targetLevel?: GradeLevel;
  partScores?: Record<string, number | null>;
  weightedScore?: number | null;
  basicConditionsMet?: boolean;
  shiftHeadcountOverLimit?: boolean;
  coalMiningOutsourced?: boolean;
  strippingContractors?: number | null;
  illegalDispatchedLabour?: boolean;
  blacklisted?: boolean;
  report?: string;
}

/** One item's findings on the scoring sheet: 缺项, and deductions each with its reason (docs/grading.md#scoring-templates). */
export interface ItemState {
  notApplicable: boolean;
  deductions: { points: number | null; reason: string }[];
  /** Evidence for this item's findings (uploaded to the mine, referenced by the sheet entry). */
  attachmentIds: string[];
}

export type TemplatePartView = TemplateView['parts'][number];

export const EMPTY_ITEM: ItemState = { notApplicable: false, deductions: [], attachmentIds: [] };

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Builds the facts of the self-assessment from the form; blank inputs are left out, never read as 0. */
export function toSelfAssessment(v: ApplyForm, mineType: MineType | undefined, sheet: SheetView | null, itemsMode: boolean): SelfAssessment {
  const partScores = itemsMode && sheet ? sheet.partScores : enteredScores(v.partScores);
  const sa: SelfAssessment = {
    partScores,
    basicConditionsMet: v.basicConditionsMet ?? false,
    illegalDispatchedLabour: v.illegalDispatchedLabour ?? false,
    blacklisted: v.blacklisted ?? false,
  };
  if (typeof v.weightedScore === 'number') sa.weightedScore = v.weightedScore;
  // Case 1 concerns 井工 mines, case 5 露天 mines (Art. 5): only the facts of the mine's type are sent.
  if (mineType === 'underground') sa.shiftHeadcountOverLimit = v.shiftHeadcountOverLimit ?? false;
  if (mineType === 'open_pit') {
    sa.coalMiningOutsourced = v.coalMiningOutsourced ?? false;
    sa.strippingContractors = typeof v.strippingContractors === 'number' ? v.strippingContractors : 0;
  }
  if (v.report) sa.report = v.report;
  if (sheet) sa.sheetId = sheet.id;
  return sa;
}
