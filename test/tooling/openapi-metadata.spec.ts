import { spawnSync } from 'node:child_process';

/** src/metadata.ts is generated from the DTOs; a DTO change must come with the regenerated file. */
describe('src/metadata.ts (npm run openapi:metadata)', () => {
  it('is what scripts/generate-openapi-metadata.mjs makes of the current DTOs', () => {
    const run = spawnSync(process.execPath, ['scripts/generate-openapi-metadata.mjs', '--check'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(`${run.status} ${run.stderr}`).toBe('0 ');
  }, 120_000);
});
