import { Injectable } from '@nestjs/common';
import { CrmContextFactory } from '../crm/crm-context.factory.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmCredentials, CredentialSource } from '../crm/crm-http-client.js';
import type { CrmContext, CrmProvider } from '../crm/crm-provider.interface.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { CredentialVault } from './credential-vault.service.js';

export interface CrmSession {
  provider: CrmProvider;
  ctx: CrmContext;
}

/** Opens a signed-in user's CRM session: their provider, and a context carrying their credentials. */
@Injectable()
export class CrmSessionService {
  constructor(
    private readonly registry: CrmRegistry,
    private readonly contexts: CrmContextFactory,
    private readonly vault: CredentialVault,
  ) {}

  /** The user's provider without touching credentials (for routes that do not call the CRM). */
  providerOf(user: UserEntity): CrmProvider {
    return this.registry.get(user.platform);
  }

  open(user: UserEntity): CrmSession {
    const provider = this.registry.get(user.platform);
    if (user.revokedAt) {
      throw new CrmError('SESSION_REVOKED', `credentials of user ${user.id} were revoked`, {
        crm: provider.displayName,
      });
    }
    const ctx = this.contexts.create(
      provider,
      { hostname: user.hostname, user },
      this.credentialsOf(user),
    );
    return { provider, ctx };
  }

  private credentialsOf(user: UserEntity): CredentialSource {
    let decrypted: CrmCredentials | undefined;
    return {
      current: async () => {
        decrypted ??= {
          apiKey: user.apiKey ? this.vault.decrypt(user.apiKey, user.id, 'apiKey') : undefined,
          accessToken: user.accessToken
            ? this.vault.decrypt(user.accessToken, user.id, 'accessToken')
            : undefined,
        };
        return decrypted;
      },
    };
  }
}
