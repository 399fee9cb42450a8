// Pure helpers for the calendar pages (no React, no fetch), unit-tested in calendar-utils.test.ts.

/** A month as weeks of seven cells, Monday first (Chinese calendars start the week on Monday); null pads. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Parses pasted notice JSON; the server validates the content, this only reports unreadable text. */
export function parseNoticeText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The year a notice file names, when readable (to find the version of an already imported year). */
export function noticeYear(value: unknown): number | undefined {
  if (typeof value === 'object' && value !== null && 'year' in value && typeof value.year === 'number') return value.year;
  return undefined;
}
