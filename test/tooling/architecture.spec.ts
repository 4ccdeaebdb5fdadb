import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const DEPCRUISE = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
/** Each run parses the whole of src: seconds on a busy machine. */
const SLOW = 120_000;

/** `npm run lint:deps` (the dependency half of `npm run lint`) in `cwd`. */
function lintDeps(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, 'src', '--config', '.dependency-cruiser.mjs', '--output-type', 'err'],
    { cwd, encoding: 'utf8', timeout: SLOW },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A forbidden import per rule, each in its own file: the rule that must name it. */
const FORBIDDEN: Record<string, { file: string; text: string }> = {
  'crm-not-to-providers': {
    file: 'src/crm/__forbidden.ts',
    text: "export { ProvidersModule } from '../providers/providers.module.js';\n",
  },
  'src-not-to-examples': {
    file: 'src/manifest/__forbidden.ts',
    text: "export { startSampleCrm } from '../../examples/sample-crm/sample-crm.js';\n",
  },
  // Type-only imports count.
  'common-imports-no-feature': {
    file: 'src/common/__forbidden.ts',
    text: "import type { UserEntity } from '../users/user.entity.js';\nexport type U = UserEntity;\n",
  },
  'feature-internals': {
    file: 'src/contacts/__forbidden.ts',
    text: "export { ApiKeyLoginDto } from '../auth/dto/api-key-login.dto.js';\n",
  },
  // auth imports users: users importing auth's public module closes a folder cycle.
  'no-folder-cycles': {
    file: 'src/users/__forbidden.ts',
    text: "export { AuthModule } from '../auth/auth.module.js';\n",
  },
};

describe('the import direction (npm run lint)', () => {
  let copy: string;

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-'));
    for (const entry of ['src', 'examples', 'tsconfig.json', '.dependency-cruiser.mjs']) {
      fs.cpSync(path.join(REPO, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  it(
    'passes on the tree as it is',
    () => {
      const run = lintDeps(REPO);
      expect(run.output).toContain('no dependency violations found');
      expect(run.status).toBe(0);
    },
    SLOW,
  );

  it(
    'fails on each forbidden import, naming its rule and file',
    () => {
      for (const { file, text } of Object.values(FORBIDDEN)) {
        fs.writeFileSync(path.join(copy, file), text);
      }
      const run = lintDeps(copy);
      expect(run.status).not.toBe(0);
      for (const [rule, { file }] of Object.entries(FORBIDDEN)) {
        const named = run.output
          .split('\n')
          .some((line) => line.includes(`error ${rule}:`) && line.includes(path.dirname(file)));
        if (!named) throw new Error(`${rule} did not name ${file}:\n${run.output}`);
      }
    },
    SLOW,
  );
});
