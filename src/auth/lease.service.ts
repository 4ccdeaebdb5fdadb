import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.js';
import { LeaseEntity } from './lease.entity.js';

/**
 * Exclusive leases shared by every instance through the database: taking one is an INSERT on its
 * primary key (or a compare-and-swap over an expired holder); releasing is compare-and-delete.
 */
@Injectable()
export class LeaseService {
  constructor(@InjectRepository(LeaseEntity) private readonly leases: Repository<LeaseEntity>) {}

  /** Takes the lease if it is free or expired; the owner token to release with, or null. */
  async tryAcquire(key: string, ttlMs: number, now = new Date()): Promise<string | null> {
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

  async release(key: string, owner: string): Promise<void> {
    await this.leases.delete({ key, owner });
  }
}
