import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(process.cwd(), 'scripts/build-if-stale.mjs');

/** A tiny project laid out as crm-bridge's: tsconfig.build.json extends tsconfig.json. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        types: [],
        // The smallest lib: each of the many tsc runs stays under a second or two.
        lib: ['es5'],
        outDir: 'dist',
        rootDir: '.',
      },
      include: ['src', 'test'],
    }),
  );
  write(
    'tsconfig.build.json',
    JSON.stringify({ extends: './tsconfig.json', include: ['src'], exclude: ['**/*.spec.ts'] }),
  );
  write('package.json', JSON.stringify({ type: 'module' }));
  write('package-lock.json', '{}');
  write('src/a.ts', "import { b } from './b.js';\nexport const a = b + 1;\n");
  write('src/b.ts', 'export const b = 1;\n');
  write('src/a.spec.ts', 'export const spec = 1;\n');
  return dir;
}

function build(dir: string) {
  const run = spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** Moves a file's modification time forward: a save on a fast file system may keep it. */
function touch(file: string) {
  const later = new Date(fs.statSync(file).mtimeMs + 5000);
  fs.utimesSync(file, later, later);
}

describe('npm start builds only a stale build (scripts/build-if-stale.mjs)', () => {
  let dir: string;
  const out = (file: string) => path.join(dir, 'dist', file);

  beforeEach(() => {
    dir = project();
    expect(build(dir).output).toContain('no earlier build');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles the first time, then skips tsc while nothing changed', () => {
    expect(fs.readFileSync(out('src/a.js'), 'utf8')).toContain('b + 1');
    expect(fs.existsSync(out('src/a.spec.js'))).toBe(false);
    const run = build(dir);
    expect(run.output).toContain('up to date');
    expect(run.status).toBe(0);
  });

  it('rebuilds when a source is saved, and the output has the change', () => {
    fs.writeFileSync(path.join(dir, 'src/b.ts'), 'export const b = 41;\n');
    touch(path.join(dir, 'src/b.ts'));
    expect(build(dir).output).toContain('afresh');
    expect(fs.readFileSync(out('src/b.js'), 'utf8')).toContain('41');
  });

  it('rebuilds when a source is added, or a tsconfig or the lock file changes', () => {
    fs.writeFileSync(path.join(dir, 'src/c.ts'), 'export const c = 3;\n');
    expect(build(dir).output).toContain('afresh');
    expect(fs.existsSync(out('src/c.js'))).toBe(true);
    for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
      touch(path.join(dir, file));
      expect(build(dir).output).toContain('afresh');
    }
  });

  it('leaves no JS behind for a deleted source', () => {
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    fs.rmSync(path.join(dir, 'src/b.ts'));
    expect(build(dir).status).toBe(0);
    expect(fs.existsSync(out('src/b.js'))).toBe(false);
  });

  it('rebuilds when an emitted file is gone', () => {
    fs.rmSync(out('src/b.js'));
    expect(build(dir).output).toContain('afresh');
    expect(fs.existsSync(out('src/b.js'))).toBe(true);
  });

  it('ignores a spec file, and fails without a stamp when tsc fails', () => {
    fs.writeFileSync(path.join(dir, 'src/a.spec.ts'), 'export const spec = 2;\n');
    expect(build(dir).output).toContain('up to date');
    fs.writeFileSync(path.join(dir, 'src/b.ts'), 'export const b: number = "one";\n');
    const failed = build(dir);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain('TS2322');
    // Still stale: the next start compiles again instead of running half a build.
    expect(build(dir).output).toContain('afresh');
  });
});
