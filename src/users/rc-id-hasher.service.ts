import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { securityConfig, type SecurityConfig } from '../config/security.config.js';

/** Keyed HMAC-SHA-256 of RingCentral ids (lowercase hex), stable for the deployment's HASH_SECRET. */
@Injectable()
export class RcIdHasher {
  constructor(@Inject(securityConfig.KEY) private readonly config: SecurityConfig) {}

  hash(id: string): string {
    return createHmac('sha256', this.config.hashSecret).update(id, 'utf8').digest('hex');
  }
}
