import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { RingCentralIdentityService } from '../ringcentral/ringcentral-identity.service.js';
import { RcIdHasher } from '../users/rc-id-hasher.service.js';

export const ADMIN_VALIDATION_FAILED = 'Admin validation failed';

/** Turns a RingCentral access token into the hashed account id it may act for. */
@Injectable()
export class AdminAccessService {
  constructor(
    private readonly ringCentral: RingCentralIdentityService,
    private readonly hasher: RcIdHasher,
  ) {}

  /** The account of an administrator's token; anyone else is FORBIDDEN. */
  async adminAccountKey(accessToken: string | undefined): Promise<string> {
    const { accountId, isAdmin } = await this.ringCentral.identify(required(accessToken));
    if (!isAdmin) throw new AppError('FORBIDDEN', ADMIN_VALIDATION_FAILED);
    return this.hasher.hash(accountId);
  }

  /** The account of any RingCentral user's token. */
  async accountKey(accessToken: string): Promise<string> {
    return (await this.identity(accessToken)).accountKey;
  }

  /** The hashed account, the (raw) extension id and the admin role of any RingCentral user's token. */
  async identity(
    accessToken: string,
  ): Promise<{ accountKey: string; extensionId: string; isAdmin: boolean }> {
    const { accountId, extensionId, isAdmin } = await this.ringCentral.identify(accessToken);
    return { accountKey: this.hasher.hash(accountId), extensionId, isAdmin };
  }
}

function required(accessToken: string | undefined): string {
  if (!accessToken) {
    throw AppError.invalidRequest('a RingCentral access token is required (X-RC-Access-Token)');
  }
  return accessToken;
}
