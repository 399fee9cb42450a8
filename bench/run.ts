// `npm run bench` (docs/calendar.md#performance, docs/rules.md#performance): operations per second of the hot pure paths, each measured over
// about 1.5 s after a warm-up. A benchmark, not a test: it prints numbers and the goals, it asserts nothing.
// Sections are a list, so later ones (HTTP intake vs. a bare insert, …) are one more entry in SECTIONS.

import { WorkCalendar, loadShippedYears } from '../src/core/calendar';
import { compilePack, evaluate, shippedPack } from '../src/core/rules';
import { printFigures } from './figures';
import { httpSection } from './http';
import { largeSection } from './large';
import { startupSection } from './startup';

interface Measure {
  name: string;
  /** Operations per second the issue asks for, when it names one. */
  goal?: number;
  /** Prepares state once and returns the operation; the operation returns a value so it cannot be optimised away. */
  setup(): (i: number) => unknown;
}

interface Section {
  title: string;
  measures: Measure[];
}

const WARMUP_MS = 300;
const MEASURE_MS = 1500;

/** Runs `op` in batches until `ms` elapsed; returns operations per second. */
function run(op: (i: number) => unknown, ms: number): { opsPerSec: number; sink: number } {
  let n = 0;
  let sink = 0;
  let batch = 1000;
  const start = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  for (;;) {
    for (let k = 0; k < batch; k++, n++) {
      const r = op(n);
      if (r) sink++;
    }
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= limit) return { opsPerSec: (n * 1e9) / Number(elapsed), sink };
    if (elapsed < limit / 20n) batch *= 2;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---- working calendar ------------------------------------------------------------------------------------

const calendar = new WorkCalendar({ years: loadShippedYears() });
/** Start instants spread over 2024–2026 at varied times of day, so no single path is favoured. */
const STARTS = Array.from({ length: 4096 }, (_, i) => new Date(Date.UTC(2024, 0, 1, 0, 0) + i * 6.37 * 3_600_000));

const calendarSection: Section = {
  title: 'Working calendar (src/core/calendar)',
  measures: [
    {
      name: 'add working_days (1–60) to an instant',
      goal: 1_000_000,
      setup: () => (i) => calendar.add(STARTS[i & 4095], 1 + (i % 60), 'working_days').due,
    },
    {
      name: 'add working_hours (1–40) to an instant',
      setup: () => (i) => calendar.add(STARTS[i & 4095], 1 + (i % 40), 'working_hours').due,
    },
    {
      name: 'between two instants in working_days',
      setup: () => (i) => calendar.between(STARTS[i & 4095], STARTS[(i + 97) & 4095], 'working_days').amount,
    },
    {
      name: 'build a WorkCalendar (shipped years)',
      setup: () => () => new WorkCalendar({ years: loadShippedYears() }).lastPublishedDate,
    },
  ],
};

// ---- rules engine ------------------------------------------------------------------------------------------

const coalPack = shippedPack('coal-mine-2020');
if (!coalPack) throw new Error('bench: shipped pack coal-mine-2020 is missing');
const compiledCoal = compilePack(coalPack);
const PARTS = ['安全风险分级管控', '事故隐患排查治理', '通风', '地质灾害防治与测量', '采煤', '掘进', '机电', '运输', '职业病危害防治'];
/** Varied facts (scores around the 80/90 thresholds, some events) so every level is reached. */
const FACTS = Array.from({ length: 256 }, (_, i) => ({
  mineType: i % 5 === 0 ? 'open_pit' : 'underground',
  basicConditionsMet: i % 17 !== 0,
  weightedScore: 70 + (i % 30) + 0.5,
  partScores: Object.fromEntries(PARTS.map((p, k) => [p, 75 + ((i * 7 + k * 3) % 25)])),
  strippingContractors: i % 4,
  events: i % 3 === 0 ? [{ type: 'fatal_accident', class: 'general', date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15` }] : [],
}));

/** All 15 parts of the 2020 standard, for the two single-case measures below. */
const ALL_PARTS = [
  '理念目标和矿长安全承诺', '组织机构', '安全生产责任制及安全管理制度', '从业人员素质', '安全风险分级管控', '事故隐患排查治理', '通风',
  '地质灾害防治与测量', '采煤', '掘进', '机电', '运输', '调度和应急管理', '职业病危害防治和地面设施', '持续改进',
];
/** A typical application: 二级, with 一级 refused for the score, a part below 90 and two recent events. */
const TYPICAL_LEVEL2 = {
  mineType: 'underground',
  basicConditionsMet: true,
  weightedScore: 88.37,
  partScores: Object.fromEntries(ALL_PARTS.map((p, i) => [p, 84.5 + (i % 8) * 1.75])),
  events: [
    { type: 'fatal_accident', class: 'general', date: '2024-03-02' },
    { type: 'failed_level1_inspection', date: '2025-09-01' },
  ],
};
/** 一级 granted: every condition holds, so the explanation lists all of them (15 reasons). */
const GRANTED_LEVEL1 = { ...TYPICAL_LEVEL2, weightedScore: 93.2, partScores: Object.fromEntries(ALL_PARTS.map((p, i) => [p, 90 + i * 0.5])), events: [] };

const rulesSection: Section = {
  title: 'Level-rules engine (src/core/rules)',
  measures: [
    {
      name: 'evaluate coal-mine-2020 (compiled)',
      goal: 100_000,
      setup: () => (i) => evaluate(compiledCoal, FACTS[i & 255], '2026-03-02').level,
    },
    {
      name: 'evaluate: level 2, level 1 refused (reasons)',
      setup: () => () => evaluate(compiledCoal, TYPICAL_LEVEL2, '2026-06-01').explain.length,
    },
    {
      name: 'evaluate: level 1 granted (15 reasons)',
      setup: () => () => evaluate(compiledCoal, GRANTED_LEVEL1, '2026-06-01').explain.length,
    },
  ],
};

export const SECTIONS: Section[] = [calendarSection, rulesSection];

function main(): void {
  console.log(`Gauge benchmark — node ${process.version}, ${MEASURE_MS} ms per measure after ${WARMUP_MS} ms warm-up\n`);
  let sink = 0;
  for (const section of SECTIONS) {
    console.log(section.title);
    for (const m of section.measures) {
      const op = m.setup();
      sink += run(op, WARMUP_MS).sink;
      const r = run(op, MEASURE_MS);
      sink += r.sink;
      const goal = m.goal === undefined ? '' : `  goal > ${fmt(m.goal)}/s: ${r.opsPerSec > m.goal ? 'met' : 'NOT met'}`;
      console.log(`  ${m.name.padEnd(44)} ${fmt(r.opsPerSec).padStart(13)} ops/s${goal}`);
    }
    console.log('');
  }
  // Printing the sink keeps the engines from discarding the measured work.
  console.log(`(checksum ${sink})\n`);
}

// Flags (docs/performance.md): --postgres adds PostgreSQL wherever a section measures a database; --no-startup,
// --no-http skip those sections; --large [--rows N] [--keep] adds the bulk-loaded register, search and report.
const argv = process.argv;
const postgres = argv.includes('--postgres');
main();
if (!argv.includes('--no-startup')) await startupSection();
if (!argv.includes('--no-http')) {
  await httpSection('sqlite');
  if (postgres) await httpSection('postgres');
}
// Opt-in: `npm run bench -- --large [--rows N] [--postgres] [--keep]` loads N work orders (default 1,000,000).
if (argv.includes('--large')) await largeSection(argv);
printFigures();
