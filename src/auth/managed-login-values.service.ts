import { Injectable } from '@nestjs/common';
import { AdminAccessService } from '../admin/admin-access.service.js';
import { AppError } from '../common/errors/app-error.js';
import { ManagedCredentialsService } from './managed-credentials.service.js';

/** The managed values a RingCentral user's logins may use, and the account that proved them. */
export interface ManagedLogin {
  accountKey: string;
  values: Record<string, string>;
}

/** Resolves a RingCentral token to its account's managed login values (never trusting client ids). */
@Injectable()
export class ManagedLoginValues {
  constructor(
    private readonly access: AdminAccessService,
    private readonly managed: ManagedCredentialsService,
  ) {}

  /** A refused token is a bad request: these routes declare no 403. */
  async forToken(token: string, platform: string): Promise<ManagedLogin> {
    let identity: { accountKey: string; extensionId: string };
    try {
      identity = await this.access.identity(token);
    } catch (error) {
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        throw AppError.invalidRequest(error.message);
      }
      throw error;
    }
    return {
      accountKey: identity.accountKey,
      values: await this.managed.forExtension(identity.accountKey, platform, identity.extensionId),
    };
  }
}
