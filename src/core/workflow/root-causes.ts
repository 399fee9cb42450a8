// The six root-cause categories of an 8D's D4 (人/机/料/法/环/测, "5M1E"; docs/quality-loop.md#root-causes).
// The categories are fixed; each company keeps its own controlled list of sub-causes under them.

export const ROOT_CAUSE_CATEGORIES = ['man', 'machine', 'material', 'method', 'environment', 'measurement'] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

export const ROOT_CAUSE_LABELS: Record<RootCauseCategory, { zh: string; en: string }> = {
  man: { zh: '人', en: 'man' },
  machine: { zh: '机', en: 'machine' },
  material: { zh: '料', en: 'material' },
  method: { zh: '法', en: 'method' },
  environment: { zh: '环', en: 'environment' },
  measurement: { zh: '测', en: 'measurement' },
};

/** The Pareto label of a cause: the category alone, or "category · sub-cause". */
export function causeLabel(category: RootCauseCategory, subCause?: string | null): string {
  const c = ROOT_CAUSE_LABELS[category].zh;
  return subCause ? `${c} · ${subCause}` : c;
}
