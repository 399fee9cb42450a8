import type { Generated } from 'kysely';

// Row types of the calendar tables (migration 0002-calendar-rules).

export interface CalendarYearsTable {
  year: number;
  /** The validated notice file (CalendarYearFile) as JSON text. */
  data: string;
  source_title: string;
  source_doc_no: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

export interface CalendarOverridesTable {
  date: string;
  working: number;
  note: string | null;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable;
  calendar_overrides: CalendarOverridesTable;
}
