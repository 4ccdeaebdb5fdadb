import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedSecrets {
  sessionSecret: string;
  encryptionKey: string;
  hashSecret: string;
}

const FILE_NAME = 'secrets.json';

/**
 * Development default: secrets created on first start and kept in the data folder (mode 0600), so
 * sessions and encrypted credentials survive restarts. Never used with NODE_ENV=production.
 */
export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, FILE_NAME);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GeneratedSecrets>;
    if (parsed.sessionSecret && parsed.encryptionKey && parsed.hashSecret) {
      return parsed as GeneratedSecrets;
    }
  }
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(48).toString('base64url'),
    encryptionKey: `k1:${randomBytes(32).toString('base64')}`,
    hashSecret: randomBytes(32).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
