import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from './define-config.js';
import { isPlaceholderSecret, parseEncryptionKeys, securityConfig } from './security.config.js';

const goodKey = () => randomBytes(32).toString('base64');
const strong = () => randomBytes(32).toString('base64url');

describe('security config', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('generates secrets into the data folder outside production, and reuses them on the next start', () => {
    const first = securityConfig.read({ DATA_DIR: dataDir });
    expect(first.generated).toBe(true);
    const file = path.join(dataDir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = securityConfig.read({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.encryptionKeys[0].key.equals(first.encryptionKeys[0].key)).toBe(true);
  });

  it('prefers configured secrets over generated ones', () => {
    const secret = strong();
    const config = securityConfig.read({
      DATA_DIR: dataDir,
      SESSION_SECRET: secret,
      ENCRYPTION_KEY: `main:${goodKey()}`,
      HASH_SECRET: strong(),
    });
    expect(config.sessionSecret).toBe(secret);
    expect(config.encryptionKeys.map((k) => k.id)).toEqual(['main']);
    expect(config.generated).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  it.each([
    [{}, 'SESSION_SECRET, ENCRYPTION_KEY, HASH_SECRET must be set when NODE_ENV=production'],
    [
      {
        SESSION_SECRET: 'change-me-to-a-long-random-string',
        ENCRYPTION_KEY: goodKey(),
        HASH_SECRET: strong(),
      },
      'SESSION_SECRET is a placeholder',
    ],
    [
      { SESSION_SECRET: strong(), ENCRYPTION_KEY: '<base64 key>', HASH_SECRET: strong() },
      'ENCRYPTION_KEY is a placeholder',
    ],
    [{ SESSION_SECRET: strong(), ENCRYPTION_KEY: goodKey() }, 'HASH_SECRET must be set'],
    [
      { SESSION_SECRET: 'short-but-real-7f3a', ENCRYPTION_KEY: goodKey(), HASH_SECRET: strong() },
      'SESSION_SECRET must be at least 32 characters',
    ],
    [
      { SESSION_SECRET: strong(), ENCRYPTION_KEY: 'k1:dG9vLXNob3J0', HASH_SECRET: strong() },
      'must be 32 random bytes in base64',
    ],
  ])('refuses to start in production with %j', (env, message) => {
    const read = () => securityConfig.read({ NODE_ENV: 'production', DATA_DIR: dataDir, ...env });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(message);
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('never puts a secret value into its error messages', () => {
    const key = 'k1:' + Buffer.alloc(31, 7).toString('base64');
    try {
      securityConfig.read({
        NODE_ENV: 'production',
        SESSION_SECRET: strong(),
        ENCRYPTION_KEY: key,
        HASH_SECRET: strong(),
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain(key.slice(3));
    }
  });

  it('parses several keys for rotation, first one current', () => {
    const keys = parseEncryptionKeys(`new:${goodKey()}, old:${goodKey()}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(parseEncryptionKeys(goodKey())[0].id).toBe('k1');
    expect(() => parseEncryptionKeys(`a:${goodKey()},a:${goodKey()}`)).toThrow('unique');
    expect(() => parseEncryptionKeys(`bad id:${goodKey()}`)).toThrow('key id');
  });

  it.each([
    'change-me',
    'CHANGEME',
    'replace-me-please',
    '<secret>',
    '${SESSION_SECRET}',
    'xxxx',
    'your-secret-here',
  ])('recognises %s as a placeholder', (value) => expect(isPlaceholderSecret(value)).toBe(true));

  it('does not take random secrets for placeholders', () => {
    for (let i = 0; i < 50; i += 1) expect(isPlaceholderSecret(strong())).toBe(false);
  });
});
