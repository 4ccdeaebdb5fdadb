import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();

/** The build context as scripts/replay-image.mjs reads it (Docker's .dockerignore rules). */
const listContext = (dir: string) =>
  execFileSync(process.execPath, ['scripts/replay-image.mjs', '--list-context', dir], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);

/**
 * The image's build context (the full replay of the Dockerfile takes minutes and runs in
 * .ci/run only): what the Dockerfile copies is in it, local state and secrets never are.
 */
describe('docker build context (.dockerignore)', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-context-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), 'x');
  };

  it('keeps the sources and leaves out secrets, local state, dependencies and test artefacts', () => {
    fs.copyFileSync(path.join(REPO, '.dockerignore'), path.join(dir, '.dockerignore'));
    const kept = ['package.json', 'package-lock.json', '.prebuild-installrc', 'src/main.ts'];
    const left = [
      'data/secrets.json',
      'data/crm-bridge.sqlite',
      '.env',
      'prod.env',
      'src/local.env',
      '.git/config',
      'node_modules/x/index.js',
      'examples/sample-crm/node_modules/x/index.js',
      'dist/src/main.js',
      'coverage/lcov.info',
      'bench/results/2026-01-01.json',
      'test/e2e/health.spec.ts',
      'src/main.spec.ts',
      'server.log',
      '.tmp/x',
    ];
    [...kept, ...left].forEach(write);

    expect(listContext(dir)).toEqual([...kept].sort());
  });

  it('holds every path the Dockerfile copies from the context, and nothing at the top besides', () => {
    const files = listContext(REPO);
    const copied = fs
      .readFileSync(path.join(REPO, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));

    for (const source of copied) {
      expect(files.some((f) => f === source || f.startsWith(`${source}/`))).toBe(true);
    }
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(new Set(copied));
  });
});
