#!/usr/bin/env node
// `npm start` (prestart) and the other run scripts: compile with tsc only when the build is stale.
// Stale means a source, JSON file, tsconfig or package-lock.json under the project changed, was
// added or was deleted since the last build (path, size and modification time of each), or a file
// that build emitted is gone. A stale build starts from an empty output folder, so the JS of a
// deleted source never survives. Usage: node scripts/build-if-stale.mjs [--project <tsconfig>]
// [--force]; run from the project root. Exit code: tsc's.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const root = process.cwd();
const project = option('--project', 'tsconfig.build.json');
const force = args.includes('--force');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Reached through `import … with { type: 'json' }` from src, so emitted with it, but not in `include`.
const EXTRA_INPUTS = ['schemas', 'package-lock.json'];

/** The tsconfig chain from `file` up its `extends`; null when one is not plain JSON (comments). */
function tsconfigChain(file) {
  const chain = [];
  for (let current = path.resolve(root, file); current;) {
    let config;
    try {
      config = JSON.parse(fs.readFileSync(current, 'utf8'));
    } catch {
      return null;
    }
    chain.push({ file: current, config });
    current =
      typeof config.extends === 'string' && config.extends.startsWith('.')
        ? path.resolve(path.dirname(current), config.extends)
        : null;
  }
  return chain;
}

function walk(entry, skip, into) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    const name = path.basename(entry);
    if (name === 'node_modules' || name === 'dist') return;
    for (const child of fs.readdirSync(entry)) walk(path.join(entry, child), skip, into);
  } else if (!skip.some((suffix) => entry.endsWith(suffix))) {
    into.push(`${path.relative(root, entry)}\t${stat.size}\t${stat.mtimeMs}`);
  }
}

/** What the build depends on, as one hash; null when it cannot be told (always build then). */
function fingerprint(chain) {
  const first = (key) => chain.map(({ config }) => config[key]).find((value) => value);
  const include = first('include') ?? [];
  // `**/*.spec.ts`-style excludes: files by suffix; other excludes are only narrowed by the walk.
  const skip = (first('exclude') ?? [])
    .filter((pattern) => pattern.startsWith('**/*'))
    .map((pattern) => pattern.slice(4));
  const files = [];
  for (const { file } of chain) walk(file, [], files);
  for (const entry of [...include, ...EXTRA_INPUTS]) walk(path.resolve(root, entry), skip, files);
  return createHash('sha256').update(files.sort().join('\n')).digest('hex');
}

const chain = tsconfigChain(project);
const outDir = path.resolve(
  root,
  chain?.map(({ config }) => config.compilerOptions?.outDir).find(Boolean) ?? 'dist',
);
const stampFile = path.join(outDir, '.build-stamp.json');
const current = chain && fingerprint(chain);

function stamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

const previous = stamp();
if (
  !force &&
  current &&
  previous?.fingerprint === current &&
  Array.isArray(previous.outputs) &&
  previous.outputs.every((file) => fs.existsSync(path.join(outDir, file)))
) {
  console.log(`build: up to date (${path.relative(root, outDir)}/), tsc skipped`);
  process.exit(0);
}

console.log(
  `build: ${previous ? 'sources changed' : 'no earlier build'}, compiling ${project} afresh`,
);
fs.rmSync(outDir, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, '-p', project, '--listEmittedFiles'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const outputs = [];
for (const line of run.stdout.split('\n')) {
  if (line.startsWith('TSFILE: ')) outputs.push(path.relative(outDir, line.slice(8).trim()));
  else if (line.trim()) console.log(line);
}
if (run.status !== 0) process.exit(run.status ?? 1);
// The fingerprint is the one taken before compiling: a file saved during the build rebuilds next time.
if (current) fs.writeFileSync(stampFile, `${JSON.stringify({ fingerprint: current, outputs })}\n`);
