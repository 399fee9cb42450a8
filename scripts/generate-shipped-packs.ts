// Embeds policies/rules/*.yaml into src/core/rules/shipped-packs.generated.ts (the rules core has no fs).
// Usage: npx tsx scripts/generate-shipped-packs.ts          write the file
//        npx tsx scripts/generate-shipped-packs.ts --check  exit 1 when the file is out of date

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRulePack } from '../src/core/rules/parse';
import { GENERATED_PATH, renderShippedPacks, type PackFile } from '../src/core/rules/shipped-render';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = join(root, 'policies/rules');

export function readPackFiles(): PackFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

function main(): void {
  const files = readPackFiles();
  const problems = files.flatMap((f) => {
    const r = parseRulePack(f.text, f.file);
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  });
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  const out = renderShippedPacks(files);
  const target = join(root, GENERATED_PATH);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== out) {
      console.error(`${GENERATED_PATH} is out of date: run npx tsx scripts/generate-shipped-packs.ts`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, out);
  console.log(`wrote ${GENERATED_PATH} (${files.length} packs)`);
}

main();
