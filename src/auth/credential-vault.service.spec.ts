import { randomBytes } from 'node:crypto';
import type { SecurityConfig } from '../config/security.config.js';
import { CredentialVault, VaultDecryptionError } from './credential-vault.service.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const vaultWith = (...keys: { id: string; key: Buffer }[]) =>
  new CredentialVault({ encryptionKeys: keys } as SecurityConfig);

describe('CredentialVault', () => {
  const k1 = key('k1');
  const vault = vaultWith(k1);

  it('round-trips a value and never stores the plaintext', () => {
    const stored = vault.encrypt('sample-key-alice', 'user-1', 'apiKey');
    expect(stored).not.toContain('sample-key-alice');
    expect(stored.startsWith('v1:k1:')).toBe(true);
    expect(vault.decrypt(stored, 'user-1', 'apiKey')).toBe('sample-key-alice');
  });

  it('uses a fresh nonce for every value', () => {
    expect(vault.encrypt('same', 'u', 'f')).not.toBe(vault.encrypt('same', 'u', 'f'));
  });

  it('binds a value to its owner and field', () => {
    const stored = vault.encrypt('secret', 'user-1', 'apiKey');
    expect(() => vault.decrypt(stored, 'user-2', 'apiKey')).toThrow(VaultDecryptionError);
    expect(() => vault.decrypt(stored, 'user-1', 'accessToken')).toThrow(VaultDecryptionError);
  });

  it('detects tampering', () => {
    const parts = vault.encrypt('secret', 'u', 'f').split(':');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => vault.decrypt(parts.join(':'), 'u', 'f')).toThrow('authentication failed');
  });

  it('decrypts values under an older key after rotation and encrypts under the new one', () => {
    const old = vault.encrypt('secret', 'u', 'f');
    const rotated = vaultWith(key('k2'), k1);
    expect(rotated.decrypt(old, 'u', 'f')).toBe('secret');
    expect(rotated.needsReencryption(old)).toBe(true);
    const fresh = rotated.encrypt('secret', 'u', 'f');
    expect(fresh.startsWith('v1:k2:')).toBe(true);
    expect(rotated.needsReencryption(fresh)).toBe(false);
  });

  it('refuses a value whose key is no longer configured, without echoing the value', () => {
    const stored = vaultWith(key('gone')).encrypt('secret', 'u', 'f');
    expect(() => vault.decrypt(stored, 'u', 'f')).toThrow('no key with id gone');
  });
});
