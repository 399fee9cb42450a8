import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// docs/security.md maps every threat to the tests that show its mitigation. This keeps the map honest: each row
// of its tables cites at least one test file (or says `review:`), every cited file exists, and every title quoted
// after a file is (the start of, or a part of) the title of a test or describe block in that file — so renaming or
// deleting a test breaks this instead of leaving the checklist pointing at nothing.

const DOC = 'docs/security.md';

interface Row {
  line: number;
  asvs: string;
  testedIn: string;
}

function rows(markdown: string): Row[] {
  const out: Row[] = [];
  markdown.split('\n').forEach((text, i) => {
    if (!text.startsWith('| ') || /^\| (ASVS|---)/.test(text)) return;
    const cells = text.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    out.push({ line: i + 1, asvs: cells[0] ?? '', testedIn: cells.at(-1) ?? '' });
  });
  return out;
}

/** The titles of a test file's `it`/`test`/`describe` blocks (also `.each(…)(title`), as written in the source. */
function titles(source: string): string[] {
  return [...source.matchAll(/(?:\b(?:it|test|describe)|\))\(\s*(['`])((?:\\.|(?!\1).)*)\1\s*,/g)].map((m) => m[2]!);
}

/** `file` "title", "title"; `file` "title" … → [file, title] pairs, and the files cited. */
function citations(cell: string): { files: string[]; pairs: [string, string][] } {
  const files: string[] = [];
  const pairs: [string, string][] = [];
  let file: string | null = null;
  for (const m of cell.matchAll(/`((?:test|src)\/[^`]+\.test\.ts)`|"([^"]+)"/g)) {
    if (m[1]) files.push((file = m[1]));
    else if (file) pairs.push([file, m[2]!]);
  }
  return { files, pairs };
}

describe('docs/security.md (the ASVS checklist)', () => {
  const table = rows(readFileSync(DOC, 'utf8'));

  it('has rows under each of its ASVS chapters', () => {
    expect(table.length).toBeGreaterThan(40);
  });

  it('cites at least one test, or a review, on every row', () => {
    const bare = table.filter((r) => citations(r.testedIn).files.length === 0 && !r.testedIn.startsWith('review:'));
    expect(bare.map((r) => `${DOC}:${r.line} ${r.asvs}`)).toEqual([]);
  });

  it('cites only test files that exist and test titles those files hold', () => {
    const missing: string[] = [];
    const cache = new Map<string, string[]>();
    for (const r of table) {
      const { files, pairs } = citations(r.testedIn);
      for (const f of files) if (!existsSync(f)) missing.push(`${DOC}:${r.line} ${f} does not exist`);
      for (const [f, title] of pairs) {
        if (!existsSync(f)) continue;
        if (!cache.has(f)) cache.set(f, titles(readFileSync(f, 'utf8')));
        if (!cache.get(f)!.some((t) => t.includes(title))) missing.push(`${DOC}:${r.line} ${f} has no test titled "${title}…"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads the titles of plain and parameterised tests (self-check of the parser)', () => {
    const src = `it('plain one', async () => {});\n  it.each([1, 2])('each %s title', () => {});\ndescribe.each(X)('suite on %s', (d) => {});\n  ])('multi-line each %s (422 on url)', async () => {});`;
    expect(titles(src)).toEqual(['plain one', 'each %s title', 'suite on %s', 'multi-line each %s (422 on url)']);
    expect(citations('`test/api/a.test.ts` "x", "y"; `src/b.test.ts` "z"').pairs).toEqual([
      ['test/api/a.test.ts', 'x'],
      ['test/api/a.test.ts', 'y'],
      ['src/b.test.ts', 'z'],
    ]);
  });
});
