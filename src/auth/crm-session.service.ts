import { Injectable } from '@nestjs/common';
import { CrmContextFactory } from '../crm/crm-context.factory.js';
import { CrmError } from '../crm/crm-error.js';
import type { CredentialSource } from '../crm/crm-http-client.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { CredentialVault } from './credential-vault.service.js';
import { TokenRefresher } from './token-refresher.service.js';

/** A signed-in user's CRM session; `ctx` is built on first use. */
export interface CrmSession {
  readonly provider: CrmProvider;
  readonly ctx: CrmContext;
}

type SecretField = 'apiKey' | 'accessToken';

/** The one way into a user's CRM: their provider and a context carrying their credentials. */
@Injectable()
export class CrmSessionService {
  /**
   * Plaintext per cached user row (UsersService shares one object while it is fresh), so a burst of
   * requests decrypts once; it goes with the row, and a changed value never matches.
   */
  private readonly decrypted = new WeakMap<UserEntity, Map<SecretField, [string, string]>>();

  constructor(
    private readonly registry: CrmRegistry,
    private readonly contexts: CrmContextFactory,
    private readonly vault: CredentialVault,
    private readonly refresher: TokenRefresher,
  ) {}

  /** Throws SESSION_REVOKED once the grant is revoked, even for cached answers. */
  open(user: UserEntity): CrmSession {
    const provider = this.registry.get(user.platform);
    if (user.revokedAt) {
      throw new CrmError('SESSION_REVOKED', `credentials of user ${user.id} were revoked`, {
        crm: provider.displayName,
      });
    }
    let ctx: CrmContext | undefined;
    const createContext = () =>
      this.contexts.create(
        provider,
        { hostname: user.hostname, user },
        provider.auth.type === 'oauth'
          ? this.oauthCredentials(provider, user)
          : this.apiKeyCredentials(user),
      );
    return {
      provider,
      get ctx() {
        return (ctx ??= createContext());
      },
    };
  }

  /** Decrypted on first use: a request served from a cache never touches the key. */
  private apiKeyCredentials(user: UserEntity): CredentialSource {
    let apiKey: string | undefined;
    return {
      current: async () => {
        apiKey ??= user.apiKey ? this.decrypt(user, 'apiKey', user.apiKey) : undefined;
        return { apiKey };
      },
    };
  }

  private decrypt(user: UserEntity, field: SecretField, stored: string): string {
    let known = this.decrypted.get(user);
    const hit = known?.get(field);
    if (hit && hit[0] === stored) return hit[1];
    const plaintext = this.vault.decrypt(stored, user.id, field);
    if (!known) this.decrypted.set(user, (known = new Map()));
    known.set(field, [stored, plaintext]);
    return plaintext;
  }

  /** Refreshes before an expiring token is used, and once more when the CRM refuses one. */
  private oauthCredentials(provider: CrmProvider, user: UserEntity): CredentialSource {
    let accessToken: string | undefined;
    return {
      current: async (deadline) => {
        accessToken ??=
          this.refresher.isExpiring(user) || !user.accessToken
            ? await this.refresher.refresh(provider, user.id, { deadline })
            : this.decrypt(user, 'accessToken', user.accessToken);
        return { accessToken };
      },
      refreshAfterRejection: async (rejected, deadline) => {
        accessToken = await this.refresher.refresh(provider, user.id, {
          rejectedAccessToken: rejected.accessToken ?? '',
          deadline,
        });
        return { accessToken };
      },
    };
  }
}
