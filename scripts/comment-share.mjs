#!/usr/bin/env node
// Share of comment lines among the non-blank lines of the non-test TypeScript under a folder.
//   node scripts/comment-share.mjs [folder=src] [--max <percent>] [--by-folder]
// A line counts as comment when it is wholly comment (`//…`, or inside or opening a `/* … */` block);
// code with a trailing comment counts as code. With --max, exits 1 when the share is above it.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt === -1 ? undefined : Number(args[maxAt + 1]);
const byFolder = args.includes('--by-folder');
const root = args.find((a, i) => !a.startsWith('--') && (maxAt === -1 || i !== maxAt + 1)) ?? 'src';

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(file);
    else if (/\.ts$/.test(file) && !/\.(spec|test)\.ts$/.test(file) && !/\.d\.ts$/.test(file))
      yield file;
  }
}

function count(text) {
  let lines = 0;
  let comments = 0;
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    lines++;
    if (inBlock) {
      comments++;
      if (line.includes('*/')) inBlock = false;
    } else if (line.startsWith('//')) {
      comments++;
    } else if (line.startsWith('/*')) {
      comments++;
      inBlock = !line.includes('*/');
    }
  }
  return { lines, comments };
}

const folders = new Map();
let total = { lines: 0, comments: 0 };
for (const file of sources(root)) {
  const c = count(fs.readFileSync(file, 'utf8'));
  const key = path.relative(root, file).split(path.sep).slice(0, -1)[0] ?? '.';
  const f = folders.get(key) ?? { lines: 0, comments: 0 };
  folders.set(key, { lines: f.lines + c.lines, comments: f.comments + c.comments });
  total = { lines: total.lines + c.lines, comments: total.comments + c.comments };
}
const pct = (c) => ((100 * c.comments) / Math.max(c.lines, 1)).toFixed(1);
if (byFolder) {
  for (const [key, c] of [...folders].sort((a, b) => b[1].comments - a[1].comments))
    console.log(
      `${key.padEnd(20)} ${String(c.comments).padStart(5)} / ${String(c.lines).padStart(6)}  ${pct(c)} %`,
    );
}
console.log(
  `${root}: ${total.comments} comment lines of ${total.lines} non-blank (${pct(total)} %)`,
);
if (max !== undefined && (100 * total.comments) / Math.max(total.lines, 1) > max) {
  console.error(`comment share is above ${max} %`);
  process.exit(1);
}
