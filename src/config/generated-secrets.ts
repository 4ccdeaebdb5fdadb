import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedSecrets {
  sessionSecret: string;
  encryptionKey: string;
  hashSecret: string;
}

const FILE_NAME = 'secrets.json';

/** Development default: secrets kept in the data folder; never used with NODE_ENV=production. */
export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, FILE_NAME);
  const existing = readSecrets(file);
  if (existing) return existing;
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(48).toString('base64url'),
    encryptionKey: `k1:${randomBytes(32).toString('base64')}`,
    hashSecret: randomBytes(32).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  // Written aside, then linked: workers starting together all get the one file that won.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readSecrets(file);
    if (winner) return winner;
    fs.renameSync(temp, file);
    return secrets;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function readSecrets(file: string): GeneratedSecrets | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GeneratedSecrets>;
  return parsed.sessionSecret && parsed.encryptionKey && parsed.hashSecret
    ? (parsed as GeneratedSecrets)
    : undefined;
}
