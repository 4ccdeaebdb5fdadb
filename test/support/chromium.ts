import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (`.ci/run` installs it when missing); no browser is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a warning, unless
 * REQUIRE_CHROMIUM=1 (as in CI), where a missing browser fails the run instead.
 */
export function chromiumAvailable(what: string): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_CHROMIUM === '1') {
    throw new Error(`REQUIRE_CHROMIUM=1 but there is no Chromium at ${CHROMIUM} (${what})`);
  }
  console.warn(`Skipping ${what}: no Chromium at ${CHROMIUM}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
