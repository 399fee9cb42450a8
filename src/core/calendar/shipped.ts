// The notice files shipped with the release, imported statically (no fs) so the core stays pure and the
// bundle carries them. Add a year here after placing its file in ./data (scripts/import-calendar-year.ts makes
// one from chinese-days; typed files come from the notice itself). Administrators add later years as data.

import y2020 from './data/2020.json' with { type: 'json' };
import y2021 from './data/2021.json' with { type: 'json' };
import y2022 from './data/2022.json' with { type: 'json' };
import y2023 from './data/2023.json' with { type: 'json' };
import y2024 from './data/2024.json' with { type: 'json' };
import y2025 from './data/2025.json' with { type: 'json' };
import y2026 from './data/2026.json' with { type: 'json' };
import type { CalendarYearFile } from './types';

const SHIPPED: readonly CalendarYearFile[] = [y2020, y2021, y2022, y2023, y2024, y2025, y2026];

/** The shipped notice files, oldest first; a fresh copy each call, so callers may not alter the originals. */
export function loadShippedYears(): CalendarYearFile[] {
  return structuredClone(SHIPPED) as CalendarYearFile[];
}
