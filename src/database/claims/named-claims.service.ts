import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Repository } from 'typeorm';
import { ClaimStore } from './claim-store.js';
import { NamedClaimEntity } from './named-claim.entity.js';
import { waitForClaim } from './wait-for-claim.js';

/** leases.lease_key holds this many characters. */
const KEY_LENGTH = 191;

/** A key that fits the column; a longer one (it may end in a 255-character CRM id) by its digest. */
function storedKey(key: string): string {
  if (key.length <= KEY_LENGTH) return key;
  return `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * Exclusive claims on names, shared by every instance through the database: taking one inserts its
 * row (or takes over an expired holder's); releasing deletes it.
 */
@Injectable()
export class NamedClaims {
  private readonly store: ClaimStore<NamedClaimEntity>;

  constructor(@InjectRepository(NamedClaimEntity) rows: Repository<NamedClaimEntity>) {
    this.store = new ClaimStore(
      rows,
      { token: 'token', expiresAt: 'expiresAt' },
      30_000,
      new Logger('NamedClaims'),
    );
  }

  /** Takes the claim if it is free or expired; the token to release it with, or null. */
  async tryClaim(name: string, ttlMs: number, now = new Date()): Promise<string | null> {
    const key = storedKey(name);
    return (
      (await this.store.insert({ key }, { now, ttlMs })) ??
      (await this.store.take({ key }, { now, ttlMs }))
    );
  }

  async release(name: string, token: string): Promise<void> {
    await this.store.release({ key: storedKey(name) }, token, { remove: true });
  }

  /**
   * Runs `work` while holding the claim, waiting up to `waitMs` for it. Throws ClaimBusyError when
   * another holder keeps it longer.
   */
  async withClaim<T>(
    name: string,
    options: { ttlMs: number; waitMs: number },
    work: () => Promise<T>,
  ): Promise<T> {
    const token = await waitForClaim(() => this.tryClaim(name, options.ttlMs), options.waitMs);
    if (!token) throw new ClaimBusyError(name);
    try {
      return await work();
    } finally {
      await this.release(name, token);
    }
  }
}

/** Another holder kept the claim longer than the caller would wait. */
export class ClaimBusyError extends Error {
  constructor(readonly key: string) {
    super(`claim ${key} is held by another request`);
    this.name = 'ClaimBusyError';
  }
}
