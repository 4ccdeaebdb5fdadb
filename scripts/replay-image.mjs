#!/usr/bin/env node
/**
 * Replays the Dockerfile without Docker: every stage becomes a folder standing for its root file
 * system; COPY copies from the build context (honouring .dockerignore) or from an earlier stage,
 * RUN runs in the stage's WORKDIR on this machine. Steps that change the system (apt-get, absolute
 * paths outside WORKDIR) are left to the base image and skipped, so the build tools (python3, make,
 * g++) must be installed here. The final stage then serves the sample CRM and crm-bridge as the
 * compose services do, its HEALTHCHECK command is run, and the final tree is measured.
 *
 *   node scripts/replay-image.mjs                   replay, check, report sizes (CI)
 *   node scripts/replay-image.mjs --keep            keep the stage folders
 *   node scripts/replay-image.mjs --list-context D  the files of D's build context, one a line
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** A .dockerignore pattern as Docker reads it: `*`, `?` within a segment, `**` across segments. */
function compilePattern(line) {
  const negated = line.startsWith('!');
  const text = path.posix.normalize((negated ? line.slice(1) : line).trim()).replace(/^\/+/, '');
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*' && text[i + 1] === '*') {
      source += text[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += text[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { negated, text, regex: new RegExp(`^${source}$`) };
}

function readIgnore(context) {
  const file = path.join(context, '.dockerignore');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map(compilePattern);
}

/** Docker's rule: a pattern matches a path or one of its parents; the last matching pattern wins. */
function excluded(rel, patterns) {
  const prefixes = rel.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let out = false;
  for (const p of patterns) {
    if (prefixes.some((prefix) => p.regex.test(prefix))) out = !p.negated;
  }
  return out;
}

/** The build context's files (relative paths); symbolic links are left out. */
function contextFiles(context) {
  const patterns = readIgnore(context);
  const files = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(context, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // An excluded folder is skipped unless a `!` pattern names something inside it.
        const reopened = patterns.some((p) => p.negated && p.text.startsWith(`${child}/`));
        if (!excluded(child, patterns) || reopened) walk(child);
      } else if (entry.isFile() && !excluded(child, patterns)) files.push(child);
    }
  };
  walk('');
  return files.sort();
}

/** Instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text) {
  const lines = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (!pending && (raw.trim().startsWith('#') || !raw.trim())) continue;
    if (raw.trimEnd().endsWith('\\')) pending += raw.trimEnd().slice(0, -1) + ' ';
    else {
      lines.push((pending + raw).trim());
      pending = '';
    }
  }
  return lines.map((line) => {
    const [, op, args] = /^(\S+)\s+(.*)$/s.exec(line);
    return { op: op.toUpperCase(), args: args.trim() };
  });
}

const log = (message) => console.log(`replay-image: ${message}`);

function fail(message) {
  console.error(`replay-image: FAILED: ${message}`);
  process.exit(1);
}

/** Sum of file sizes (what an image layer stores), in bytes. */
function treeBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, output) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) fail(`${url}: the process exited\n${output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  fail(`${url} did not answer\n${output()}`);
}

function start(command, args, cwd, env) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  return { child, output: () => text.split('\n').slice(-40).join('\n') };
}

async function stop({ child }) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Build every stage into `root`; returns the final stage. */
function build(root) {
  const context = contextFiles(repo);
  const stages = new Map();
  let stage;
  for (const { op, args } of parseDockerfile(
    fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8'),
  )) {
    const at = (p) => path.join(stage.dir, path.posix.resolve(stage.workdir, p));
    if (op === 'FROM') {
      const [base, , name] = args.split(/\s+/);
      const dir = path.join(root, name ?? 'final');
      const parent = stages.get(base);
      const major = /^node:(\d+)/.exec(base)?.[1];
      if (major && process.versions.node.split('.')[0] !== major) {
        fail(
          `${base} runs Node ${major}, this is ${process.version} (source scripts/use-node-24.sh)`,
        );
      }
      if (parent) fs.cpSync(parent.dir, dir, { recursive: true, verbatimSymlinks: true });
      else fs.mkdirSync(dir, { recursive: true });
      stage = {
        name: name ?? 'final',
        dir,
        base: parent?.base ?? base,
        workdir: parent?.workdir ?? '/',
        env: { ...parent?.env },
      };
      if (name) stages.set(name, stage);
      log(`stage ${stage.name} (FROM ${base})`);
    } else if (op === 'WORKDIR') {
      stage.workdir = path.posix.resolve(stage.workdir, args);
      fs.mkdirSync(at('.'), { recursive: true });
    } else if (op === 'ENV') {
      for (const [, k, v] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v;
    } else if (op === 'COPY') {
      const from = /^--from=(\S+)\s+/.exec(args);
      const parts = (from ? args.slice(from[0].length) : args).split(/\s+/);
      const dest = parts.pop();
      for (const source of parts) {
        const target = dest.endsWith('/') ? path.join(at(dest), path.basename(source)) : at(dest);
        if (from) {
          const src = path.join(stages.get(from[1]).dir, path.posix.resolve(stage.workdir, source));
          fs.cpSync(src, target, { recursive: true, verbatimSymlinks: true });
        } else {
          const files = context.filter((f) => f === source || f.startsWith(`${source}/`));
          if (!files.length) fail(`COPY ${source}: not in the build context`);
          for (const f of files) {
            const out = f === source ? target : path.join(target, f.slice(source.length + 1));
            fs.mkdirSync(path.dirname(out), { recursive: true });
            fs.copyFileSync(path.join(repo, f), out);
          }
        }
      }
    } else if (op === 'RUN') {
      if (/\bapt-get\b|(^|\s)\//.test(args)) {
        log(`skipped (system step of the base image): ${args.slice(0, 70)}…`);
        continue;
      }
      log(`RUN ${args}`);
      const run = spawnSync('/bin/sh', ['-c', args], {
        cwd: at('.'),
        env: { ...process.env, ...stage.env },
        stdio: 'inherit',
      });
      if (run.status !== 0) fail(`RUN ${args}: exit ${run.status}`);
    } else if (op === 'CMD' || op === 'HEALTHCHECK') {
      stage[op.toLowerCase()] = JSON.parse(args.slice(args.indexOf('[')));
    }
  }
  return stage;
}

/** node-gyp's intermediate files, better-sqlite3's sources, packages only dev dependencies need. */
function unwanted(app) {
  const found = [];
  const leftover =
    /(^|\/)build\/(Makefile|config\.gypi|[^/]+\.mk|deps|Release\/(obj|obj\.target|\.deps))$|\.[oa]$|^better-sqlite3\/(deps|src)$/;
  for (const entry of fs.readdirSync(path.join(app, 'node_modules'), { recursive: true })) {
    if (leftover.test(entry)) found.push(entry);
  }
  const lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8'));
  for (const [where, pkg] of Object.entries(lock.packages)) {
    if ((pkg.dev || pkg.devOptional) && where && fs.existsSync(path.join(app, where)))
      found.push(where);
  }
  return found;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--list-context') {
    for (const file of contextFiles(path.resolve(args[1] ?? repo))) console.log(file);
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-image-'));
  try {
    const final = build(root);
    const app = path.join(final.dir, final.workdir);
    const leftovers = unwanted(app);
    if (leftovers.length) fail(`not needed at run time:\n  ${leftovers.join('\n  ')}`);
    log('no native build leftovers and no dev-only packages in node_modules');

    const data = fs.mkdtempSync(path.join(root, 'data-'));
    const [port, crmPort] = [await freePort(), await freePort()];
    const env = {
      PATH: process.env.PATH,
      ...final.env,
      PORT: String(port),
      DATA_DIR: data,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
      HASH_SECRET: randomBytes(32).toString('hex'),
      SAMPLE_CRM_URL: `http://127.0.0.1:${crmPort}`,
      ALLOW_PRIVATE_CRM_HOSTS: 'true',
    };
    const crm = start('node', ['dist/examples/sample-crm/main.js'], app, {
      ...env,
      SAMPLE_CRM_PORT: String(crmPort),
    });
    const bridge = start(final.cmd[0], final.cmd.slice(1), app, env);
    try {
      await waitFor(
        `http://127.0.0.1:${crmPort}/oauth/.well-known/openid-configuration`,
        crm.child,
        crm.output,
      );
      await waitFor(`http://127.0.0.1:${port}/isAlive`, bridge.child, bridge.output);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      const body = await health.text();
      if (health.status !== 200 || !body.includes('"status":"ok"'))
        fail(`/health: ${health.status} ${body}`);
      const alive = await (await fetch(`http://127.0.0.1:${port}/isAlive`)).text();
      if (alive !== 'OK') fail(`/isAlive: ${alive}`);
      const check = spawnSync(final.healthcheck[0], final.healthcheck.slice(1), { cwd: app, env });
      if (check.status !== 0) fail(`HEALTHCHECK exited ${check.status}: ${check.stderr}`);
      if (!fs.existsSync(path.join(data, 'crm-bridge.sqlite'))) fail('no SQLite file in DATA_DIR');
      log('the final tree serves /isAlive and /health on SQLite; HEALTHCHECK passes');
    } finally {
      await stop(bridge);
      await stop(crm);
    }

    fs.rmSync(data, { recursive: true, force: true });
    const sizes = ['node_modules', 'dist'].map((d) => [d, treeBytes(path.join(app, d))]);
    const total = treeBytes(final.dir);
    const du = execFileSync('du', ['-sh', final.dir], { encoding: 'utf8' }).split('\t')[0];
    log(
      `final tree ${mb(total)} (${sizes.map(([d, b]) => `${d} ${mb(b)}`).join(', ')}; ` +
        `du ${du}), on top of ${final.base}`,
    );
  } finally {
    if (args.includes('--keep')) log(`stages kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
