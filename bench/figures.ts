// Machine-readable figures of `npm run bench` (docs/performance.md): each section records its headline numbers
// here and the run ends with one line per figure, exactly `bench <name> <value> <unit>`, so a script can
// `grep '^bench '` a run and compare runs without parsing the tables above it.

interface Figure {
  name: string;
  value: number;
  unit: string;
}

const figures: Figure[] = [];

/** Records one figure; `name` is snake_case and carries the engine (`_sqlite`, `_postgres`) where it matters. */
export function figure(name: string, value: number, unit: 'ms' | 'ratio' | 'rows' | 'ops/s' | 'req/s'): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bench: figure name ${name} must be snake_case`);
  figures.push({ name, value, unit });
}

/** Whole milliseconds from 100 ms up, one decimal below (a p95 of 1.3 ms must not print as 1). */
const show = (f: Figure) =>
  f.unit === 'ratio' ? f.value.toFixed(2) : f.unit === 'ms' && Math.abs(f.value) < 100 ? f.value.toFixed(1) : String(Math.round(f.value));

export function printFigures(): void {
  if (!figures.length) return;
  console.log('');
  for (const f of figures) console.log(`bench ${f.name} ${show(f)} ${f.unit}`);
}
