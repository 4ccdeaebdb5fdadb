import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Repository } from 'typeorm';
import { ClaimStore } from './claim-store.js';
import { NamedClaimEntity } from './named-claim.entity.js';
import { waitForClaim } from './wait-for-claim.js';

const KEY_LENGTH = 191;

function storedKey(key: string): string {
  if (key.length <= KEY_LENGTH) return key;
  return `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

/** Exclusive claims on names, shared by every instance through the database. */
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

  /** Runs `work` holding the claim; ClaimBusyError when it is not had within `waitMs`. */
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

export class ClaimBusyError extends Error {
  constructor(readonly key: string) {
    super(`claim ${key} is held by another request`);
    this.name = 'ClaimBusyError';
  }
}
