// Builds what `npm start` runs (docs/decisions/0002-runtime-and-build.md): the server as one ESM file,
// dist/server/main.js (esbuild, dependencies left in node_modules), and the web app into dist/web (Vite) — each
// only when its inputs changed since the last build.
//
//   node scripts/build.mjs [server|web] [--force]     (`npm run build:server` / `build:web` force it)
//
// Plain JavaScript, not TypeScript, so that `npm start` pays a bare `node` start-up for the check (tsx would add
// about a second to every start) and loads esbuild or Vite only when it actually builds.
//
// Change detection: each build records the files it was made from — esbuild's metafile for the server, the module
// graph Vite reports for the web app — in a stamp (dist/.stamp-server.json, dist/.stamp-web.json) with a SHA-256
// of their contents plus a few files that shape every build (package-lock.json, tsconfig.json, vite.config.ts,
// this script). The next run hashes the same files again and rebuilds when the hash differs, a recorded file is
// gone, the output is missing or there is no stamp. Editing a file outside the graph cannot change the output
// without editing a file inside it (the import that reaches it), so the graph is enough. Contents, not mtimes:
// a checkout or `touch` that leaves the text alone does not rebuild, and a restored older file does.
// Reading ~300 files costs a few tens of milliseconds on a start.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const rel = (p) => relative(ROOT, p).split(sep).join('/');

const TARGETS = {
  server: {
    output: 'dist/server/main.js',
    extras: ['package-lock.json', 'tsconfig.json', SELF],
    build: buildServer,
  },
  web: {
    output: 'dist/web/index.html',
    extras: ['package-lock.json', 'tsconfig.json', 'vite.config.ts', SELF],
    build: buildWeb,
  },
};

const stampPath = (name) => join(DIST, `.stamp-${name}.json`);

/** SHA-256 over the sorted files' paths and contents; null when one of them no longer exists. */
function hashFiles(files) {
  const h = createHash('sha256');
  for (const f of [...new Set(files)].sort()) {
    const abs = join(ROOT, f);
    if (!existsSync(abs)) return null;
    h.update(f).update('\0').update(readFileSync(abs)).update('\0');
  }
  return h.digest('hex');
}

function upToDate(name) {
  const t = TARGETS[name];
  if (!existsSync(join(ROOT, t.output)) || !existsSync(stampPath(name))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath(name), 'utf8'));
    return Array.isArray(stamp.inputs) && hashFiles([...stamp.inputs, ...t.extras]) === stamp.hash;
  } catch {
    return false;
  }
}

function writeStamp(name, inputs) {
  const files = inputs.filter((f) => !f.startsWith('node_modules/') && !f.startsWith('../') && !isAbsolute(f));
  mkdirSync(DIST, { recursive: true });
  const hash = hashFiles([...files, ...TARGETS[name].extras]);
  writeFileSync(stampPath(name), `${JSON.stringify({ hash, inputs: [...new Set(files)].sort() }, null, 1)}\n`);
}

/**
 * The server: src/main.ts and everything it imports from src/ in one ESM file; every package stays external
 * (better-sqlite3 and pg are native or load files of their own; node_modules is there at run time anyway).
 * One file instead of ~250 saves Node resolving and reading each module on every start.
 */
async function buildServer() {
  const esbuild = await import('esbuild');
  const outfile = join(ROOT, 'dist/server/main.js');
  rmSync(dirname(outfile), { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/main.ts'],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class and function names stay as written: errors and logs name them, and bundling would otherwise rename
    // a class that has a namesake in another file.
    keepNames: true,
    sourcemap: 'linked',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceRelativeImportMeta(dirname(outfile))],
  });
  return Object.keys(result.metafile.inputs);
}

/**
 * Files that find their data next to their source (`new URL('../../../policies/…', import.meta.url)`, e.g. the
 * shipped complaint policy and grading templates) keep doing so: in them `import.meta.url` becomes the URL of the
 * original .ts file, computed from the bundle's own location, so the bundle reads policies/ from the checkout as
 * `tsx` does and a policy edit needs no rebuild.
 */
function sourceRelativeImportMeta(outdir) {
  return {
    name: 'source-relative-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const fromBundle = relative(outdir, args.path).split(sep).join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
}

/** The web app through vite.config.ts, plus a plugin that lists the modules it was made from. */
async function buildWeb() {
  const vite = await import('vite');
  const ids = new Set();
  await vite.build({
    root: join(ROOT, 'src/web'),
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    plugins: [
      {
        name: 'gauge-record-inputs',
        buildEnd() {
          for (const id of this.getModuleIds()) {
            const file = id.split('?')[0];
            if (isAbsolute(file) && file.startsWith(ROOT + sep) && existsSync(file)) ids.add(rel(file));
          }
        },
      },
    ],
  });
  return [...ids];
}

/** The targets whose output is missing or older than their inputs (scripts/start.mjs asks before it serves). */
export const staleTargets = () => Object.keys(TARGETS).filter((name) => !upToDate(name));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const wanted = args.filter((a) => a in TARGETS);
  for (const name of wanted.length ? wanted : Object.keys(TARGETS)) {
    if (!force && upToDate(name)) continue;
    const t0 = Date.now();
    rmSync(stampPath(name), { force: true });
    const inputs = await TARGETS[name].build();
    writeStamp(name, inputs.map((f) => (isAbsolute(f) ? rel(f) : f.split(sep).join('/'))));
    console.log(`build: ${name} → ${TARGETS[name].output} in ${((Date.now() - t0) / 1000).toFixed(1)} s (${inputs.length} inputs)`);
  }
}
