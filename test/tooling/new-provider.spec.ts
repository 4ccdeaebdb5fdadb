import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import { sampleCrmCredentials } from '../provider-kit/sample-crm-credentials.js';

const REPO = process.cwd();
/** The copy compiles, lints and runs jest: minutes on a slow machine, not milliseconds. */
const SLOW = 180_000;

/** Each shape's flag, the scaffold it goes into, and the helper call that shows it was used. */
const SHAPES = [
  ['paged-crm', '--paginated', 'readPages<'],
  ['phones-crm', '--phones-array', 'keepPhoneMatches('],
  ['unix-crm', '--unix-seconds', "toCrmTime(log.startTime, 'unixSeconds')"],
  ['replace-crm', '--full-replace', 'ctx.http.put('],
  ['conflict-crm', '--conflict-id', 'error.status !== 409'],
] as const;
const GENERATED = ['acme-crm', 'globex', ...SHAPES.map(([name]) => name), 'shaped-crm'];

/** What a scaffolded provider needs of the repository to compile, lint and be tested. */
const COPIED = [
  'package.json',
  'tsconfig.json',
  'jest.config.js',
  'eslint.config.js',
  '.prettierrc.json',
  'src',
  'test',
  'examples',
  'schemas',
  'scripts',
  'docs',
];

/**
 * `npm run new:provider` run into a copy of the repository: the scaffold is bound and registered,
 * type-checks, lints, is formatted, its specs pass, and the provider kit passes against the sample
 * CRM (whose API the scaffold speaks until it is changed to the real CRM's).
 */
describe('npm run new:provider', () => {
  let copy: string;
  let crm: RunningSampleCrm;

  /** Node in the copy, asynchronously: the sample CRM answers from this process meanwhile. */
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: copy, env: process.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const generate = (...args: string[]) =>
    run([path.join(REPO, 'scripts/new-provider.mjs'), ...args, '--root', copy]);
  const read = (file: string) => fs.readFileSync(path.join(copy, file), 'utf8');

  beforeAll(async () => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'new-provider-'));
    for (const entry of COPIED) {
      fs.cpSync(path.join(REPO, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    crm = await startSampleCrm();
  }, SLOW);
  afterAll(async () => {
    await crm.close();
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it(
    'scaffolds an API-key provider and an OAuth one, bound and configured',
    async () => {
      const apiKey = await generate('acme-crm', '--display-name', 'Acme CRM');
      expect(apiKey.stderr).toBe('');
      expect(apiKey.status).toBe(0);
      expect(apiKey.stdout).toContain('Scaffolded Acme CRM (platform acme-crm, API key)');
      expect((await generate('globex', '--auth', 'oauth')).status).toBe(0);
      for (const file of [
        'src/providers/acme-crm/acme-crm.provider.ts',
        'src/providers/acme-crm/acme-crm.provider.spec.ts',
        'src/config/acme-crm.config.ts',
        'test/provider-kit/acme-crm.env.example',
        'docs/providers/acme-crm.md',
        'src/providers/globex/globex.provider.ts',
      ]) {
        expect(fs.existsSync(path.join(copy, file))).toBe(true);
      }
      expect(read('src/providers/providers.module.ts')).toMatch(
        /const PROVIDER_CLASSES: Type<CrmProvider>\[\] = \[\s*AcmeCrmProvider,\s*GlobexProvider,?\s*\];/,
      );
      expect(read('src/config/config.module.ts')).toMatch(/acmeCrmConfig,\s*globexConfig,\s*\];/);
      expect(read('src/providers/acme-crm/acme-crm.provider.ts')).toContain(
        "readonly platform = 'acme-crm';",
      );
      // The pattern the client registers the platform by (the manifest's urlIdentifier).
      expect(read('src/providers/globex/globex.provider.ts')).toMatch(
        /get urlIdentifier\(\): string \{\n\s+return `\$\{this\.config\.url \? new URL\(this\.config\.url\)\.host : 'globex\.example'\}\/\*`;/,
      );
    },
    SLOW,
  );

  it(
    "scaffolds each common API shape with src/crm's helpers, alone and all together",
    async () => {
      for (const [name, flag, uses] of SHAPES) {
        const result = await generate(name, flag);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain(`(platform ${name}, API key, ${flag})`);
        expect(read(`src/providers/${name}/${name}.provider.ts`)).toContain(uses);
      }
      const all = await generate(
        'shaped-crm',
        '--auth',
        'oauth',
        ...SHAPES.map(([, flag]) => flag),
      );
      expect(all.status).toBe(0);
      const shaped = read('src/providers/shaped-crm/shaped-crm.provider.ts');
      for (const [, , uses] of SHAPES) expect(shaped).toContain(uses);
      expect(read('docs/providers/shaped-crm.md')).toContain('- [ ] Times in unix seconds');
      // The sample CRM's shapes are left out: one phone field, ISO times, PATCH, Idempotency-Key.
      expect(shaped).not.toMatch(/searchPhoneVariants|toISOString|http\.patch|idempotencyKey:/);
      expect(read('src/providers/providers.module.ts')).toMatch(
        /GlobexProvider,\s*PagedCrmProvider,\s*PhonesCrmProvider,\s*UnixCrmProvider,\s*ReplaceCrmProvider,\s*ConflictCrmProvider,\s*ShapedCrmProvider,\s*\];/,
      );
    },
    SLOW,
  );

  it(
    'refuses a taken or malformed name, writing nothing',
    async () => {
      const before = read('src/providers/providers.module.ts');
      for (const [name, reason] of [
        ['acme-crm', 'a provider named acme-crm already exists'],
        ['sample-crm-json', 'a provider named sample-crm-json already exists'],
        ['sample-crm-apikey', 'a provider named sample-crm-apikey already exists'],
        ['Acme', 'Acme is not a platform name'],
        ['acme--crm', 'acme--crm is not a platform name'],
      ]) {
        const result = await generate(name);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(reason);
      }
      expect((await generate('initech', '--auth', 'saml')).stderr).toContain(
        '--auth must be apiKey or oauth',
      );
      expect(fs.existsSync(path.join(copy, 'src/providers/initech'))).toBe(false);
      expect(read('src/providers/providers.module.ts')).toBe(before);
    },
    SLOW,
  );

  it(
    'type-checks, lints and is formatted',
    async () => {
      const tsc = await run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
      const generated = [
        ...GENERATED.map((name) => `src/providers/${name}`),
        ...GENERATED.map((name) => `src/config/${name}.config.ts`),
        'src/providers/providers.module.ts',
        'src/config/config.module.ts',
      ];
      const lint = await run(['node_modules/eslint/bin/eslint.js', ...generated]);
      expect(lint.stdout + lint.stderr).toBe('');
      const format = await run([
        'node_modules/prettier/bin/prettier.cjs',
        '--check',
        ...generated,
        'docs/providers',
      ]);
      expect(format.status).toBe(0);
    },
    SLOW,
  );

  it(
    'passes its own specs',
    async () => {
      const jest = await run([
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        'node_modules/jest/bin/jest.js',
        '--selectProjects',
        'unit',
        '--testPathPatterns',
        `src/providers/(${GENERATED.join('|')})/`,
      ]);
      // 5 each for acme-crm and globex; the shapes add their own (9 for all of them together).
      expect(jest.stderr).toMatch(/Test Suites: +8 passed, 8 total/);
      expect(jest.stderr).toMatch(/Tests: +48 passed, 48 total/);
      expect(jest.status).toBe(0);
    },
    SLOW,
  );

  it(
    'passes the provider kit against the sample CRM, through the kit command',
    async () => {
      const kit = (platform: string, lines: string[]) => {
        const envFile = path.join(copy, `${platform}.env`);
        fs.writeFileSync(
          envFile,
          ['SAMPLE_CRM=false', ...lines, 'KIT_USER_NAME=Alice Example'].join('\n'),
        );
        return run(['scripts/provider-kit.mjs', '--platform', platform, '--env-file', envFile]);
      };
      const apiKey = await kit('acme-crm', [
        `ACME_CRM_URL=${crm.url}`,
        'KIT_API_KEY=sample-key-alice',
      ]);
      expect(apiKey.stderr).toMatch(/Tests: +4 skipped, 7 passed, 11 total/);
      expect(apiKey.status).toBe(0);

      const tokens = await sampleCrmCredentials(crm, 'oauth', 'alice');
      const oauth = await kit('globex', [
        `GLOBEX_URL=${crm.url}`,
        'GLOBEX_CLIENT_ID=crm-bridge',
        'GLOBEX_CLIENT_SECRET=crm-bridge-secret',
        `KIT_ACCESS_TOKEN=${tokens.accessToken}`,
        `KIT_REFRESH_TOKEN=${tokens.refreshToken}`,
      ]);
      expect(oauth.stderr).toMatch(/Tests: +3 skipped, 8 passed, 11 total/);
      expect(oauth.status).toBe(0);
    },
    SLOW,
  );
});
