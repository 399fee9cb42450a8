// Report periods as the API names them (PeriodReportQuery): 'YYYY-MM' monthly, 'YYYY-Qn' quarterly.

/** The month of a 'YYYY-MM-DD' date. */
export function monthOf(ymd: string): string {
  return ymd.slice(0, 7);
}

/** The quarter of a 'YYYY-MM-DD' date, e.g. 2026-05-10 → 2026-Q2. */
export function quarterOf(ymd: string): string {
  const m = Number(ymd.slice(5, 7));
  return `${ymd.slice(0, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** A 0–1 rate as a percentage with one decimal; '—' when there is nothing to rate. */
export function rate(r: number | null): string {
  return r === null ? '—' : `${Math.round(r * 1000) / 10}%`;
}
