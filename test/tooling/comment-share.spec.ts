import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(process.cwd(), 'scripts/comment-share.mjs');

function share(root: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, root, ...args], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the comment ceiling (npm run lint:comments)', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comment-share-'));
    fs.mkdirSync(path.join(dir, 'feature'));
    fs.writeFileSync(
      path.join(dir, 'feature/thing.ts'),
      [
        '/**',
        ' * A doc comment: three lines.',
        ' */',
        'export const a = 1; // trailing: code',
        '',
        '// a line comment',
        ...Array.from({ length: 16 }, (_, i) => `export const b${i} = ${i};`),
      ].join('\n'),
    );
    // Specs and declaration files are not counted.
    fs.writeFileSync(path.join(dir, 'feature/thing.spec.ts'), '// only comments\n// here\n');
    fs.writeFileSync(path.join(dir, 'feature/shim.d.ts'), '// only comments\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts whole comment lines among the non-blank lines of the folder it is given', () => {
    const run = share(dir);
    expect(run.output).toContain('4 comment lines of 21 non-blank (19.0 %)');
    expect(run.status).toBe(0);
  });

  it('fails above --max and passes at or under it', () => {
    expect(share(dir, '--max', '5').status).toBe(1);
    expect(share(dir, '--max', '19.1').status).toBe(0);
  });

  it('passes on src as it is (the ceiling npm run lint applies)', () => {
    const run = share(path.join(process.cwd(), 'src'), '--max', '5');
    expect(run.output).toMatch(/src: \d+ comment lines/);
    expect(run.status).toBe(0);
  });
});
