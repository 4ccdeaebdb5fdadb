import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../unique-violation.js';
import { LeaseEntity } from './lease.entity.js';

/** leases.lease_key holds this many characters. */
const KEY_LENGTH = 191;

/** A key that fits the column; a longer one (it may end in a 255-character CRM id) by its digest. */
function storedKey(key: string): string {
  if (key.length <= KEY_LENGTH) return key;
  return `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * Exclusive leases shared by every instance through the database: taking one is an INSERT on its
 * primary key (or a compare-and-swap over an expired holder); releasing is compare-and-delete.
 */
@Injectable()
export class LeaseService {
  constructor(@InjectRepository(LeaseEntity) private readonly leases: Repository<LeaseEntity>) {}

  /** Takes the lease if it is free or expired; the owner token to release with, or null. */
  async tryAcquire(name: string, ttlMs: number, now = new Date()): Promise<string | null> {
    const key = storedKey(name);
    const owner = randomUUID();
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.leases.insert({ key, owner, expiresAt });
      return owner;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const holder = await this.leases.findOneBy({ key });
    if (!holder || holder.expiresAt > now) return null;
    const taken = await this.leases.update({ key, owner: holder.owner }, { owner, expiresAt });
    return taken.affected === 1 ? owner : null;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.leases.delete({ key: storedKey(name), owner });
  }

  /**
   * Runs `work` while holding the lease, waiting up to `waitMs` for it (polling with jittered
   * backoff). Throws LeaseBusyError when another holder keeps it longer.
   */
  async withLease<T>(
    key: string,
    options: { ttlMs: number; waitMs: number },
    work: () => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + options.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const owner = await this.tryAcquire(key, options.ttlMs);
      if (owner) {
        try {
          return await work();
        } finally {
          await this.release(key, owner);
        }
      }
      if (Date.now() >= deadline) throw new LeaseBusyError(key);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(25 * 2 ** attempt, 250) * (0.5 + Math.random())),
      );
    }
  }
}

/** Another holder kept the lease longer than the caller would wait. */
export class LeaseBusyError extends Error {
  constructor(readonly key: string) {
    super(`lease ${key} is held by another request`);
    this.name = 'LeaseBusyError';
  }
}
