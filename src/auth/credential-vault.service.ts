import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  securityConfig,
  type EncryptionKey,
  type SecurityConfig,
} from '../config/security.config.js';

const VERSION = 'v1';

export class VaultDecryptionError extends Error {
  constructor(reason: string) {
    super(`Stored credential could not be decrypted: ${reason}`);
    this.name = 'VaultDecryptionError';
  }
}

/**
 * AES-256-GCM at rest, `v1:<keyId>:<nonce>:<ciphertext>:<tag>`; owner and field are authenticated
 * data, so a value copied to another row or column does not decrypt.
 */
@Injectable()
export class CredentialVault {
  private readonly current: EncryptionKey;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(@Inject(securityConfig.KEY) config: SecurityConfig) {
    this.current = config.encryptionKeys[0];
    this.keys = new Map(config.encryptionKeys.map((k) => [k.id, k.key]));
  }

  encrypt(plaintext: string, owner: string, field: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce);
    cipher.setAAD(aad(owner, field));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, b64(nonce), b64(ciphertext), b64(cipher.getAuthTag())].join(
      ':',
    );
  }

  decrypt(stored: string, owner: string, field: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new VaultDecryptionError('unknown format');
    const [, keyId, nonce, ciphertext, tag] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new VaultDecryptionError(`no key with id ${keyId} is configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(aad(owner, field));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new VaultDecryptionError('authentication failed');
    }
  }

  needsReencryption(stored: string): boolean {
    return stored.split(':')[1] !== this.current.id;
  }
}

const aad = (owner: string, field: string) => Buffer.from(`${owner}:${field}`, 'utf8');
const b64 = (buffer: Buffer) => buffer.toString('base64url');
